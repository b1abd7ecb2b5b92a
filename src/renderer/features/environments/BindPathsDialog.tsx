import { useState, type FormEvent } from 'react';
import { bindPath } from '../../../shared/contract';
import type { Environment } from '../../../shared/types';
import { FormDialog } from '../../components/FormDialog';
import { TextAreaField } from '../../components/Field';
import { Spinner } from '../../components/Spinner';
import { api } from '../../lib/api';
import { useFormValues } from '../../lib/useFormValues';
import { useSubmit } from '../../lib/useSubmit';
import { toast } from '../../stores/toasts';

/** The folders of the text, one a line, or the first line the core's own schema refuses. */
function parseFolders(text: string): { folders: string[] } | { problem: string } {
  const folders = text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
  for (const [index, folder] of folders.entries()) {
    const checked = bindPath.safeParse(folder);
    if (!checked.success) {
      return {
        problem: `Line ${index + 1} (${folder}): ${checked.error.issues[0]?.message ?? 'invalid'}`,
      };
    }
  }
  return { folders };
}

/**
 * The deploy guardrails' allow-list of an environment: the host folders restricted members may
 * bind-mount from. Empty (the default) allows no bind mount; the Docker socket never is.
 */
export function BindPathsDialog({
  environment,
  onClose,
}: {
  environment: Environment;
  onClose(): void;
}) {
  const [problem, setProblem] = useState<string | null>(null);
  const { busy, error: formError, setError: setFormError, run } = useSubmit();
  const [text, setText] = useFormValues(
    async () => (await api.invoke('env.bindPaths', { environmentId: environment.id })).join('\n'),
    environment.id,
    setFormError,
  );

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (text === null) return;
    const parsed = parseFolders(text);
    if ('problem' in parsed) {
      setProblem(parsed.problem);
      return;
    }
    setProblem(null);
    await run(async () => {
      const saved = await api.invoke('env.setBindPaths', {
        environmentId: environment.id,
        paths: parsed.folders,
      });
      toast({
        tone: 'ok',
        title: `Bind mounts of ${environment.name} saved`,
        body: saved.length
          ? `Restricted members may bind-mount from ${saved.join(', ')}.`
          : 'Restricted members may not bind-mount host folders.',
      });
      onClose();
    });
  };

  return (
    <FormDialog
      onClose={onClose}
      busy={busy}
      size="md"
      title={`Bind mounts of ${environment.name}`}
      description="Restricted members may not deploy privileged services, extra capabilities, devices or host networks, nor mount host folders outside this list. The Docker socket is never allowed."
      submitLabel="Save folders"
      submitDisabled={text === null}
      error={formError}
      errorTitle="Couldn’t load or save the folders"
      onSubmit={onSubmit}
    >
      {text !== null ? (
        <TextAreaField
          label="Allowed host folders"
          optional
          value={text}
          rows={5}
          spellCheck={false}
          error={problem}
          placeholder="/srv/data"
          hint="One absolute folder a line; each allows itself and what is below it (/srv/data allows /srv/data/logs, not /srv/database). Empty: no bind mounts."
          onChange={(e) => {
            setText(e.target.value);
            if (problem) setProblem(null);
          }}
        />
      ) : formError ? null : (
        <span className="muted inline-status">
          <Spinner size={14} /> Loading…
        </span>
      )}
    </FormDialog>
  );
}
