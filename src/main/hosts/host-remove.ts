// Removing a host without losing tasks: drain it, wait until its tasks run elsewhere, let it
// leave the Swarm, remove its node, then forget it.
import { DroverError } from '../../shared/errors.js';
import type { Host } from '../../shared/types.js';
import * as swarm from '../cluster/swarm.js';
import { progressReporter, step, type Progress } from '../operations/progress.js';
import { retry, waitFor } from '../swarm/poll.js';
import type { HostContext } from './host-context.js';

export async function removeHost(
  ctx: HostContext,
  id: number,
  operationId?: string,
): Promise<void> {
  const host = ctx.d.hosts.get(id);
  await ctx.d.backups?.beforeRemoving('host');
  const progress = progressReporter(ctx.d.events, operationId, host.environmentId);
  const envHosts = ctx.d.hosts.list(host.environmentId);
  const own = ctx.d.connections.get(id);
  // A connection that is still coming up gets its chance: leaving the Swarm needs the host.
  await own.ready(10_000).catch(() => undefined);
  const reachable = own.status.state === 'connected';

  if (host.nodeId) {
    const others = envHosts.filter((h) => h.id !== id);
    const otherManager = others.find((h) => h.role === 'manager' && ctx.isConnected(h.id));
    if (others.length === 0) {
      // The last host: the Swarm ends with it.
      if (reachable)
        await step(progress, 'leave', 'Leaving the Swarm (last node)', () =>
          swarm.leaveSwarm(own.docker(), true),
        );
      ctx.d.environments.setSwarm(host.environmentId, null);
    } else {
      if (!otherManager) {
        throw new DroverError(
          'PRECONDITION_FAILED',
          `${host.name} is the only reachable manager: promote another host to manager first`,
        );
      }
      const manager = ctx.d.connections.connected(otherManager.id).docker();
      if (host.role === 'manager') {
        await step(progress, 'demote', `Demoting ${host.name}`, async () => {
          await swarm.updateNode(manager, host.nodeId!, (s) => ({ ...s, Role: 'worker' }));
          await swarm.waitForRole(manager, host.nodeId!, 'worker');
        });
      }
      await step(progress, 'drain', `Draining ${host.name}`, () =>
        swarm.updateNode(manager, host.nodeId!, (s) => ({ ...s, Availability: 'drain' })),
      );
      await waitDrained(ctx, manager, host, progress);
      if (reachable) {
        await step(progress, 'leave', `${host.name} leaves the Swarm`, () =>
          swarm.leaveSwarm(own.docker(), false),
        );
      } else {
        progress(
          'leave',
          'warn',
          `${host.name} is unreachable: its node is removed from the Swarm without it`,
        );
      }
      await step(progress, 'remove-node', 'Removing the node', () =>
        removeNodeWhenDown(manager, host.nodeId!, !reachable),
      );
    }
  }
  ctx.d.connections.close(id);
  ctx.d.hosts.remove(id);
  ctx.publish();
  progress('done', 'done', `${host.name} removed`);
}
async function waitDrained(
  ctx: HostContext,
  manager: import('dockerode'),
  host: Host,
  progress: Progress,
): Promise<void> {
  const services = new Set<string>();
  let initial = 0;
  let message = '';
  const drained = await waitFor(
    async () => {
      const { onNode, starting } = await swarm.drainStatus(manager, host.nodeId!, services);
      const left = onNode + starting;
      initial = Math.max(initial, left);
      message =
        left === 0
          ? `All tasks of ${host.name} run elsewhere`
          : `${onNode} task(s) still on ${host.name}, ${starting} starting elsewhere`;
      const done = initial ? 1 - left / initial : 1;
      progress('drain', left === 0 ? 'done' : 'running', message, done);
      return left === 0;
    },
    { timeoutMs: ctx.d.drainTimeoutMs ?? 300_000, intervalMs: 1000 },
  );
  if (!drained) {
    throw new DroverError(
      'UNAVAILABLE',
      `${message} after the drain timeout; the host was not removed (it stays drained)`,
    );
  }
}
async function removeNodeWhenDown(
  manager: import('dockerode'),
  nodeId: string,
  force: boolean,
): Promise<void> {
  // A node that just left is reported "down" after a moment; until then removal is refused.
  // After 30 s it is removed by force.
  const gone = (error: unknown) => /not found/i.test((error as Error).message);
  try {
    await retry(() => swarm.removeNode(manager, nodeId, force), {
      timeoutMs: 30_000,
      intervalMs: 1000,
      retryable: (error) => !gone(error),
    });
  } catch (error) {
    if (!gone(error)) await swarm.removeNode(manager, nodeId, true);
  }
}
