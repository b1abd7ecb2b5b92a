// Scenarios 6 and 7: a task's container removed behind the console's back (on the host's own
// CLI), once with the console connected and once with that host's SSH cut.
import { expect, it, type TestContext } from 'vitest';
import { blockSsh, type LabHost } from '../../support/lab';
import { until } from '../../support/wait';
import { figure, secondsSince } from '../support/figure';
import { hostDocker } from '../support/lab-faults';
import { ctx, managers, STACK, workers, type Cluster } from '../support/cluster';

const SERVICE = `${STACK}_web`;

/** One of the service's containers on the host, as the host's own Docker lists it. */
function containerOn(host: LabHost): string {
  const ids = hostDocker(
    host,
    'ps',
    '-q',
    '--filter',
    `label=com.docker.swarm.service.name=${SERVICE}`,
  )
    .trim()
    .split('\n')
    .filter(Boolean);
  if (!ids.length) throw new Error(`No ${SERVICE} container on ${host.name}`);
  return ids[0]!;
}

async function runningIds(cluster: Cluster): Promise<Set<string>> {
  const list = await cluster.core.call(
    'container.list',
    { environmentId: cluster.environmentId },
    ctx,
  );
  return new Set(
    list.containers.filter((c) => c.service === SERVICE && c.state === 'running').map((c) => c.id),
  );
}

/** Waits for a new running container of the service; when it started and when the console showed it. */
async function replacement(cluster: Cluster, before: Set<string>, removed: string) {
  const found = await until(
    async () => {
      const ids = await runningIds(cluster);
      const fresh = [...ids].find((id) => !before.has(id) && !id.startsWith(removed));
      return fresh ? { id: fresh, shownAt: Date.now() } : undefined;
    },
    `a replacement of ${removed.slice(0, 12)} is shown`,
    30_000,
    50,
  );
  const list = await cluster.core.call(
    'container.list',
    { environmentId: cluster.environmentId },
    ctx,
  );
  const host = list.containers.find((c) => c.id === found.id)!;
  return { ...found, hostName: host.hostName };
}

/** When the engine recorded the container's death (its 'die' event), in ms. */
function deathOf(host: LabHost, id: string, since: number): number {
  const nanos = hostDocker(
    host,
    'events',
    '--since',
    String(Math.floor(since / 1000) - 1),
    '--until',
    String(Math.ceil(Date.now() / 1000) + 1),
    '--filter',
    `container=${id}`,
    '--filter',
    'event=die',
    '--format',
    '{{.TimeNano}}',
  )
    .trim()
    .split('\n')[0];
  if (!nanos) throw new Error(`No 'die' event of ${id.slice(0, 12)} on ${host.name}`);
  return Number(BigInt(nanos) / 1_000_000n);
}

/** When Swarm made the task the container runs (the orchestrator's reaction to the death). */
function taskCreatedAt(host: LabHost, containerId: string): number {
  const task = hostDocker(
    host,
    'inspect',
    '-f',
    '{{index .Config.Labels "com.docker.swarm.task.id"}}',
    containerId,
  ).trim();
  return Date.parse(hostDocker(managers[0]!, 'inspect', '-f', '{{.CreatedAt}}', task).trim());
}

function startedAt(host: LabHost, id: string): number {
  return Date.parse(hostDocker(host, 'inspect', '-f', '{{.State.StartedAt}}', id).trim());
}

export function containerScenarios(
  cluster: () => Cluster,
  hostByName: (n: string) => LabHost,
): void {
  /**
   * Removes one of the service's containers on a worker and measures Swarm's replacement (from the
   * container's death as its engine recorded it, so the remover's own start-up is not counted)
   * and how soon after the replacement started the console listed it.
   */
  async function removeAndWatch(
    context: TestContext,
    remove: (host: LabHost, id: string) => Promise<void>,
  ) {
    const c = cluster();
    const host = workers[0]!;
    const victim = containerOn(host);
    const before = await runningIds(c);
    const calledAt = Date.now();
    await remove(host, victim);
    const fresh = await replacement(c, before, victim);
    const freshHost = hostByName(fresh.hostName);
    const started = startedAt(freshHost, fresh.id);
    const diedAt = deathOf(host, victim, calledAt);
    const created = taskCreatedAt(freshHost, fresh.id);
    const replacedS = (started - diedAt) / 1000;
    const shownS = (fresh.shownAt - started) / 1000;
    figure(
      context,
      `replaced in ${replacedS.toFixed(1)} s (task made +${((created - diedAt) / 1000).toFixed(1)} s, started +${replacedS.toFixed(1)} s), shown ${shownS.toFixed(2)} s after it started`,
    );
    expect(replacedS).toBeLessThan(3);
    expect(shownS).toBeLessThan(1);
    // The removed one is gone from the console too.
    await until(
      async () => ![...(await runningIds(c))].some((id) => id.startsWith(victim)),
      'the removed container is gone',
      5_000,
      50,
    );
  }

  it('5. container removed from the console: replaced within 3 s, shown within 1 s', (context) =>
    removeAndWatch(context, async (host, id) => {
      const c = cluster();
      const hostId = c.core.services.hosts
        .list(c.environmentId)
        .find((h) => h.name === host.name)!.id;
      await c.core.call(
        'container.remove',
        { environmentId: c.environmentId, hostId, containerId: id },
        ctx,
      );
    }));

  it("6. container removed on the host's CLI: replaced within 3 s, shown within 1 s", (context) =>
    removeAndWatch(context, async (host, id) => {
      hostDocker(host, 'rm', '-f', id);
    }));

  it('7. SSH cut, then a container removed there: Swarm replaces it, the host shows when last seen', async (context) => {
    const c = cluster();
    const host = workers[1]!;
    const hostId = c.core.services.hosts
      .list(c.environmentId)
      .find((h) => h.name === host.name)!.id;
    const victim = containerOn(host);
    const cutAt = Date.now();
    blockSsh(host, true);
    try {
      await until(
        () => c.core.services.hosts.get(hostId).state === 'unreachable',
        `${host.name} is unreachable`,
        20_000,
        100,
      );
      const removedAt = Date.now();
      hostDocker(host, 'rm', '-f', victim);
      // Swarm (over its own network, untouched) replaces it; the managers say so.
      await until(
        async () => {
          const [web] = await c.core
            .call('service.list', { environmentId: c.environmentId, stack: STACK }, ctx)
            .then((s) => s.filter((x) => x.name === `${STACK}_web`));
          const tasks = hostDocker(
            host,
            'ps',
            '-q',
            '--filter',
            `label=com.docker.swarm.service.name=${SERVICE}`,
          );
          return web?.runningTasks === web?.desiredTasks && !tasks.includes(victim.slice(0, 12));
        },
        'Swarm replaced the container',
        30_000,
        200,
      );
      const replacedS = secondsSince(removedAt);
      const list = await c.core.call('container.list', { environmentId: c.environmentId }, ctx);
      const status = list.hosts.find((h) => h.hostId === hostId)!;
      figure(
        context,
        `replaced in ${replacedS} s with ${host.name} cut; shown "unknown since" ${status.lastSeenAt}`,
      );
      expect(status.state).toBe('unknown');
      expect(status.lastSeenAt).not.toBeNull();
      const lastSeen = Date.parse(status.lastSeenAt!);
      expect(lastSeen).toBeLessThanOrEqual(removedAt);
      expect(lastSeen).toBeGreaterThanOrEqual(cutAt - 1_000);
      // Its last known containers are still listed, never an empty host.
      expect(list.containers.some((x) => x.hostId === hostId)).toBe(true);
    } finally {
      blockSsh(host, false);
    }
    // Back: live again, and the removed container is gone from the list.
    await until(
      async () => {
        const list = await c.core.call('container.list', { environmentId: c.environmentId }, ctx);
        return (
          list.hosts.find((h) => h.hostId === hostId)?.state === 'live' &&
          !list.containers.some((x) => x.id.startsWith(victim))
        );
      },
      `${host.name} is live again without the removed container`,
      30_000,
      100,
    );
  });
}
