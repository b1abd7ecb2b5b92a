import { useCallback, useEffect, useState } from 'react';
import type { ApiTokenInfo, CreatedApiToken } from '../../../shared/types';
import { Alert } from '../../components/Alert';
import { Badge } from '../../components/Badge';
import { Button, RowButton } from '../../components/Button';
import { PlusIcon } from '../../components/Icons';
import { Panel } from '../../components/Panel';
import { actionsColumn, Table, type TableColumn } from '../../components/Table';
import { api } from '../../lib/api';
import { errorMessage } from '../../lib/errors';
import { formatDate } from '../../lib/format';
import { toast } from '../../stores/toasts';
import { CreateTokenDialog, ShowTokenDialog } from './TokenDialogs';

type Me = { name: string; user: boolean; siteAdmin: boolean };

const when = (at: string | null, none: string) =>
  at ? formatDate(at) : <span className="subtle">{none}</span>;

/** API tokens: a user's own (a site admin and the local admin see everyone's). */
export function TokensPanel() {
  const [me, setMe] = useState<Me | null>(null);
  const [tokens, setTokens] = useState<ApiTokenInfo[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<CreatedApiToken | null>(null);

  const load = useCallback(() => {
    Promise.all([api.invoke('access.me', {}), api.invoke('token.list', {})]).then(
      ([who, list]) => {
        setMe(who);
        setTokens(list);
        setError(null);
      },
      (e: unknown) => setError(errorMessage(e)),
    );
  }, []);
  useEffect(load, [load]);

  const revoke = async (token: ApiTokenInfo) => {
    try {
      await api.invoke('token.revoke', { id: token.id });
      toast({ tone: 'ok', title: `Token #${token.id} revoked` });
      load();
    } catch (e) {
      toast({ tone: 'error', title: 'Couldn’t revoke the token', body: errorMessage(e) });
    }
  };

  const columns: TableColumn<ApiTokenInfo>[] = [
    {
      id: 'name',
      header: 'Token',
      render: (t) => (
        <span className="cell-inline">
          <span className="cell-strong">#{t.id}</span>
          <span>{t.name || <span className="subtle">unnamed</span>}</span>
          {t.revokedAt ? <Badge tone="error">Revoked</Badge> : null}
        </span>
      ),
    },
    { id: 'user', header: 'User', width: '12%', render: (t) => t.user },
    {
      id: 'limits',
      header: 'At most',
      width: '12%',
      render: (t) => t.roleCeiling ?? <span className="subtle">own roles</span>,
    },
    { id: 'expires', header: 'Expires', width: '13%', render: (t) => when(t.expiresAt, 'never') },
    { id: 'used', header: 'Last used', width: '13%', render: (t) => when(t.lastUsedAt, 'never') },
    actionsColumn('110px', (t) =>
      t.revokedAt ? null : (
        <RowButton danger onClick={() => void revoke(t)} aria-label={`Revoke token #${t.id}`}>
          Revoke
        </RowButton>
      ),
    ),
  ];

  return (
    <Panel
      id="tokens"
      titleId="tokens-title"
      title={me?.user ? 'My API tokens' : 'API tokens'}
      description="For scripts and CI, sent as Authorization: Bearer drv_… A token carries at most its user’s rights; revoking it ends its use at once."
      actions={
        <Button
          variant="primary"
          icon={<PlusIcon size={16} />}
          disabled={!me}
          onClick={() => setCreating(true)}
        >
          New token
        </Button>
      }
      flush
    >
      {error ? <Alert title="Couldn’t load the tokens">{error}</Alert> : null}
      {tokens && tokens.length === 0 ? <p className="muted inline-status">No API tokens.</p> : null}
      {tokens && tokens.length > 0 ? (
        <Table label="API tokens" columns={columns} rows={tokens} rowKey={(t) => t.id} />
      ) : null}
      {creating && me ? (
        <CreateTokenDialog
          me={me}
          onClose={() => setCreating(false)}
          onCreated={(made) => {
            setCreating(false);
            setCreated(made);
            load();
          }}
        />
      ) : null}
      {created ? <ShowTokenDialog created={created} onClose={() => setCreated(null)} /> : null}
    </Panel>
  );
}
