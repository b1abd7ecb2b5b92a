// One service of a stack: image, mode, replicas running/desired with a draggable scale handle,
// ports, endpoint mode, update state, and its actions (stop, start, restart, update image,
// roll back).
import { imageReferenceProblem } from '../../../shared/image-reference';
import { useState } from 'react';
import { describeProblem } from '../../../shared/service-problem';
import type { StackServiceInfo, TaskInfo } from '../../../shared/types';
import { Alert } from '../../components/Alert';
import { Badge, StatusDot, type Tone } from '../../components/Badge';
import { Button } from '../../components/Button';
import { Dialog } from '../../components/Dialog';
import { TextField } from '../../components/Field';
import { MoreIcon } from '../../components/Icons';
import { MenuButton, type MenuItem } from '../../components/Menu';
import { api } from '../../lib/api';
import { errorMessage } from '../../lib/errors';
import { formatDateTime } from '../../lib/format';
import {
  clearPendingReplicas,
  invalidateStacks,
  useShownReplicas,
  useStacks,
  withPendingReplicas,
} from '../../stores/stacks';
import { newOperationId } from '../../lib/operations';
import { useToasts } from '../../stores/toasts';
import { ScaleControl } from './ScaleControl';
import { ServicePorts } from './ServicePorts';

type Service = StackServiceInfo & { tasks: TaskInfo[] };

export function serviceTone(s: { runningTasks: number; desiredTasks: number }): Tone {
  if (s.desiredTasks === 0) return 'neutral';
  if (s.runningTasks >= s.desiredTasks) return 'ok';
  return s.runningTasks === 0 ? 'error' : 'warn';
}

function updateState(service: Service): { label: string; tone: Tone } {
  const failed = service.tasks.filter((t) => ['failed', 'rejected'].includes(t.state));
  const starting = service.tasks.filter(
    (t) => t.desiredState === 'running' && t.state !== 'running',
  );
  // The engine's error outranks counts: "2 starting" while every pull is refused is not true.
  if (service.problem) {
    const unplaced = !['failed', 'rejected'].includes(service.problem.state);
    return { label: unplaced ? 'Cannot be placed' : 'Failing', tone: 'error' };
  }
  if (failed.length) return { label: `${failed.length} failing`, tone: 'error' };
  if (starting.length) return { label: `${starting.length} starting`, tone: 'info' };
  if (service.desiredTasks === 0) {
    const remembered = service.stoppedReplicas;
    return { label: remembered ? `Stopped, ${remembered} to start` : 'Stopped', tone: 'neutral' };
  }
  if (service.runningTasks >= service.desiredTasks) return { label: 'Converged', tone: 'ok' };
  return { label: 'Converging', tone: 'warn' };
}

/** Swarm's UpdateStatus.State in words, with the tone it deserves. */
const rolloutStates: Record<string, { label: string; tone: Tone }> = {
  updating: { label: 'Updating', tone: 'info' },
  paused: { label: 'Update paused', tone: 'error' },
  completed: { label: 'Update completed', tone: 'ok' },
  rollback_started: { label: 'Rolling back', tone: 'info' },
  rollback_paused: { label: 'Rollback paused', tone: 'error' },
  rollback_completed: { label: 'Rolled back', tone: 'warn' },
};

function Rollout({ status }: { status: NonNullable<StackServiceInfo['updateStatus']> }) {
  const known = rolloutStates[status.state] ?? { label: status.state, tone: 'neutral' as Tone };
  return (
    <>
      <StatusDot tone={known.tone} label={known.label} pulse={known.tone === 'info'} />
      {status.message ? (
        <span className="service-card__rollout-message muted" title={status.message}>
          {status.message}
        </span>
      ) : null}
    </>
  );
}

export function ServiceCard({
  environmentId,
  service,
}: {
  environmentId: number;
  service: Service;
}) {
  const scale = useStacks((s) => s.scale);
  const shown = useShownReplicas(service);
  const push = useToasts((s) => s.push);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [updating, setUpdating] = useState(false);
  const replicated = service.mode === 'replicated' && service.replicas !== null;
  const state = updateState(service);

  const doScale = (replicas: number) => {
    setError(null);
    scale(environmentId, service.name, replicas).then(
      () => undefined,
      (e: unknown) => setError(`Couldn’t scale to ${replicas}: ${errorMessage(e)}`),
    );
  };

  const act = async (
    id: 'stop' | 'start' | 'restart' | 'rollback',
    done: string,
  ): Promise<void> => {
    setError(null);
    setBusy(
      { stop: 'Stopping', start: 'Starting', restart: 'Restarting', rollback: 'Rolling back' }[id],
    );
    try {
      if (id !== 'stop') clearPendingReplicas(service.name);
      // With an operation id the core reports progress, and the card follows the tasks.
      const request = api.invoke(`service.${id}`, {
        environmentId,
        service: service.name,
        operationId: newOperationId(),
      });
      await (id === 'stop' ? withPendingReplicas(service.name, 0, request) : request);
      push({ tone: 'ok', title: done });
      invalidateStacks(environmentId);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(null);
    }
  };

  const update = async (image: string): Promise<void> => {
    setError(null);
    setBusy('Updating');
    clearPendingReplicas(service.name);
    try {
      await api.invoke('service.update', {
        environmentId,
        service: service.name,
        image,
        operationId: newOperationId(),
      });
      push({ tone: 'ok', title: `${service.shortName} runs ${image}` });
      invalidateStacks(environmentId);
    } catch (e) {
      setError(`The update to ${image} failed: ${errorMessage(e)}`);
    } finally {
      setBusy(null);
    }
  };

  const items: MenuItem[] = [
    {
      id: 'stop',
      label: 'Stop',
      disabled: !replicated || service.desiredTasks === 0,
      disabledReason: !replicated ? 'Global services run one task per node' : 'Already stopped',
      onSelect: () => void act('stop', `${service.name} stopped`),
    },
    {
      id: 'start',
      label: service.stoppedReplicas ? `Start (${service.stoppedReplicas} replicas)` : 'Start',
      disabled: !replicated || (shown ?? 0) > 0,
      disabledReason: 'Running',
      onSelect: () => void act('start', `${service.name} started`),
    },
    {
      id: 'restart',
      label: 'Restart tasks',
      onSelect: () => void act('restart', `${service.name} restarting`),
    },
    { id: 'update', label: 'Update image…', onSelect: () => setUpdating(true), separated: true },
    {
      id: 'rollback',
      label: 'Roll back to previous spec',
      onSelect: () => void act('rollback', `${service.name} rolling back`),
    },
  ];

  const tone = serviceTone(service);
  return (
    <article className={`service-card service-card--${tone}`} aria-label={service.shortName}>
      <header className="service-card__header">
        <div className="service-card__title">
          <h3 className="service-card__name">{service.shortName}</h3>
          <span className="service-card__image mono" title={service.image}>
            {service.image}
          </span>
        </div>
        <MenuButton
          label={`Actions for ${service.shortName}`}
          icon={<MoreIcon size={16} />}
          items={items}
        />
      </header>
      <div className="service-card__replicas">
        <div className="service-card__count">
          <span className="service-card__running tabular" aria-label="Running tasks">
            {service.runningTasks}/{replicated ? shown : service.desiredTasks}
          </span>
          <span className="muted">running</span>
          {busy ? <Badge tone="info">{busy}…</Badge> : null}
          {service.lb ? (
            <Badge tone="accent">
              load balancer {service.lb.name} · {service.lb.tier}
            </Badge>
          ) : null}
        </div>
        {service.lb?.tier === 'rules' ? (
          // Its task count belongs to the load balancer (two, so one serves while one rolls).
          <p className="muted service-card__global">
            Applies the rules of {service.lb.name}; edit them on the Load balancers tab
          </p>
        ) : replicated ? (
          <ScaleControl
            value={shown ?? 0}
            running={service.runningTasks}
            label={`Replicas of ${service.shortName}`}
            onCommit={doScale}
          />
        ) : (
          <p className="muted service-card__global">One task per node ({service.mode})</p>
        )}
      </div>
      <dl className="service-card__facts">
        <div>
          <dt>Mode</dt>
          <dd>{service.mode}</dd>
        </div>
        <div>
          <dt>Endpoint</dt>
          <dd>{service.endpointMode === 'dnsrr' ? 'DNS round robin' : 'VIP'}</dd>
        </div>
        <div>
          <dt>Ports</dt>
          <dd className="mono">
            <ServicePorts environmentId={environmentId} service={service} />
          </dd>
        </div>
        <div>
          <dt>State</dt>
          <dd>
            <StatusDot tone={state.tone} label={state.label} pulse={state.tone === 'info'} />
          </dd>
        </div>
        <div className="service-card__fact--wide">
          <dt>Updated</dt>
          <dd className="tabular">{service.updatedAt ? formatDateTime(service.updatedAt) : '—'}</dd>
        </div>
        {service.updateStatus ? (
          <div className="service-card__fact--wide">
            <dt>Last rollout</dt>
            <dd className="service-card__rollout">
              <Rollout status={service.updateStatus} />
            </dd>
          </div>
        ) : null}
      </dl>
      {service.problem ? (
        <p className="service-card__task-error" role="status" title={service.problem.at}>
          {describeProblem(service.problem)}
        </p>
      ) : null}
      {error ? (
        <div className="service-card__alert">
          <Alert>{error}</Alert>
        </div>
      ) : null}
      {updating ? (
        <UpdateImageDialog
          service={service}
          onClose={() => setUpdating(false)}
          onSubmit={(image) => void update(image)}
        />
      ) : null}
    </article>
  );
}

function UpdateImageDialog({
  service,
  onClose,
  onSubmit,
}: {
  service: Service;
  onClose(): void;
  onSubmit(image: string): void;
}) {
  const [image, setImage] = useState(service.image);
  const [error, setError] = useState<string | null>(null);
  const submit = () => {
    const problem = imageReferenceProblem(image);
    if (problem) return setError(problem);
    onSubmit(image.trim());
    onClose();
  };
  return (
    <Dialog
      open
      title={`Update ${service.shortName}`}
      description="A rolling update: tasks are replaced following the service’s update config, and rolled back if the new ones fail."
      onClose={onClose}
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button variant="primary" onClick={submit}>
            Update image
          </Button>
        </>
      }
    >
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <TextField
          label="Image"
          className="input mono"
          value={image}
          error={error}
          onChange={(e) => setImage(e.target.value)}
          spellCheck={false}
        />
      </form>
    </Dialog>
  );
}
