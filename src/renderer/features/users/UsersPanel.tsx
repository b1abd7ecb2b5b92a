import { useCallback, useEffect, useState } from 'react';
import type { User } from '../../../shared/types';
import { Alert } from '../../components/Alert';
import { Badge } from '../../components/Badge';
import { Button, RowButton } from '../../components/Button';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { PlusIcon } from '../../components/Icons';
import { Panel } from '../../components/Panel';
import { actionsColumn, Table, type TableColumn } from '../../components/Table';
import { api } from '../../lib/api';
import { errorMessage } from '../../lib/errors';
import { formatDate } from '../../lib/format';
import { toast } from '../../stores/toasts';
import { UserFormDialog } from './UserDialogs';

type DialogState =
  | { kind: 'none' }
  | { kind: 'add' }
  | { kind: 'password'; user: User }
  | { kind: 'remove'; user: User };

/** The console's accounts (site admin): add, remove, new password, site admin flag. */
export function UsersPanel() {
  const [users, setUsers] = useState<User[] | null>(null);
  /** Accounts are the site admin's: others do not see the panel at all. */
  const [allowed, setAllowed] = useState<boolean | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [dialog, setDialog] = useState<DialogState>({ kind: 'none' });
  const close = () => setDialog({ kind: 'none' });

  useEffect(() => {
    api.invoke('access.me', {}).then(
      (me) => setAllowed(me.siteAdmin),
      () => setAllowed(true), // unknown: the list's own answer says what is wrong
    );
  }, []);

  const load = useCallback(() => {
    api.invoke('user.list', {}).then(
      (list) => {
        setUsers(list);
        setError(null);
      },
      (e: unknown) => setError(errorMessage(e)),
    );
  }, []);
  useEffect(() => {
    if (allowed) load();
  }, [allowed, load]);

  const setAdmin = async (user: User, siteAdmin: boolean) => {
    try {
      await api.invoke('user.setAdmin', { name: user.name, siteAdmin });
      toast({
        tone: 'ok',
        title: `${user.name} is ${siteAdmin ? 'now' : 'no longer'} a site admin`,
      });
      load();
    } catch (e) {
      toast({ tone: 'error', title: 'Couldn’t change the site admin flag', body: errorMessage(e) });
    }
  };

  const columns: TableColumn<User>[] = [
    {
      id: 'name',
      header: 'Name',
      render: (u) => (
        <span className="cell-inline">
          <span className="cell-strong">{u.name}</span>
          {u.siteAdmin ? <Badge tone="accent">Site admin</Badge> : null}
        </span>
      ),
    },
    {
      id: 'created',
      header: 'Added',
      width: '18%',
      render: (u) => <span className="muted">{formatDate(u.createdAt)}</span>,
    },
    actionsColumn('380px', (u) => (
      <div className="row-actions">
        <RowButton
          onClick={() => void setAdmin(u, !u.siteAdmin)}
          aria-label={`${u.siteAdmin ? 'Remove site admin from' : 'Make site admin'} ${u.name}`}
        >
          {u.siteAdmin ? 'Remove site admin' : 'Make site admin'}
        </RowButton>
        <RowButton
          onClick={() => setDialog({ kind: 'password', user: u })}
          aria-label={`New password for ${u.name}`}
        >
          New password
        </RowButton>
        <RowButton
          danger
          onClick={() => setDialog({ kind: 'remove', user: u })}
          aria-label={`Remove ${u.name}`}
        >
          Remove
        </RowButton>
      </div>
    )),
  ];

  if (!allowed) return null;
  return (
    <Panel
      id="users"
      titleId="users-title"
      title="Users"
      description="Accounts for team mode. The person who runs this console on its own data folder needs none. Roles are given per environment (Environments, Members)."
      actions={
        <Button
          variant="primary"
          icon={<PlusIcon size={16} />}
          onClick={() => setDialog({ kind: 'add' })}
        >
          Add user
        </Button>
      }
      flush
    >
      {error ? <Alert title="Couldn’t load the users">{error}</Alert> : null}
      {users === null && !error ? <p className="muted inline-status">Loading…</p> : null}
      {users && users.length === 0 ? (
        <p className="muted inline-status">
          No users yet: this console is used by its admin alone.
        </p>
      ) : null}
      {users && users.length > 0 ? (
        <Table label="Users" columns={columns} rows={users} rowKey={(u) => u.id} />
      ) : null}
      {dialog.kind === 'add' ? <UserFormDialog onDone={load} onClose={close} /> : null}
      {dialog.kind === 'password' ? (
        <UserFormDialog user={dialog.user} onDone={load} onClose={close} />
      ) : null}
      {dialog.kind === 'remove' ? (
        <ConfirmDialog
          title={`Remove user “${dialog.user.name}”?`}
          confirmLabel="Remove user"
          errorTitle="Couldn’t remove the user"
          onConfirm={async () => {
            await api.invoke('user.remove', { name: dialog.user.name });
            toast({ tone: 'ok', title: `User ${dialog.user.name} removed` });
            load();
          }}
          onClose={close}
        >
          <p>Their memberships and API tokens go with them; the audit log keeps what they did.</p>
        </ConfirmDialog>
      ) : null}
    </Panel>
  );
}
