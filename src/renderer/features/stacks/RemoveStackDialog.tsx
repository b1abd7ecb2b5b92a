// Removing a stack deletes its services, networks, configs and secrets: the name is typed to
// confirm, then progress is shown per object.
import { useState } from 'react';
import { Alert } from '../../components/Alert';
import { Button } from '../../components/Button';
import { Dialog } from '../../components/Dialog';
import { TextField } from '../../components/Field';
import { api } from '../../lib/api';
import { useSubmit } from '../../lib/useSubmit';
import { plural } from '../../lib/format';
import { newOperationId, watchOperation, type StepView } from '../../lib/operations';
import { useToasts } from '../../stores/toasts';
import { DeployProgress } from './DeployProgress';
import { goToList } from './routes';

export function RemoveStackDialog({
  environmentId,
  name,
  services,
  tasks,
  onClose,
}: {
  environmentId: number;
  name: string;
  services: number;
  tasks: number;
  onClose(): void;
}) {
  const [typed, setTyped] = useState('');
  const { busy, error, run } = useSubmit();
  const [steps, setSteps] = useState<StepView[]>([]);
  const push = useToasts((s) => s.push);

  const remove = async () => {
    if (typed !== name) return;
    const operationId = newOperationId();
    const stop = watchOperation(operationId, setSteps);
    await run(async () => {
      await api.invoke('stack.remove', { environmentId, name, operationId });
      push({ tone: 'ok', title: `${name} removed` });
      goToList();
    });
    stop();
  };

  return (
    <Dialog
      open
      role="alertdialog"
      title={busy ? `Removing ${name}…` : `Remove ${name}?`}
      description={`Its ${plural(services, 'service')} and ${plural(tasks, 'running container')} stop and are deleted, with the stack’s networks, configs and secrets. Named volumes stay on the hosts.`}
      busy={busy}
      onClose={onClose}
      footer={
        <>
          <Button onClick={onClose} disabled={busy}>
            Cancel
          </Button>
          <Button
            variant="danger"
            busy={busy}
            disabled={typed !== name}
            onClick={() => void remove()}
          >
            Remove stack
          </Button>
        </>
      }
    >
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void remove();
        }}
      >
        <TextField
          label={
            <>
              Type <span className="mono">{name}</span> to confirm
            </>
          }
          value={typed}
          onChange={(e) => setTyped(e.target.value)}
          autoComplete="off"
          spellCheck={false}
          disabled={busy}
        />
      </form>
      {error ? <Alert title="The stack was not fully removed">{error}</Alert> : null}
      <DeployProgress steps={steps} label={`Removing ${name}`} />
    </Dialog>
  );
}
