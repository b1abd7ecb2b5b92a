// A host's Swarm node: its labels, its role (promote, demote) and availability (drain, activate).
import { DroverError } from '../../shared/errors.js';
import type { Host } from '../../shared/types.js';
import * as swarm from '../cluster/swarm.js';
import type { HostContext } from './host-context.js';

export async function labelHost(
  ctx: HostContext,
  id: number,
  set: Record<string, string>,
  remove: string[],
): Promise<Host> {
  const host = ctx.d.hosts.get(id);
  const labels = { ...host.labels, ...set };
  for (const key of remove) delete labels[key];
  if (host.nodeId) {
    const manager = ctx.d.swarm.manager(host.environmentId);
    await swarm.updateNode(manager, host.nodeId, (spec) => ({ ...spec, Labels: labels }));
  }
  ctx.d.hosts.setLabels(id, labels);
  return published(ctx, id);
}
export async function setHostRole(
  ctx: HostContext,
  id: number,
  role: 'manager' | 'worker',
): Promise<Host> {
  const host = swarmMember(ctx, id);
  if (role === 'worker' && host.role === 'manager') {
    const managers = ctx.d.hosts.list(host.environmentId).filter((h) => h.role === 'manager');
    if (managers.length <= 1)
      throw new DroverError(
        'PRECONDITION_FAILED',
        `${host.name} is the last manager: promote another host first`,
      );
  }
  const manager = ctx.d.swarm.manager(host.environmentId, {
    except: role === 'worker' ? id : undefined,
  });
  await swarm.updateNode(manager, host.nodeId, (spec) => ({ ...spec, Role: role }));
  await swarm.waitForRole(manager, host.nodeId, role);
  ctx.d.hosts.setMembership(id, { nodeId: host.nodeId, role });
  return published(ctx, id);
}

/** Drain (Swarm moves its tasks elsewhere) or activate (it takes tasks again). */
export async function setHostAvailability(
  ctx: HostContext,
  id: number,
  availability: 'active' | 'drain',
): Promise<Host> {
  const host = swarmMember(ctx, id);
  const manager = ctx.d.swarm.manager(host.environmentId);
  await swarm.updateNode(manager, host.nodeId, (spec) => ({ ...spec, Availability: availability }));
  ctx.d.hosts.updateFacts(id, { availability });
  return published(ctx, id);
}

/** The host, refused unless it is in the Swarm: only a node has a role and an availability. */
function swarmMember(ctx: HostContext, id: number): Host & { nodeId: string } {
  const host = ctx.d.hosts.get(id);
  if (!host.nodeId)
    throw new DroverError('PRECONDITION_FAILED', `${host.name} is not in the Swarm`);
  return { ...host, nodeId: host.nodeId };
}

/** Tells the shells the host changed and answers with it as stored now. */
function published(ctx: HostContext, id: number): Host {
  ctx.publish();
  return ctx.d.hosts.get(id);
}
