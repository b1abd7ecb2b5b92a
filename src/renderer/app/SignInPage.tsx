// What web mode shows a browser without a credential: the sign-in form in team mode, or how to
// get in with the link `drover web` printed. No core connection here (see lib/auth.ts).
import { useEffect, useRef, useState } from 'react';
import { Alert } from '../components/Alert';
import { Button } from '../components/Button';
import { TextField } from '../components/Field';
import { DroverMark } from '../components/Icons';
import { signIn, type AuthState } from '../lib/auth';

export function SignInPage({ state }: { state: AuthState | null }) {
  useEffect(() => {
    document.title = state?.teamMode ? 'Sign in · Drover' : 'Drover';
  }, [state?.teamMode]);
  return (
    <main className="signin" aria-labelledby="signin-title">
      <div className="signin__card">
        <div className="signin__brand">
          <DroverMark size={28} />
          <span className="sidebar__product">Drover</span>
        </div>
        {state === null ? (
          <Unreachable />
        ) : state.teamMode ? (
          <SignInForm sessionEnded={state.sessionEnded} />
        ) : (
          <TokenHelp />
        )}
      </div>
    </main>
  );
}

function SignInForm({ sessionEnded }: { sessionEnded: boolean }) {
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const passwordRef = useRef<HTMLInputElement>(null);
  const submit = async () => {
    if (!name.trim() || !password) {
      setError('Give your user name and password.');
      return;
    }
    setBusy(true);
    setError(null);
    const result = await signIn(name.trim(), password);
    if (result.ok) {
      window.location.reload();
      return;
    }
    setBusy(false);
    setError(result.error);
    // The name stays; the password is typed again.
    setPassword('');
    passwordRef.current?.focus();
  };
  return (
    <>
      <h1 id="signin-title" className="signin__title">
        Sign in to this console
      </h1>
      {sessionEnded && !error ? (
        <Alert tone="info">Your session ended. Sign in again to continue.</Alert>
      ) : null}
      {error ? <Alert>{error}</Alert> : null}
      <form
        className="signin__form"
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <TextField
          label="User name"
          autoComplete="username"
          autoFocus
          value={name}
          onChange={(e) => setName(e.target.value)}
        />
        <TextField
          label="Password"
          type="password"
          autoComplete="current-password"
          inputRef={passwordRef}
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
        <Button type="submit" variant="primary" busy={busy} className="signin__submit">
          Sign in
        </Button>
      </form>
      <p className="signin__note">
        No account? Ask this console’s administrator. The person who started <code>drover web</code>{' '}
        can also open the link it printed.
      </p>
    </>
  );
}

function TokenHelp() {
  return (
    <>
      <h1 id="signin-title" className="signin__title">
        Open this console with its link
      </h1>
      <p className="signin__text">
        This console has no user accounts, so it lets in only the link <code>drover web</code>{' '}
        printed when it started (the part after <code>?token=</code> is its key). Open that link in
        this browser.
      </p>
      <p className="signin__note">
        Lost it? Stop <code>drover web</code> and start it again for a new link. To share this
        console with a team, add accounts with <code>drover user add NAME --password-stdin</code>:
        it then asks for a sign-in.
      </p>
    </>
  );
}

function Unreachable() {
  return (
    <>
      <h1 id="signin-title" className="signin__title">
        Cannot reach the console
      </h1>
      <Alert actions={<Button onClick={() => window.location.reload()}>Try again</Button>}>
        The server did not answer. Is <code>drover web</code> still running?
      </Alert>
    </>
  );
}
