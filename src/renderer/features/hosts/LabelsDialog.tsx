import { useRef, useState, type FormEvent } from 'react';
import { labelKey, labelValue } from '../../../shared/contract';
import type { Host } from '../../../shared/types';
import { Button } from '../../components/Button';
import { FormDialog } from '../../components/FormDialog';
import { IconButton } from '../../components/IconButton';
import { TextField } from '../../components/Field';
import { CloseIcon, PlusIcon } from '../../components/Icons';
import { useSubmit } from '../../lib/useSubmit';
import { useHosts } from '../../stores/hosts';
import { toast } from '../../stores/toasts';

interface Row {
  key: string;
  value: string;
  /** The value stored now; undefined for a label added in this dialog. */
  original?: string;
  removed: boolean;
}

function problem(schema: typeof labelKey | typeof labelValue, text: string): string | null {
  const result = schema.safeParse(text);
  return result.success ? null : (result.error.issues[0]?.message ?? 'Invalid');
}

/** Add, change and remove a host's Swarm node labels (the same rules the core applies). */
export function LabelsDialog({ host, onClose }: { host: Host; onClose(): void }) {
  const setLabels = useHosts((s) => s.setLabels);
  const [rows, setRows] = useState<Row[]>(() =>
    Object.entries(host.labels)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([key, value]) => ({ key, value, original: value, removed: false })),
  );
  const [newKey, setNewKey] = useState('');
  const [newValue, setNewValue] = useState('');
  const [keyError, setKeyError] = useState<string | null>(null);
  const [valueError, setValueError] = useState<string | null>(null);
  const [rowErrors, setRowErrors] = useState<Record<string, string>>({});
  const { busy, error: formError, setError: setFormError, run } = useSubmit();
  const keyRef = useRef<HTMLInputElement>(null);

  /** Validates the "new label" fields; returns the rows with it added, or null when invalid. */
  const withNewLabel = (current: Row[]): Row[] | null => {
    let key = newKey.trim();
    let value = newValue;
    // "KEY=VALUE" typed into the key field is taken apart.
    if (key.includes('=') && value === '') {
      value = key.slice(key.indexOf('=') + 1);
      key = key.slice(0, key.indexOf('='));
    }
    let kError = key ? problem(labelKey, key) : 'Enter a key';
    const vError = problem(labelValue, value);
    const existing = current.find((r) => r.key === key);
    if (!kError && existing && !existing.removed)
      kError = `${key} is already set: change its value above`;
    setKeyError(kError);
    setValueError(vError);
    if (kError || vError) {
      keyRef.current?.focus();
      return null;
    }
    setNewKey('');
    setNewValue('');
    return existing
      ? current.map((r) => (r.key === key ? { ...r, value, removed: false } : r))
      : [...current, { key, value, removed: false }];
  };

  const add = () => {
    const next = withNewLabel(rows);
    if (next) {
      setRows(next);
      keyRef.current?.focus();
    }
  };

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    setFormError(null);
    let current = rows;
    if (newKey.trim() || newValue) {
      const next = withNewLabel(rows);
      if (!next) return;
      current = next;
      setRows(next);
    }
    const errors: Record<string, string> = {};
    for (const row of current) {
      if (row.removed) continue;
      const e = problem(labelValue, row.value);
      if (e) errors[row.key] = e;
    }
    setRowErrors(errors);
    if (Object.keys(errors).length > 0) return;

    const set: Record<string, string> = {};
    const remove: string[] = [];
    for (const row of current) {
      if (row.removed) {
        if (row.original !== undefined) remove.push(row.key);
      } else if (row.original !== row.value) {
        set[row.key] = row.value;
      }
    }
    if (Object.keys(set).length === 0 && remove.length === 0) {
      onClose();
      return;
    }
    await run(async () => {
      await setLabels(host.id, set, remove);
      toast({ tone: 'ok', title: `Labels of ${host.name} saved` });
      onClose();
    });
  };

  const visible = rows.length > 0;

  return (
    <FormDialog
      onClose={onClose}
      busy={busy}
      size="md"
      title={`Labels of ${host.name}`}
      description="Swarm node labels place services (placement constraints such as node.labels.zone==eu-1). Keys use letters, digits, dots, dashes, slashes and underscores."
      submitLabel="Save labels"
      error={formError}
      errorTitle="Couldn’t save the labels"
      onSubmit={onSubmit}
    >
      {visible ? (
        <ul className="label-rows" aria-label="Current labels">
          {rows.map((row) => (
            <li key={row.key} className={`label-row${row.removed ? ' is-removed' : ''}`}>
              <span className="label-row__key mono" title={row.key}>
                {row.key}
              </span>
              <div className="label-row__value">
                <input
                  className="input mono"
                  aria-label={`Value of ${row.key}`}
                  value={row.value}
                  disabled={row.removed || busy}
                  aria-invalid={rowErrors[row.key] ? true : undefined}
                  onChange={(e) =>
                    setRows((rs) =>
                      rs.map((r) => (r.key === row.key ? { ...r, value: e.target.value } : r)),
                    )
                  }
                  spellCheck={false}
                  autoComplete="off"
                />
                {rowErrors[row.key] ? <p className="field__error">{rowErrors[row.key]}</p> : null}
              </div>
              {row.removed ? (
                <Button
                  size="sm"
                  variant="ghost"
                  onClick={() =>
                    setRows((rs) =>
                      rs.map((r) => (r.key === row.key ? { ...r, removed: false } : r)),
                    )
                  }
                  aria-label={`Keep ${row.key}`}
                >
                  Undo
                </Button>
              ) : (
                <IconButton
                  label={`Remove ${row.key}`}
                  icon={<CloseIcon size={16} />}
                  disabled={busy}
                  onClick={() =>
                    setRows((rs) =>
                      row.original === undefined
                        ? rs.filter((r) => r.key !== row.key)
                        : rs.map((r) => (r.key === row.key ? { ...r, removed: true } : r)),
                    )
                  }
                />
              )}
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">{host.name} has no labels yet.</p>
      )}
      <fieldset className="label-add">
        <legend className="field__label">Add a label</legend>
        <div className="label-add__fields">
          <TextField
            label="Key"
            inputRef={keyRef}
            className="input mono"
            value={newKey}
            onChange={(e) => {
              setNewKey(e.target.value);
              if (keyError) setKeyError(null);
            }}
            onKeyDown={(e) => {
              if (e.key === 'Enter') {
                e.preventDefault();
                add();
              }
            }}
            error={keyError}
            placeholder="zone"
            spellCheck={false}
            autoComplete="off"
            maxLength={300}
          />
          <TextField
            label="Value"
            className="input mono"
            value={newValue}
            onChange={(e) => {
              setNewValue(e.target.value);
              if (valueError) setValueError(null);
            }}
            onKeyDown={(e) => {
              if (e.key === 'Enter') {
                e.preventDefault();
                add();
              }
            }}
            error={valueError}
            placeholder="eu-1"
            spellCheck={false}
            autoComplete="off"
            maxLength={300}
          />
          <Button icon={<PlusIcon size={16} />} onClick={add} disabled={busy}>
            Add
          </Button>
        </div>
      </fieldset>
    </FormDialog>
  );
}
