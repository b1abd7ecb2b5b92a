// Live figures for other views: a host's CPU and memory on the host cards, a service's CPU on
// its topology node.
//
// A host's live CPU and memory with sparklines, for the host cards (always the same height, so
// the card does not move when the first figures arrive).
import type { ContainerPoint } from '../../../shared/metrics';
import type { Host } from '../../../shared/types';
import { useLatestMetrics, useRecentPoints } from '../../stores/metrics';
import { Sparkline } from './Sparkline';
import { bytes, cores, percent } from './units';

export function HostLive({ host }: { host: Host }) {
  const batch = useLatestMetrics(host.environmentId);
  const points = useRecentPoints(host.environmentId, `host:${host.id}`);
  const p = batch?.hosts.find((h) => h.hostId === host.id)?.point;
  return (
    <span className="host-live">
      <span className="host-live__figure">
        <span className="subtle">CPU</span>
        <span className="tabular">{p ? percent(p.cpuPct) : '—'}</span>
        <Sparkline
          points={points}
          field="cpuPct"
          max={100}
          label={`CPU of ${host.name}`}
          width={72}
        />
      </span>
      <span className="host-live__figure">
        <span className="subtle">Mem</span>
        <span className="tabular">{p ? bytes(p.memUsed) : '—'}</span>
        <Sparkline
          points={points}
          field="memUsed"
          max={p?.memTotal}
          label={`Memory of ${host.name}`}
          width={72}
        />
      </span>
    </span>
  );
}

/** A service's CPU (summed over its containers) as a sparkline with the current figure. */
export function ServiceLive({
  environmentId,
  service,
}: {
  environmentId: number;
  service: string;
}) {
  const points = useRecentPoints(environmentId, `service:${service}`);
  const last = points[points.length - 1] as ContainerPoint | undefined;
  return (
    <span className="service-live">
      <Sparkline
        points={points}
        field="cpuCores"
        label={`CPU of ${service}`}
        width={64}
        height={18}
      />
      <span className="tabular">{last ? cores(last.cpuCores) : ''}</span>
    </span>
  );
}
