// New stack (paste or upload a compose file, start from a template, or build it service by
// service) and Edit & redeploy. The text is validated as it is typed; errors name their line and
// clicking one selects it. Deploy goes through the plan (DeployDialog).
import { useMemo, useRef, useState, type ChangeEvent } from 'react';
import { Alert } from '../../components/Alert';
import { Button } from '../../components/Button';
import { TextField } from '../../components/Field';
import { ArrowLeftIcon, CheckCircleIcon, XCircleIcon } from '../../components/Icons';
import { Spinner } from '../../components/Spinner';
import { useToasts } from '../../stores/toasts';
import { useStackList } from '../../stores/stacks';
import { plural } from '../../lib/format';
import { ComposeEditor, type ComposeEditorHandle } from './ComposeEditor';
import { DeployDialog, deployedToast } from './DeployDialog';
import {
  blankService,
  builderCompose,
  builderErrors,
  ServiceBuilder,
  type BuilderService,
} from './ServiceBuilder';
import { stackHref, goToStack, goToList } from './routes';
import { TemplatePicker } from './TemplatePicker';
import { useComposeCheck } from './useComposeCheck';

type Source = 'compose' | 'template' | 'form';

const STACK_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$/;

export function StackEditor({
  environmentId,
  environmentName,
  existing,
}: {
  environmentId: number;
  environmentName: string;
  /** Edit & redeploy: the stack and its current document. */
  existing?: { name: string; compose: string };
}) {
  const [name, setName] = useState(existing?.name ?? '');
  const [compose, setCompose] = useState(existing?.compose ?? '');
  const [source, setSource] = useState<Source>('compose');
  const [services, setServices] = useState<BuilderService[]>(() => [blankService('web')]);
  const [builderTried, setBuilderTried] = useState(false);
  // The form's compose file is checked as it is made, but a blank form shows no errors yet.
  const [builderEdited, setBuilderEdited] = useState(false);
  const [rendered, setRendered] = useState<string | null>(null);
  /** Variables a template's passwords became (Swarm secrets made by the deploy), by name. */
  const [secretEnv, setSecretEnv] = useState<Record<string, string>>({});
  const [nameTried, setNameTried] = useState(false);
  /** What the deploy dialog works with, fixed when it opens (the list may change meanwhile). */
  const [deploying, setDeploying] = useState<{
    name: string;
    compose: string;
    env: Record<string, string>;
    isNew: boolean;
  } | null>(null);
  const [uploadError, setUploadError] = useState<string | null>(null);
  const editorRef = useRef<ComposeEditorHandle>(null);
  const fileRef = useRef<HTMLInputElement>(null);
  const nameRef = useRef<HTMLInputElement>(null);
  const check = useComposeCheck(compose);
  const stacks = useStackList(environmentId).data;
  const push = useToasts((s) => s.push);

  const stale = check.checked !== compose || check.checking;
  const errors = useMemo(() => check.result?.errors ?? [], [check.result]);
  const errorLines = useMemo(
    () => (stale ? [] : errors.map((e) => e.line).filter((l): l is number => l !== null)),
    [errors, stale],
  );
  const nameError = existing
    ? null
    : !name.trim()
      ? 'Name the stack'
      : !STACK_NAME.test(name.trim())
        ? 'Use letters, digits, dashes and underscores (at most 40), starting with a letter or digit'
        : null;
  const exists = !existing && stacks?.some((s) => s.name === name.trim());
  const builderInvalid =
    source === 'form' && services.some((s) => Object.keys(builderErrors(s, services)).length > 0);
  const valid = !stale && check.result?.valid === true && !check.error;
  const canDeploy = valid && !nameError && !builderInvalid;
  const serviceCount = useMemo(() => countServices(compose), [compose]);

  const changeBuilder = (next: BuilderService[]) => {
    setBuilderEdited(true);
    setServices(next);
    setCompose(builderCompose(next));
  };

  const upload = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (!file) return;
    setUploadError(null);
    if (file.size > 1024 * 1024) {
      setUploadError(`${file.name} is larger than 1 MiB`);
      return;
    }
    setCompose(await file.text());
    setSource('compose');
    if (!existing && !name.trim()) {
      const base = file.name.replace(/\.(ya?ml)$/i, '').replace(/^docker-compose$|^compose$/, '');
      if (STACK_NAME.test(base)) setName(base);
    }
  };

  const onDeploy = () => {
    setNameTried(true);
    if (source === 'form') setBuilderTried(true);
    if (nameError) {
      nameRef.current?.focus();
      return;
    }
    if (!canDeploy) return;
    setDeploying({
      name: existing?.name ?? name.trim(),
      compose,
      isNew: !existing && !exists,
      env: secretEnv,
    });
  };

  const title = existing ? `Edit ${existing.name}` : 'New stack';
  return (
    <div className="stack-editor">
      <a className="back-link" href={existing ? stackHref(existing.name) : stackHref()}>
        <ArrowLeftIcon size={14} /> {existing ? existing.name : 'Stacks'}
      </a>
      <div className="stack-editor__head">
        <h2 className="stack-editor__title">{title}</h2>
        <p className="muted">
          {existing
            ? `Change the compose file; Deploy shows what will change on ${environmentName} before anything is applied.`
            : `Deployed onto ${environmentName}’s Swarm as docker stack deploy would.`}
        </p>
      </div>

      {!existing ? (
        <div className="stack-editor__name">
          <TextField
            label="Stack name"
            value={name}
            error={nameTried ? nameError : null}
            hint={
              exists
                ? `A stack named ${name.trim()} exists: deploying updates it.`
                : 'Services are named <stack>_<service> on the Swarm.'
            }
            onChange={(e) => setName(e.target.value)}
            onBlur={() => setNameTried(true)}
            autoComplete="off"
            spellCheck={false}
            inputRef={nameRef}
          />
        </div>
      ) : null}

      {!existing ? (
        <div className="tabs" role="tablist" aria-label="Start from">
          {(
            [
              ['compose', 'Compose file'],
              ['template', 'Template'],
              ['form', 'Service by service'],
            ] as const
          ).map(([id, label]) => (
            <button
              key={id}
              type="button"
              role="tab"
              id={`source-${id}`}
              aria-selected={source === id}
              aria-controls={`source-panel`}
              className={`tabs__tab${source === id ? ' is-current' : ''}`}
              onClick={() => {
                setSource(id);
                if (id === 'form') setCompose(builderCompose(services));
              }}
            >
              {label}
            </button>
          ))}
        </div>
      ) : null}

      <div
        className="stack-editor__grid"
        id="source-panel"
        role={existing ? undefined : 'tabpanel'}
        aria-labelledby={existing ? undefined : `source-${source}`}
      >
        <div className="stack-editor__main">
          {source === 'template' ? (
            <TemplatePicker
              onRendered={(r) => {
                setCompose(r.compose);
                if (!name.trim()) setName(r.name);
                setRendered(r.template);
                setSecretEnv(r.env);
                setSource('compose');
              }}
            />
          ) : source === 'form' ? (
            <ServiceBuilder
              services={services}
              onChange={changeBuilder}
              showErrors={builderTried}
            />
          ) : (
            <>
              {rendered ? (
                <Alert tone="info" title={`Rendered from “${rendered}”`}>
                  Review the compose file below; change anything before deploying.
                  {Object.keys(secretEnv).length
                    ? ' Passwords are not in it: the deploy makes them Swarm secrets.'
                    : ''}
                </Alert>
              ) : null}
              <div className="stack-editor__toolbar">
                <label className="field__label" htmlFor="compose-text">
                  Compose file
                </label>
                <span className="stack-editor__spacer" />
                <input
                  ref={fileRef}
                  type="file"
                  accept=".yml,.yaml,application/yaml,text/yaml,text/plain"
                  className="visually-hidden"
                  tabIndex={-1}
                  aria-hidden="true"
                  onChange={(e) => void upload(e)}
                />
                <Button size="sm" onClick={() => fileRef.current?.click()}>
                  Upload a file…
                </Button>
              </div>
              <ComposeEditor
                ref={editorRef}
                id="compose-text"
                label="Compose file"
                value={compose}
                onChange={setCompose}
                errorLines={errorLines}
                describedBy="compose-status"
              />
              {uploadError ? <Alert title="Couldn’t read the file">{uploadError}</Alert> : null}
            </>
          )}
        </div>

        <aside className="stack-editor__side" aria-label="Validation">
          <div id="compose-status" className="compose-status" aria-live="polite">
            {!compose.trim() || (source === 'form' && !builderEdited && !builderTried) ? (
              <p className="muted">
                {source === 'compose'
                  ? 'Paste a compose file (the format docker stack deploy accepts), or upload one.'
                  : 'The compose file appears here as you go.'}
              </p>
            ) : stale ? (
              <p className="inline-status">
                <Spinner size={14} /> Checking…
              </p>
            ) : check.error ? (
              <Alert title="Couldn’t check the file">{check.error}</Alert>
            ) : valid ? (
              <p className="compose-status__ok">
                <CheckCircleIcon size={16} /> Valid compose file · {plural(serviceCount, 'service')}
              </p>
            ) : (
              <p className="compose-status__bad">
                <XCircleIcon size={16} /> {plural(errors.length, 'error')}
              </p>
            )}
          </div>
          {!stale && errors.length && (source !== 'form' || builderEdited || builderTried) ? (
            <ul className="compose-errors" aria-label="Errors in the compose file">
              {errors.map((e, i) => (
                <li key={i}>
                  <button
                    type="button"
                    className="compose-error"
                    disabled={e.line === null}
                    onClick={() => {
                      if (e.line === null) return;
                      setSource('compose');
                      requestAnimationFrame(() => editorRef.current?.jumpTo(e.line!, e.column));
                    }}
                  >
                    <span className="compose-error__where mono">
                      {e.line !== null ? `Line ${e.line}${e.column ? `:${e.column}` : ''}` : 'File'}
                    </span>
                    <span className="compose-error__message">
                      {e.path ? <span className="mono">{e.path}: </span> : null}
                      {e.message}
                    </span>
                  </button>
                </li>
              ))}
            </ul>
          ) : null}
          {!stale && check.result?.warnings.length ? (
            <ul className="plan-warnings" aria-label="Warnings">
              {check.result.warnings.map((w, i) => (
                <li key={i}>{w}</li>
              ))}
            </ul>
          ) : null}
          {source === 'form' && compose.trim() ? (
            <details className="builder__preview">
              <summary>Compose file</summary>
              <ComposeEditor
                value={compose}
                readOnly
                label="Generated compose file"
                minLines={4}
                maxHeight={320}
              />
            </details>
          ) : null}
          <div className="stack-editor__actions">
            {existing ? (
              <Button onClick={() => goToStack(existing.name)}>Cancel</Button>
            ) : (
              <Button onClick={() => goToList()}>Cancel</Button>
            )}
            <Button
              variant="primary"
              disabled={source === 'form' ? stale : !valid}
              onClick={onDeploy}
            >
              {existing ? 'Review & redeploy' : 'Review & deploy'}
            </Button>
          </div>
        </aside>
      </div>

      {deploying ? (
        <DeployDialog
          environmentId={environmentId}
          name={deploying.name}
          compose={deploying.compose}
          env={deploying.env}
          isNew={deploying.isNew}
          onClose={() => setDeploying(null)}
          onDeployed={(result) => {
            push(deployedToast(result.stack, result));
            goToStack(result.stack);
          }}
        />
      ) : null}
    </div>
  );
}

function countServices(compose: string): number {
  // Top-level "services:" then its two-space (or any) indented keys: good enough for a count.
  const lines = compose.split('\n');
  const start = lines.findIndex((l) => /^services:\s*(#.*)?$/.test(l));
  if (start < 0) return 0;
  let indent: number | null = null;
  let count = 0;
  for (const line of lines.slice(start + 1)) {
    if (!line.trim() || line.trim().startsWith('#')) continue;
    const lead = line.length - line.trimStart().length;
    if (lead === 0) break;
    indent ??= lead;
    if (lead === indent && /^\s*[^\s:#][^:]*:/.test(line)) count += 1;
  }
  return count;
}
