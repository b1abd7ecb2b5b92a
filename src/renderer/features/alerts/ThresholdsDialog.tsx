import { useState, type FormEvent } from 'react';
import { alertThresholdsSchema, type AlertThresholds } from '../../../shared/alerts';
import type { Environment } from '../../../shared/types';
import { FormDialog } from '../../components/FormDialog';
import { TextField } from '../../components/Field';
import { Spinner } from '../../components/Spinner';
import { api } from '../../lib/api';
import { useFormValues } from '../../lib/useFormValues';
import { useSubmit } from '../../lib/useSubmit';
import { toast } from '../../stores/toasts';

type Key = keyof AlertThresholds;
type Draft = Record<Key, string>;

/** The fields, grouped by rule: [key, label, unit]. */
const groups: { title: string; fields: [Key, string, string][] }[] = [
  { title: 'Host unreachable', fields: [['hostUnreachableSeconds', 'For at least', 's']] },
  {
    title: 'Host CPU',
    fields: [
      ['cpuPercent', 'Above', '%'],
      ['cpuSeconds', 'For at least', 's'],
    ],
  },
  {
    title: 'Host memory',
    fields: [
      ['memoryPercent', 'Above', '%'],
      ['memorySeconds', 'For at least', 's'],
    ],
  },
  {
    title: 'Restarting in a loop',
    fields: [
      ['restartCount', 'Failed exits', 'times'],
      ['restartWindowSeconds', 'Within', 's'],
    ],
  },
  { title: 'Below desired replicas', fields: [['belowDesiredSeconds', 'For at least', 's']] },
];

const toDraft = (t: AlertThresholds) =>
  Object.fromEntries(Object.entries(t).map(([k, v]) => [k, String(v)])) as Draft;

/** The environment's alert thresholds, checked with the core's own schema before saving. */
export function ThresholdsDialog({
  environment,
  onClose,
}: {
  environment: Environment;
  onClose(): void;
}) {
  const [errors, setErrors] = useState<Partial<Record<Key, string>>>({});
  const { busy, error: formError, setError: setFormError, run } = useSubmit();
  const [draft, setDraft] = useFormValues(
    async () => toDraft(await api.invoke('alert.thresholds', { environmentId: environment.id })),
    environment.id,
    setFormError,
  );

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (!draft) return;
    const values = Object.fromEntries(
      Object.entries(draft).map(([k, v]) => [k, v.trim() === '' ? NaN : Number(v)]),
    );
    const parsed = alertThresholdsSchema.safeParse(values);
    if (!parsed.success) {
      const found: Partial<Record<Key, string>> = {};
      for (const issue of parsed.error.issues) {
        const key = issue.path[0] as Key;
        found[key] ??= Number.isNaN(values[key]) ? 'Enter a number' : issue.message;
      }
      setErrors(found);
      return;
    }
    setErrors({});
    await run(async () => {
      await api.invoke('alert.setThresholds', {
        environmentId: environment.id,
        thresholds: parsed.data,
      });
      toast({ tone: 'ok', title: `Thresholds of ${environment.name} saved` });
      onClose();
    });
  };

  return (
    <FormDialog
      onClose={onClose}
      busy={busy}
      size="md"
      title={`Alert thresholds of ${environment.name}`}
      description="A condition raises an alert only once it has lasted this long, so short spikes, restarts and rolling updates stay quiet."
      submitLabel="Save thresholds"
      submitDisabled={!draft}
      error={formError}
      errorTitle="Couldn’t load or save the thresholds"
      onSubmit={onSubmit}
    >
      {draft ? (
        groups.map((group) => (
          <fieldset key={group.title} className="thresholds__group">
            <legend className="thresholds__legend">{group.title}</legend>
            {group.fields.map(([key, label, unit]) => (
              <TextField
                key={key}
                label={`${label} (${unit})`}
                inputMode="numeric"
                value={draft[key]}
                error={errors[key]}
                onChange={(e) => setDraft({ ...draft, [key]: e.target.value })}
              />
            ))}
          </fieldset>
        ))
      ) : formError ? null : (
        <span className="muted inline-status">
          <Spinner size={14} /> Loading…
        </span>
      )}
    </FormDialog>
  );
}
