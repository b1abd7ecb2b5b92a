// A load balancer as a stack declares it: the `x-drover-lb` block of a compose service (where it
// runs, port rules in priority order). Read and written here, by the core (validation, convert,
// export) and by the renderer's rules editor alike, so both mean the same by every key.

export type LbProtocol = 'http' | 'tcp';

export interface LbRule {
  /** The port clients connect to on the LB's hosts. */
  listen: number;
  protocol: LbProtocol;
  /** The compose name of the service that receives the traffic. */
  target: string;
  /** The target's container port. */
  port: number;
  /** HTTP only: the request's Host (port stripped), matched case-insensitively. */
  host?: string;
  /** HTTP only: a path prefix (plain prefix: "/api" also matches "/apix"). */
  path?: string;
  /**
   * HTTP only: terminate HTTPS on this listen port with this certificate, a secret of the stack
   * (compose `secrets:`) holding the PEM certificate chain and key. Same for every rule of a port.
   */
  certificate?: string;
}

export type LbHosts = { kind: 'all' } | { kind: 'label'; label: string; value: string };

export interface LoadBalancerSpec {
  /** The compose service name. */
  name: string;
  /** The HAProxy image the file names; unset: the console's LB image setting. */
  image?: string;
  hosts: LbHosts;
  rules: LbRule[];
  /** HTTP stickiness: the cookie HAProxy sets to pin a client to one backend task. */
  stickyCookie?: string;
  /** Port of HAProxy's stats page, published on the LB's hosts beside the rules' ports. */
  statsPort?: number;
}

/** A problem in a block; `path` is relative to the block (e.g. ['rules', 0, 'listen']). */
export interface LbIssue {
  path: (string | number)[];
  message: string;
}

export const LB_KEY = 'x-drover-lb';

/** The LB image setting's default: the official HAProxy image (long-term-support tag). */
export const DEFAULT_LB_IMAGE = 'haproxy:lts';

/** A port HAProxy keeps for itself inside the rules tier (local stats for backend health). */
export const LB_INTERNAL_STATS_PORT = 61936;

export const describeHosts = (hosts: LbHosts): string =>
  hosts.kind === 'all' ? 'all' : `${hosts.label}=${hosts.value}`;

/** The ports a load balancer publishes, ascending, each once (the stats port included). */
export function listenPorts(lb: Pick<LoadBalancerSpec, 'rules' | 'statsPort'>): number[] {
  const ports = new Set(lb.rules.map((r) => r.listen));
  if (lb.statsPort) ports.add(lb.statsPort);
  return [...ports].sort((a, b) => a - b);
}

type Dict = Record<string, unknown>;
const isDict = (v: unknown): v is Dict => !!v && typeof v === 'object' && !Array.isArray(v);

const BLOCK_KEYS = ['hosts', 'rules', 'sticky_cookie', 'stats_port'];
const RULE_KEYS = ['listen', 'protocol', 'target', 'port', 'host', 'path', 'certificate'];
const HOSTNAME = /^(\*\.)?[A-Za-z0-9]([A-Za-z0-9-]{0,62})(\.[A-Za-z0-9]([A-Za-z0-9-]{0,62}))*$/;
const LABEL = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const COOKIE = /^[A-Za-z0-9_-]{1,64}$/;
const PATH = /^\/[A-Za-z0-9._~!$&'()*+,;=:@%/-]*$/;

/** What a block may name: the stack's other (non-LB) services, and its secrets when known. */
export interface LbContext {
  services: ReadonlySet<string>;
  secrets?: ReadonlySet<string>;
}

/**
 * Reads an `x-drover-lb` block. Every problem is returned with its path; the spec only when
 * there is none.
 */
export function parseLbBlock(
  name: string,
  block: unknown,
  image: string | undefined,
  known: LbContext,
): { spec?: LoadBalancerSpec; issues: LbIssue[] } {
  const issues: LbIssue[] = [];
  const fail = (path: LbIssue['path'], message: string) => issues.push({ path, message });
  if (!isDict(block)) {
    fail([], 'a load balancer block is a mapping with "hosts" and "rules"');
    return { issues };
  }
  for (const key of Object.keys(block))
    if (!BLOCK_KEYS.includes(key))
      fail([key], `unknown key "${key}" (known: ${BLOCK_KEYS.join(', ')})`);

  let hosts: LbHosts = { kind: 'all' };
  if (block.hosts !== undefined && block.hosts !== 'all') {
    const text = typeof block.hosts === 'string' ? block.hosts : '';
    const at = text.indexOf('=');
    const label = text.slice(0, at);
    const value = text.slice(at + 1);
    if (at <= 0 || !LABEL.test(label) || !value || /\s/.test(value))
      fail(['hosts'], 'hosts is "all" or a node label as <label>=<value>');
    else hosts = { kind: 'label', label, value };
  }

  const rules: LbRule[] = [];
  if (!Array.isArray(block.rules) || block.rules.length === 0) {
    fail(['rules'], 'rules is a list of at least one {listen, protocol, target, port}');
  } else {
    block.rules.forEach((raw, index) => {
      const rule = parseRule(raw, known, (key, message) =>
        fail(['rules', index, ...(key ? [key] : [])], message),
      );
      if (rule) rules.push(rule);
    });
    if (rules.length === block.rules.length) checkRuleSet(rules, fail);
  }

  const stickyCookie = block.sticky_cookie === undefined ? undefined : String(block.sticky_cookie);
  if (stickyCookie !== undefined && !COOKIE.test(stickyCookie))
    fail(['sticky_cookie'], 'a cookie name of letters, digits, "-" and "_"');
  const statsPort = block.stats_port === undefined ? undefined : Number(block.stats_port);
  if (statsPort !== undefined) {
    if (!validPort(statsPort)) fail(['stats_port'], 'a port number from 1 to 65535');
    else if (rules.some((r) => r.listen === statsPort))
      fail(['stats_port'], `port ${statsPort} is already a rule's listen port`);
  }
  if (issues.length) return { issues };
  return {
    issues,
    spec: {
      name,
      ...(image ? { image } : {}),
      hosts,
      rules,
      ...(stickyCookie ? { stickyCookie } : {}),
      ...(statsPort ? { statsPort } : {}),
    },
  };
}

const validPort = (n: unknown) =>
  Number.isInteger(n) && (n as number) >= 1 && (n as number) <= 65535;

function parseRule(
  raw: unknown,
  known: LbContext,
  fail: (key: string | undefined, message: string) => void,
): LbRule | undefined {
  if (!isDict(raw)) {
    fail(undefined, 'a rule is a mapping {listen, protocol, target, port, host?, path?}');
    return undefined;
  }
  let ok = true;
  const bad = (key: string | undefined, message: string) => {
    ok = false;
    fail(key, message);
  };
  for (const key of Object.keys(raw))
    if (!RULE_KEYS.includes(key)) bad(key, `unknown key "${key}" (known: ${RULE_KEYS.join(', ')})`);
  const listen = raw.listen;
  if (!validPort(listen)) bad('listen', 'listen is a port number from 1 to 65535');
  else if (listen === LB_INTERNAL_STATS_PORT)
    bad('listen', `port ${LB_INTERNAL_STATS_PORT} is kept by the load balancer itself`);
  const protocol = raw.protocol ?? 'http';
  if (protocol !== 'http' && protocol !== 'tcp') bad('protocol', 'protocol is http or tcp');
  const target = typeof raw.target === 'string' ? raw.target : '';
  if (!target) bad('target', 'target names the service that receives the traffic');
  else if (!known.services.has(target))
    bad('target', `target "${target}" is not a service of this stack`);
  if (!validPort(raw.port)) bad('port', "port is the target's container port (1 to 65535)");
  const host = raw.host === undefined || raw.host === null ? undefined : String(raw.host);
  const path = raw.path === undefined || raw.path === null ? undefined : String(raw.path);
  if (protocol === 'tcp' && (host !== undefined || path !== undefined))
    bad(host !== undefined ? 'host' : 'path', 'host and path rules need protocol http');
  if (host !== undefined && !HOSTNAME.test(host))
    bad('host', `"${host}" is not a host name (letters, digits, dots, "-"; may start "*.")`);
  if (path !== undefined && !PATH.test(path))
    bad('path', `"${path}" is not a path prefix (it starts with "/", no spaces)`);
  const certificate =
    raw.certificate === undefined || raw.certificate === null ? undefined : String(raw.certificate);
  if (certificate !== undefined) {
    if (protocol !== 'http') bad('certificate', 'HTTPS termination needs protocol http');
    else if (known.secrets && !known.secrets.has(certificate))
      bad('certificate', `certificate "${certificate}" is not a secret of this file (secrets:)`);
  }
  if (!ok) return undefined;
  return {
    listen: listen as number,
    protocol: protocol as LbProtocol,
    target,
    port: raw.port as number,
    ...(host !== undefined ? { host: host.toLowerCase() } : {}),
    ...(path !== undefined ? { path } : {}),
    ...(certificate !== undefined ? { certificate } : {}),
  };
}

/** Rules that share a listen port must agree and each must be reachable. */
function checkRuleSet(rules: LbRule[], fail: (path: LbIssue['path'], message: string) => void) {
  const byPort = new Map<number, number[]>();
  rules.forEach((r, i) => byPort.set(r.listen, [...(byPort.get(r.listen) ?? []), i]));
  for (const [port, indices] of byPort) {
    const first = rules[indices[0]!]!;
    const seen = new Map<string, number>();
    for (const i of indices) {
      const rule = rules[i]!;
      if (rule.protocol !== first.protocol) {
        fail(
          ['rules', i, 'protocol'],
          `port ${port} is ${first.protocol} in rule ${indices[0]! + 1}`,
        );
        continue;
      }
      if ((rule.certificate ?? '') !== (first.certificate ?? '')) {
        fail(
          ['rules', i, 'certificate'],
          `port ${port} ${first.certificate ? `uses certificate ${first.certificate}` : 'is plain HTTP'} in rule ${indices[0]! + 1}`,
        );
        continue;
      }
      if (rule.protocol === 'tcp' && i !== indices[0]) {
        fail(
          ['rules', i],
          `tcp port ${port} already goes to ${first.target} (rule ${indices[0]! + 1})`,
        );
        continue;
      }
      const key = `${rule.host ?? '*'} ${rule.path ?? '/'}`;
      const shadow = [...seen].find(([k]) => covers(k, key));
      if (shadow) {
        fail(
          ['rules', i],
          `never used: rule ${shadow[1] + 1} already takes every request it would match`,
        );
        continue;
      }
      seen.set(key, i);
    }
  }
}

/** Whether an earlier match "host path" takes every request a later one would. */
function covers(earlier: string, later: string): boolean {
  const [eh, ep] = earlier.split(' ') as [string, string];
  const [lh, lp] = later.split(' ') as [string, string];
  return (eh === '*' || eh === lh) && lp.startsWith(ep);
}

/** The block as it is written in a compose file (export, the rules editor). */
export function lbBlock(spec: LoadBalancerSpec): Dict {
  return {
    hosts: describeHosts(spec.hosts),
    rules: spec.rules.map((r) => ({
      listen: r.listen,
      protocol: r.protocol,
      target: r.target,
      port: r.port,
      ...(r.host ? { host: r.host } : {}),
      ...(r.path ? { path: r.path } : {}),
      ...(r.certificate ? { certificate: r.certificate } : {}),
    })),
    ...(spec.stickyCookie ? { sticky_cookie: spec.stickyCookie } : {}),
    ...(spec.statsPort ? { stats_port: spec.statsPort } : {}),
  };
}
