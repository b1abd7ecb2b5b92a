import { useCallback, useEffect, useId, useState, type FormEvent } from 'react';
import { environmentRole, stackPattern, userName } from '../../../shared/contract-access';
import type { Environment, EnvironmentRole, Membership } from '../../../shared/types';
import { Alert } from '../../components/Alert';
import { Button, RowButton } from '../../components/Button';
import { Dialog } from '../../components/Dialog';
import { TextField } from '../../components/Field';
import { actionsColumn, Table, type TableColumn } from '../../components/Table';
import { api } from '../../lib/api';
import { errorMessage } from '../../lib/errors';
import { useSubmit } from '../../lib/useSubmit';

const ROLES: readonly [EnvironmentRole, string][] = [
  ['owner', 'Owner: everything, members included'],
  ['member', 'Member: everything but members'],
  ['restricted', 'Restricted: stacks and services, with deploy guardrails'],
  ['read-only', 'Read-only: sees, changes nothing'],
];

/** Who may do what in an environment (its owner's): roles, and stacks a role is limited to. */
export function MembersDialog({
  environment,
  onClose,
}: {
  environment: Environment;
  onClose(): void;
}) {
  const formId = useId();
  const roleId = useId();
  const [members, setMembers] = useState<Membership[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [user, setUser] = useState('');
  const [role, setRole] = useState<EnvironmentRole>('member');
  const [stacks, setStacks] = useState('');
  const [errors, setErrors] = useState<{ user?: string; stacks?: string }>({});
  const { busy, error, run } = useSubmit();

  const load = useCallback(() => {
    api.invoke('member.list', { environmentId: environment.id }).then(
      (list) => setMembers(list),
      (e: unknown) => setLoadError(errorMessage(e)),
    );
  }, [environment.id]);
  useEffect(load, [load]);

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    const found = {
      user: userName.safeParse(user.trim()).error?.issues[0]?.message,
      stacks: stacks.trim()
        ? stackPattern.safeParse(stacks.trim()).error?.issues[0]?.message
        : undefined,
    };
    setErrors(found);
    if (found.user || found.stacks) return;
    await run(async () => {
      setMembers(
        await api.invoke('member.set', {
          environmentId: environment.id,
          user: user.trim(),
          role: environmentRole.parse(role),
          stacks: stacks.trim() || null,
        }),
      );
      setUser('');
      setStacks('');
    });
  };

  const remove = (member: Membership) =>
    run(async () => {
      setMembers(
        await api.invoke('member.remove', { environmentId: environment.id, user: member.user }),
      );
    });

  const columns: TableColumn<Membership>[] = [
    { id: 'user', header: 'User', render: (m) => <span className="cell-strong">{m.user}</span> },
    { id: 'role', header: 'Role', width: '22%', render: (m) => m.role },
    {
      id: 'stacks',
      header: 'Stacks',
      width: '22%',
      render: (m) => (m.stacks ? <code>{m.stacks}</code> : <span className="muted">all</span>),
    },
    actionsColumn('140px', (m) => (
      <RowButton
        danger
        disabled={busy}
        onClick={() => void remove(m)}
        aria-label={`Remove ${m.user} from ${environment.name}`}
      >
        Remove
      </RowButton>
    )),
  ];

  return (
    <Dialog
      open
      onClose={onClose}
      busy={busy}
      size="md"
      title={`Members of ${environment.name}`}
      description="A member sees only the environments they belong to. A stack pattern (shop-*) limits the role to the stacks whose label matches."
      footer={
        <>
          <Button onClick={onClose} disabled={busy}>
            Done
          </Button>
          <Button type="submit" form={formId} variant="primary" busy={busy}>
            Add or change member
          </Button>
        </>
      }
    >
      {loadError ? <Alert title="Couldn’t load the members">{loadError}</Alert> : null}
      {error ? <Alert title="Couldn’t change the members">{error}</Alert> : null}
      {members && members.length > 0 ? (
        <Table
          label={`Members of ${environment.name}`}
          columns={columns}
          rows={members}
          rowKey={(m) => m.userId}
        />
      ) : members ? (
        <p className="muted">No members yet: only site admins see {environment.name}.</p>
      ) : null}
      <form id={formId} className="form" onSubmit={(e) => void onSubmit(e)} noValidate>
        <TextField
          label="User"
          value={user}
          error={errors.user}
          onChange={(e) => setUser(e.target.value)}
          autoComplete="off"
          spellCheck={false}
          maxLength={64}
          hint="An existing user's name; a member already here gets the new role."
        />
        <div className="field">
          <label className="field__label" htmlFor={roleId}>
            Role
          </label>
          <select
            id={roleId}
            className="input"
            value={role}
            onChange={(e) => setRole(e.target.value as EnvironmentRole)}
          >
            {ROLES.map(([value, text]) => (
              <option key={value} value={value}>
                {text}
              </option>
            ))}
          </select>
        </div>
        <TextField
          label="Stacks"
          optional
          value={stacks}
          error={errors.stacks}
          onChange={(e) => setStacks(e.target.value)}
          placeholder="shop-*"
          autoComplete="off"
          spellCheck={false}
          maxLength={40}
          hint="Empty: every stack of the environment."
        />
      </form>
    </Dialog>
  );
}
