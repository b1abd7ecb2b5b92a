// A load balancer → the Swarm objects that run it. Two services per LB, because Swarm cannot
// roll a service with host-mode ports start-first (the new task on a node waits for the port the
// old one holds: moby/moby#36934), and without IPVS there is no ingress mode to fall back on:
//  - the edge (<stack>_<lb>): global on the LB's hosts, host-mode ports, HAProxy in TCP mode
//    forwarding each port to the rules tier. Its configuration depends only on the set of
//    ports, so it is replaced (stop-first, a short gap on each host) only when ports change.
//  - the rules tier (<stack>_<lb>-rules): replicated, no published ports, the actual rules.
//    Rolled start-first and stopped with SIGUSR1 (HAProxy's soft stop: it stops accepting,
//    finishes what it serves); the edge retries a refused connection on another rules task,
//    so a rule change refuses nothing.
// Each configuration is a Swarm config named by its content's digest (configs are immutable).
import crypto from 'node:crypto';
import { listenPorts, type LoadBalancerSpec } from '../../shared/lb.js';
import type { FileObjectPlan, Json, ServicePlan } from '../stacks/convert.js';
import type { ComposeModel } from '../stacks/model.js';
import {
  certificateFile,
  edgeConfig,
  rulesConfig,
  serverSlots,
  SOFT_STOP_SECONDS,
} from './haproxy.js';
import {
  edgeServiceName,
  HAPROXY_CONFIG_PATH,
  LABEL_LB,
  LABEL_LB_SLOTS,
  LABEL_LB_SPEC,
  LABEL_LB_TIER,
  rulesServiceName,
  type LbTier,
} from './labels.js';
import { LABEL_IMAGE, LABEL_NAMESPACE, scope } from '../swarm/labels.js';
import { RESTART_DELAY_NS } from '../swarm/defaults.js';

/** Rules-tier tasks: two, so one always serves while the other is replaced. */
export const RULES_REPLICAS = 2;

const SECOND = 1_000_000_000;

export interface LbObjects {
  services: ServicePlan[];
  configs: FileObjectPlan[];
}

export function convertLoadBalancer(
  stack: string,
  lb: LoadBalancerSpec,
  model: ComposeModel,
  defaultImage: string,
): LbObjects {
  const image = lb.image ?? defaultImage;
  const replicas = new Map(model.services.map((s) => [s.name, s.deploy.replicas]));
  const slots = Object.fromEntries(
    lb.rules.map((r) => [r.target, serverSlots(replicas.get(r.target))]),
  );
  const rulesText = rulesConfig(lb, { stack, slots: (target) => slots[target] ?? serverSlots(0) });
  const rulesService = rulesServiceName(stack, lb.name);
  const edgeText = edgeConfig(lb, { rulesService, slots: serverSlots(RULES_REPLICAS) });
  const rulesFile = configPlan(stack, lb.name, 'rules', rulesText);
  const edgeFile = configPlan(stack, lb.name, 'edge', edgeText);

  // The LB joins every network its targets are on, so `tasks.<target>` resolves from it.
  const networks = new Set<string>();
  for (const rule of lb.rules) {
    const target = model.services.find((s) => s.name === rule.target);
    const names = Object.keys(target?.networks ?? {});
    for (const name of names.length ? names : ['default'])
      networks.add(model.networks[name]?.name ?? scope(stack, name));
  }
  const attachments = [...networks].sort().map((Target) => ({ Target }));

  const common = (tier: LbTier, file: FileObjectPlan, extraLabels: Record<string, string>) => ({
    Labels: {
      [LABEL_NAMESPACE]: stack,
      [LABEL_IMAGE]: image,
      [LABEL_LB]: lb.name,
      [LABEL_LB_TIER]: tier,
      ...extraLabels,
    },
    TaskTemplate: {
      ContainerSpec: {
        Image: image,
        Labels: { [LABEL_NAMESPACE]: stack },
        // The official image runs HAProxy as an unprivileged user: let it bind ports below 1024.
        Sysctls: { 'net.ipv4.ip_unprivileged_port_start': '0' },
        StopSignal: 'SIGUSR1',
        StopGracePeriod: (SOFT_STOP_SECONDS + 5) * SECOND,
        Configs: [
          {
            File: { Name: HAPROXY_CONFIG_PATH, UID: '0', GID: '0', Mode: 0o444 },
            ConfigName: file.name,
          },
        ],
        Privileges: { CredentialSpec: null, SELinuxContext: null },
      },
      Resources: {},
      RestartPolicy: { Condition: 'any', Delay: RESTART_DELAY_NS, MaxAttempts: 0 },
      Placement:
        lb.hosts.kind === 'label' && tier === 'edge'
          ? { Constraints: [`node.labels.${lb.hosts.label}==${lb.hosts.value}`] }
          : {},
      Networks: attachments,
    },
  });

  const edge: Json = {
    Name: edgeServiceName(stack, lb.name),
    ...common('edge', edgeFile, {}),
    EndpointSpec: {
      Mode: 'dnsrr',
      Ports: listenPorts(lb).map((port) => ({
        Protocol: 'tcp',
        TargetPort: port,
        PublishedPort: port,
        PublishMode: 'host',
      })),
    },
    Mode: { Global: {} },
    // Host ports cannot be held twice on a node: the edge can only be replaced stop-first.
    UpdateConfig: update('stop-first', 0),
  };
  const rulesCommon = common('rules', rulesFile, {
    [LABEL_LB_SPEC]: JSON.stringify(lb),
    [LABEL_LB_SLOTS]: JSON.stringify(slots),
  });
  // HTTPS certificates: the stack's secrets, readable by HAProxy's unprivileged user.
  const certificates = [
    ...new Set(lb.rules.flatMap((r) => (r.certificate ? [r.certificate] : []))),
  ];
  if (certificates.length)
    (rulesCommon.TaskTemplate.ContainerSpec as Json).Secrets = certificates
      .sort()
      .map((secret) => ({
        File: { Name: certificateFile(secret), UID: '0', GID: '0', Mode: 0o444 },
        SecretName: model.secrets[secret]?.name ?? scope(stack, secret),
      }));
  const rules: Json = {
    Name: rulesService,
    ...rulesCommon,
    EndpointSpec: { Mode: 'dnsrr' },
    Mode: { Replicated: { Replicas: RULES_REPLICAS } },
    // The delay lets every edge learn the new task (DNS, ~1-2 s) before the next one goes.
    UpdateConfig: update('start-first', 4 * SECOND),
  };
  return {
    services: [
      { base: lb.name, name: String(edge.Name), image, spec: edge },
      { base: `${lb.name}-rules`, name: rulesService, image, spec: rules },
    ],
    configs: [edgeFile, rulesFile],
  };
}

const update = (order: string, delay: number) => ({
  Parallelism: 1,
  Delay: delay,
  FailureAction: 'rollback',
  Monitor: 5 * SECOND,
  MaxFailureRatio: 0,
  Order: order,
});

function configPlan(stack: string, lb: string, tier: LbTier, text: string): FileObjectPlan {
  const digest = crypto.createHash('sha256').update(text).digest('hex').slice(0, 10);
  return {
    name: `${scope(stack, lb)}-${tier}-${digest}`,
    labels: { [LABEL_NAMESPACE]: stack, [LABEL_LB]: lb, [LABEL_LB_TIER]: tier },
    data: Buffer.from(text),
  };
}
