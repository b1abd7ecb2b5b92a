// One stack: its services as cards (scale by dragging), the topology, the compose document (read
// only, with Edit & redeploy through the plan), the history with rollback, and removal.
import { useState } from 'react';
import { Alert } from '../../components/Alert';
import { Badge } from '../../components/Badge';
import { Button, ButtonLink } from '../../components/Button';
import { ArrowLeftIcon, StacksIcon, TrashIcon } from '../../components/Icons';
import { EmptyState } from '../../components/EmptyState';
import { LoadState } from '../../components/LoadState';
import { plural } from '../../lib/format';
import { refreshDetail, useStackDetail } from '../../stores/stacks';
import { TopologyView } from '../topology';
import { Deferred } from '../../components/Deferred';
import { ComposeEditor } from './ComposeEditor';
import { HealthBar } from './HealthBar';
import { HistoryPanel } from './HistoryPanel';
import { LoadBalancersPanel } from './LoadBalancersPanel';
import { RemoveStackDialog } from './RemoveStackDialog';
import { stackHref, type StackTab } from './routes';
import { ServiceCard } from './ServiceCard';
import { StackEditor } from './StackEditor';

const TABS: [StackTab, string][] = [
  ['services', 'Services'],
  ['lbs', 'Load balancers'],
  ['topology', 'Topology'],
  ['compose', 'Compose file'],
  ['history', 'History'],
];

export function StackDetail({
  environmentId,
  environmentName,
  name,
  tab,
}: {
  environmentId: number;
  environmentName: string;
  name: string;
  tab: StackTab;
}) {
  const entry = useStackDetail(environmentId, name);
  // Captured when the dialog opens: the stack disappears from under it while it is removed.
  const [removing, setRemoving] = useState<{ services: number; tasks: number } | null>(null);
  const stack = entry.data;

  if (tab === 'edit' && stack) {
    return (
      <StackEditor
        environmentId={environmentId}
        environmentName={environmentName}
        existing={{ name, compose: stack.compose }}
      />
    );
  }

  return (
    <div className="stack-detail">
      <a className="back-link" href={stackHref()}>
        <ArrowLeftIcon size={14} /> Stacks
      </a>
      {entry.status === 'error' && !stack && entry.errorCode === 'NOT_FOUND' ? (
        <EmptyState
          compact
          icon={<StacksIcon size={24} />}
          title={removing ? `Removing ${name}…` : `${name} isn’t on this Swarm`}
        >
          <p>
            {removing
              ? 'Its services are gone; its networks follow.'
              : 'It was removed, or it was never deployed here.'}
          </p>
        </EmptyState>
      ) : (
        <LoadState
          status={entry.status}
          error={entry.error}
          what={`stack ${name}`}
          onRetry={() => void refreshDetail(environmentId, name)}
        >
          {stack ? (
            <>
              <div className="stack-detail__head">
                <div className="stack-detail__title">
                  <h2 className="stack-detail__name">{stack.name}</h2>
                  <div className="stack-detail__meta">
                    <Badge tone={stack.source === 'drover' ? 'accent' : 'neutral'}>
                      {stack.source === 'drover' ? 'Drover' : 'docker CLI'}
                    </Badge>
                    {stack.version !== null ? (
                      <span className="muted tabular">version {stack.version}</span>
                    ) : null}
                    <span className="muted">{plural(stack.services, 'service')}</span>
                    <HealthBar running={stack.runningTasks} desired={stack.desiredTasks} />
                  </div>
                </div>
                <div className="stack-detail__actions">
                  <ButtonLink href={stackHref(name, 'edit')} variant="secondary">
                    Edit & redeploy
                  </ButtonLink>
                  <Button
                    variant="danger"
                    icon={<TrashIcon size={14} />}
                    onClick={() =>
                      setRemoving({ services: stack.services, tasks: stack.runningTasks })
                    }
                  >
                    Remove…
                  </Button>
                </div>
              </div>
              {stack.composeOrigin === 'rebuilt' ? (
                <Alert tone="info" title="Deployed with the docker CLI">
                  Its compose file was rebuilt from the service specs. Redeploying from Drover keeps
                  it as version 1.
                </Alert>
              ) : null}
              <nav className="tabs" aria-label={`${name} views`}>
                {TABS.map(([id, label]) => (
                  <a
                    key={id}
                    href={stackHref(name, id)}
                    className={`tabs__tab${tab === id ? ' is-current' : ''}`}
                    aria-current={tab === id ? 'page' : undefined}
                  >
                    {label}
                  </a>
                ))}
              </nav>
              {tab === 'services' ? (
                <ul className="service-grid" aria-label={`Services of ${name}`}>
                  {stack.serviceDetails.map((service) => (
                    <li key={service.id}>
                      <ServiceCard environmentId={environmentId} service={service} />
                    </li>
                  ))}
                </ul>
              ) : tab === 'lbs' ? (
                <LoadBalancersPanel
                  environmentId={environmentId}
                  stack={name}
                  compose={stack.compose}
                />
              ) : tab === 'topology' ? (
                <Deferred what="the topology">
                  <TopologyView environmentId={environmentId} stack={name} />
                </Deferred>
              ) : tab === 'compose' ? (
                <div className="stack-compose">
                  <ComposeEditor
                    value={stack.compose}
                    readOnly
                    label={`Compose file of ${name}`}
                    maxHeight={600}
                  />
                </div>
              ) : (
                <HistoryPanel
                  environmentId={environmentId}
                  name={name}
                  currentVersion={stack.version}
                  currentCompose={stack.compose}
                />
              )}
            </>
          ) : null}
        </LoadState>
      )}
      {removing ? (
        <RemoveStackDialog
          environmentId={environmentId}
          name={name}
          services={removing.services}
          tasks={removing.tasks}
          onClose={() => setRemoving(null)}
        />
      ) : null}
    </div>
  );
}
