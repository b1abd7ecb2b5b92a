// Scenarios 1 and 9: the console process killed (SIGKILL) while a load balancer serves traffic,
// and in the middle of a deploy.
import Database from 'better-sqlite3';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { connectApi, type ConsoleApi } from '../../support/api';
import { startConsole, type RunningConsole } from '../../support/console';
import { until } from '../../support/wait';
import { sleep } from '../../../src/main/swarm/poll';
import { DATABASE_FILE } from '../../../src/main/store/database';
import { COMPOSE_CONFIG_PATTERN } from '../../../src/main/swarm/labels';
import type { Host, Stack } from '../../../src/shared/types';
import type { Alert } from '../../../src/shared/alerts';
import { figure, secondsSince } from '../support/figure';
import { hostDocker } from '../support/lab-faults';
import { dataDir, hosts, lab, managers, steadyTraffic } from '../support/cluster';

interface Running {
  drover: RunningConsole;
  api: ConsoleApi;
}

async function start(): Promise<Running> {
  const drover = await startConsole(dataDir);
  const api = await connectApi(drover);
  await until(
    async () => (await api.call<Host[]>('host.list', {})).every((h) => h.state === 'connected'),
    'every host is connected',
    60_000,
    200,
  );
  return { drover, api };
}

async function snapshot(api: ConsoleApi, environmentId: number) {
  const stacks = await api.call<Stack[]>('stack.list', { environmentId });
  const hostList = await api.call<Host[]>('host.list', {});
  const alerts = await api.call<Alert[]>('alert.list', { environmentId, state: 'all' });
  return {
    stacks: stacks.map((s) => `${s.name} ${s.services} ${s.desiredTasks}`).sort(),
    hosts: hostList.map((h) => `${h.name} ${h.role} ${h.nodeId}`).sort(),
    alerts: alerts.map((a) => `${a.id} ${a.kind} ${a.state}`).sort(),
  };
}

const killCompose = `services:
${['a', 'b', 'c', 'd', 'e', 'f']
  .map(
    (s) => `  ${s}:
    image: ${lab.images.whoami}
    configs: [settings]
    secrets: [token]
`,
  )
  .join('')}configs:
  settings:
    content: "mode=kill"
secrets:
  token:
    environment: KILL_TOKEN
`;

/** The stack's configs and secrets that no service of it uses: what a torn deploy would leave. */
function orphans(stack: string): string[] {
  const manager = managers[0]!;
  const label = `label=com.docker.stack.namespace=${stack}`;
  const names = (kind: 'config' | 'secret') =>
    hostDocker(manager, kind, 'ls', '--filter', label, '--format', '{{.Name}}')
      .trim()
      .split('\n')
      .filter(Boolean);
  const services = hostDocker(manager, 'service', 'ls', '-q', '--filter', label)
    .trim()
    .split('\n')
    .filter(Boolean);
  const used = services.length
    ? hostDocker(
        manager,
        'service',
        'inspect',
        '--format',
        '{{range .Spec.TaskTemplate.ContainerSpec.Configs}}{{.ConfigName}} {{end}}{{range .Spec.TaskTemplate.ContainerSpec.Secrets}}{{.SecretName}} {{end}}',
        ...services,
      )
    : '';
  const usedNames = new Set(used.split(/\s+/).filter(Boolean));
  // The stack's compose document (<stack>_drover-compose-v<N>) is kept for re-adoption, unused.
  return [...names('config'), ...names('secret')].filter(
    (n) => !usedNames.has(n) && !COMPOSE_CONFIG_PATTERN.test(n),
  );
}

export function consoleScenarios(environmentId: () => number): void {
  let running: Running | undefined;

  it('1. console killed (SIGKILL) and restarted under LB traffic: 0 failed, same stacks, hosts, alerts', async (context) => {
    running = await start();
    const before = await snapshot(running.api, environmentId());
    const traffic = steadyTraffic(hosts);
    await sleep(2_000);
    running.api.close();
    await running.drover.kill();
    const killedAt = Date.now();
    await sleep(1_000);
    running = await start();
    const restartS = secondsSince(killedAt);
    await sleep(2_000);
    const { total, failures } = await traffic.stop();
    figure(
      context,
      `failed requests ${failures.length} of ${total}; console back with every host in ${restartS} s`,
    );
    expect(failures).toEqual([]);
    expect(await snapshot(running.api, environmentId())).toEqual(before);
  });

  it('9. console killed mid-deploy: database intact, the same deploy converges, no orphan configs or secrets', async (context) => {
    running ??= await start();
    const env = { KILL_TOKEN: 's3cret' };
    const deploying = running.api
      .call('stack.deploy', {
        environmentId: environmentId(),
        name: 'kill',
        compose: killCompose,
        env,
      })
      .catch(() => undefined);
    const label = 'label=com.docker.stack.namespace=kill';
    const created = await until(
      () => {
        const n = hostDocker(managers[0]!, 'service', 'ls', '-q', '--filter', label)
          .trim()
          .split('\n')
          .filter(Boolean).length;
        return n >= 1 ? n : undefined;
      },
      'the deploy created its first service',
      60_000,
      20,
    );
    running.api.close();
    await running.drover.kill();
    running = undefined;
    await deploying;
    const database = new Database(path.join(dataDir, DATABASE_FILE));
    const integrity = database.pragma('integrity_check', { simple: true });
    database.close();
    expect(integrity).toBe('ok');

    running = await start();
    const started = Date.now();
    const result = await running.api.call<{ converged: boolean }>(
      'stack.deploy',
      { environmentId: environmentId(), name: 'kill', compose: killCompose, env },
      180_000,
    );
    const left = orphans('kill');
    figure(
      context,
      `killed after ${created} of 6 services; integrity ${String(integrity)}; redeploy converged in ${secondsSince(started)} s; orphans ${left.length}`,
    );
    expect(result.converged).toBe(true);
    expect(left).toEqual([]);
    await running.api.call(
      'stack.remove',
      { environmentId: environmentId(), name: 'kill' },
      120_000,
    );
  });

  afterAll(async () => {
    running?.api.close();
    await running?.drover.stop();
    running = undefined;
  });
}
