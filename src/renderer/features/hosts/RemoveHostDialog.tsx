import { useEffect, useRef, useState } from 'react';
import type { Host } from '../../../shared/types';
import { Alert } from '../../components/Alert';
import { Button } from '../../components/Button';
import { Dialog } from '../../components/Dialog';
import { errorMessage } from '../../lib/errors';
import { newOperationId, watchOperation, type StepView } from '../../lib/operations';
import { useHosts } from '../../stores/hosts';
import { toast } from '../../stores/toasts';
import { StepList, StepProgress, type PlannedStep } from '../../components/Checklist';

type Phase = 'confirm' | 'running' | 'failed';

/** What removing does, step by step, as the core will do it. */
function plan(host: Host, others: readonly Host[]): PlannedStep[] {
  if (!host.nodeId) return [];
  if (others.length === 0)
    return [{ step: 'leave', label: 'Leave the Swarm (the last node ends it)' }];
  return [
    ...(host.role === 'manager' ? [{ step: 'demote', label: 'Demote to worker' }] : []),
    { step: 'drain', label: 'Drain: move its tasks to other hosts' },
    { step: 'leave', label: 'Leave the Swarm' },
    { step: 'remove-node', label: 'Remove the node from the Swarm' },
  ];
}

/** Confirms, then drains, takes out of the Swarm and forgets a host, showing each step live. */
export function RemoveHostDialog({
  host,
  environmentHosts,
  onClose,
}: {
  host: Host;
  environmentHosts: readonly Host[];
  onClose(): void;
}) {
  const remove = useHosts((s) => s.remove);
  const [phase, setPhase] = useState<Phase>('confirm');
  const [steps, setSteps] = useState<StepView[]>([]);
  const [error, setError] = useState<string | null>(null);
  const cancelRef = useRef<HTMLButtonElement>(null);
  const stopWatching = useRef<(() => void) | null>(null);
  // The plan is fixed when the dialog opens: the host list changes while it runs.
  const [planned] = useState(() =>
    plan(
      host,
      environmentHosts.filter((h) => h.id !== host.id),
    ),
  );
  const others = environmentHosts.filter((h) => h.id !== host.id);
  const otherManager = others.some((h) => h.role === 'manager' && h.state === 'connected');
  const blocked = host.nodeId !== null && others.length > 0 && !otherManager;
  const last = host.nodeId !== null && others.length === 0;

  useEffect(() => () => stopWatching.current?.(), []);

  const start = async () => {
    const operationId = newOperationId();
    stopWatching.current?.();
    setSteps([]);
    stopWatching.current = watchOperation(operationId, setSteps);
    setPhase('running');
    setError(null);
    try {
      await remove(host.id, operationId);
      toast({ tone: 'ok', title: `${host.name} removed` });
      onClose();
    } catch (e) {
      setError(errorMessage(e));
      setPhase('failed');
    }
  };

  const running = phase === 'running';

  return (
    <Dialog
      open
      role="alertdialog"
      size="md"
      onClose={onClose}
      busy={running}
      initialFocus={cancelRef}
      title={
        phase === 'running'
          ? `Removing ${host.name}…`
          : phase === 'failed'
            ? `${host.name} was not removed`
            : `Remove ${host.name}?`
      }
      description={
        phase === 'confirm'
          ? `${host.name} leaves ${last ? 'and ends ' : ''}the Swarm and is removed from this console. Docker and its data stay on the host.`
          : undefined
      }
      footer={
        <>
          <Button ref={cancelRef} onClick={onClose} disabled={running}>
            {phase === 'failed' ? 'Close' : 'Cancel'}
          </Button>
          <Button variant="danger" busy={running} disabled={blocked} onClick={() => void start()}>
            {phase === 'failed' ? 'Retry' : running ? 'Removing…' : 'Remove host'}
          </Button>
        </>
      }
    >
      {phase === 'confirm' ? (
        <>
          {blocked ? (
            <Alert title="No other manager is connected">
              {host.name} can’t be drained without another reachable manager: connect or promote
              another host first.
            </Alert>
          ) : null}
          {last ? (
            <Alert tone="warn" title={`${host.name} is the last host of this environment`}>
              The Swarm ends with it (docker swarm leave --force): services and their tasks stop.
            </Alert>
          ) : null}
          {planned.length > 0 ? (
            <>
              <p>What happens:</p>
              <ol className="plan">
                {planned.map((p) => (
                  <li key={p.step}>{p.label}</li>
                ))}
                <li>Forget the host and its credentials in Drover</li>
              </ol>
              {!last && host.state !== 'connected' ? (
                <p className="muted">
                  {host.name} is not connected: its node is removed from the Swarm without it.
                </p>
              ) : null}
            </>
          ) : (
            <p>{host.name} is not in the Swarm: Drover only forgets it and its credentials.</p>
          )}
        </>
      ) : (
        <>
          {error ? <Alert title={`Couldn’t remove ${host.name}`}>{error}</Alert> : null}
          <StepList
            label={`Removing ${host.name}`}
            planned={[...planned, { step: 'done', label: 'Forget the host' }]}
            steps={steps}
            extra={(step, view) =>
              step === 'drain' ? <StepProgress view={view} label="Drain progress" /> : null
            }
          />
        </>
      )}
    </Dialog>
  );
}
