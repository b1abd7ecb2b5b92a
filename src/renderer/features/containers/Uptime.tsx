// Uptime that ticks: one shared one-second clock, read only by the uptime cells on screen, so the
// list itself never re-renders for the time passing.
import { useSyncExternalStore } from 'react';
import { formatDateTimeLong } from '../../lib/format';
import { formatUptime } from './containerView';

const listeners = new Set<() => void>();
let now = Date.now();
let timer: ReturnType<typeof setInterval> | null = null;

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  if (timer === null) {
    now = Date.now();
    timer = setInterval(() => {
      now = Date.now();
      for (const l of listeners) l();
    }, 1000);
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && timer !== null) {
      clearInterval(timer);
      timer = null;
    }
  };
}

const getNow = () => now;

export function Uptime({ startedAt }: { startedAt: string | null }) {
  const current = useSyncExternalStore(subscribe, getNow);
  const started = startedAt ? Date.parse(startedAt) : Number.NaN;
  if (!startedAt || Number.isNaN(started)) return <span className="subtle">—</span>;
  return (
    <span className="tabular" title={`Started ${formatDateTimeLong(startedAt)}`}>
      {formatUptime(current - started)}
    </span>
  );
}
