import { useState } from 'react';
import type { Environment } from '../../../shared/types';
import { Badge } from '../../components/Badge';
import { Button, RowButton } from '../../components/Button';
import { PlusIcon } from '../../components/Icons';
import { LoadState } from '../../components/LoadState';
import { Panel } from '../../components/Panel';
import { actionsColumn, Table, type TableColumn } from '../../components/Table';
import { formatDate, formatNumber } from '../../lib/format';
import { useEnvironments } from '../../stores/environments';
import { MembersDialog } from '../users';
import { BindPathsDialog } from './BindPathsDialog';
import { DeleteEnvironmentDialog, EnvironmentFormDialog } from './EnvironmentDialogs';

type DialogState =
  | { kind: 'none' }
  | { kind: 'create' }
  | { kind: 'edit'; environment: Environment }
  | { kind: 'binds'; environment: Environment }
  | { kind: 'members'; environment: Environment }
  | { kind: 'delete'; environment: Environment };

/** "Manage environments": the list with create, rename/describe and delete. */
export function EnvironmentsPanel() {
  const items = useEnvironments((s) => s.items);
  const currentId = useEnvironments((s) => s.currentId);
  const status = useEnvironments((s) => s.status);
  const error = useEnvironments((s) => s.error);
  const load = useEnvironments((s) => s.load);
  const select = useEnvironments((s) => s.select);
  const [dialog, setDialog] = useState<DialogState>({ kind: 'none' });
  const close = () => setDialog({ kind: 'none' });

  const columns: TableColumn<Environment>[] = [
    {
      id: 'name',
      header: 'Name',
      width: '22%',
      render: (env) => (
        <span className="cell-inline">
          <span className="cell-strong">{env.name}</span>
          {env.id === currentId ? <Badge tone="accent">Current</Badge> : null}
        </span>
      ),
    },
    {
      id: 'description',
      header: 'Description',
      render: (env) =>
        env.description ? (
          <span className="truncate muted" title={env.description}>
            {env.description}
          </span>
        ) : (
          <span className="subtle">No description</span>
        ),
    },
    {
      id: 'hosts',
      header: 'Hosts',
      width: '9%',
      align: 'end',
      render: (env) => formatNumber(env.hostCount),
    },
    {
      id: 'created',
      header: 'Created',
      width: '14%',
      render: (env) => <span className="muted">{formatDate(env.createdAt)}</span>,
    },
    actionsColumn('450px', (env) => (
      <div className="row-actions">
        {env.id !== currentId ? (
          <RowButton onClick={() => select(env.id)} aria-label={`Switch to ${env.name}`}>
            Switch to
          </RowButton>
        ) : null}
        <RowButton
          onClick={() => setDialog({ kind: 'edit', environment: env })}
          aria-label={`Edit ${env.name}`}
        >
          Edit
        </RowButton>
        <RowButton
          onClick={() => setDialog({ kind: 'members', environment: env })}
          aria-label={`Members of ${env.name}`}
        >
          Members
        </RowButton>
        <RowButton
          onClick={() => setDialog({ kind: 'binds', environment: env })}
          aria-label={`Bind mounts allowed in ${env.name}`}
        >
          Bind mounts
        </RowButton>
        <RowButton
          danger
          onClick={() => setDialog({ kind: 'delete', environment: env })}
          aria-label={`Delete ${env.name}`}
        >
          Delete
        </RowButton>
      </div>
    )),
  ];

  return (
    <Panel
      id="environments"
      titleId="environments-title"
      title="Environments"
      description="Each environment is one Docker Swarm with its own hosts and stacks. Keep production and staging apart, or one team’s hosts from another’s."
      actions={
        <Button
          variant="primary"
          icon={<PlusIcon size={16} />}
          onClick={() => setDialog({ kind: 'create' })}
        >
          New environment
        </Button>
      }
      flush
    >
      <LoadState status={status} error={error} what="environments" onRetry={() => void load()}>
        <Table
          label="Environments"
          columns={columns}
          rows={items}
          rowKey={(env) => env.id}
          rowClassName={(env) => (env.id === currentId ? 'is-current' : undefined)}
        />
      </LoadState>
      {dialog.kind === 'create' ? <EnvironmentFormDialog onClose={close} /> : null}
      {dialog.kind === 'edit' ? (
        <EnvironmentFormDialog environment={dialog.environment} onClose={close} />
      ) : null}
      {dialog.kind === 'members' ? (
        <MembersDialog environment={dialog.environment} onClose={close} />
      ) : null}
      {dialog.kind === 'binds' ? (
        <BindPathsDialog environment={dialog.environment} onClose={close} />
      ) : null}
      {dialog.kind === 'delete' ? (
        <DeleteEnvironmentDialog environment={dialog.environment} onClose={close} />
      ) : null}
    </Panel>
  );
}
