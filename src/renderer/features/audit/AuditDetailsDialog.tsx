import type { AuditEntry } from '../../../shared/types';
import { ResultDot } from './ResultDot';
import { Button } from '../../components/Button';
import { Dialog } from '../../components/Dialog';
import { durationBetween, formatDateTimeLong } from '../../lib/format';
import { shellLabel } from './shells';

/** Everything recorded for one audit entry, untruncated. */
export function AuditDetailsDialog({ entry, onClose }: { entry: AuditEntry; onClose(): void }) {
  const duration = durationBetween(entry.at, entry.endedAt);
  const details =
    Object.keys(entry.details).length > 0 ? JSON.stringify(entry.details, null, 2) : null;
  return (
    <Dialog
      open
      size="md"
      onClose={onClose}
      title={<span className="mono">{entry.action}</span>}
      description={formatDateTimeLong(entry.at)}
      footer={
        <Button variant="primary" onClick={onClose}>
          Close
        </Button>
      }
    >
      <dl className="details-list">
        <div>
          <dt>Result</dt>
          <dd>
            <ResultDot result={entry.result} />
          </dd>
        </div>
        {entry.error ? (
          <div>
            <dt>Error</dt>
            <dd className="details-list__error">{entry.error}</dd>
          </div>
        ) : null}
        <div>
          <dt>Actor</dt>
          <dd>{entry.actor}</dd>
        </div>
        <div>
          <dt>Shell</dt>
          <dd>{shellLabel[entry.shell] ?? entry.shell}</dd>
        </div>
        <div>
          <dt>Target</dt>
          <dd className="mono">{entry.target || '—'}</dd>
        </div>
        <div>
          <dt>Started</dt>
          <dd className="mono">{entry.at}</dd>
        </div>
        <div>
          <dt>Ended</dt>
          <dd className="mono">
            {entry.endedAt ?? 'not recorded'}
            {duration ? <span className="muted"> ({duration})</span> : null}
          </dd>
        </div>
        <div>
          <dt>Entry</dt>
          <dd className="mono">#{entry.id}</dd>
        </div>
        {details ? (
          <div>
            <dt>Details</dt>
            <dd>
              <pre className="code-block">{details}</pre>
            </dd>
          </div>
        ) : null}
      </dl>
    </Dialog>
  );
}
