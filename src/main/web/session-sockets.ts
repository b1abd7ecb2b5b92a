// WebSockets opened under a team-mode login session end with it: at once when the session is
// revoked in this process (logout, "My sessions", an admin), and within `checkEveryMs` when it
// expires or is revoked by another process on the same data dir (the CLI).
import type { WebSocket } from 'ws';
import type { SessionStore } from '../access/sessions.js';

/** The close code the page reads as "sign in again" (4000-4999: the application's own). */
export const SESSION_ENDED = 4401;

export class SessionSockets {
  private readonly bySession = new Map<number, Set<WebSocket>>();
  private readonly timer: NodeJS.Timeout;
  private readonly unsubscribe: () => void;

  constructor(
    private readonly sessions: SessionStore,
    checkEveryMs: number,
  ) {
    this.unsubscribe = sessions.onRevoked((id) => this.end(id));
    this.timer = setInterval(() => this.sweep(), checkEveryMs);
    this.timer.unref();
  }

  add(sessionId: number, ws: WebSocket): void {
    const set = this.bySession.get(sessionId) ?? new Set<WebSocket>();
    set.add(ws);
    this.bySession.set(sessionId, set);
    ws.once('close', () => {
      set.delete(ws);
      if (set.size === 0 && this.bySession.get(sessionId) === set) this.bySession.delete(sessionId);
    });
  }

  /** Closes every socket of a session; one that does not finish the close handshake is cut. */
  end(sessionId: number): void {
    for (const ws of this.bySession.get(sessionId) ?? []) {
      ws.close(SESSION_ENDED, 'The login session ended');
      setTimeout(() => ws.terminate(), 2000).unref();
    }
  }

  close(): void {
    clearInterval(this.timer);
    this.unsubscribe();
  }

  private sweep(): void {
    try {
      for (const id of this.bySession.keys()) if (!this.sessions.isLive(id)) this.end(id);
    } catch (error) {
      // A busy or closing database: the next sweep tries again.
      console.error('Drover web: checking sessions failed', error);
    }
  }
}
