import { useMemo, useState } from 'react';
import { alertKindLabels, type Alert, type AlertSeverity } from '../../../shared/alerts';
import { Button } from '../../components/Button';
import { EmptyState } from '../../components/EmptyState';
import { BellIcon, CheckIcon } from '../../components/Icons';
import { LoadState } from '../../components/LoadState';
import { Segmented } from '../../components/Segmented';
import { TimeAgo } from '../../components/TimeAgo';
import { VirtualTable, type Column } from '../../components/VirtualTable';
import { detailsTimeColumn, textColumn } from '../../components/columns';
import { formatDateTime, formatDateTimeLong, plural } from '../../lib/format';
import { useAlerts } from '../../stores/alerts';
import { useCurrentEnvironment } from '../../stores/environments';
import { EnvironmentPage } from '../../components/EnvironmentPage';
import { acknowledge, subjectHref } from './actions';
import { AlertDetailsDialog, AlertStatus } from './AlertDetailsDialog';
import { ThresholdsDialog } from './ThresholdsDialog';

type StateFilter = 'open' | 'all' | 'resolved';
type SeverityFilter = 'all' | AlertSeverity;

const columns: readonly Column<Alert>[] = [
  {
    id: 'status',
    header: 'Status',
    width: '112px',
    render: (a) => <AlertStatus alert={a} />,
  },
  {
    id: 'kind',
    header: 'Alert',
    width: 'minmax(140px, 1fr)',
    render: (a) => alertKindLabels[a.kind],
  },
  {
    id: 'subject',
    header: 'Subject',
    width: 'minmax(100px, 0.8fr)',
    className: 'mono',
    render: (a) => (
      <a href={subjectHref(a)} onClick={(e) => e.stopPropagation()}>
        {a.subject.name}
      </a>
    ),
    title: (a) => a.subject.name,
  },
  textColumn({
    id: 'message',
    header: 'Details',
    width: 'minmax(112px, 2.2fr)',
    text: (a) => a.message,
  }),
  detailsTimeColumn({
    id: 'raised',
    header: 'Raised',
    // The locale's date and time, e.g. "Dec 8, 2026, 12:27:33 AM".
    width: '204px',
    at: (a) => a.raisedAt,
    label: (a) =>
      `${alertKindLabels[a.kind]}: ${a.subject.name}, raised ${formatDateTime(a.raisedAt)}`,
    title: (a) => `Condition since ${formatDateTimeLong(a.since)}`,
  }),
  {
    id: 'resolved',
    header: 'Resolved',
    width: '134px',
    className: 'tabular',
    // Ticks on the shared clock; the exact time is in the tooltip.
    render: (a) =>
      a.resolvedAt ? (
        <TimeAgo at={a.resolvedAt} prefix="Resolved " />
      ) : (
        <span className="subtle">Not yet</span>
      ),
  },
  {
    id: 'ack',
    header: 'Acknowledgement',
    headerHidden: true,
    width: '140px',
    align: 'end',
    render: (a) =>
      a.acknowledgedAt ? (
        <span className="subtle alerts__acked">
          <CheckIcon size={14} /> {a.acknowledgedBy}
        </span>
      ) : (
        <Button
          size="sm"
          variant="ghost"
          aria-label={`Acknowledge ${alertKindLabels[a.kind]}: ${a.subject.name}`}
          onClick={(e) => {
            e.stopPropagation();
            void acknowledge([a.id]);
          }}
        >
          Acknowledge
        </Button>
      ),
    title: (a) =>
      a.acknowledgedAt
        ? `Acknowledged by ${a.acknowledgedBy} ${formatDateTimeLong(a.acknowledgedAt)}`
        : undefined,
  },
];

const rowKey = (a: Alert) => a.id;
const rowClassName = (a: Alert) =>
  a.state === 'resolved' ? 'is-resolved' : a.acknowledgedAt ? undefined : 'is-unseen';

export function AlertsPage() {
  const environment = useCurrentEnvironment();
  const all = useAlerts((s) => s.alerts);
  const status = useAlerts((s) => s.status);
  const error = useAlerts((s) => s.error);
  const load = useAlerts((s) => s.load);
  const [state, setState] = useState<StateFilter>('all');
  const [severity, setSeverity] = useState<SeverityFilter>('all');
  const [editing, setEditing] = useState(false);
  const [selectedId, setSelectedId] = useState<number | null>(null);
  const selected = all.find((a) => a.id === selectedId);

  const inEnvironment = useMemo(
    () => all.filter((a) => a.environmentId === environment?.id),
    [all, environment?.id],
  );
  const rows = useMemo(
    () =>
      inEnvironment.filter(
        (a) =>
          (state === 'all' || a.state === state) && (severity === 'all' || a.severity === severity),
      ),
    [inEnvironment, state, severity],
  );
  const open = inEnvironment.filter((a) => a.state === 'open');
  const unseen = open.filter((a) => !a.acknowledgedAt);

  return (
    <EnvironmentPage
      className="page--fill"
      title="Alerts"
      description="Alerts raised when a host is unreachable, a host’s CPU or memory stays high, a container restarts in a loop or a service stays below its desired replicas — and when each is resolved."
      actions={
        <>
          <Button
            disabled={unseen.length === 0}
            onClick={() => void acknowledge(unseen.map((a) => a.id))}
          >
            Acknowledge all open
          </Button>
          <Button disabled={!environment} onClick={() => setEditing(true)}>
            Thresholds…
          </Button>
        </>
      }
    >
      <LoadState status={status} error={error} what="the alerts" onRetry={() => void load()}>
        <div className="toolbar" role="search" aria-label="Filter alerts">
          <Segmented
            name="alerts-state"
            label="State"
            value={state}
            onChange={setState}
            options={[
              ['all', 'All'],
              ['open', 'Open'],
              ['resolved', 'Resolved'],
            ]}
          />
          <Segmented
            name="alerts-severity"
            label="Severity"
            value={severity}
            onChange={setSeverity}
            options={[
              ['all', 'Any severity'],
              ['critical', 'Critical'],
              ['warning', 'Warning'],
            ]}
          />
          <p className="toolbar__count" aria-live="polite">
            {plural(open.length, 'open alert')}
            {unseen.length ? `, ${unseen.length} not acknowledged` : ''}
          </p>
        </div>
        <div className="alerts__table">
          <VirtualTable
            label="Alerts"
            rows={rows}
            columns={columns}
            rowKey={rowKey}
            rowClassName={rowClassName}
            onRowClick={(a) => setSelectedId(a.id)}
            selectedKey={selectedId}
            resetKey={`${environment?.id}\u0000${state}\u0000${severity}`}
            newRowsLabel={(n) => `${plural(n, 'new event')} above`}
            empty={
              inEnvironment.length === 0 ? (
                <EmptyState compact icon={<BellIcon size={24} />} title="No alerts so far">
                  <p>
                    When a threshold is crossed for long enough, the alert shows here and as a
                    notification; it resolves by itself when things are back to normal.
                  </p>
                </EmptyState>
              ) : (
                <EmptyState compact title="No alerts match these filters">
                  <p>Choose “All” and “Any severity” to see every alert of this environment.</p>
                </EmptyState>
              )
            }
          />
        </div>
      </LoadState>
      {selected ? (
        <AlertDetailsDialog alert={selected} onClose={() => setSelectedId(null)} />
      ) : null}
      {editing && environment ? (
        <ThresholdsDialog environment={environment} onClose={() => setEditing(false)} />
      ) : null}
    </EnvironmentPage>
  );
}
