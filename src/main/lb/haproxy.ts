// The HAProxy configurations of a load balancer's two tiers, as pure text (see lb/convert.ts for
// why two): the edge forwards each listen port over TCP (PROXY protocol v2) to the rules tier's
// tasks; the rules tier holds the HTTP/TCP rules. Both find their peers through Swarm's DNS
// (`server-template` over `tasks.<service>`, resolvers on 127.0.0.11), so tasks coming and going
// need no new configuration, and both health-check them.
import {
  LB_INTERNAL_STATS_PORT,
  listenPorts,
  type LbRule,
  type LoadBalancerSpec,
} from '../../shared/lb.js';

/** Seconds HAProxy keeps serving open connections after a soft stop (SIGUSR1) at most. */
export const SOFT_STOP_SECONDS = 25;

/** Swarm's DNS, re-asked every second: a task that starts or ends is known within ~1-2 s. */
const RESOLVERS = [
  'resolvers swarm',
  '  nameserver dns 127.0.0.11:53',
  '  accepted_payload_size 8192',
  '  resolve_retries 3',
  '  timeout resolve 1s',
  '  timeout retry 1s',
  '  hold valid 1s',
  '  hold other 1s',
  '  hold refused 1s',
  '  hold nx 1s',
  '  hold timeout 1s',
  '  hold obsolete 1s',
];

const GLOBAL = [
  'global',
  // The console reads backend health here ("show stat"), from inside the task: never published.
  `  stats socket ipv4@127.0.0.1:${LB_INTERNAL_STATS_PORT} level user`,
  `  hard-stop-after ${SOFT_STOP_SECONDS}s`,
  // Logs go to the container's stdout, where `drover logs` reads them.
  '  log stdout format raw local0 notice',
];

/**
 * Connection failures (a task that just stopped, a container gone) are retried on another
 * server, so they cost the client a short delay instead of an error; checks every second take a
 * dead server out after two misses.
 */
const DEFAULTS = (mode: 'tcp' | 'http') => [
  'defaults',
  `  mode ${mode}`,
  '  log global',
  '  timeout connect 1s',
  '  timeout client 60s',
  '  timeout server 60s',
  ...(mode === 'http' ? ['  timeout http-request 10s', '  timeout http-keep-alive 10s'] : []),
  '  retries 3',
  '  option redispatch 1',
  '  default-server init-addr none resolvers swarm resolve-prefer ipv4 check inter 1s fall 2 rise 1',
];

/** Backend slots per `server-template`: generous, so scaling the target needs no new config. */
export function serverSlots(replicas: number | undefined): number {
  return Math.max(32, 2 * (replicas ?? 0));
}

export interface EdgeOptions {
  /** Swarm name of the rules tier's service (<stack>_<lb>-rules). */
  rulesService: string;
  /** Slots for rules-tier tasks. */
  slots: number;
}

/**
 * The edge: one TCP forward per listen port. It depends only on the set of ports, so a change of
 * rules leaves it (and the host ports it holds) untouched.
 */
export function edgeConfig(lb: LoadBalancerSpec, options: EdgeOptions): string {
  const lines = [...GLOBAL, '', ...RESOLVERS, '', ...DEFAULTS('tcp')];
  for (const port of listenPorts(lb)) {
    lines.push(
      '',
      `frontend listen_${port}`,
      `  bind :${port}`,
      `  default_backend rules_${port}`,
      '',
      `backend rules_${port}`,
      `  server-template rules ${options.slots} tasks.${options.rulesService}:${port} send-proxy-v2`,
    );
  }
  return `${lines.join('\n')}\n`;
}

export interface RulesOptions {
  stack: string;
  /** Slots per target service (by compose name). */
  slots: (target: string) => number;
}

/** The rules tier: frontends per listen port (PROXY protocol from the edge), a backend per rule. */
export function rulesConfig(lb: LoadBalancerSpec, options: RulesOptions): string {
  const lines = [...GLOBAL, '', ...RESOLVERS, '', ...DEFAULTS('http')];
  const ports = [...new Set(lb.rules.map((r) => r.listen))].sort((a, b) => a - b);
  for (const port of ports) {
    const rules = lb.rules
      .map((rule, index) => ({ rule, index }))
      .filter(({ rule }) => rule.listen === port);
    const { protocol: mode, certificate } = rules[0]!.rule;
    const tls = certificate ? ` ssl crt ${certificatePath(certificate)}` : '';
    lines.push('', `frontend port_${port}`, `  mode ${mode}`, `  bind :${port} accept-proxy${tls}`);
    if (mode === 'http') lines.push('  option forwardfor');
    if (certificate) lines.push('  http-request set-header X-Forwarded-Proto https');
    for (const { rule, index } of rules) {
      const condition = matchCondition(rule);
      lines.push(`  use_backend ${backendName(index, rule)}${condition ? ` if ${condition}` : ''}`);
    }
  }
  lb.rules.forEach((rule, index) => {
    lines.push(
      '',
      `backend ${backendName(index, rule)}`,
      `  mode ${rule.protocol}`,
      '  balance roundrobin',
    );
    if (rule.protocol === 'http' && lb.stickyCookie)
      lines.push(
        // The cookie is a hash of the key and the backend's address, so both rules-tier replicas
        // (the edge spreads a client's requests over them) name a backend alike.
        `  cookie ${lb.stickyCookie} insert indirect nocache dynamic`,
        `  dynamic-cookie-key ${options.stack}-${lb.name}`,
        // A session moves only when its backend is gone, never because it was slow to accept:
        // a burst of one session's requests can fill the backend's accept queue, and a dropped
        // SYN then outlasts the 1 s connect timeout (measured on the lab: 15 parallel requests
        // to an nc backend with a backlog of 2; DEFAULTS' redispatch on every retry moved 9-11
        // of them, and 1 of 90 still moved after 3 retries to the same backend). Six retries of
        // 1 s go to the same backend; only the last moves elsewhere, so a backend that died costs
        // each of its sessions one slow request (~7 s), then the new cookie pins it anew.
        '  retries 6',
        '  option redispatch -1',
        // Each replica checks the backends on its own: under load one may miss two checks of a
        // backend the other still has up. Persist sends the session to it anyway.
        '  option persist',
      );
    lines.push(
      `  server-template ${rule.target} ${options.slots(rule.target)} tasks.${options.stack}_${rule.target}:${rule.port}`,
    );
  });
  if (lb.statsPort)
    lines.push(
      '',
      'frontend stats_page',
      '  mode http',
      `  bind :${lb.statsPort} accept-proxy`,
      '  stats enable',
      '  stats uri /',
      '  stats refresh 5s',
    );
  return `${lines.join('\n')}\n`;
}

/** Where the rules tier finds a certificate (the secret mounted under /run/secrets). */
export const certificateFile = (secret: string) => `drover-lb-${secret}.pem`;
const certificatePath = (secret: string) => `/run/secrets/${certificateFile(secret)}`;

/** rule<N>_<target>_<port>: the stats CSV names rules this way (lb/health.ts reads it back). */
export function backendName(index: number, rule: LbRule): string {
  return `rule${index + 1}_${rule.target}_${rule.port}`;
}

function matchCondition(rule: LbRule): string {
  const parts: string[] = [];
  if (rule.host) {
    parts.push(
      rule.host.startsWith('*.')
        ? `{ req.hdr(host),field(1,:) -i -m end ${rule.host.slice(1)} }`
        : `{ req.hdr(host),field(1,:) -i ${rule.host} }`,
    );
  }
  if (rule.path && rule.path !== '/') parts.push(`{ path_beg ${rule.path} }`);
  return parts.join(' ');
}
