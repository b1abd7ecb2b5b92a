// Feeds the domain stores: subscribe to the core's events first, then load, and load again after
// the connection comes back (events sent while it was down are lost).
import { api, connection } from '../lib/api';
import { useAlerts } from './alerts';
import { useAppInfo } from './appInfo';
import { useAudit } from './audit';
import { invalidateClusters } from './cluster';
import { invalidateContainers, startContainersSync } from './containers';
import { startMetricsSync } from './metrics';
import { useEnvironments } from './environments';
import { useHosts } from './hosts';
import { invalidateRegistries, startRegistriesSync } from './registries';
import { applyTheme } from '../lib/theme';
import { useSettings } from './settings';
import { invalidateStacks, startStacksSync } from './stacks';

function loadAll(): void {
  void useAppInfo.getState().load();
  void useEnvironments.getState().load();
  void useHosts.getState().load();
  void useSettings.getState().load();
  void useAudit.getState().load();
  void useAlerts.getState().load();
  invalidateClusters();
  invalidateContainers();
  invalidateStacks('all');
  invalidateRegistries();
}

/** Starts keeping the stores in step with the core. Returns a function that stops it. */
export function startSync(): () => void {
  const stops = [
    api.on('env.changed', (items) => {
      useEnvironments.getState().receive(items);
      invalidateClusters();
    }),
    api.on('host.changed', (items) => {
      useHosts.getState().receive(items);
      invalidateClusters();
      invalidateContainers();
    }),
    api.on('audit.appended', (entry) => useAudit.getState().receive(entry)),
    api.on('settings.changed', (settings) => useSettings.getState().receive(settings)),
    api.on('alert.changed', (change) => useAlerts.getState().receive(change)),
    startContainersSync(),
    startMetricsSync(),
    startStacksSync(),
    startRegistriesSync(),
  ];

  // The theme follows the store: the saved one, or the one being saved right now.
  let theme = '';
  const applyCurrentTheme = (): void => {
    const { pendingTheme, settings } = useSettings.getState();
    const next = pendingTheme ?? settings.theme;
    if (next !== theme) {
      theme = next;
      applyTheme(next);
    }
  };
  applyCurrentTheme();
  stops.push(useSettings.subscribe(applyCurrentTheme));

  let generation = connection.get().generation;
  stops.push(
    connection.subscribe(() => {
      const status = connection.get();
      if (status.state === 'connected' && status.generation !== generation) {
        const first = generation === 0;
        generation = status.generation;
        // First open after a failed start, or a reconnect: refetch everything.
        if (!first || hasFailedLoads()) loadAll();
      }
    }),
  );

  loadAll();
  return () => stops.forEach((stop) => stop());
}

function hasFailedLoads(): boolean {
  return [
    useAppInfo.getState().status,
    useEnvironments.getState().status,
    useHosts.getState().status,
    useSettings.getState().status,
    useAudit.getState().status,
    useAlerts.getState().status,
  ].some((status) => status === 'error');
}
