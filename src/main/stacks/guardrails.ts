// Deploy guardrails for restricted members (Docker UCP's "Restricted Control"): what a service
// may not ask of the hosts it runs on. Checked on the interpolated document, before anything
// reaches the cluster; each refusal names the service and the field, so its line can be shown.
// Keys Swarm ignores (privileged, devices, pid, ipc) are refused too: the file says what its
// author wants, and a later engine or a `docker compose up` of the same file would honour them.
import path from 'node:path';
import type { ComposeModel, ComposeMount } from './model.js';
import type { Refusal } from './refusal.js';

/** What a restricted member's deploy is checked against. */
export interface DeployGuard {
  /** Host folders bind mounts may come from (the environment's allow-list; empty: none). */
  allowedBindPaths: readonly string[];
}

type Dict = Record<string, unknown>;

/** Sockets that hand out root on the host, wherever the daemon was told to put them. */
const SOCKET_NAMES = new Set(['docker.sock', 'containerd.sock']);
const SOCKET_PATHS = [
  '/run/docker.sock',
  '/var/run/docker.sock',
  '/run/containerd/containerd.sock',
];

/**
 * A host path as the host resolves it: `.`/`..` and repeated slashes folded, and /var/run
 * spelled /run (a symlink to it on every current distribution).
 */
export function hostPath(raw: string): string {
  const normal = path.posix.normalize(path.posix.join('/', raw));
  const trimmed = normal.length > 1 ? normal.replace(/\/+$/, '') : normal;
  return trimmed === '/var/run' || trimmed.startsWith('/var/run/')
    ? `/run${trimmed.slice('/var/run'.length)}`
    : trimmed;
}

const within = (child: string, parent: string) =>
  child === parent || child.startsWith(parent === '/' ? '/' : `${parent}/`);

/** Whether mounting this host path gives the container a Docker (or containerd) socket. */
export function exposesDockerSocket(raw: string): boolean {
  const normal = hostPath(raw);
  if (SOCKET_NAMES.has(path.posix.basename(normal))) return true;
  // The socket itself, or a folder it is in (/run, /var, /).
  return SOCKET_PATHS.some((socket) => within(hostPath(socket), normal) || within(socket, normal));
}

/** Whether a bind source lies in one of the allowed folders (/srv/data allows /srv/data/x, not /srv/database). */
export function bindAllowed(source: string, allowed: readonly string[]): boolean {
  const normal = hostPath(source);
  return allowed.some((folder) => within(normal, hostPath(folder)));
}

const NAMESPACES = [
  ['network_mode', 'the host network'],
  ['pid', "the host's process namespace"],
  ['ipc', "the host's IPC namespace"],
  ['uts', "the host's UTS namespace"],
  ['userns_mode', "the host's user namespace"],
] as const;

/** Every guardrail the document breaks, per service and field. */
export function guardrailRefusals(data: Dict, model: ComposeModel, guard: DeployGuard): Refusal[] {
  const refusals: Refusal[] = [];
  const services = (data.services ?? {}) as Record<string, Dict | null>;
  for (const [name, raw] of Object.entries(services)) {
    const s = raw ?? {};
    const refuse = (field: string, what: string) =>
      refusals.push({
        service: name,
        field,
        message: `${what}: a restricted member may not deploy this`,
      });
    if (s.privileged !== undefined && s.privileged !== false)
      refuse('privileged', 'privileged mode');
    if (listed(s.cap_add)) refuse('cap_add', 'added capabilities');
    if (listed(s.devices)) refuse('devices', 'host devices');
    if (listed(s.device_cgroup_rules)) refuse('device_cgroup_rules', 'device access rules');
    for (const [key, what] of NAMESPACES) {
      if (typeof s[key] === 'string' && s[key] === 'host') refuse(key, what);
    }
    hostNetworks(s, model).forEach((field) => refuse(field, 'the host network'));
    const loaded = model.services.find((x) => x.name === name);
    loaded?.volumes.forEach((mount, index) => {
      const problem = mountProblem(mount, model, guard);
      if (problem) refuse(`volumes.${index}`, problem);
    });
  }
  return refusals;
}

const listed = (value: unknown) =>
  Array.isArray(value) ? value.length > 0 : value !== undefined && value !== null;

/** The service's `networks` entries that are the cluster's `host` network. */
function hostNetworks(s: Dict, model: ComposeModel): string[] {
  const entries = Array.isArray(s.networks)
    ? (s.networks as unknown[]).map((n, index) => [String(n), `networks.${index}`] as const)
    : Object.keys((s.networks ?? {}) as Dict).map((n) => [n, `networks.${n}`] as const);
  return entries
    .filter(([network]) => (model.networks[network]?.name ?? network) === 'host')
    .map(([, field]) => field);
}

/** Why a mount is refused, or undefined. A named volume of the local driver can bind too. */
function mountProblem(
  mount: ComposeMount,
  model: ComposeModel,
  guard: DeployGuard,
): string | undefined {
  if (mount.type === 'npipe') return 'a named pipe of the host';
  let source: string | undefined;
  if (mount.type === 'bind') source = mount.source;
  if (mount.type === 'volume' && mount.source) {
    const opts = model.volumes[mount.source]?.driverOpts ?? {};
    const binds = (opts.o ?? '').split(',').includes('bind') || opts.type === 'none';
    if (binds && opts.device) source = opts.device;
  }
  return source === undefined ? undefined : hostSourceProblem(source, guard);
}

/** Why a host folder may not be mounted, or undefined: the socket never, others if allowed. */
export function hostSourceProblem(source: string, guard: DeployGuard): string | undefined {
  if (exposesDockerSocket(source)) return `a mount of the Docker socket (${source})`;
  if (!bindAllowed(source, guard.allowedBindPaths)) {
    return `a bind mount of ${hostPath(source)}, outside the folders the environment allows`;
  }
  return undefined;
}
