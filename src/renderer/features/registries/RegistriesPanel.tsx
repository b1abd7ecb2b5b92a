// "Registry logins" of the current environment: add, test, change and remove the logins that
// deploys send so every node can pull private images. Passwords go in, never come back out.
import { useState } from 'react';
import type { Environment, RegistryCredential } from '../../../shared/types';
import { Badge } from '../../components/Badge';
import { Button, RowButton } from '../../components/Button';
import { EmptyState } from '../../components/EmptyState';
import { KeyIcon, PlusIcon } from '../../components/Icons';
import { LoadState } from '../../components/LoadState';
import { Panel } from '../../components/Panel';
import { actionsColumn, Table, type TableColumn } from '../../components/Table';
import { api } from '../../lib/api';
import { errorMessage } from '../../lib/errors';
import { formatDate } from '../../lib/format';
import { refreshRegistries, useRegistryLogins } from '../../stores/registries';
import { toast } from '../../stores/toasts';
import { RegistryLoginDialog, RemoveRegistryDialog } from './RegistryDialogs';

type DialogState =
  | { kind: 'none' }
  | { kind: 'add' }
  | { kind: 'edit'; login: RegistryCredential }
  | { kind: 'remove'; login: RegistryCredential };

/** The outcome of the last "Test" of each login in this window. */
type TestState = { state: 'running' } | { state: 'ok' } | { state: 'failed'; message: string };

export function RegistriesPanel({ environment }: { environment: Environment }) {
  const entry = useRegistryLogins(environment.id);
  const logins = entry.data ?? [];
  const [dialog, setDialog] = useState<DialogState>({ kind: 'none' });
  const [tests, setTests] = useState<Record<number, TestState>>({});
  const close = () => setDialog({ kind: 'none' });

  const test = async (login: RegistryCredential) => {
    setTests((t) => ({ ...t, [login.id]: { state: 'running' } }));
    try {
      const result = await api.invoke('registry.test', { id: login.id });
      setTests((t) => ({ ...t, [login.id]: { state: 'ok' } }));
      toast({ tone: 'ok', title: `${result.address}: ${result.status}` });
    } catch (error) {
      const message = errorMessage(error);
      setTests((t) => ({ ...t, [login.id]: { state: 'failed', message } }));
      toast({ tone: 'error', title: `Login to ${login.address} failed`, body: message });
    }
  };

  const columns: TableColumn<RegistryCredential>[] = [
    {
      id: 'address',
      header: 'Registry',
      width: '30%',
      render: (r) => <span className="mono cell-strong">{r.address}</span>,
    },
    { id: 'user', header: 'User', render: (r) => <span className="truncate">{r.username}</span> },
    {
      id: 'password',
      header: 'Password',
      width: '11%',
      render: () => <span className="muted">set</span>,
    },
    {
      id: 'check',
      header: 'Last test',
      width: '13%',
      render: (r) => {
        const t = tests[r.id];
        if (!t) return <span className="subtle">—</span>;
        if (t.state === 'running') return <span className="muted">Testing…</span>;
        return t.state === 'ok' ? (
          <Badge tone="ok">Login OK</Badge>
        ) : (
          <span title={t.message}>
            <Badge tone="error">Refused</Badge>
          </span>
        );
      },
    },
    {
      id: 'updated',
      header: 'Changed',
      width: '12%',
      render: (r) => <span className="muted">{formatDate(r.updatedAt)}</span>,
    },
    actionsColumn('220px', (r) => (
      <div className="row-actions">
        <RowButton
          busy={tests[r.id]?.state === 'running'}
          onClick={() => void test(r)}
          aria-label={`Test the login for ${r.address}`}
        >
          Test
        </RowButton>
        <RowButton
          onClick={() => setDialog({ kind: 'edit', login: r })}
          aria-label={`Change the login for ${r.address}`}
        >
          Change
        </RowButton>
        <RowButton
          danger
          onClick={() => setDialog({ kind: 'remove', login: r })}
          aria-label={`Remove the login for ${r.address}`}
        >
          Remove
        </RowButton>
      </div>
    )),
  ];

  return (
    <Panel
      id="registries"
      titleId="registries-title"
      title={`Registry logins in ${environment.name}`}
      description="Deploys send the login for an image’s registry with each service, so every node can pull private images (as docker stack deploy --with-registry-auth). Passwords and tokens are stored encrypted and never shown again."
      actions={
        <Button icon={<PlusIcon size={16} />} onClick={() => setDialog({ kind: 'add' })}>
          Add registry login
        </Button>
      }
      flush
    >
      <LoadState
        status={entry.status}
        error={entry.error}
        what="registry logins"
        onRetry={() => void refreshRegistries(environment.id)}
        rows={2}
      >
        {logins.length ? (
          <Table label="Registry logins" columns={columns} rows={logins} rowKey={(r) => r.id} />
        ) : (
          <EmptyState compact level={3} icon={<KeyIcon size={20} />} title="No registry logins">
            Images from public registries need none. Add one for a private registry (for example
            registry.example.com:5000, or docker.io for private Docker Hub images).
          </EmptyState>
        )}
      </LoadState>
      {dialog.kind === 'add' ? (
        <RegistryLoginDialog environment={environment} onClose={close} />
      ) : null}
      {dialog.kind === 'edit' ? (
        <RegistryLoginDialog environment={environment} login={dialog.login} onClose={close} />
      ) : null}
      {dialog.kind === 'remove' ? (
        <RemoveRegistryDialog login={dialog.login} onClose={close} />
      ) : null}
    </Panel>
  );
}
