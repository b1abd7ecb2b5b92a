import type { Environment, Host } from '../../shared/types';
import type { LoadStatus } from './status';
import { useCurrentEnvironment, useEnvironments } from './environments';
import { useEnvironmentHosts, useHosts } from './hosts';

export interface EnvironmentScope {
  environment: Environment | undefined;
  hosts: Host[];
  /** Combined first-load status of environments and hosts. */
  status: LoadStatus;
  error: string | null;
  retry(): void;
}

/** The current environment and its hosts, for pages scoped to one environment. */
export function useEnvironmentScope(): EnvironmentScope {
  const environment = useCurrentEnvironment();
  const envStatus = useEnvironments((s) => s.status);
  const envError = useEnvironments((s) => s.error);
  const hostsStatus = useHosts((s) => s.status);
  const hostsError = useHosts((s) => s.error);
  const hosts = useEnvironmentHosts(environment?.id);
  const status: LoadStatus =
    envStatus === 'error' || hostsStatus === 'error'
      ? 'error'
      : envStatus === 'ready' && hostsStatus === 'ready'
        ? 'ready'
        : 'loading';
  return {
    environment,
    hosts,
    status,
    error: envStatus === 'error' ? envError : hostsError,
    retry: () => {
      if (useEnvironments.getState().status === 'error') void useEnvironments.getState().load();
      if (useHosts.getState().status === 'error') void useHosts.getState().load();
    },
  };
}
