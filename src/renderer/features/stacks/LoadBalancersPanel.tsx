// A stack's load balancers: each with where it runs, its two tiers' tasks and its rules in
// priority order with each rule's backend health (refreshed every few seconds). Add and edit
// open the rules editor; its result deploys through the plan like any change of the stack.
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { Host, LoadBalancerInfo } from '../../../shared/types';
import type { LoadBalancerSpec } from '../../../shared/lb';
import { Alert } from '../../components/Alert';
import { Badge } from '../../components/Badge';
import { Button } from '../../components/Button';
import { EmptyState } from '../../components/EmptyState';
import { PlusIcon } from '../../components/Icons';
import { Table, type TableColumn } from '../../components/Table';
import { PortLink } from '../../components/PortLink';
import { api } from '../../lib/api';
import { reachableHost, webUrl } from '../../lib/links';
import { useEnvironmentHosts } from '../../stores/hosts';
import { errorMessage } from '../../lib/errors';
import { invalidateStacks } from '../../stores/stacks';
import { DeployDialog } from './DeployDialog';
import { HealthBar } from './HealthBar';
import { LbEditor } from './LbEditor';
import { readLbs, writeLb } from './lb-compose';

const HEALTH_REFRESH_MS = 5000;

type RuleRow = LoadBalancerInfo['ruleInfo'][number] & { index: number };

export function LoadBalancersPanel({
  environmentId,
  stack,
  compose,
}: {
  environmentId: number;
  stack: string;
  compose: string;
}) {
  const { lbs, targets, secrets } = useMemo(() => readLbs(compose), [compose]);
  const [live, setLive] = useState<LoadBalancerInfo[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [editing, setEditing] = useState<{ lb: LoadBalancerSpec | null } | null>(null);
  const [deploying, setDeploying] = useState<string | null>(null);
  const hosts = useEnvironmentHosts(environmentId);

  const refresh = useCallback(() => {
    api
      .invoke('lb.list', { environmentId, stack })
      .then((found) => {
        setLive(found);
        setError(null);
      })
      .catch((e: unknown) => setError(errorMessage(e)));
  }, [environmentId, stack]);
  useEffect(() => {
    refresh();
    const timer = setInterval(refresh, HEALTH_REFRESH_MS);
    return () => clearInterval(timer);
  }, [refresh]);

  return (
    <div className="lb-panel">
      <div className="lb-panel__actions">
        <Button
          icon={<PlusIcon size={14} />}
          onClick={() => setEditing({ lb: null })}
          disabled={targets.length === 0}
        >
          Add load balancer
        </Button>
      </div>
      {error ? (
        <Alert tone="error" title="Backend health could not be read">
          {error}
        </Alert>
      ) : null}
      {lbs.length === 0 ? (
        <EmptyState compact title="No load balancer in this stack">
          <p>
            A load balancer publishes ports on its hosts and sends each request to a service of the
            stack by port, host name and path. Scaling a service needs no change to it.
          </p>
        </EmptyState>
      ) : (
        lbs.map((lb) => (
          <LbCard
            key={lb.name}
            lb={lb}
            live={live?.find((l) => l.name === lb.name)}
            hosts={hosts}
            onEdit={() => setEditing({ lb })}
          />
        ))
      )}
      {editing ? (
        <LbEditor
          lb={editing.lb}
          others={lbs.filter((l) => l.name !== editing.lb?.name).map((l) => l.name)}
          targets={targets}
          secrets={secrets}
          onClose={() => setEditing(null)}
          onSave={(lb) => {
            setDeploying(writeLb(compose, lb, editing.lb?.name));
            setEditing(null);
          }}
        />
      ) : null}
      {deploying !== null ? (
        <DeployDialog
          environmentId={environmentId}
          name={stack}
          compose={deploying}
          isNew={false}
          onClose={() => setDeploying(null)}
          onDeployed={() => {
            invalidateStacks(environmentId);
            refresh();
          }}
        />
      ) : null}
    </div>
  );
}

function LbCard({
  lb,
  live,
  hosts,
  onEdit,
}: {
  lb: LoadBalancerSpec;
  live: LoadBalancerInfo | undefined;
  hosts: readonly Host[];
  onEdit(): void;
}) {
  // Its listen ports open on a host it is published on, once its edge runs there.
  const edgeRuns = (live?.edge?.running ?? 0) > 0;
  const { hosts: placement } = lb;
  const publishedOn = hosts.filter(
    (h) => placement.kind === 'all' || h.labels[placement.label] === placement.value,
  );
  const listenHost = edgeRuns ? reachableHost(publishedOn) : null;
  const rows: RuleRow[] = lb.rules.map((rule, index) => {
    const info = live?.ruleInfo[index];
    return {
      ...rule,
      host: rule.host ?? null,
      path: rule.path ?? null,
      certificate: rule.certificate ?? null,
      up: info?.up ?? null,
      total: info?.total ?? null,
      servers: info?.servers ?? [],
      index,
    };
  });
  const columns: TableColumn<RuleRow>[] = [
    { id: 'n', header: '#', width: '3rem', render: (r) => r.index + 1 },
    {
      id: 'listen',
      header: 'Listen',
      width: '8rem',
      render: (r) => (
        <span className="mono" title={r.certificate ? `HTTPS with ${r.certificate}` : undefined}>
          {listenHost && r.protocol !== 'tcp' ? (
            <PortLink url={webUrl(listenHost.address, r.listen, Boolean(r.certificate))}>
              {r.listen}/{r.certificate ? 'https' : r.protocol}
            </PortLink>
          ) : (
            <>
              {r.listen}/{r.certificate ? 'https' : r.protocol}
            </>
          )}
        </span>
      ),
    },
    {
      id: 'match',
      header: 'Host and path',
      render: (r) =>
        r.host || r.path ? (
          <span className="mono">
            {r.host ?? '*'}
            {r.path ?? ''}
          </span>
        ) : (
          <span className="muted">any request</span>
        ),
    },
    {
      id: 'target',
      header: 'Target',
      render: (r) => (
        <span className="mono">
          {r.target}:{r.port}
        </span>
      ),
    },
    {
      id: 'health',
      header: 'Backends up',
      width: '11rem',
      render: (r) =>
        r.up === null || r.total === null ? (
          <span className="muted">unknown</span>
        ) : (
          <span
            title={r.servers.map((s) => `${s.address || s.server} ${s.status}`).join('\n')}
            aria-label={`${r.up} of ${r.total} backends up`}
          >
            <HealthBar running={r.up} desired={r.total} />
          </span>
        ),
    },
  ];
  return (
    <section className="lb-card" aria-label={`Load balancer ${lb.name}`}>
      <header className="lb-card__head">
        <div>
          <h3 className="lb-card__name">{lb.name}</h3>
          <div className="lb-card__meta">
            <Badge tone="accent">load balancer</Badge>
            <span className="muted">
              on{' '}
              {lb.hosts.kind === 'all'
                ? 'every host'
                : `hosts with ${lb.hosts.label}=${lb.hosts.value}`}
            </span>
            {live?.edge ? (
              <span className="muted tabular">
                edge {live.edge.running}/{live.edge.desired}
              </span>
            ) : null}
            {live?.rules ? (
              <span className="muted tabular">
                rules {live.rules.running}/{live.rules.desired}
              </span>
            ) : null}
            {lb.stickyCookie ? <span className="muted">sticky ({lb.stickyCookie})</span> : null}
            {lb.statsPort ? <span className="muted">stats on :{lb.statsPort}</span> : null}
          </div>
        </div>
        <Button variant="secondary" onClick={onEdit}>
          Edit rules
        </Button>
      </header>
      {live?.healthError ? (
        <Alert tone="warn" title="Backend health unknown">
          {live.healthError}
        </Alert>
      ) : null}
      <Table label={`Rules of ${lb.name}`} columns={columns} rows={rows} rowKey={(r) => r.index} />
    </section>
  );
}
