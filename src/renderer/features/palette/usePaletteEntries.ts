// The palette's entries while it is open: the stores the app keeps (hosts, stacks, containers)
// for the current environment, and its services (one service.list when it opens, so services
// scaled to zero are found too). Nothing is watched while it is closed.
import { useEffect, useMemo, useState } from 'react';
import type { StackServiceInfo } from '../../../shared/types';
import { api } from '../../lib/api';
import { useEnvironmentContainers } from '../../stores/containers';
import { useCurrentEnvironment } from '../../stores/environments';
import { useEnvironmentHosts } from '../../stores/hosts';
import { useStackList } from '../../stores/stacks';
import { buildEntries, type PaletteEntry } from './entries';
import type { PageId } from '../../lib/router';

export function usePaletteEntries(
  open: boolean,
  pages: readonly { page: PageId; label: string }[],
): { entries: PaletteEntry[]; environmentId: number | undefined; servicesError: string | null } {
  const environment = useCurrentEnvironment();
  const environmentId = environment?.id;
  const watched = open ? environmentId : undefined;
  const hosts = useEnvironmentHosts(environmentId);
  const stacks = useStackList(watched);
  const containers = useEnvironmentContainers(watched);
  const [services, setServices] = useState<StackServiceInfo[]>([]);
  const [servicesError, setServicesError] = useState<string | null>(null);

  useEffect(() => {
    if (watched === undefined) return;
    let live = true;
    api.invoke('service.list', { environmentId: watched }).then(
      (list) => {
        if (!live) return;
        setServices(list);
        setServicesError(null);
      },
      (error: unknown) => live && setServicesError((error as Error).message),
    );
    return () => {
      live = false;
    };
  }, [watched]);

  const entries = useMemo(
    () =>
      buildEntries({
        pages,
        hosts,
        stacks: stacks.data ?? [],
        services,
        containers: containers.items ?? [],
      }),
    [pages, hosts, stacks.data, services, containers.items],
  );
  return { entries, environmentId, servicesError };
}
