// LB configurations are Swarm configs named by content, one per version: after a deploy, those
// no service uses any more (neither its spec nor the previous spec Swarm would roll back to) go.
import type Docker from 'dockerode';
import { LABEL_LB } from './labels.js';
import { LABEL_NAMESPACE } from '../swarm/labels.js';
import type { RawService } from '../swarm/objects.js';

export async function pruneLbConfigs(docker: Docker, stack: string): Promise<string[]> {
  const [configs, services] = await Promise.all([
    docker.listConfigs({
      filters: { label: [`${LABEL_NAMESPACE}=${stack}`, LABEL_LB] },
    }) as unknown as Promise<{ ID: string; Spec: { Name: string } }[]>,
    docker.listServices({
      filters: { label: [`${LABEL_NAMESPACE}=${stack}`] },
    }) as unknown as Promise<(RawService & { PreviousSpec?: RawService['Spec'] })[]>,
  ]);
  const used = new Set<string>();
  for (const service of services) {
    for (const spec of [service.Spec, service.PreviousSpec]) {
      const container = (
        spec?.TaskTemplate as { ContainerSpec?: { Configs?: { ConfigName: string }[] } }
      )?.ContainerSpec;
      for (const ref of container?.Configs ?? []) used.add(ref.ConfigName);
    }
  }
  const removed: string[] = [];
  for (const config of configs) {
    if (used.has(config.Spec.Name)) continue;
    // Swarm refuses while something still uses it; the next deploy tries again.
    const gone = await docker
      .getConfig(config.ID)
      .remove()
      .then(() => true)
      .catch(() => false);
    if (gone) removed.push(config.Spec.Name);
  }
  return removed;
}
