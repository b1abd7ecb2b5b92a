import { useState, type FormEvent } from 'react';
import { userName } from '../../../shared/contract-access';
import type { User } from '../../../shared/types';
import { FormDialog } from '../../components/FormDialog';
import { TextField } from '../../components/Field';
import { api } from '../../lib/api';
import { useSubmit } from '../../lib/useSubmit';
import { toast } from '../../stores/toasts';

const MIN_PASSWORD = 12;

/** A new account (name, password, site admin) or a new password for `user`. */
export function UserFormDialog({
  user,
  onDone,
  onClose,
}: {
  user?: User;
  onDone(): void;
  onClose(): void;
}) {
  const [name, setName] = useState(user?.name ?? '');
  const [password, setPassword] = useState('');
  const [siteAdmin, setSiteAdmin] = useState(false);
  const [nameError, setNameError] = useState<string | null>(null);
  const [passwordError, setPasswordError] = useState<string | null>(null);
  const { busy, error, run } = useSubmit();

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    const checked = userName.safeParse(name.trim());
    const badName = user ? null : checked.success ? null : (checked.error.issues[0]?.message ?? '');
    const badPassword =
      password.length < MIN_PASSWORD ? `At least ${MIN_PASSWORD} characters` : null;
    setNameError(badName);
    setPasswordError(badPassword);
    if (badName || badPassword) return;
    await run(async () => {
      if (user) {
        await api.invoke('user.setPassword', { name: user.name, password });
        toast({ tone: 'ok', title: `Password of ${user.name} changed` });
      } else {
        const added = await api.invoke('user.add', { name: name.trim(), password, siteAdmin });
        toast({
          tone: 'ok',
          title: `User ${added.name} added`,
          body: 'Give them a role in an environment: Environments, Members.',
        });
      }
      onDone();
      onClose();
    });
  };

  return (
    <FormDialog
      title={user ? `New password for ${user.name}` : 'Add a user'}
      description={
        user
          ? 'Their password changes at once; tell them the new one another way.'
          : 'An account for team mode: a person who signs in to this console.'
      }
      busy={busy}
      submitLabel={user ? 'Set password' : 'Add user'}
      error={error}
      errorTitle={user ? 'Couldn’t set the password' : 'Couldn’t add the user'}
      onSubmit={(event) => void onSubmit(event)}
      onClose={onClose}
    >
      {user ? null : (
        <TextField
          label="Name"
          value={name}
          error={nameError}
          onChange={(e) => setName(e.target.value)}
          autoComplete="off"
          spellCheck={false}
          maxLength={64}
          hint="Letters, digits, dots, dashes and underscores."
        />
      )}
      <TextField
        label="Password"
        type="password"
        value={password}
        error={passwordError}
        onChange={(e) => setPassword(e.target.value)}
        autoComplete="new-password"
        hint={`At least ${MIN_PASSWORD} characters. Stored only as a hash.`}
      />
      {user ? null : (
        <label className="checkbox">
          <input
            type="checkbox"
            checked={siteAdmin}
            onChange={(e) => setSiteAdmin(e.target.checked)}
            disabled={busy}
          />
          <span>Site admin: owner of every environment, manages users and settings</span>
        </label>
      )}
    </FormDialog>
  );
}
