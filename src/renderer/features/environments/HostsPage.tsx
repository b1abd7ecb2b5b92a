import { useEffect, useState } from 'react';
import { Button } from '../../components/Button';
import { PlusIcon } from '../../components/Icons';
import { LoadState } from '../../components/LoadState';
import { Panel } from '../../components/Panel';
import { plural } from '../../lib/format';
import { useEnvironments } from '../../stores/environments';
import { AddHostWizard, HostsSection, type ConnectionForm } from '../hosts';
import { RegistriesPanel } from '../registries';
import { EnvironmentPage } from '../../components/EnvironmentPage';
import { EnvironmentsPanel } from './EnvironmentsPanel';
import { useEnvironmentScope } from '../../stores/environmentScope';

export function HostsPage({ section }: { section: string | null }) {
  const { environment, hosts, status, error, retry } = useEnvironmentScope();
  // The wizard adds to the environment it was opened for, even if another one is chosen meanwhile.
  const [addingTo, setAddingTo] = useState<number | null>(null);
  const [prefill, setPrefill] = useState<Partial<ConnectionForm> | undefined>();
  const addTarget = useEnvironments((s) => s.items.find((env) => env.id === addingTo));
  const openWizard = (initial?: Partial<ConnectionForm>) => {
    setPrefill(initial);
    setAddingTo(environment?.id ?? null);
  };

  // "#/hosts/environments" (from the environment menu) lands on the environments panel.
  useEffect(() => {
    if (section !== 'environments') return;
    const heading = document.getElementById('environments-title');
    heading?.scrollIntoView({ block: 'start' });
    heading?.focus({ preventScroll: true });
  }, [section]);

  const name = environment?.name ?? '…';
  const connected = hosts.filter((h) => h.state === 'connected').length;

  return (
    <EnvironmentPage
      title="Environments & Hosts"
      description="The Linux hosts of the current environment, and the environments this console manages."
      actions={
        <Button
          variant="primary"
          icon={<PlusIcon size={16} />}
          onClick={() => openWizard()}
          disabled={!environment}
        >
          Add host
        </Button>
      }
    >
      <Panel
        titleId="hosts-title"
        title={`Hosts in ${name}`}
        description={[
          environment?.description,
          hosts.length > 0
            ? `${plural(hosts.length, 'host')} (${connected} connected), together forming ${name}’s Docker Swarm.`
            : null,
        ]
          .filter(Boolean)
          .join(' · ')}
      >
        <LoadState status={status} error={error} what="hosts" onRetry={retry}>
          {environment ? (
            <HostsSection environment={environment} hosts={hosts} onAddHost={openWizard} />
          ) : null}
        </LoadState>
      </Panel>
      {environment ? <RegistriesPanel environment={environment} /> : null}
      <EnvironmentsPanel />
      {addTarget ? (
        <AddHostWizard
          environment={addTarget}
          prefill={prefill}
          onClose={() => setAddingTo(null)}
        />
      ) : null}
    </EnvironmentPage>
  );
}
