// Private registry logins per environment (no passwords ever arrive here). Loaded for the
// environment a page shows, and again when the core says that environment's logins changed.
import type { RegistryCredential } from '../../shared/types';
import { api } from '../lib/api';
import { watchedResource, type Watched } from './watched';

export const registryLogins = watchedResource<number, RegistryCredential[]>({
  id: String,
  fetch: (environmentId) => api.invoke('registry.list', { environmentId }),
  debounceMs: 0,
  // The panel shows the error (with a retry) in place of a list that may be out of date.
  onError: 'error',
});

/** The logins of one environment, kept fresh while the calling component is mounted. */
export const useRegistryLogins = (environmentId: number): Watched<RegistryCredential[]> =>
  registryLogins.use(environmentId);

export const refreshRegistries = (environmentId: number): Promise<void> =>
  registryLogins.refresh(environmentId);

/** Reloads the environment shown when its logins change. */
export function startRegistriesSync(): () => void {
  return api.on('registry.changed', (environmentId) =>
    registryLogins.invalidate((id) => id === environmentId),
  );
}

/** After a reconnect: every environment shown. */
export function invalidateRegistries(): void {
  registryLogins.invalidate();
}
