// Every applied version of the stack, newest first; rolling back shows the diff against what
// runs now and asks to confirm.
import { useEffect, useState } from 'react';
import type { StackVersionInfo } from '../../../shared/types';
import { Alert } from '../../components/Alert';
import { Badge } from '../../components/Badge';
import { Button } from '../../components/Button';
import { Dialog } from '../../components/Dialog';
import { EmptyState } from '../../components/EmptyState';
import { Spinner } from '../../components/Spinner';
import { api } from '../../lib/api';
import { useSubmit } from '../../lib/useSubmit';
import { errorMessage } from '../../lib/errors';
import { durationBetween, formatDateTime, formatDateTimeLong } from '../../lib/format';
import { newOperationId, watchOperation, type StepView } from '../../lib/operations';
import { invalidateStacks } from '../../stores/stacks';
import { useToasts } from '../../stores/toasts';
import { DeployProgress } from './DeployProgress';
import { DiffView } from './DiffView';
import { unifiedDiff } from './diff';

export function HistoryPanel({
  environmentId,
  name,
  currentVersion,
  currentCompose,
}: {
  environmentId: number;
  name: string;
  currentVersion: number | null;
  currentCompose: string;
}) {
  const [versions, setVersions] = useState<StackVersionInfo[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [target, setTarget] = useState<StackVersionInfo | null>(null);

  useEffect(() => {
    let cancelled = false;
    api
      .invoke('stack.history', { environmentId, name })
      .then((v) => !cancelled && setVersions(v))
      .catch((e: unknown) => {
        if (!cancelled) setError(errorMessage(e));
      });
    return () => {
      cancelled = true;
    };
  }, [environmentId, name, currentVersion]);

  if (error) return <Alert title="Couldn’t load the history">{error}</Alert>;
  if (!versions)
    return (
      <p className="inline-status">
        <Spinner size={14} /> Loading versions…
      </p>
    );
  if (!versions.length)
    return (
      <EmptyState compact level={3} title="No versions recorded">
        <p>Stacks deployed with the docker CLI have no Drover history until Drover deploys them.</p>
      </EmptyState>
    );

  return (
    <>
      <ol className="history" aria-label={`Versions of ${name}`}>
        {versions.map((v) => {
          const current = v.version === currentVersion;
          const took = durationBetween(v.appliedAt, v.endedAt);
          return (
            <li key={v.version} className={`history__item${current ? ' is-current' : ''}`}>
              <span className="history__version tabular">v{v.version}</span>
              <span
                className="history__when tabular"
                title={
                  `Started ${formatDateTimeLong(v.appliedAt)}` +
                  (v.endedAt ? `, ended ${formatDateTimeLong(v.endedAt)}` : '')
                }
              >
                {formatDateTime(v.appliedAt)}
                {took ? <span className="muted"> · took {took}</span> : null}
              </span>
              <span className="history__actor muted">
                {v.actor}
                {v.note ? ` · ${v.note}` : ''}
              </span>
              <span className="history__action">
                {current ? (
                  <Badge tone="ok">Running</Badge>
                ) : (
                  <Button size="sm" onClick={() => setTarget(v)}>
                    Roll back to v{v.version}…
                  </Button>
                )}
              </span>
            </li>
          );
        })}
      </ol>
      {target ? (
        <RollbackDialog
          environmentId={environmentId}
          name={name}
          target={target}
          currentCompose={currentCompose}
          onClose={() => setTarget(null)}
        />
      ) : null}
    </>
  );
}

function RollbackDialog({
  environmentId,
  name,
  target,
  currentCompose,
  onClose,
}: {
  environmentId: number;
  name: string;
  target: StackVersionInfo;
  currentCompose: string;
  onClose(): void;
}) {
  const { busy, error, run } = useSubmit();
  const [steps, setSteps] = useState<StepView[]>([]);
  const push = useToasts((s) => s.push);
  const diff = unifiedDiff(currentCompose, target.compose);

  const rollback = async () => {
    const operationId = newOperationId();
    const stop = watchOperation(operationId, setSteps);
    await run(async () => {
      await api.invoke('stack.rollback', {
        environmentId,
        name,
        version: target.version,
        operationId,
      });
      push({ tone: 'ok', title: `${name} rolled back to version ${target.version}` });
      invalidateStacks(environmentId);
      onClose();
    });
    stop();
  };

  return (
    <Dialog
      open
      size="lg"
      role="alertdialog"
      title={busy ? `Rolling ${name} back…` : `Roll ${name} back to version ${target.version}?`}
      description="The stack is redeployed with this version’s compose file, as a new version. The changes below are applied to what runs now."
      busy={busy}
      onClose={onClose}
      footer={
        <>
          <Button onClick={onClose} disabled={busy}>
            Cancel
          </Button>
          <Button variant="danger" busy={busy} onClick={() => void rollback()}>
            Roll back to v{target.version}
          </Button>
        </>
      }
    >
      <DiffView diff={diff} label={`Changes from now to version ${target.version}`} />
      {error ? <Alert title="The rollback failed">{error}</Alert> : null}
      <DeployProgress steps={steps} label={`Rolling back ${name}`} />
    </Dialog>
  );
}
