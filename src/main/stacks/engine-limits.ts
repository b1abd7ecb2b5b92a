// What the engine would refuse in a converted service, checked before the first object is made:
// SwarmKit validates each service only when it is created (manager/controlapi/service.go), so a
// stack whose second service it refuses is left half applied; the local volume driver refuses
// unknown options only when each task starts (volume/local), so such a service never converges.
import type { Json, ServicePlan } from './convert.js';
import type { Refusal } from './refusal.js';

/** SwarmKit: NanoCPUs and MemoryBytes, when set, at least 0.001 CPU and 4 MiB. */
const MIN_NANO_CPUS = 1e6;
const MIN_MEMORY_BYTES = 4 * 2 ** 20;
/** SwarmKit: health check durations, when set, at least 1 ms. */
const MIN_DURATION_NS = 1e6;
/** The options the local volume driver knows; `o` needs `type` and `device`, which need each other. */
const LOCAL_VOLUME_OPTIONS = ['type', 'o', 'device', 'size'];
const LOCAL_VOLUME_NEEDS: Record<string, string[]> = {
  device: ['type'],
  type: ['device'],
  o: ['device', 'type'],
};

export function engineRefusals(service: ServicePlan): Refusal[] {
  const refusals: Refusal[] = [];
  const refuse = (field: string | null, message: string) =>
    refusals.push({ service: service.base, field, message });
  const template = service.spec.TaskTemplate as Json;
  const container = template.ContainerSpec as Json;
  const resources = (template.Resources ?? {}) as Json;

  for (const kind of ['limits', 'reservations'] as const) {
    const r = (resources[kind === 'limits' ? 'Limits' : 'Reservations'] ?? {}) as Json;
    const nano = Number(r.NanoCPUs ?? 0);
    if (nano && nano < MIN_NANO_CPUS)
      refuse(
        `deploy.resources.${kind}.cpus`,
        `${nano / 1e9} CPU is refused by Swarm ("Must be at least 0.001"): give at least 0.001, or leave it out`,
      );
    const bytes = Number(r.MemoryBytes ?? 0);
    if (bytes && bytes < MIN_MEMORY_BYTES)
      refuse(
        `deploy.resources.${kind}.memory`,
        `${bytes} bytes of memory is refused by Swarm ("Must be at least 4MiB"): give at least 4M, or leave it out`,
      );
  }

  const health = (container.Healthcheck ?? {}) as Json;
  for (const [key, field] of [
    ['Interval', 'interval'],
    ['Timeout', 'timeout'],
    ['StartPeriod', 'start_period'],
  ] as const) {
    const ns = Number(health[key] ?? 0);
    if (ns && ns < MIN_DURATION_NS)
      refuse(`healthcheck.${field}`, `${field} under 1ms is refused by Swarm: give at least 1ms`);
  }

  const mounts = (container.Mounts ?? []) as Json[];
  const targets = mounts.map((m) => String(m.Target));
  const twice = targets.filter((t, i) => targets.indexOf(t) !== i);
  if (twice.length)
    refuse('volumes', `${[...new Set(twice)].join(', ')} is mounted twice; Swarm refuses it`);

  for (const mount of mounts) {
    const driver = ((mount.VolumeOptions as Json | undefined)?.DriverConfig ?? {}) as Json;
    const name = String(driver.Name ?? '') || 'local';
    const options = Object.keys((driver.Options ?? {}) as Json);
    if (name !== 'local' || !options.length) continue;
    const unknown = options.filter((o) => !LOCAL_VOLUME_OPTIONS.includes(o));
    const missing = options.flatMap((o) =>
      (LOCAL_VOLUME_NEEDS[o] ?? [])
        .filter((need) => !options.includes(need))
        .map((n) => `${o} needs ${n}`),
    );
    if (unknown.length || missing.length)
      refuse(
        null,
        `volume ${String(mount.Source)}: the local driver ${unknown.length ? `knows no option ${unknown.join(', ')} (only ${LOCAL_VOLUME_OPTIONS.join(', ')})` : `refuses the options: ${missing.join(', ')}`}; every task would fail to start: fix driver_opts`,
      );
  }

  const endpoint = (service.spec.EndpointSpec ?? {}) as Json;
  const ports = (endpoint.Ports ?? []) as Json[];
  if (endpoint.Mode === 'dnsrr' && ports.some((p) => (p.PublishMode ?? 'ingress') === 'ingress'))
    refuse(
      'ports',
      'a port published in ingress mode cannot be used with endpoint_mode dnsrr (Swarm refuses it): publish it with mode: host',
    );
  const published = ports
    .filter((p) => p.PublishedPort)
    .map((p) => `${String(p.PublishedPort)}/${String(p.Protocol ?? 'tcp')}`);
  const dup = published.filter((p, i) => published.indexOf(p) !== i);
  if (dup.length)
    refuse('ports', `${[...new Set(dup)].join(', ')} is published twice; Swarm refuses it`);
  return refusals;
}
