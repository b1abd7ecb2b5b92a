import { describe, expect, it } from 'vitest';
import { loadCompose } from './compose';
import type { SwarmNode } from './constraints';
import { convertStack } from './convert';
import { stackFeasibility } from './feasibility';
import { refusalDtos, refusalText } from './refusal';

/** A node as GET /nodes reports it (the fields the engine fills on a 2-CPU, 4 GiB Linux host). */
function node(hostname: string, more: { role?: string; labels?: Record<string, string> } = {}) {
  return {
    ID: `id-${hostname}`,
    Version: { Index: 9 },
    Spec: { Labels: more.labels ?? {}, Role: more.role ?? 'worker', Availability: 'active' },
    Description: {
      Hostname: hostname,
      Platform: { Architecture: 'x86_64', OS: 'linux' },
      Resources: { NanoCPUs: 2e9, MemoryBytes: 4 * 2 ** 30 },
      Engine: { EngineVersion: '20.10.24', Labels: { storage: 'ssd' } },
    },
    Status: { State: 'ready', Addr: '10.77.0.20' },
  };
}

const threeNodes = [node('a', { role: 'manager', labels: { zone: 'eu' } }), node('b'), node('c')];

function plan(compose: string, nodes: SwarmNode[] = threeNodes, routingMesh = false) {
  const loaded = loadCompose(compose, { env: {} });
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
  return stackFeasibility(
    convertStack('s', loaded.model, { routingMesh, readFile: () => Buffer.alloc(0) }),
    nodes,
  );
}

const service = (body: string) => `services:\n  web:\n    image: nginx\n${body}`;
const refused = (compose: string, nodes?: SwarmNode[]) =>
  plan(compose, nodes).refusals.map(refusalText);

describe('placements that can never succeed', () => {
  it('refuses more host-mode replicas of a published port than nodes, and says what to do', () => {
    const [refusal, ...more] = plan(
      service('    ports: ["8080:80"]\n    deploy: {replicas: 10}\n'),
    ).refusals;
    expect(more).toEqual([]);
    expect(refusal).toMatchObject({ service: 'web', field: 'deploy.replicas' });
    expect(refusal!.message).toMatch(
      /^10 replicas can never all run: port 8080 is published in host mode.*3 nodes can run it \(a, b, c\).*x-drover-lb.*lower replicas to 3$/,
    );
  });

  it('accepts as many host-mode replicas as nodes, and any number with the routing mesh', () => {
    expect(refused(service('    ports: ["8080:80"]\n    deploy: {replicas: 3}\n'))).toEqual([]);
    const mesh = plan(
      service('    ports: ["8080:80"]\n    deploy: {replicas: 10}\n'),
      threeNodes,
      true,
    );
    expect(mesh.refusals).toEqual([]);
  });

  it('counts only active, ready nodes', () => {
    const drained = { ...node('b'), Spec: { ...node('b').Spec, Availability: 'drain' } };
    const down = { ...node('c'), Status: { State: 'down' } };
    expect(
      refused(service('    ports: ["8080:80"]\n    deploy: {replicas: 2}\n'), [
        node('a'),
        drained,
        down,
      ]),
    ).toEqual([expect.stringMatching(/1 node can run it \(a\).*lower replicas to 1$/)]);
  });

  it('refuses replicas beyond max_replicas_per_node times the nodes', () => {
    expect(
      refused(
        service('    deploy:\n      replicas: 7\n      placement: {max_replicas_per_node: 2}\n'),
      ),
    ).toEqual([
      expect.stringMatching(
        /^web: deploy.replicas: 7 replicas.*max_replicas_per_node is 2.*lower replicas to 6/,
      ),
    ]);
  });

  it.each([
    ['node.labels.zone==us', 'no active, ready node meets node.labels.zone==us'],
    ['node.role==manager', null],
    ['node.role!=manager', null],
    ['node.hostname==d', 'no active, ready node meets node.hostname==d'],
    ['node.id==id-b', null],
    ['node.platform.os==windows', 'meets node.platform.os==windows'],
    ['node.platform.arch!=x86_64', 'meets node.platform.arch!=x86_64'],
    ['engine.labels.storage==SSD', null],
    ['engine.labels.storage!=ssd', 'meets engine.labels.storage!=ssd'],
    ['node.labels.zone!=eu', null],
    ['node.color==red', 'meets node.color==red'],
    ['node.ip==10.0.0.0/8', null],
  ])('placement constraint %s', (constraint, refusal) => {
    const result = refused(
      service(`    deploy:\n      placement: {constraints: ["${constraint}"]}\n`),
    );
    expect(result).toEqual(
      refusal
        ? [
            expect.stringContaining(
              `web: deploy.placement.constraints: ${refusal.startsWith('no') ? refusal : `no active, ready node ${refusal}`}`,
            ),
          ]
        : [],
    );
  });

  it('refuses a constraint that is no key==value expression', () => {
    expect(
      refused(service('    deploy:\n      placement: {constraints: ["node.role=manager"]}\n')),
    ).toEqual([expect.stringContaining('invalid constraint "node.role=manager"')]);
  });

  it('refuses a reservation no node has, and more reserved replicas than the nodes hold', () => {
    const reserve = (cpus: string, replicas: number) =>
      service(
        `    deploy:\n      replicas: ${replicas}\n      resources: {reservations: {cpus: '${cpus}', memory: 64M}}\n`,
      );
    expect(refused(reserve('3', 1))).toEqual([
      'web: deploy.resources.reservations.cpus: each task reserves 3 CPUs, more than any eligible node has (the largest has 2 CPUs), so no task would ever run: reserve less',
    ]);
    expect(refused(reserve('1.5', 4))).toEqual([
      expect.stringMatching(
        /deploy.replicas: 4 replicas.*reserves 1.5 CPUs.*at most 3 such tasks: lower replicas to 3/,
      ),
    ]);
    expect(refused(reserve('0.5', 12))).toEqual([]);
    expect(
      refused(service('    deploy:\n      resources: {reservations: {memory: 5G}}\n')),
    ).toEqual([expect.stringContaining('reservations.memory: each task reserves 5120 MiB')]);
  });

  it('refuses a global service whose reservation does not fit some nodes', () => {
    const small = {
      ...node('c'),
      Description: { ...node('c').Description, Resources: { NanoCPUs: 1e9, MemoryBytes: 2 ** 30 } },
    };
    expect(
      refused(
        service(
          "    deploy:\n      mode: global\n      resources: {reservations: {cpus: '1.5'}}\n",
        ),
        [node('a'), small],
      ),
    ).toEqual([expect.stringContaining('do not fit on c')]);
  });

  it('decides nothing without nodes (the cluster was not read)', () => {
    expect(refused(service('    ports: ["8080:80"]\n    deploy: {replicas: 10}\n'), [])).toEqual(
      [],
    );
  });
});

describe('overlay networks too small for their tasks', () => {
  const many = (replicas: number, extra = '') =>
    `services:\n  web:\n    image: nginx\n    deploy: {replicas: ${replicas}, endpoint_mode: vip}\n${extra}`;
  const twelve = [...Array(12).keys()].map((i) => node(`n${i}`));

  it('refuses 300 tasks on the default /24', () => {
    expect(plan(many(300), twelve).refusals.map(refusalText)).toEqual([
      'network s_default has 253 addresses for tasks, fewer than the 300 tasks of web and their 1 virtual IPs: give it a larger subnet (networks: ipam: config: subnet, e.g. a /20) or fewer replicas',
    ]);
  });

  it('warns when the node addresses may exhaust it, accepts a larger subnet', () => {
    const near = plan(many(245), twelve);
    expect([near.refusals, near.warnings]).toEqual([
      [],
      [expect.stringContaining('may exhaust it')],
    ]);
    const wide = plan(
      many(300, 'networks:\n  default:\n    ipam: {config: [{subnet: 10.20.0.0/20}]}\n'),
      twelve,
    );
    expect([wide.refusals, wide.warnings]).toEqual([[], []]);
  });
});

describe('what the engine refuses', () => {
  it.each([
    [
      "resources: {reservations: {cpus: '0.0001'}}",
      'deploy.resources.reservations.cpus',
      'Must be at least 0.001',
    ],
    [
      "resources: {limits: {cpus: '0.0005'}}",
      'deploy.resources.limits.cpus',
      'Must be at least 0.001',
    ],
    [
      'resources: {limits: {memory: 1M}}',
      'deploy.resources.limits.memory',
      'Must be at least 4MiB',
    ],
  ])('deploy: %s', (deploy, field, message) => {
    expect(plan(service(`    deploy:\n      ${deploy}\n`)).refusals).toEqual([
      { service: 'web', field, message: expect.stringContaining(message) },
    ]);
  });

  it('accepts the smallest values it allows', () => {
    expect(
      refused(service("    deploy:\n      resources: {limits: {cpus: '0.001', memory: 4M}}\n")),
    ).toEqual([]);
  });

  it('refuses local volume options the driver does not know, and unpaired ones', () => {
    const volume = (opts: string) =>
      `${service('    volumes: ["data:/data"]\n')}volumes:\n  data:\n    driver_opts: ${opts}\n`;
    expect(refused(volume('{size: 1G, mode: fast}'))).toEqual([
      'web: volume s_data: the local driver knows no option mode (only type, o, device, size); every task would fail to start: fix driver_opts',
    ]);
    expect(refused(volume('{o: bind}'))).toEqual([
      expect.stringContaining('o needs device, o needs type'),
    ]);
    expect(refused(volume('{type: none, o: bind, device: /srv}'))).toEqual([]);
  });

  it('refuses a health check interval under 1ms, a doubled mount target and dnsrr with ingress', () => {
    expect(refused(service('    healthcheck: {test: [CMD, "true"], interval: 500us}\n'))).toEqual([
      expect.stringContaining('web: healthcheck.interval: interval under 1ms'),
    ]);
    expect(refused(service('    volumes: ["/a:/data", "/b:/data"]\n'))).toEqual([
      expect.stringContaining('/data is mounted twice'),
    ]);
    expect(
      refused(
        service(
          '    ports: [{target: 80, published: 80, mode: ingress}]\n    deploy: {endpoint_mode: dnsrr}\n',
        ),
      ),
    ).toEqual([expect.stringContaining('cannot be used with endpoint_mode dnsrr')]);
  });
});

describe('refusals as the plan shows them', () => {
  it('give the line of the field, else of the service, else none', () => {
    const compose = `services:\n  web:\n    image: nginx\n    deploy:\n      replicas: 10\n  db:\n    image: x\n`;
    expect(
      refusalDtos(
        [
          { service: 'web', field: 'deploy.replicas', message: 'm1' },
          { service: 'db', field: 'deploy.resources.reservations.cpus', message: 'm2' },
          { service: 'lb-rules', field: 'deploy.replicas', message: 'm3' },
          { service: null, field: null, message: 'm4' },
        ],
        compose,
      ),
    ).toEqual([
      { service: 'web', field: 'deploy.replicas', message: 'm1', line: 5 },
      { service: 'db', field: 'deploy.resources.reservations.cpus', message: 'm2', line: 6 },
      { service: 'lb-rules', field: 'deploy.replicas', message: 'm3', line: null },
      { service: null, field: null, message: 'm4', line: null },
    ]);
  });
});
