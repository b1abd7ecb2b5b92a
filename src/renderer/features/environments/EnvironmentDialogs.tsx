import { useRef, useState, type FormEvent } from 'react';
import { displayName } from '../../../shared/contract';
import type { Environment } from '../../../shared/types';
import { Button } from '../../components/Button';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { Dialog } from '../../components/Dialog';
import { FormDialog } from '../../components/FormDialog';
import { TextAreaField, TextField } from '../../components/Field';
import { errorCode, errorMessage } from '../../lib/errors';
import { useSubmit } from '../../lib/useSubmit';
import { plural } from '../../lib/format';
import { useEnvironments } from '../../stores/environments';
import { toast } from '../../stores/toasts';

const DESCRIPTION_MAX = 500;

/** The same rule the core applies (shared schema), checked before sending. */
function nameProblem(name: string): string | null {
  const result = displayName.safeParse(name);
  return result.success ? null : (result.error.issues[0]?.message ?? 'Invalid name');
}

/** Create (no `environment`) or edit (rename, describe) an environment. */
export function EnvironmentFormDialog({
  environment,
  onClose,
}: {
  environment?: Environment;
  onClose(): void;
}) {
  const editing = environment !== undefined;
  const create = useEnvironments((s) => s.create);
  const update = useEnvironments((s) => s.update);
  const [name, setName] = useState(environment?.name ?? '');
  const [description, setDescription] = useState(environment?.description ?? '');
  const [nameError, setNameError] = useState<string | null>(null);
  const [submitted, setSubmitted] = useState(false);
  const { busy, error: formError, setError: setFormError, run } = useSubmit();
  const nameRef = useRef<HTMLInputElement>(null);

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    setFormError(null);
    const problem = nameProblem(name);
    setNameError(problem);
    if (problem) {
      nameRef.current?.focus();
      return;
    }
    const trimmed = name.trim();
    // A taken name belongs to the name field; anything else to the form.
    const takenName = (error: unknown) => {
      if (errorCode(error) !== 'CONFLICT') return false;
      setNameError(errorMessage(error));
      nameRef.current?.focus();
      return true;
    };
    await run(async () => {
      if (editing) {
        const changes = {
          ...(trimmed !== environment.name ? { name: trimmed } : {}),
          ...(description !== environment.description ? { description } : {}),
        };
        if (Object.keys(changes).length > 0) {
          await update({ id: environment.id, ...changes });
          toast({ tone: 'ok', title: `Environment “${trimmed}” saved` });
        }
      } else {
        await create({ name: trimmed, description });
        toast({
          tone: 'ok',
          title: `Environment “${trimmed}” created`,
          body: 'Switch to it from the environment menu or the list below.',
        });
      }
      onClose();
    }, takenName);
  };

  return (
    <FormDialog
      onClose={onClose}
      busy={busy}
      title={editing ? `Edit environment “${environment.name}”` : 'New environment'}
      description={
        editing ? undefined : 'An environment is one Docker Swarm with its own hosts and stacks.'
      }
      submitLabel={editing ? 'Save changes' : 'Create environment'}
      error={formError}
      errorTitle={editing ? 'Couldn’t save the environment' : 'Couldn’t create the environment'}
      onSubmit={(event) => void onSubmit(event)}
    >
      <TextField
        label="Name"
        inputRef={nameRef}
        value={name}
        onChange={(e) => {
          setName(e.target.value);
          if (submitted) setNameError(nameProblem(e.target.value));
        }}
        error={nameError}
        hint="Letters, digits, spaces, dots, dashes and underscores. For example: production, staging-eu."
        autoComplete="off"
        spellCheck={false}
        maxLength={80}
      />
      <TextAreaField
        label="Description"
        optional
        value={description}
        onChange={(e) => setDescription(e.target.value)}
        maxLength={DESCRIPTION_MAX}
        rows={3}
        hint={`What runs here, who owns it. ${description.length}/${DESCRIPTION_MAX}`}
      />
    </FormDialog>
  );
}

/** Deletes an empty environment, or explains why an environment with hosts can't be deleted. */
export function DeleteEnvironmentDialog({
  environment,
  onClose,
}: {
  environment: Environment;
  onClose(): void;
}) {
  const remove = useEnvironments((s) => s.remove);

  if (environment.hostCount > 0) {
    return (
      <Dialog
        open
        onClose={onClose}
        title={`“${environment.name}” still has hosts`}
        footer={
          <Button variant="primary" onClick={onClose}>
            OK
          </Button>
        }
      >
        <p>
          An environment can be deleted only when it has no hosts. {environment.name} has{' '}
          {plural(environment.hostCount, 'host')}: remove them from the environment first, then
          delete it.
        </p>
      </Dialog>
    );
  }

  return (
    <ConfirmDialog
      title={`Delete environment “${environment.name}”?`}
      confirmLabel="Delete environment"
      errorTitle="Couldn’t delete the environment"
      onConfirm={async () => {
        await remove(environment.id);
        toast({ tone: 'ok', title: `Environment “${environment.name}” deleted` });
      }}
      onClose={onClose}
    >
      <p>
        It has no hosts, so nothing running is affected. It is removed from this console and from
        the environment menu; the audit log keeps a record of the deletion.
      </p>
    </ConfirmDialog>
  );
}
