import type { ReactNode } from 'react';
import { alertKindLabels, type Alert } from '../../../shared/alerts';
import { StatusDot } from '../../components/Badge';
import { Button } from '../../components/Button';
import { Dialog } from '../../components/Dialog';
import { formatDateTimeLong } from '../../lib/format';
import { acknowledge, subjectHref } from './actions';

const severityLabel = (a: Alert) => (a.severity === 'critical' ? 'Critical' : 'Warning');

/** Open alerts by severity (colour and word); resolved ones grey. */
export function AlertStatus({ alert }: { alert: Alert }) {
  return alert.state === 'resolved' ? (
    <StatusDot tone="neutral" label="Resolved" />
  ) : (
    <StatusDot
      tone={alert.severity === 'critical' ? 'error' : 'warn'}
      label={severityLabel(alert)}
    />
  );
}

/** One alert, untruncated: what, about what, and its whole life (since, raised, resolved, seen). */
export function AlertDetailsDialog({ alert, onClose }: { alert: Alert; onClose(): void }) {
  const rows: [string, ReactNode][] = [
    [
      'State',
      <StatusDot
        key="state"
        tone={
          alert.state === 'resolved' ? 'neutral' : alert.severity === 'critical' ? 'error' : 'warn'
        }
        label={alert.state === 'resolved' ? 'Resolved' : 'Open'}
      />,
    ],
    ['Severity', severityLabel(alert)],
    ['Details', alert.message],
    [
      'Subject',
      <a key="subject" href={subjectHref(alert)} className="mono" onClick={onClose}>
        {alert.subject.name}
      </a>,
    ],
    ['Condition since', formatDateTimeLong(alert.since)],
    ['Raised', formatDateTimeLong(alert.raisedAt)],
    ['Resolved', alert.resolvedAt ? formatDateTimeLong(alert.resolvedAt) : 'Not yet'],
    [
      'Acknowledged',
      alert.acknowledgedAt
        ? `By ${alert.acknowledgedBy}, ${formatDateTimeLong(alert.acknowledgedAt)}`
        : 'Not yet',
    ],
    [
      'Alert',
      <span key="id" className="mono">
        #{alert.id}
      </span>,
    ],
  ];
  return (
    <Dialog
      open
      size="md"
      onClose={onClose}
      title={`${alertKindLabels[alert.kind]}: ${alert.subject.name}`}
      footer={
        <>
          {alert.acknowledgedAt ? null : (
            <Button onClick={() => void acknowledge([alert.id])}>Acknowledge</Button>
          )}
          <Button variant="primary" onClick={onClose}>
            Close
          </Button>
        </>
      }
    >
      <dl className="details-list">
        {rows.map(([term, value]) => (
          <div key={term}>
            <dt>{term}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
    </Dialog>
  );
}
