// One host's page (`#/hosts/<id>`): its state, facts, live charts, labels, containers by stack and
// service, alerts and actions. A host the console cannot reach says why and shows what it last
// knew, and when.
import { useState } from 'react';
import { Alert } from '../../components/Alert';
import { Badge, StatusDot } from '../../components/Badge';
import { Button } from '../../components/Button';
import { MoreIcon, TagIcon } from '../../components/Icons';
import { LoadState } from '../../components/LoadState';
import { MenuButton } from '../../components/Menu';
import { BackLink } from '../../components/BackLink';
import { PageHeader } from '../../components/PageHeader';
import { Panel } from '../../components/Panel';
import { hrefFor } from '../../lib/router';
import { useClusterSummary } from '../../stores/cluster';
import { useEnvironmentContainers } from '../../stores/containers';
import { useEnvironmentHosts, useHosts } from '../../stores/hosts';
import { useEnvironments } from '../../stores/environments';
import { EmptyState } from '../../components/EmptyState';
import { HostsIcon } from '../../components/Icons';
import { EntityCharts } from '../monitoring';
import { Deferred } from '../../components/Deferred';
import type { Host } from '../../../shared/types';
import { HostAlerts } from './HostAlerts';
import { HostContainers } from './HostContainers';
import { HostDialogs, type OpenHostDialog } from './HostDialogs';
import { HostFacts } from './HostFacts';
import { LabelChips } from './LabelChips';
import { hostAddress, hostStateView, roleView } from './hostView';
import { ActionErrorAlert } from './ActionErrorAlert';
import { useHostActions } from './useHostActions';
import './host-page.css';

export function HostPage({ hostId }: { hostId: number }) {
  const host = useHosts((s) => s.items.find((h) => h.id === hostId));
  const status = useHosts((s) => s.status);
  const error = useHosts((s) => s.error);
  const back = <BackLink href={hrefFor('hosts')}>Hosts</BackLink>;
  return (
    <div className="page host-page">
      <LoadState
        status={status}
        error={error}
        what="hosts"
        onRetry={() => void useHosts.getState().load()}
      >
        {host ? (
          <HostDetail host={host} back={back} />
        ) : (
          <>
            <PageHeader eyebrow={back} title="Host not found" />
            <EmptyState level={2} icon={<HostsIcon size={28} />} title="No such host">
              <p>The console has no host #{hostId}: it may have been removed.</p>
            </EmptyState>
          </>
        )}
      </LoadState>
    </div>
  );
}

function HostDetail({ host: stored, back }: { host: Host; back: React.ReactNode }) {
  const hosts = useEnvironmentHosts(stored.environmentId);
  const cluster = useClusterSummary(stored.environmentId);
  const node = cluster?.summary?.nodes.find((n) => n.hostId === stored.id);
  // The console records availability when it changes it; otherwise the Swarm's word tells.
  const host = { ...stored, availability: stored.availability ?? node?.availability ?? null };
  const environment = useEnvironments((s) => s.items.find((e) => e.id === host.environmentId));
  const containers = useEnvironmentContainers(host.environmentId);
  const [dialog, setDialog] = useState<OpenHostDialog | null>(null);
  const managers = hosts.filter((h) => h.role === 'manager').length;
  const openDialog = (kind: OpenHostDialog['kind'], h: Host) => setDialog({ kind, host: h });
  const { items, busy, actionError, clearError } = useHostActions(host, managers, openDialog);
  const hostStatus = containers.hosts?.find((h) => h.hostId === host.id);
  const state = hostStateView[host.state];

  return (
    <>
      <PageHeader
        eyebrow={back}
        title={host.name}
        description={
          <span className="host-page__summary">
            <StatusDot tone={state.tone} label={state.label} pulse={state.pulse} />
            <span className="mono">{hostAddress(host)}</span>
            <Badge tone={roleView[host.role].tone}>{roleView[host.role].label}</Badge>
            {node?.leader ? <Badge tone="ok">Leader</Badge> : null}
            {host.availability === 'drain' ? <Badge tone="warn">Drained</Badge> : null}
            {environment ? <span className="subtle">in {environment.name}</span> : null}
            {busy ? <span className="subtle">Working…</span> : null}
          </span>
        }
        actions={
          <>
            <Button icon={<TagIcon size={16} />} onClick={() => openDialog('labels', host)}>
              Edit labels
            </Button>
            <MenuButton
              label={`Actions for ${host.name}`}
              icon={<MoreIcon size={18} />}
              items={items}
            />
          </>
        }
      />
      {host.state !== 'connected' ? (
        <Alert tone={host.state === 'connecting' ? 'info' : 'error'} title={`${state.label}`}>
          {host.stateError ?? 'The console has no connection to this host.'} Below is what it last
          knew.
        </Alert>
      ) : null}
      {actionError ? <ActionErrorAlert error={actionError} onDismiss={clearError} /> : null}
      <div className="host-page__columns">
        <Panel title="Facts" titleId="host-facts-title">
          <HostFacts host={host} node={node} containers={hostStatus} />
        </Panel>
        <div className="host-page__side">
          <Panel
            title="Labels"
            titleId="host-labels-title"
            actions={
              <Button size="sm" variant="ghost" onClick={() => openDialog('labels', host)}>
                Edit
              </Button>
            }
          >
            <LabelChips
              host={host}
              empty={
                <p className="muted">No labels. Labels let placement constraints choose hosts.</p>
              }
            />
          </Panel>
          <Panel title="Alerts" titleId="host-alerts-title">
            <HostAlerts host={host} />
          </Panel>
        </div>
      </div>
      <Panel title="Containers" titleId="host-containers-title">
        <HostContainers host={host} />
      </Panel>
      <Panel title="Charts" titleId="host-charts-title">
        <Deferred what="the charts">
          <EntityCharts
            environmentId={host.environmentId}
            entity={{ kind: 'host', id: String(host.id) }}
          />
        </Deferred>
      </Panel>
      <HostDialogs dialog={dialog} hosts={hosts} onClose={() => setDialog(null)} />
    </>
  );
}
