// Login sessions (team mode): one's own, or everyone's for a site admin; each can be ended, which
// closes that browser's connection at once. The desktop's local admin has no session of its own.
import { useCallback, useEffect, useState } from 'react';
import type { SessionInfo, WhoAmI } from '../../../shared/types';
import { Alert } from '../../components/Alert';
import { Badge } from '../../components/Badge';
import { Button } from '../../components/Button';
import { Panel } from '../../components/Panel';
import { api } from '../../lib/api';
import { signOut } from '../../lib/auth';
import { errorMessage } from '../../lib/errors';
import { formatDateTime } from '../../lib/format';
import { SessionLimitsForm } from './SessionLimitsForm';

export function SessionsPanel() {
  const [who, setWho] = useState<WhoAmI | null>(null);
  const [sessions, setSessions] = useState<SessionInfo[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [ending, setEnding] = useState<number | null>(null);

  const load = useCallback(async () => {
    try {
      const me = await api.invoke('session.whoami', {});
      setWho(me);
      setSessions(me.teamMode ? await api.invoke('session.list', { all: me.siteAdmin }) : []);
      setError(null);
    } catch (e) {
      setError(errorMessage(e));
    }
  }, []);
  useEffect(() => void load(), [load]);

  const end = async (session: SessionInfo) => {
    if (session.current) return signOut();
    setEnding(session.id);
    try {
      await api.invoke('session.revoke', { id: session.id });
      await load();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setEnding(null);
    }
  };

  // Nothing until it is known whether there is anything to show (no panel that then vanishes).
  if (!who) return error ? <Alert>{error}</Alert> : null;
  if (!who.teamMode && who.kind === 'local-admin') return null;
  const everyone = who.siteAdmin;
  return (
    <Panel
      title={everyone ? 'Login sessions' : 'My sessions'}
      titleId="sessions-title"
      description={
        who.kind === 'local-admin'
          ? `You are ${who.name}, the local admin (the owner of the data directory): no sign-in needed. These are the team's browser sessions.`
          : 'Browsers signed in to this console. Ending one closes its connection at once.'
      }
      actions={
        who.sessionId ? (
          <Button variant="secondary" onClick={() => void signOut()}>
            Sign out
          </Button>
        ) : null
      }
    >
      {everyone ? <SessionLimitsForm /> : null}
      {error ? <Alert>{error}</Alert> : null}
      {sessions === null ? (
        <p className="muted">Loading…</p>
      ) : sessions.length === 0 ? (
        <p className="muted">No browser is signed in.</p>
      ) : (
        <ul className="sessions__list" aria-label="Sessions">
          {sessions.map((s) => (
            <li key={s.id} className="sessions__item">
              <div className="sessions__what">
                <span>
                  {everyone ? <strong>{s.user} </strong> : null}
                  {s.clientAddress ?? 'unknown address'}{' '}
                  {s.current ? <Badge tone="info">This browser</Badge> : null}
                </span>
                <span className="sessions__detail" title={s.userAgent}>
                  Signed in {formatDateTime(s.createdAt)} · active {formatDateTime(s.lastSeenAt)} ·
                  ends by {formatDateTime(s.expiresAt)}
                </span>
              </div>
              <Button
                size="sm"
                variant={s.current ? 'secondary' : 'danger'}
                busy={ending === s.id}
                aria-label={
                  s.current
                    ? 'Sign out'
                    : `End the session of ${s.user} from ${s.clientAddress ?? 'unknown address'}`
                }
                onClick={() => void end(s)}
              >
                {s.current ? 'Sign out' : 'End'}
              </Button>
            </li>
          ))}
        </ul>
      )}
    </Panel>
  );
}
