import { Spinner } from '../../components/Spinner';

export type StreamTone = 'ok' | 'warn' | 'error' | 'neutral';

/** The live state of a dock panel's stream (logs, shell): a spinner while opening, else a dot. */
export function StreamStatus({
  opening,
  tone,
  label,
}: {
  opening: boolean;
  tone: StreamTone;
  label: string;
}) {
  return (
    <span className={`dock-panel__status dock-panel__status--${tone}`} role="status">
      {opening ? <Spinner size={12} /> : <span className="dock-panel__status-dot" />}
      {label}
    </span>
  );
}
