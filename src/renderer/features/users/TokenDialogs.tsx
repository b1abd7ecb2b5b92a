import { useId, useState, type FormEvent } from 'react';
import { environmentRole, userName } from '../../../shared/contract-access';
import type { CreatedApiToken, EnvironmentRole } from '../../../shared/types';
import { Button } from '../../components/Button';
import { Dialog } from '../../components/Dialog';
import { FormDialog } from '../../components/FormDialog';
import { TextField } from '../../components/Field';
import { api } from '../../lib/api';
import { useSubmit } from '../../lib/useSubmit';

const EXPIRIES = [
  ['30d', '30 days'],
  ['90d', '90 days'],
  ['365d', 'One year'],
  ['', 'Never'],
] as const;

/** A new API token: for oneself (a user), or for any user (the local admin names them). */
export function CreateTokenDialog({
  me,
  onCreated,
  onClose,
}: {
  me: { name: string; user: boolean };
  onCreated(created: CreatedApiToken): void;
  onClose(): void;
}) {
  const expiresId = useId();
  const roleId = useId();
  const [owner, setOwner] = useState(me.user ? me.name : '');
  const [name, setName] = useState('');
  const [expires, setExpires] = useState<string>('30d');
  const [role, setRole] = useState<EnvironmentRole | ''>('');
  const [ownerError, setOwnerError] = useState<string | null>(null);
  const { busy, error, run } = useSubmit();

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    const checked = userName.safeParse(owner.trim());
    setOwnerError(checked.success ? null : (checked.error.issues[0]?.message ?? 'Invalid'));
    if (!checked.success) return;
    await run(async () => {
      const created = await api.invoke('token.create', {
        user: checked.data,
        name: name.trim(),
        ...(expires ? { expires } : {}),
        ...(role ? { role: environmentRole.parse(role) } : {}),
      });
      onCreated(created);
    });
  };

  return (
    <FormDialog
      title="New API token"
      description="For scripts and CI: sent as Authorization: Bearer drv_… It is shown once."
      busy={busy}
      submitLabel="Create token"
      error={error}
      errorTitle="Couldn’t create the token"
      onSubmit={(event) => void onSubmit(event)}
      onClose={onClose}
    >
      {me.user ? null : (
        <TextField
          label="User"
          value={owner}
          error={ownerError}
          onChange={(e) => setOwner(e.target.value)}
          autoComplete="off"
          spellCheck={false}
          hint="Whose rights the token carries (at most)."
        />
      )}
      <TextField
        label="Name"
        optional
        value={name}
        onChange={(e) => setName(e.target.value)}
        maxLength={100}
        placeholder="ci-deploy"
        hint="What it is for, to know it again in the list."
      />
      <div className="field">
        <label className="field__label" htmlFor={expiresId}>
          Expires after
        </label>
        <select
          id={expiresId}
          className="input"
          value={expires}
          onChange={(e) => setExpires(e.target.value)}
        >
          {EXPIRIES.map(([value, text]) => (
            <option key={text} value={value}>
              {text}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label className="field__label" htmlFor={roleId}>
          At most the role
        </label>
        <select
          id={roleId}
          className="input"
          value={role}
          onChange={(e) => setRole(e.target.value as EnvironmentRole | '')}
        >
          <option value="">The user’s own roles</option>
          <option value="member">member</option>
          <option value="restricted">restricted</option>
          <option value="read-only">read-only</option>
        </select>
      </div>
    </FormDialog>
  );
}

/** The token just made, once: copy it now, it is not kept. */
export function ShowTokenDialog({
  created,
  onClose,
}: {
  created: CreatedApiToken;
  onClose(): void;
}) {
  const [copied, setCopied] = useState<'yes' | 'failed' | null>(null);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(created.token);
      setCopied('yes');
    } catch {
      setCopied('failed');
    }
  };
  return (
    <Dialog
      open
      onClose={onClose}
      title={`Token #${created.info.id} for ${created.info.user}`}
      description="Copy it now: Drover keeps only its digest and cannot show it again."
      footer={
        <>
          <Button onClick={() => void copy()}>Copy token</Button>
          <Button variant="primary" onClick={onClose}>
            Done
          </Button>
        </>
      }
    >
      <input
        className="input mono"
        readOnly
        aria-label="The new token"
        value={created.token}
        onFocus={(e) => e.currentTarget.select()}
      />
      <p className="muted" role="status">
        {copied === 'yes'
          ? 'Copied to the clipboard.'
          : copied === 'failed'
            ? 'The browser refused the clipboard: select the token and copy it by hand.'
            : '\u00a0'}
      </p>
    </Dialog>
  );
}
