// Stacks on the lab's real Swarm: a 10-replica stack spread over three hosts and scaled from the
// CLI, service DNS across hosts, the same file through `docker stack deploy` and through Drover
// giving the same service specs, an invalid file changing nothing, a docker-deployed stack
// managed by Drover, and a console with an empty database re-adopting a Drover stack.
// Hosts: DROVER_STACK_HOSTS (indices into lab.json, default "0,1,2").
import fs from 'node:fs';
import path from 'node:path';
import type Docker from 'dockerode';
import { afterAll, describe, expect, it } from 'vitest';
import { addLabHosts, cliFor, testerContext } from '../../../e2e/support/core';
import { labSsh, pickHosts, readLab, type LabHost } from '../../../e2e/support/lab';
import { labCore } from '../../../e2e/support/lab-core';
import type { StackServiceInfo } from '../../shared/types';
import { createCore, type Core } from '../core/core';
import { TempDirs } from '../test-support';
import { until } from '../../../e2e/support/wait';
import { normalizeSpec } from './spec-compare';
import { droverDefaultPaths } from '../swarm/defaults';

const lab = readLab();
const hosts = pickHosts(lab, 'DROVER_STACK_HOSTS', 3) as [LabHost, LabHost, LabHost];
const [a, b, c] = hosts;
const dirs = new TempDirs();
const work = dirs.make('drover-stacks-files-');
const ctx = testerContext;
let core: Core;
let environmentId: number;
const { dataDir } = labCore(lab, hosts, {
  name: 'drover-stacks-int-',
  ready: (session) => {
    ({ core, environmentId } = session);
  },
  beforeTearDown: () => {
    try {
      labSsh(lab, a, 'rm -rf /tmp/drover-compare /tmp/drover-cli');
    } catch {
      // An unreachable host is restored by the lab.
    }
  },
});
const drover = cliFor(dataDir);

function writeFile(name: string, text: string): string {
  const file = path.join(work, name);
  fs.writeFileSync(file, text);
  return file;
}

/** Copies a file to the manager (for `docker stack deploy` there). */
function copyToManager(file: string, remote: string): void {
  const data = fs.readFileSync(file).toString('base64');
  labSsh(lab, a, `mkdir -p $(dirname ${remote}) && echo ${data} | base64 -d > ${remote}`);
}

const addHosts = (into: Core) => addLabHosts(into, lab, hosts, ctx);

const manager = (): Docker => core.services.swarm.manager(environmentId);

/** Running tasks of a service per node hostname. */
function runningByNode(service: string): Record<string, number> {
  const out = labSsh(
    lab,
    a,
    `docker service ps ${service} --filter desired-state=running --format '{{.Node}} {{.CurrentState}}'`,
  );
  const counts: Record<string, number> = {};
  for (const line of out.trim().split('\n').filter(Boolean)) {
    const [node, state] = line.split(' ');
    if (state === 'Running') counts[node!] = (counts[node!] ?? 0) + 1;
  }
  return counts;
}

const total = (counts: Record<string, number>) => Object.values(counts).reduce((x, y) => x + y, 0);

const webServer = `version: "3.8"
services:
  nginx-cluster:
    image: ${lab.images.nginx}
    deploy:
      replicas: 10
`;

afterAll(() => dirs.cleanup());

describe('stacks on the Swarm', () => {
  it('deploys web-server: 10 nginx replicas running on all 3 hosts, visible to docker stack ls', async () => {
    const file = writeFile('web-server.yml', webServer);
    const started = Date.now();
    const result = await drover('stack', 'deploy', '-f', file, 'web-server');
    const seconds = (Date.now() - started) / 1000;
    console.warn(`web-server: 10 replicas converged in ${seconds.toFixed(1)} s`);
    expect(result.code, result.err).toBe(0);
    expect(result.out).toContain('all tasks running');
    expect(result.err).toContain('endpoint_mode dnsrr');
    expect(result.err).toMatch(/web-server_nginx-cluster: 10\/10 running/);
    const counts = runningByNode('web-server_nginx-cluster');
    expect(total(counts)).toBe(10);
    expect(Object.keys(counts).sort()).toEqual([a.name, b.name, c.name].sort());
    expect(labSsh(lab, a, "docker stack ls --format '{{.Name}} {{.Services}}'")).toContain(
      'web-server 1',
    );

    // The same file again changes nothing.
    const again = await core.call(
      'stack.deploy',
      { environmentId, name: 'web-server', compose: webServer },
      ctx,
    );
    expect(again.updated).toEqual([]);
    expect(again.created).toEqual([]);
    expect(again.version).toBe(2);
    expect(again.unchanged.map((r) => r.name)).toContain('web-server_nginx-cluster');
  });

  it('scales web-server from the CLI to 3 and back to 10', async () => {
    const down = await drover('service', 'scale', 'web-server/nginx-cluster=3');
    expect(down.code, down.err).toBe(0);
    expect(total(runningByNode('web-server_nginx-cluster'))).toBe(3);
    const started = Date.now();
    const up = await drover('service', 'scale', 'web-server/nginx-cluster=10');
    expect(up.code, up.err).toBe(0);
    console.warn(`scale 3 → 10 in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    expect(total(runningByNode('web-server_nginx-cluster'))).toBe(10);
    const listed = JSON.parse((await drover('service', 'ls', '--json')).out) as StackServiceInfo[];
    expect(listed.find((s) => s.name === 'web-server_nginx-cluster')).toMatchObject({
      replicas: 10,
      runningTasks: 10,
      stack: 'web-server',
      endpointMode: 'dnsrr',
    });
  });

  it('lets two services reach each other by service name across hosts', async () => {
    const compose = `services:
  whoami:
    image: ${lab.images.whoami}
    deploy:
      replicas: 2
      placement: { constraints: [node.hostname == ${b.name}] }
  client:
    image: ${lab.images.nginx}
    deploy:
      placement: { constraints: [node.hostname == ${c.name}] }
`;
    const result = await core.call('stack.deploy', { environmentId, name: 'pair', compose }, ctx);
    expect(result.converged).toBe(true);
    const container = labSsh(
      lab,
      c,
      'docker ps -q --filter label=com.docker.swarm.service.name=pair_client',
    ).trim();
    expect(container).not.toBe('');
    // Swarm spreads service records to other hosts by gossip: a name may take a moment to resolve
    // on a host the service does not run on. Users see the same; give it 15 s.
    const answer = await until(
      () =>
        labSsh(
          lab,
          c,
          `docker exec ${container} bash -c 'exec 3<>/dev/tcp/whoami/80; printf "GET / HTTP/1.0\\r\\n\\r\\n" >&3; cat <&3'`,
        ),
      'whoami resolves and answers',
      15_000,
      500,
    );
    expect(answer).toContain('200 OK');
    const whoamiHosts = labSsh(
      lab,
      b,
      "docker ps --filter label=com.docker.swarm.service.name=pair_whoami --format '{{.ID}}'",
    )
      .trim()
      .split('\n');
    expect(whoamiHosts.some((id) => answer.includes(id.slice(0, 12)))).toBe(true);
    // tasks.<service> resolves to every replica.
    const resolved = labSsh(lab, c, `docker exec ${container} getent ahostsv4 tasks.whoami`);
    expect(
      new Set(
        resolved
          .trim()
          .split('\n')
          .map((l) => l.split(' ')[0]),
      ).size,
    ).toBe(2);
  });

  it('gives the same service specs as docker stack deploy, apart from names and documented defaults', async () => {
    const compose = `version: "3.8"
services:
  api:
    image: ${lab.images.nginx}
    command: ["nginx", "-g", "daemon off;"]
    environment:
      ZETA: "last"
      ALPHA: "first"
    env_file: [api.env]
    cap_add: [net_admin, SYS_PTRACE]
    cap_drop: [MKNOD]
    sysctls:
      net.core.somaxconn: 1024
    ulimits:
      nofile: { soft: 1000, hard: 2000 }
      nproc: 500
    labels:
      team: platform
    hostname: api-host
    working_dir: /srv
    stop_grace_period: 20s
    init: true
    healthcheck:
      test: ["CMD", "true"]
      interval: 5s
      retries: 2
    volumes:
      - data:/var/lib/data
      - type: tmpfs
        target: /scratch
    ports:
      - target: 80
        mode: host
    networks:
      - back
    configs:
      - source: motd
        target: /etc/motd
    deploy:
      replicas: 2
      endpoint_mode: dnsrr
      labels:
        owner: ops
      placement:
        constraints: [node.role == worker]
        preferences: [{ spread: node.hostname }]
      resources:
        limits: { cpus: "0.5", memory: 64M }
        reservations: { memory: 16M }
      update_config:
        parallelism: 2
        delay: 1s
        order: start-first
  worker:
    image: ${lab.images.whoami}
    deploy:
      mode: global
      endpoint_mode: dnsrr
      restart_policy:
        condition: on-failure
        max_attempts: 3
networks:
  back:
    driver_opts:
      com.docker.network.driver.mtu: "1400"
volumes:
  data:
configs:
  motd:
    file: ./motd.txt
`;
    const file = writeFile('compare.yml', compose);
    writeFile('motd.txt', 'hello from the stack\n');
    // ALPHA is the file's own (it wins); the $ is data in an env file, not a variable.
    writeFile('api.env', '# from the env file\nALPHA=from-env-file\nPRICE=5$\nMIDDLE=m\n');
    for (const name of ['compare.yml', 'motd.txt', 'api.env'])
      copyToManager(path.join(work, name), `/tmp/drover-compare/${name}`);
    const byDocker = labSsh(
      lab,
      a,
      'cd /tmp/drover-compare && docker stack deploy -c compare.yml by-docker 2>&1',
    );
    // docker 20.10 converts every option of this file (else it says what it ignores).
    expect(byDocker).not.toContain('Ignoring');
    // Drover's CLI reads the env file and deploys it written into the document.
    const deployed = await drover('stack', 'deploy', '-f', file, 'by-drover');
    expect(deployed.code, deployed.err).toBe(0);
    expect(deployed.out).toContain('all tasks running');
    expect(deployed.err).toContain('env_file written into environment');

    const docker = manager();
    const networks = (await docker.listNetworks()) as { Id: string; Name: string }[];
    const names = new Map(networks.map((n) => [n.Id, n.Name]));
    const specOf = async (stack: string, service: string) => {
      const inspected = (await docker.getService(`${stack}_${service}`).inspect()) as {
        Spec: Record<string, unknown>;
      };
      const configs = (await docker.listConfigs()) as unknown as { ID: string }[];
      // Ids differ by nature; the names they stand for must not.
      const text = JSON.stringify(normalizeSpec(inspected.Spec, names, droverDefaultPaths))
        .replaceAll(stack, 'STACK')
        .replace(new RegExp(configs.map((c) => c.ID).join('|') || 'x^', 'g'), 'CONFIG-ID');
      return JSON.parse(text) as unknown;
    };
    for (const service of ['api', 'worker']) {
      expect(await specOf('by-drover', service)).toEqual(await specOf('by-docker', service));
    }
    const api = (await specOf('by-drover', 'api')) as {
      TaskTemplate: { ContainerSpec: { Env: string[]; CapabilityAdd: string[] } };
    };
    expect(api.TaskTemplate.ContainerSpec.Env).toEqual([
      'ALPHA=first',
      'MIDDLE=m',
      'PRICE=5$',
      'ZETA=last',
    ]);
    expect(api.TaskTemplate.ContainerSpec.CapabilityAdd).toEqual([
      'CAP_NET_ADMIN',
      'CAP_SYS_PTRACE',
    ]);
    // The stored document redeploys without the env file.
    const [version] = await core.call('stack.history', { environmentId, name: 'by-drover' }, ctx);
    expect(version?.compose).not.toContain('env_file');
    expect(version?.compose).toContain('PRICE: 5$$');
    // The documented default is the only difference where the file leaves the restart policy
    // unset: docker sends none (Swarm then waits 5 s), Drover asks for a 1 s delay.
    const restart = async (stack: string) =>
      (
        (await docker.getService(`${stack}_api`).inspect()) as {
          Spec: { TaskTemplate: { RestartPolicy?: unknown } };
        }
      ).Spec.TaskTemplate.RestartPolicy;
    expect(await restart('by-docker')).toBeUndefined();
    expect(await restart('by-drover')).toEqual({ Condition: 'any', Delay: 1e9, MaxAttempts: 0 });
    // Drover's stack is a stack to docker too.
    expect(
      labSsh(lab, a, "docker stack services by-drover --format '{{.Name}}'").split('\n').sort(),
    ).toEqual(['', 'by-drover_api', 'by-drover_worker']);
  });

  it('refuses an invalid compose file with a line number and leaves the running stack untouched', async () => {
    const before = (await manager().getService('web-server_nginx-cluster').inspect()) as {
      Version: { Index: number };
    };
    const file = writeFile(
      'broken.yml',
      `services:\n  nginx-cluster:\n    image: ${lab.images.nginx}\n    deploy:\n      replicas: ten\n`,
    );
    const result = await drover('stack', 'deploy', '-f', file, 'web-server');
    expect(result.code).toBe(1);
    expect(result.err).toContain(
      'line 5:17: services.nginx-cluster.deploy.replicas: "ten" is not an integer',
    );
    const after = (await manager().getService('web-server_nginx-cluster').inspect()) as {
      Version: { Index: number };
    };
    expect(after.Version.Index).toBe(before.Version.Index);
    expect(total(runningByNode('web-server_nginx-cluster'))).toBe(10);
  });

  it('manages a stack deployed with docker stack deploy: listed, scaled, exported, removed', async () => {
    const file = writeFile(
      'cli.yml',
      `version: "3.8"\nservices:\n  echo:\n    image: ${lab.images.whoami}\n    deploy:\n      replicas: 1\n      endpoint_mode: dnsrr\n`,
    );
    copyToManager(file, '/tmp/drover-cli/cli.yml');
    labSsh(lab, a, 'docker stack deploy -c /tmp/drover-cli/cli.yml from-cli');
    const stacks = await core.call('stack.list', { environmentId }, ctx);
    expect(stacks.find((s) => s.name === 'from-cli')).toMatchObject({
      source: 'docker-cli',
      version: null,
      services: 1,
    });
    const scaled = await core.call(
      'service.scale',
      { environmentId, service: 'from-cli_echo', replicas: 3 },
      ctx,
    );
    expect(scaled.runningTasks).toBe(3);
    const exported = (await drover('stack', 'export', 'from-cli')).out;
    expect(exported).toContain('echo:');
    expect(exported).toContain(`image: ${lab.images.whoami}`);
    expect(exported).toContain('replicas: 3');
    expect(exported).toContain('endpoint_mode: dnsrr');
    const removed = await drover('stack', 'rm', 'from-cli');
    expect(removed.code, removed.err).toBe(0);
    expect(labSsh(lab, a, "docker stack ls --format '{{.Name}}'")).not.toContain('from-cli');
    expect(labSsh(lab, a, "docker network ls --format '{{.Name}}'")).not.toContain('from-cli');
  });

  it('re-adopts a Drover stack with an empty database', async () => {
    const fresh = createCore({
      dataDir: dirs.make('drover-stacks-empty-'),
      shell: 'cli',
      connectHosts: true,
    });
    try {
      const envId = await addHosts(fresh);
      const stacks = await fresh.call('stack.list', { environmentId: envId }, ctx);
      expect(stacks.find((s) => s.name === 'web-server')).toMatchObject({
        source: 'drover',
        // Two deploys, then the scale to 3 and back to 10, each kept in the stored document.
        version: 4,
        services: 1,
        desiredTasks: 10,
      });
      const detail = await fresh.call(
        'stack.get',
        { environmentId: envId, name: 'web-server' },
        ctx,
      );
      expect(detail.compose).toBe(webServer);
      expect(detail.composeOrigin).toBe('stored');
      expect(detail.serviceDetails.map((s) => [s.shortName, s.replicas, s.tasks.length])).toEqual([
        ['nginx-cluster', 10, 10],
      ]);
    } finally {
      fresh.close();
    }
  });
});

/** Runs `attempt` until it stops throwing (the last error after `timeoutMs`). */
