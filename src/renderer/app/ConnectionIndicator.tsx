import { StatusDot } from '../components/Badge';
import { useConnection } from '../stores/connection';
import { useAppInfo } from '../stores/appInfo';

/**
 * Sidebar footer: how this window reaches the core. In web mode the WebSocket may drop; the
 * client reconnects by itself and the stores re-sync when it is back.
 */
export function ConnectionIndicator() {
  const status = useConnection();
  const version = useAppInfo((s) => s.info?.version);

  let tone: 'ok' | 'warn' | 'error' | 'info' = 'ok';
  let label = 'Connected to the core';
  let detail: string | null = null;
  if (status.transport === 'ipc') {
    label = 'Desktop app';
  } else if (status.state === 'connecting') {
    tone = status.failures > 0 ? 'error' : 'info';
    label = status.failures > 0 ? 'Cannot reach the core' : 'Connecting…';
    detail =
      status.failures > 0
        ? 'Retrying. Is `drover web` still running? Open the link it printed (it carries the session token).'
        : null;
  } else if (status.state === 'reconnecting') {
    tone = 'warn';
    label = 'Reconnecting…';
    detail = 'The connection to the core dropped. Changes can’t be saved until it is back.';
  }

  return (
    <div className="connection" role="status" aria-live="polite">
      <StatusDot tone={tone} label={label} pulse={tone !== 'ok'} />
      {detail ? <p className="connection__detail">{detail}</p> : null}
      {version ? <p className="connection__version">Drover {version}</p> : null}
    </div>
  );
}
