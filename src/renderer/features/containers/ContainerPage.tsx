// One container's page (`#/containers/<host>~<id>[~logs|~shell]`): its inspect in readable form,
// and its logs and a shell as tabs. The state comes live from the containers store; the inspect
// is read again when that state changes.
import { lazy, Suspense } from 'react';
import { Alert } from '../../components/Alert';
import { StatusDot } from '../../components/Badge';
import { BackLink } from '../../components/BackLink';
import { PageHeader } from '../../components/PageHeader';
import { Spinner } from '../../components/Spinner';
import { containerHref, hostHref, hrefFor, type ContainerTab } from '../../lib/router';
import { useEnvironmentContainers } from '../../stores/containers';
import { useHosts } from '../../stores/hosts';
import { stackHref } from '../stacks';
import { ContainerDetailsView } from './ContainerDetailsView';
import { stateLabel, stateTone } from './containerView';
import { LogPanel } from './LogPanel';
import { useContainerDetails } from './useContainerDetails';
import './container-page.css';

const ShellPanel = lazy(() => import('./ShellPanel').then((m) => ({ default: m.ShellPanel })));

const TABS: [ContainerTab, string][] = [
  ['details', 'Details'],
  ['logs', 'Logs'],
  ['shell', 'Shell'],
];

export function ContainerPage({
  hostId,
  containerId,
  tab,
}: {
  hostId: number;
  containerId: string;
  tab: ContainerTab;
}) {
  const host = useHosts((s) => s.items.find((h) => h.id === hostId));
  const hostsStatus = useHosts((s) => s.status);
  const environmentId = host?.environmentId;
  const entry = useEnvironmentContainers(environmentId);
  const summary = entry.items?.find(
    (c) => c.hostId === hostId && (c.id === containerId || c.id.startsWith(containerId)),
  );
  const { details, error, gone } = useContainerDetails(environmentId, hostId, containerId, summary);
  const name = summary?.name ?? details?.name ?? containerId.slice(0, 12);
  const state = summary?.state ?? details?.state;
  const stack = summary?.stack ?? details?.stack ?? null;
  const service = summary?.service ?? details?.service ?? null;
  const hostStatus = entry.hosts?.find((h) => h.hostId === hostId);
  const running = state === 'running';

  return (
    <div className="page page--fill container-page">
      <PageHeader
        eyebrow={<BackLink href={hrefFor('containers')}>Containers</BackLink>}
        title={<span className="mono">{name}</span>}
        description={
          <span className="container-page__summary">
            {state ? <StatusDot tone={stateTone[state]} label={stateLabel[state]} /> : null}
            {host ? (
              <span>
                on <a href={hostHref(host.id)}>{host.name}</a>
              </span>
            ) : null}
            {stack ? (
              <span>
                stack <a href={stackHref(stack)}>{stack}</a>
              </span>
            ) : null}
            {service ? <span className="mono subtle">{service}</span> : null}
          </span>
        }
      />
      {!host && hostsStatus === 'ready' ? (
        <Alert title="No such host">The console has no host #{hostId}.</Alert>
      ) : null}
      {hostStatus?.state === 'unknown' ? (
        <Alert tone="warn" title={`${hostStatus.hostName} is not followed live`}>
          {hostStatus.error ?? 'Its state is unknown.'} What is shown is the last answer.
        </Alert>
      ) : null}
      {gone ? (
        <Alert title="This container no longer exists">
          Docker on {host?.name ?? `host #${hostId}`} has no container {containerId.slice(0, 12)}:
          it was removed. Its logs and shell are gone with it.
        </Alert>
      ) : error ? (
        <Alert tone={details ? 'warn' : 'error'} title="Couldn’t read the container">
          {error}
          {details ? ' What is shown is the last answer.' : ''}
        </Alert>
      ) : null}
      <nav className="tabs" aria-label={`${name} views`}>
        {TABS.map(([id, label]) => (
          <a
            key={id}
            href={containerHref(hostId, containerId, id)}
            className={`tabs__tab${tab === id ? ' is-current' : ''}`}
            aria-current={tab === id ? 'page' : undefined}
          >
            {label}
          </a>
        ))}
      </nav>
      {tab === 'details' ? (
        details ? (
          <ContainerDetailsView details={details} host={host} />
        ) : !error ? (
          <p className="inline-status muted">
            <Spinner size={14} /> Reading the container…
          </p>
        ) : null
      ) : environmentId === undefined ? null : tab === 'logs' ? (
        <div className="container-page__stream">
          <LogPanel
            target={{
              kind: 'container',
              environmentId,
              hostId,
              containerId,
              name,
              hostName: host?.name,
            }}
            onClose={() => (window.location.hash = containerHref(hostId, containerId))}
          />
        </div>
      ) : running ? (
        <div className="container-page__stream">
          <Suspense
            fallback={
              <div className="dock-panel dock-panel--loading">
                <Spinner size={16} /> Loading the terminal…
              </div>
            }
          >
            <ShellPanel
              target={{ environmentId, hostId, containerId, name, hostName: host?.name }}
              onClose={() => (window.location.hash = containerHref(hostId, containerId))}
            />
          </Suspense>
        </div>
      ) : (
        <p className="muted">
          A shell needs a running container
          {state ? `; this one is ${stateLabel[state].toLowerCase()}` : ''}.
        </p>
      )}
    </div>
  );
}
