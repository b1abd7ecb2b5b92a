// Adding a host: connect with a trusted key, run the preflight, bring the host into the
// environment's Swarm (init, join or adopt its existing membership).
import dns from 'node:dns/promises';
import net from 'node:net';
import type { z } from 'zod';
import type { requests } from '../../shared/contract.js';
import { DroverError } from '../../shared/errors.js';
import type { Host, HostAddResult } from '../../shared/types.js';
import * as swarm from '../cluster/swarm.js';
import { progressReporter, step } from '../operations/progress.js';
import { probeHostKey, SshConnectError } from '../ssh/connect.js';
import { HostConnection } from '../ssh/host-connection.js';
import type { SshTarget } from '../ssh/target.js';
import { jumpTarget, sshAuth, storeAuth, type AuthInput } from './credentials.js';
import { runPreflight } from './preflight.js';
import type { StoredAuth } from './repository.js';
import { decideTrust } from './trust.js';
import type { HostContext } from './host-context.js';
import { resolveTarget, trustedJump } from './host-target.js';
import { assertSwarmFree } from '../environments/swarm-owner.js';
import { refuseSameEngine } from './same-engine.js';

export type AddArgs = z.output<(typeof requests)['host.add']['args']>;

export async function addHost(ctx: HostContext, args: AddArgs): Promise<HostAddResult> {
  const progress = progressReporter(ctx.d.events, args.operationId, args.environmentId);
  const environment = ctx.d.environments.get(args.environmentId);
  const r = resolveTarget(ctx, args);
  const authInput: AuthInput =
    args.auth.kind === 'agent' && r.identityFile && !process.env.SSH_AUTH_SOCK
      ? { kind: 'key', keyPath: r.identityFile }
      : args.auth;
  let name = args.name ?? nameFrom(r.address);
  ctx.d.hosts.assertFree({
    environmentId: environment.id,
    name,
    address: r.address,
    port: r.port,
  });

  const auth = sshAuth(authInput);
  const jump = r.jump
    ? await step(progress, 'jump', `Checking the jump host ${r.jump.address}`, () =>
        trustedJump(ctx, r.jump!, auth, args.jump?.hostKey, args.trustOnFirstUse),
      )
    : undefined;
  const base: SshTarget = {
    address: r.address,
    port: r.port,
    user: r.user,
    auth,
    jump: jump && jumpTarget(jump, auth),
  };

  const hostKey = await step(
    progress,
    'host-key',
    `Checking the host key of ${r.address}`,
    async () =>
      decideTrust(base, await probeHostKey(base, { readyTimeoutMs: 10_000 }), {
        accepted: args.hostKey,
        trustOnFirstUse: args.trustOnFirstUse,
        knownHostsFile: ctx.d.knownHostsFile,
      }),
  );
  const target = { ...base, hostKey };

  const connection = new HostConnection(target);
  let handedOver = false;
  try {
    await step(progress, 'login', `Logging in as ${r.user}`, async () => {
      connection.start();
      await connection.ready(15_000).catch((error: Error) => {
        throw new SshConnectError(
          connection.status.state === 'auth-failed' ? 'auth-failed' : 'unreachable',
          connection.status.error ?? error.message,
          undefined,
          undefined,
          connection.status.errorDetail,
        );
      });
    });

    const { engineId, hostname } = await refuseSameEngine(
      connection.docker(),
      r.address,
      ctx.d.hosts,
      ctx.d.environments,
    );
    // Unnamed, the host is called what it calls itself (and Swarm calls its node), unless
    // another host of the environment has that name already.
    const own = hostname ? nameFrom(hostname) : '';
    if (!args.name && own && !ctx.d.hosts.nameTaken(environment.id, own)) name = own;
    const managers = ctx.connectedManagers(environment.id);
    progress('preflight', 'running', 'Running preflight checks');
    const preflight = await runPreflight(connection, {
      managerAddresses: managers.map((m) => m.address),
    });
    for (const check of preflight.checks) {
      progress(
        `check:${check.id}`,
        check.status === 'fail' ? 'failed' : check.status === 'warn' ? 'warn' : 'done',
        `${check.label}: ${check.detail}${check.fix && check.status !== 'ok' ? ` — ${check.fix}` : ''}`,
      );
    }
    if (!preflight.passed) {
      const failed = preflight.checks.filter((c) => c.status === 'fail');
      progress('preflight', 'failed', 'Preflight failed');
      throw new DroverError(
        'PRECONDITION_FAILED',
        `${r.address} cannot join: ` +
          failed.map((c) => `${c.label}: ${c.detail}${c.fix ? ` (fix: ${c.fix})` : ''}`).join('; '),
      );
    }
    progress(
      'preflight',
      preflight.checks.some((c) => c.status === 'warn') ? 'warn' : 'done',
      'Preflight passed',
    );

    assertSwarmFree(ctx.d.environments, preflight.swarm?.Cluster?.ID, environment.id);

    const membership = await step(
      progress,
      'swarm',
      environment.swarmId
        ? 'Joining the Swarm'
        : 'Creating the Swarm (or adopting the one this host manages)',
      () =>
        joinOrAdopt(
          ctx,
          environment.swarmId,
          connection,
          preflight.swarm ?? {},
          r.address,
          managers,
        ),
    );

    const stored: { auth: StoredAuth; secret: string | null } = storeAuth(authInput, ctx.d.box);
    const host = ctx.d.hosts.insert({
      environmentId: environment.id,
      name,
      address: r.address,
      port: r.port,
      user: r.user,
      auth: stored.auth,
      secret: stored.secret,
      hostKey,
      jump: jump ?? null,
    });
    ctx.d.hosts.updateFacts(host.id, { ...preflight.facts, engineId });
    ctx.d.hosts.setPreflight(host.id, preflight.checks);
    ctx.d.hosts.setMembership(host.id, membership);
    if (membership.labels) ctx.d.hosts.setLabels(host.id, membership.labels);
    if (environment.swarmId !== membership.swarmId)
      ctx.d.environments.setSwarm(environment.id, membership.swarmId);
    ctx.d.connections.adopt(host.id, connection);
    handedOver = true;
    ctx.publish();
    progress('done', 'done', `${name} added as a ${membership.role}`);
    return { host: ctx.d.hosts.get(host.id), preflight: preflight.checks };
  } finally {
    if (!handedOver) connection.stop();
  }
}
async function joinOrAdopt(
  ctx: HostContext,
  swarmId: string | null,
  connection: HostConnection,
  info: swarm.SwarmInfo,
  address: string,
  managers: Host[],
): Promise<{
  swarmId: string;
  nodeId: string;
  role: 'manager' | 'worker';
  labels?: Record<string, string>;
}> {
  const docker = connection.docker();
  const nodeId = info.NodeID;
  if (info.LocalNodeState === 'active' && nodeId) {
    if (swarmId === null) {
      // Workers do not know their cluster's id; only a manager can bring a Swarm in.
      if (!info.ControlAvailable || !info.Cluster?.ID) {
        throw new DroverError(
          'PRECONDITION_FAILED',
          `${address} is a worker of a Swarm this environment does not know. Add one of that Swarm's managers first to adopt it, or run "docker swarm leave" on the host.`,
        );
      }
      const labels = await nodeLabels(docker, nodeId);
      return { swarmId: info.Cluster.ID, nodeId, role: 'manager', labels };
    }
    const manager = managers[0] && ctx.d.connections.connected(managers[0].id).docker();
    const ours = manager && (await swarm.listNodes(manager)).some((n) => n.nodeId === nodeId);
    if (!ours) {
      throw new DroverError(
        'PRECONDITION_FAILED',
        `${address} belongs to another Swarm than this environment's (${swarmId}). Run "docker swarm leave" on it first.`,
      );
    }
    const labels = await nodeLabels(manager, nodeId);
    return { swarmId, nodeId, role: info.ControlAvailable ? 'manager' : 'worker', labels };
  }
  if (info.LocalNodeState && info.LocalNodeState !== 'inactive') {
    throw new DroverError(
      'PRECONDITION_FAILED',
      `Swarm on ${address} is ${info.LocalNodeState}${info.Error ? `: ${info.Error}` : ''}`,
    );
  }
  const advertise = await advertiseAddress(address);
  if (swarmId === null) {
    const created = await swarm.initSwarm(docker, advertise);
    return { ...created, role: 'manager' };
  }
  if (managers.length === 0) {
    throw new DroverError(
      'PRECONDITION_FAILED',
      'No manager of this environment is connected, so no host can join now',
    );
  }
  const token = await swarm.workerToken(ctx.d.connections.connected(managers[0]!.id).docker());
  const joined = await swarm.joinSwarm(docker, {
    advertiseAddr: advertise,
    managers: managers.map((m) => m.address),
    token,
  });
  return { swarmId, nodeId: joined, role: 'worker' };
}
async function nodeLabels(
  docker: import('dockerode'),
  nodeId: string,
): Promise<Record<string, string>> {
  const node = (await docker.getNode(nodeId).inspect()) as {
    Spec?: { Labels?: Record<string, string> };
  };
  return node.Spec?.Labels ?? {};
}

/** A Drover host name made of an address or hostname (the contract's hostName pattern). */
function nameFrom(text: string): string {
  return text
    .replace(/[^A-Za-z0-9._-]/g, '-')
    .replace(/^[^A-Za-z0-9]+/, '')
    .slice(0, 63);
}

/** Swarm wants an IP (or interface) to advertise; a DNS name is resolved here. */
async function advertiseAddress(address: string): Promise<string> {
  if (net.isIP(address)) return address;
  const { address: ip } = await dns.lookup(address);
  return ip;
}
