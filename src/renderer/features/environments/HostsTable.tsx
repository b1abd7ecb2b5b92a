import type { Host } from '../../../shared/types';
import { Badge, StatusDot } from '../../components/Badge';
import { Table, type TableColumn } from '../../components/Table';
import { formatBytes } from '../../lib/format';
import { hostStateView, roleView } from './hostState';

const dash = <span className="muted">—</span>;

const columns: readonly TableColumn<Host>[] = [
  {
    id: 'name',
    header: 'Host',
    width: '19%',
    render: (h) => (
      <div className="cell-stack">
        <span className="cell-strong">{h.name}</span>
        <span className="mono muted">
          {h.user}@{h.address}
          {h.port !== 22 ? `:${h.port}` : ''}
        </span>
      </div>
    ),
  },
  {
    id: 'state',
    header: 'State',
    width: '20%',
    render: (h) => {
      const view = hostStateView[h.state];
      return <StatusDot tone={view.tone} label={view.label} pulse={view.pulse} />;
    },
  },
  {
    id: 'role',
    header: 'Swarm role',
    width: '13%',
    render: (h) => <Badge tone={roleView[h.role].tone}>{roleView[h.role].label}</Badge>,
  },
  {
    id: 'docker',
    header: 'Docker',
    width: '9%',
    render: (h) => (h.dockerVersion ? <span className="mono">{h.dockerVersion}</span> : dash),
  },
  {
    id: 'os',
    header: 'Operating system',
    render: (h) =>
      h.os ? (
        <div className="cell-stack">
          <span className="truncate" title={h.os}>
            {h.os}
          </span>
          {h.kernel ? <span className="mono muted truncate">{h.kernel}</span> : null}
        </div>
      ) : (
        dash
      ),
  },
  {
    id: 'cpus',
    header: 'CPUs',
    width: '6%',
    align: 'end',
    render: (h) => (h.cpus === null ? dash : h.cpus),
  },
  {
    id: 'memory',
    header: 'Memory',
    width: '9%',
    align: 'end',
    render: (h) => (h.memoryBytes === null ? dash : formatBytes(h.memoryBytes)),
  },
];

export function HostsTable({ hosts, environmentName }: { hosts: Host[]; environmentName: string }) {
  return (
    <Table
      label={`Hosts in ${environmentName}`}
      columns={columns}
      rows={hosts}
      rowKey={(h) => h.id}
    />
  );
}
