import { useRef, useState, type FormEvent } from 'react';
import { registryAddress } from '../../../shared/contract';
import type { Environment, RegistryCredential } from '../../../shared/types';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { FormDialog } from '../../components/FormDialog';
import { TextField } from '../../components/Field';
import { api } from '../../lib/api';
import { errorCode, errorMessage } from '../../lib/errors';
import { useSubmit } from '../../lib/useSubmit';
import { toast } from '../../stores/toasts';

/** The rule the core applies (shared schema), checked before sending. */
function addressProblem(address: string): string | null {
  const result = registryAddress.safeParse(address);
  return result.success ? null : (result.error.issues[0]?.message ?? 'Invalid address');
}

/** Add a login (no `login`), or change the user and/or password of one. */
export function RegistryLoginDialog({
  environment,
  login,
  onClose,
}: {
  environment: Environment;
  login?: RegistryCredential;
  onClose(): void;
}) {
  const editing = login !== undefined;
  const [address, setAddress] = useState(login?.address ?? '');
  const [username, setUsername] = useState(login?.username ?? '');
  const [password, setPassword] = useState('');
  const [verify, setVerify] = useState(true);
  const [errors, setErrors] = useState<{ address?: string; username?: string; password?: string }>(
    {},
  );
  const { busy, error: formError, setError: setFormError, run } = useSubmit();
  // A login for the address exists already: say so at the address.
  const takenAddress = (error: unknown) => {
    if (errorCode(error) !== 'CONFLICT') return false;
    setErrors({ address: errorMessage(error) });
    addressRef.current?.focus();
    return true;
  };
  const addressRef = useRef<HTMLInputElement>(null);

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    setFormError(null);
    const found = {
      address: editing ? undefined : (addressProblem(address) ?? undefined),
      username: username.trim() ? undefined : 'User name is required',
      password: editing || password ? undefined : 'Password or token is required',
    };
    setErrors(found);
    if (found.address || found.username || found.password) return;
    await run(async () => {
      const saved = editing
        ? await api.invoke('registry.update', {
            id: login.id,
            username: username.trim(),
            ...(password ? { password } : {}),
            verify,
          })
        : await api.invoke('registry.add', {
            environmentId: environment.id,
            address: address.trim(),
            username: username.trim(),
            password,
            verify,
          });
      toast({
        tone: 'ok',
        title: `Login for ${saved.address} ${editing ? 'changed' : 'added'}`,
        body: verify ? 'The registry accepted it.' : undefined,
      });
      onClose();
    }, takenAddress);
  };

  return (
    <FormDialog
      onClose={onClose}
      busy={busy}
      title={editing ? `Change the login for ${login.address}` : 'Add a registry login'}
      description={`For ${environment.name}. Used by deploys and image updates of services whose image is on this registry.`}
      submitLabel={verify ? 'Test and save' : 'Save'}
      error={formError}
      errorTitle={verify ? 'The login was not saved' : 'Couldn’t save the login'}
      onSubmit={(event) => void onSubmit(event)}
    >
      <TextField
        label="Registry"
        inputRef={addressRef}
        value={address}
        onChange={(e) => setAddress(e.target.value)}
        error={errors.address}
        hint="host[:port] as image names start, e.g. registry.example.com or 10.0.0.2:5000; docker.io for Docker Hub."
        disabled={editing}
        autoComplete="off"
        spellCheck={false}
        maxLength={255}
      />
      <TextField
        label="User"
        value={username}
        onChange={(e) => setUsername(e.target.value)}
        error={errors.username}
        autoComplete="off"
        spellCheck={false}
        maxLength={255}
      />
      <TextField
        label="Password or access token"
        type="password"
        value={password}
        onChange={(e) => setPassword(e.target.value)}
        error={errors.password}
        optional={editing}
        hint={
          editing
            ? 'Leave empty to keep the stored one (it is never shown). Running services get the new one with the stack’s next deploy.'
            : 'Stored encrypted; never shown again.'
        }
        autoComplete="new-password"
        maxLength={8192}
      />
      <label className="checkbox">
        <input
          type="checkbox"
          checked={verify}
          onChange={(e) => setVerify(e.target.checked)}
          disabled={busy}
        />
        <span>Log in from a manager of {environment.name} first, and save only if it works</span>
      </label>
    </FormDialog>
  );
}

export function RemoveRegistryDialog({
  login,
  onClose,
}: {
  login: RegistryCredential;
  onClose(): void;
}) {
  return (
    <ConfirmDialog
      title={`Remove the login for ${login.address}?`}
      confirmLabel="Remove login"
      errorTitle="Couldn’t remove the login"
      onConfirm={async () => {
        await api.invoke('registry.remove', { id: login.id });
        toast({ tone: 'ok', title: `Login for ${login.address} removed` });
      }}
      onClose={onClose}
    >
      <p>
        Services already running keep the login Swarm holds for them. New deploys of images from{' '}
        {login.address} will be refused until a login is added again.
      </p>
    </ConfirmDialog>
  );
}
