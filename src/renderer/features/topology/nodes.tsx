// Node kinds of the topology: host groups, containers (coloured by state), services (with a
// handle dragged sideways to scale) and load balancers.
import { Handle, Position, type Node, type NodeProps } from '@xyflow/react';
import { useEffect, useRef, useState, type KeyboardEvent, type PointerEvent } from 'react';
import { HostName } from '../../components/HostName';
import { errorMessage } from '../../lib/errors';
import { useShownReplicas, useStacks } from '../../stores/stacks';
import { useToasts } from '../../stores/toasts';
import { UNPLACED, type TopoContainer, type TopoHost, type TopoService } from './model';
import { ServiceLive } from '../monitoring';
import { unknownSince } from '../../lib/hostState';
import { containerHref, hostHref } from '../../lib/router';

/** The console's id of a host group ("host:<id>"); null for nodes it does not manage. */
const consoleHostId = (key: string): number | null => {
  const m = /^host:(\d+)$/.exec(key);
  return m ? Number(m[1]) : null;
};

export type HostNode = Node<{ host: TopoHost; count: number }, 'host'>;
export type ContainerNode = Node<{ container: TopoContainer }, 'container'>;
export type ServiceNode = Node<
  { service: TopoService; environmentId: number; showStack: boolean },
  'service'
>;
export type LbNode = Node<{ service: TopoService; showStack: boolean }, 'lb'>;
export type TopoNode = HostNode | ContainerNode | ServiceNode | LbNode;

export function HostGroup({ data }: NodeProps<HostNode>) {
  const { host, count } = data;
  return (
    <div
      className={`topo-host${host.connected ? '' : ' is-offline'}`}
      aria-label={`Host ${host.name}`}
    >
      <div className="topo-host__head">
        {consoleHostId(host.id) !== null ? (
          <a className="topo-host__name nodrag" href={hostHref(consoleHostId(host.id)!)}>
            <HostName name={host.name} hostname={host.hostname} />
          </a>
        ) : (
          <HostName className="topo-host__name" name={host.name} hostname={host.hostname} />
        )}
        <span className="topo-host__meta">
          {host.role && host.role !== 'none' ? host.role : ''}
          {host.role && host.role !== 'none' ? ' · ' : ''}
          {host.id === UNPLACED
            ? `${count} ${count === 1 ? 'task' : 'tasks'} waiting for a node`
            : `${count} ${count === 1 ? 'container' : 'containers'}`}
        </span>
      </div>
      {host.containers === 'unknown' ? (
        <div className="topo-host__empty" data-testid="topology-host-unknown">
          {unknownSince(host.unknownSince)}
        </div>
      ) : host.containers === 'loading' ? (
        <div className="topo-host__empty">Loading containers…</div>
      ) : count === 0 ? (
        <div className="topo-host__empty">No containers</div>
      ) : null}
    </div>
  );
}

export function ContainerBox({ data }: NodeProps<ContainerNode>) {
  const { container } = data;
  return (
    <div
      className={`topo-container topo-container--${container.tone}`}
      title={`${container.label} — ${container.state}${container.detail ? `: ${container.detail}` : ''}`}
      data-state={container.state}
    >
      <Handle
        type="target"
        position={Position.Left}
        className="topo-handle"
        isConnectable={false}
      />
      <span className="topo-container__dot" aria-hidden="true" />
      {container.id.startsWith('c:') && consoleHostId(container.hostKey) !== null ? (
        <a
          className="topo-container__label nodrag"
          href={containerHref(consoleHostId(container.hostKey)!, container.id.slice(2))}
        >
          {container.label}
        </a>
      ) : (
        <span className="topo-container__label">{container.label}</span>
      )}
      <span className="visually-hidden">, {container.state}</span>
    </div>
  );
}

const PX_PER_REPLICA = 14;

export function ServiceBox({ data }: NodeProps<ServiceNode>) {
  const { service, environmentId, showStack } = data;
  const shown = useShownReplicas({ name: service.id, replicas: service.replicas });
  const scale = useStacks((s) => s.scale);
  const push = useToasts((s) => s.push);
  const [draft, setDraft] = useState<number | null>(null);
  const start = useRef<{ x: number; value: number } | null>(null);
  const keyTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(
    () => () => {
      if (keyTimer.current) clearTimeout(keyTimer.current);
    },
    [],
  );
  const scalable = service.mode === 'replicated' && service.replicas !== null;
  const value = draft ?? shown ?? service.desired;
  const tone =
    service.desired === 0
      ? 'neutral'
      : service.running >= service.desired
        ? 'ok'
        : service.running === 0 || service.problem
          ? 'error'
          : 'warn';

  const commit = (next: number) => {
    setDraft(null);
    if (next === (shown ?? service.desired)) return;
    scale(environmentId, service.id, next).catch((error: unknown) =>
      push({
        tone: 'error',
        title: `Couldn’t scale ${service.shortName} to ${next}`,
        body: errorMessage(error),
      }),
    );
  };
  const fromPointer = (x: number) =>
    Math.max(
      0,
      Math.min(10_000, start.current!.value + Math.round((x - start.current!.x) / PX_PER_REPLICA)),
    );

  const onPointerDown = (e: PointerEvent<HTMLDivElement>) => {
    if (e.button !== 0) return;
    e.stopPropagation();
    e.currentTarget.setPointerCapture(e.pointerId);
    e.currentTarget.focus();
    start.current = { x: e.clientX, value: shown ?? service.desired };
    setDraft(start.current.value);
  };
  const onPointerMove = (e: PointerEvent<HTMLDivElement>) => {
    if (start.current) setDraft(fromPointer(e.clientX));
  };
  const onPointerUp = (e: PointerEvent<HTMLDivElement>) => {
    if (!start.current) return;
    const next = fromPointer(e.clientX);
    start.current = null;
    commit(next);
  };
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const step = { ArrowRight: 1, ArrowUp: 1, ArrowLeft: -1, ArrowDown: -1 }[e.key];
    if (step === undefined) return;
    e.preventDefault();
    e.stopPropagation();
    const next = Math.max(0, value + step);
    setDraft(next);
    if (keyTimer.current) clearTimeout(keyTimer.current);
    keyTimer.current = setTimeout(() => commit(next), 900);
  };

  return (
    <div className={`topo-service topo-service--${tone}${draft !== null ? ' is-scaling' : ''}`}>
      <Handle
        type="target"
        position={Position.Left}
        className="topo-handle"
        isConnectable={false}
      />
      <div className="topo-service__kind">Service{showStack ? ` · ${service.stack}` : ''}</div>
      <div className="topo-service__name">{service.shortName}</div>
      <div className="topo-service__image mono" title={service.image}>
        {service.image}
      </div>
      <ServiceLive environmentId={environmentId} service={service.id} />
      <ServiceProblemLine problem={service.problem} />
      <div className="topo-service__foot">
        <span className="topo-service__count tabular">
          {service.running}/{scalable ? value : service.desired}
        </span>
        {scalable ? (
          <div
            className={`topo-scale nodrag nopan${draft !== null ? ' is-active' : ''}`}
            role="slider"
            tabIndex={0}
            aria-label={`Scale ${service.shortName}`}
            aria-valuemin={0}
            aria-valuemax={10000}
            aria-valuenow={value}
            aria-valuetext={`${value} replicas`}
            title="Drag sideways to scale"
            onPointerDown={onPointerDown}
            onPointerMove={onPointerMove}
            onPointerUp={onPointerUp}
            onPointerCancel={() => {
              start.current = null;
              setDraft(null);
            }}
            onKeyDown={onKeyDown}
          >
            <span aria-hidden="true">‹</span>
            <span className="topo-scale__grip" aria-hidden="true" />
            <span aria-hidden="true">›</span>
          </div>
        ) : (
          <span className="topo-service__mode">{service.mode}</span>
        )}
      </div>
      <Handle
        type="source"
        position={Position.Right}
        className="topo-handle"
        isConnectable={false}
      />
    </div>
  );
}

/** The engine's error for the service's tasks, clipped; whole in the tooltip. */
function ServiceProblemLine({ problem }: { problem: string | null }) {
  if (!problem) return null;
  return (
    <div className="topo-service__problem" role="status" title={problem}>
      {problem}
    </div>
  );
}

export function LbBox({ data }: NodeProps<LbNode>) {
  const { service, showStack } = data;
  return (
    <div className="topo-lb">
      <div className="topo-service__kind">
        Load balancer{showStack ? ` · ${service.stack}` : ''}
      </div>
      <div className="topo-service__name">{service.shortName}</div>
      <div className="topo-lb__count tabular">
        {service.running}/{service.desired} running
      </div>
      <ServiceProblemLine problem={service.problem} />
      <Handle
        type="source"
        position={Position.Right}
        className="topo-handle"
        isConnectable={false}
      />
    </div>
  );
}

export const nodeTypes = {
  host: HostGroup,
  container: ContainerBox,
  service: ServiceBox,
  lb: LbBox,
};
