// Uptime that ticks on the shared clock, read only by the uptime cells on screen, so the list
// itself never re-renders for the time passing.
import { useNow } from '../../lib/clock';
import { formatDateTimeLong } from '../../lib/format';
import { formatUptime } from './containerView';

export function Uptime({ startedAt }: { startedAt: string | null }) {
  const current = useNow();
  const started = startedAt ? Date.parse(startedAt) : Number.NaN;
  if (!startedAt || Number.isNaN(started)) return <span className="subtle">—</span>;
  return (
    <span className="tabular" title={`Started ${formatDateTimeLong(startedAt)}`}>
      {formatUptime(current - started)}
    </span>
  );
}
