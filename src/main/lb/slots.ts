// A scale beyond an LB's backend slots (server-template's fixed count) needs a new rules
// configuration: which LBs of a stack a service has outgrown.
import type Docker from 'dockerode';
import { LABEL_LB, LABEL_LB_SLOTS, LABEL_LB_TIER } from './labels.js';
import { LABEL_NAMESPACE } from '../swarm/labels.js';
import type { RawService } from '../swarm/objects.js';

export async function outgrownLbs(
  docker: Docker,
  stack: string,
  target: string,
  replicas: number,
): Promise<string[]> {
  const services = (await docker.listServices({
    filters: { label: [`${LABEL_NAMESPACE}=${stack}`, `${LABEL_LB_TIER}=rules`] },
  })) as unknown as RawService[];
  return services.flatMap((service) => {
    const labels = service.Spec.Labels ?? {};
    let slots: Record<string, number> = {};
    try {
      slots = JSON.parse(labels[LABEL_LB_SLOTS] ?? '{}') as Record<string, number>;
    } catch {
      // An unreadable label: treated as no slots known, nothing to regenerate for.
    }
    const have = slots[target];
    return have !== undefined && replicas > have ? [labels[LABEL_LB] ?? service.Spec.Name] : [];
  });
}
