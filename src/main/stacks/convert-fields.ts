// Swarm service-spec fields made from compose values, each the way docker/cli's convert package
// makes it (cli/compose/convert/service.go): health checks, mounts, restart and update policies,
// service modes, capabilities, and the omitempty rules every field follows.
import type { ComposeMount, ComposeModel, ComposeService, UpdateSettings } from './model.js';
import type { Json } from './convert.js';
import { LABEL_NAMESPACE, scope } from '../swarm/labels.js';
import { RESTART_DELAY_NS } from '../swarm/defaults.js';

export const withStackLabel = (stack: string, labels: Record<string, string> = {}) => ({
  ...labels,
  [LABEL_NAMESPACE]: stack,
});

/** Drops undefined members, as Go's omitempty leaves them out of the request. */
export function compact<T extends Json>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

export const nonEmpty = <T>(list: T[] | undefined): T[] | undefined =>
  list && list.length ? list : undefined;

/**
 * cap_add/cap_drop as docker's EffectiveCapAddCapDrop makes them: upper case with a CAP_ prefix
 * (ALL stays ALL and trumps the rest), what is added is not dropped, sorted, no duplicates.
 */
export function capabilities(add: string[], drop: string[]): Json {
  const normalize = (cap: string) => {
    const upper = cap.trim().toUpperCase();
    return upper === 'ALL' || upper === 'RESET' || upper.startsWith('CAP_')
      ? upper
      : `CAP_${upper}`;
  };
  const set = (caps: string[]) => {
    const normalized = new Set(caps.map(normalize));
    return normalized.has('ALL') ? new Set(['ALL']) : normalized;
  };
  const added = set(add);
  const dropped = [...set(drop)].filter((cap) => !added.has(cap));
  return compact({
    CapabilityAdd: nonEmpty([...added].sort(byteOrder)),
    CapabilityDrop: nonEmpty(dropped.sort(byteOrder)),
  });
}

export const byteOrder = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export function isUserDefined(network: string): boolean {
  return (
    !['default', 'bridge', 'host', 'none'].includes(network) && !network.startsWith('container:')
  );
}

export function healthcheck(h: ComposeService['healthcheck']): Json | undefined {
  if (!h) return undefined;
  if (h.disable) {
    if (h.test?.length) throw new Error("test and disable can't be set at the same time");
    return { Test: ['NONE'] };
  }
  return compact({
    Test: h.test,
    Interval: h.interval || undefined,
    Timeout: h.timeout || undefined,
    StartPeriod: h.startPeriod || undefined,
    StartInterval: h.startInterval || undefined,
    Retries: h.retries || undefined,
  });
}

export function mount(stack: string, m: ComposeMount, model: ComposeModel): Json {
  const base = compact({
    Type: m.type,
    Target: m.target,
    ReadOnly: m.readOnly || undefined,
    Source: m.source || undefined,
    Consistency: m.consistency,
  });
  if (m.type === 'volume') {
    if (!m.source) return base;
    const volume = model.volumes[m.source];
    const source = volume?.name ?? scope(stack, m.source);
    const volumeOptions: Json = compact({ NoCopy: m.volume?.nocopy || undefined });
    if (volume && !volume.external) {
      volumeOptions.Labels = withStackLabel(stack, volume.labels);
      if (volume.driver || volume.driverOpts) {
        volumeOptions.DriverConfig = compact({ Name: volume.driver, Options: volume.driverOpts });
      }
    }
    return { ...base, Source: source, VolumeOptions: volumeOptions };
  }
  if ((m.type === 'bind' || m.type === 'npipe') && m.bind) {
    return { ...base, BindOptions: compact({ Propagation: m.bind.propagation }) };
  }
  if (m.type === 'tmpfs' && m.tmpfs)
    return { ...base, TmpfsOptions: compact({ SizeBytes: m.tmpfs.size }) };
  return base;
}

/** deploy.restart_policy, else the legacy `restart`, as docker reads them; Drover's delay default. */
export function restartPolicy(s: ComposeService): Json | undefined {
  const policy = s.deploy.restartPolicy;
  if (policy) {
    return compact({
      Condition: policy.condition ?? '',
      Delay: policy.delay ?? RESTART_DELAY_NS,
      MaxAttempts: policy.maxAttempts,
      Window: policy.window,
    });
  }
  const legacy = s.restart;
  if (legacy) {
    const [kind, count] = legacy.split(':');
    const attempts = count ? Number(count) : 0;
    if (kind === 'no' || kind === '') return { Condition: 'any', Delay: RESTART_DELAY_NS };
    const condition =
      kind === 'always' || kind === 'unless-stopped'
        ? 'any'
        : kind === 'on-failure'
          ? 'on-failure'
          : null;
    if (!condition) throw new Error(`invalid restart policy: unknown policy '${kind}'`);
    return compact({
      Condition: condition,
      Delay: RESTART_DELAY_NS,
      MaxAttempts: attempts > 0 ? attempts : undefined,
    });
  }
  // Swarm would default to condition any, 5 s delay, unlimited attempts: only the delay changes.
  return { Condition: 'any', Delay: RESTART_DELAY_NS, MaxAttempts: 0 };
}

export function updateConfig(u: UpdateSettings | undefined): Json | undefined {
  if (!u) return undefined;
  return {
    Parallelism: u.parallelism ?? 1,
    Delay: u.delay ?? 0,
    FailureAction: u.failureAction ?? '',
    Monitor: u.monitor ?? 0,
    MaxFailureRatio: u.maxFailureRatio ?? 0,
    Order: u.order ?? '',
  };
}

export function serviceMode(
  mode: ComposeService['deploy']['mode'],
  replicas: number | undefined,
): Json {
  switch (mode) {
    case 'global':
      return { Global: {} };
    case 'global-job':
      return { GlobalJob: {} };
    case 'replicated-job':
      return { ReplicatedJob: compact({ MaxConcurrent: replicas, TotalCompletions: replicas }) };
    default:
      return { Replicated: compact({ Replicas: replicas }) };
  }
}
