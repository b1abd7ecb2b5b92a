// Web mode's sign-in state, asked of the server over plain HTTP before the WebSocket opens (the
// page is served to anyone; the data only over a socket with a credential). No `api` import:
// the sign-in page runs without a core connection.

export interface AuthState {
  /** User accounts exist: the console asks for a login. */
  teamMode: boolean;
  signedIn: boolean;
  name: string | null;
  /** The browser still had a session cookie, for a session that has ended. */
  sessionEnded: boolean;
}

/** The server's answer, or null when it cannot be reached. */
export async function authState(): Promise<AuthState | null> {
  try {
    const reply = await fetch('/auth/session', { cache: 'no-store' });
    return reply.ok ? ((await reply.json()) as AuthState) : null;
  } catch {
    return null;
  }
}

export type SignInResult = { ok: true } | { ok: false; error: string; retryAfterSeconds?: number };

export async function signIn(name: string, password: string): Promise<SignInResult> {
  try {
    const reply = await fetch('/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name, password }),
    });
    if (reply.ok) return { ok: true };
    const body = (await reply.json().catch(() => ({}))) as {
      error?: string;
      retryAfterSeconds?: number;
    };
    return {
      ok: false,
      error: body.error ?? `The console answered ${reply.status}`,
      retryAfterSeconds: body.retryAfterSeconds,
    };
  } catch {
    return { ok: false, error: 'Cannot reach the console. Is drover web still running?' };
  }
}

/** Ends this browser's session; the page reloads to the sign-in form. */
export async function signOut(): Promise<void> {
  await fetch('/auth/logout', { method: 'POST' }).catch(() => undefined);
  window.location.reload();
}

/** The socket was closed because the session ended (or was refused): back to the sign-in. */
export async function reloadIfSignedOut(): Promise<void> {
  const state = await authState();
  if (state && !state.signedIn) window.location.reload();
}
