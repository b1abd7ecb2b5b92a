// Adding and removing hosts: connect with a trusted key, run the preflight, bring the host into
// the environment's Swarm (init, join or adopt), and take it out again without losing tasks.
import dns from 'node:dns/promises';
import net from 'node:net';
import os from 'node:os';
import type { z } from 'zod';
import type { requests } from '../../shared/contract.js';
import { DroverError } from '../../shared/errors.js';
import type {
  ClusterSummary,
  Host,
  HostAddResult,
  HostProbe,
  JumpHost,
} from '../../shared/types.js';
import * as swarm from '../cluster/swarm.js';
import type { EnvironmentRepository } from '../environments/repository.js';
import type { EventBus } from '../events/bus.js';
import { progressReporter, step, type Progress } from '../operations/progress.js';
import type { SecretBox } from '../secrets/secret-box.js';
import type { ManagerAccess } from '../swarm/gateway.js';
import { retry, waitFor } from '../swarm/poll.js';
import { probeHostKey, SshConnectError } from '../ssh/connect.js';
import { HostConnection } from '../ssh/host-connection.js';
import { resolveSshAlias } from '../ssh/ssh-config.js';
import type { SshAuth, SshTarget } from '../ssh/target.js';
import type { HostConnections } from './connections.js';
import { jumpTarget, sshAuth, storeAuth, type AuthInput } from './credentials.js';
import { runPreflight } from './preflight.js';
import type { HostRepository, StoredAuth } from './repository.js';
import { decideTrust, knownHostsVerdict } from './trust.js';

type AddArgs = z.output<(typeof requests)['host.add']['args']>;
type ProbeArgs = z.output<(typeof requests)['host.probe']['args']>;

export interface HostServiceDeps {
  /** The environment's managers (leader first, with failover). */
  swarm: ManagerAccess;
  hosts: HostRepository;
  environments: EnvironmentRepository;
  connections: HostConnections;
  events: EventBus;
  box: SecretBox;
  knownHostsFile?: string;
  sshConfigPath?: string;
  /** How long a drain may take before removal gives up. */
  drainTimeoutMs?: number;
}

interface Resolved {
  address: string;
  port: number;
  user: string;
  identityFile?: string;
  jump?: { address: string; port: number; user: string };
}

const localUser = () => {
  try {
    return os.userInfo().username;
  } catch {
    return 'root';
  }
};

export class HostService {
  constructor(private readonly d: HostServiceDeps) {}

  /** The host's key and what known_hosts says of it: the wizard's fingerprint step. */
  async probe(args: ProbeArgs): Promise<HostProbe> {
    const r = this.resolve(args);
    let jump: SshTarget | undefined;
    if (r.jump) {
      // Reaching the target's sshd means logging in to the jump host, whose key must be known.
      const hostKey = args.jump?.hostKey;
      if (!hostKey || !args.auth) {
        throw new DroverError(
          'INVALID_ARGUMENT',
          "Probe the jump host first and pass its accepted key and the login to use, or add the host with the target's key",
        );
      }
      jump = jumpTarget({ ...r.jump, hostKey }, sshAuth(args.auth));
    }
    // The target's key exchange needs no login of its own.
    const target: SshTarget = {
      address: r.address,
      port: r.port,
      user: r.user,
      auth: { kind: 'agent' },
      jump,
    };
    const fingerprint = await probeHostKey(target, { readyTimeoutMs: 8_000 });
    return {
      address: r.address,
      port: r.port,
      user: r.user,
      fingerprint,
      knownHosts: knownHostsVerdict(r, fingerprint, this.d.knownHostsFile),
    };
  }

  async add(args: AddArgs): Promise<HostAddResult> {
    const progress = progressReporter(this.d.events, args.operationId, args.environmentId);
    const environment = this.d.environments.get(args.environmentId);
    const r = this.resolve(args);
    const authInput: AuthInput =
      args.auth.kind === 'agent' && r.identityFile && !process.env.SSH_AUTH_SOCK
        ? { kind: 'key', keyPath: r.identityFile }
        : args.auth;
    const name = args.name ?? r.address.replace(/[^A-Za-z0-9._-]/g, '-');
    this.d.hosts.assertFree({
      environmentId: environment.id,
      name,
      address: r.address,
      port: r.port,
    });

    const auth = sshAuth(authInput);
    const jump = r.jump
      ? await step(progress, 'jump', `Checking the jump host ${r.jump.address}`, () =>
          this.trustedJump(r.jump!, auth, args.jump?.hostKey, args.trustOnFirstUse),
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
          knownHostsFile: this.d.knownHostsFile,
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
          );
        });
      });

      const managers = this.connectedManagers(environment.id);
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
            failed
              .map((c) => `${c.label}: ${c.detail}${c.fix ? ` (fix: ${c.fix})` : ''}`)
              .join('; '),
        );
      }
      progress(
        'preflight',
        preflight.checks.some((c) => c.status === 'warn') ? 'warn' : 'done',
        'Preflight passed',
      );

      const membership = await step(
        progress,
        'swarm',
        environment.swarmId
          ? 'Joining the Swarm'
          : 'Creating the Swarm (or adopting the one this host manages)',
        () =>
          this.joinOrAdopt(
            environment.swarmId,
            connection,
            preflight.swarm ?? {},
            r.address,
            managers,
          ),
      );

      const stored: { auth: StoredAuth; secret: string | null } = storeAuth(authInput, this.d.box);
      const host = this.d.hosts.insert({
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
      this.d.hosts.updateFacts(host.id, preflight.facts);
      this.d.hosts.setPreflight(host.id, preflight.checks);
      this.d.hosts.setMembership(host.id, membership);
      if (membership.labels) this.d.hosts.setLabels(host.id, membership.labels);
      if (environment.swarmId !== membership.swarmId)
        this.d.environments.setSwarm(environment.id, membership.swarmId);
      this.d.connections.adopt(host.id, connection);
      handedOver = true;
      this.publish();
      progress('done', 'done', `${name} added as a ${membership.role}`);
      return { host: this.d.hosts.get(host.id), preflight: preflight.checks };
    } finally {
      if (!handedOver) connection.stop();
    }
  }

  async remove(id: number, operationId?: string): Promise<void> {
    const host = this.d.hosts.get(id);
    const progress = progressReporter(this.d.events, operationId, host.environmentId);
    const envHosts = this.d.hosts.list(host.environmentId);
    const own = this.d.connections.get(id);
    // A connection that is still coming up gets its chance: leaving the Swarm needs the host.
    await own.ready(10_000).catch(() => undefined);
    const reachable = own.status.state === 'connected';

    if (host.nodeId) {
      const others = envHosts.filter((h) => h.id !== id);
      const otherManager = others.find((h) => h.role === 'manager' && this.isConnected(h.id));
      if (others.length === 0) {
        // The last host: the Swarm ends with it.
        if (reachable)
          await step(progress, 'leave', 'Leaving the Swarm (last node)', () =>
            swarm.leaveSwarm(own.docker(), true),
          );
        this.d.environments.setSwarm(host.environmentId, null);
      } else {
        if (!otherManager) {
          throw new DroverError(
            'PRECONDITION_FAILED',
            `${host.name} is the only reachable manager: promote another host to manager first`,
          );
        }
        const manager = this.d.connections.connected(otherManager.id).docker();
        if (host.role === 'manager') {
          await step(progress, 'demote', `Demoting ${host.name}`, async () => {
            await swarm.updateNode(manager, host.nodeId!, (s) => ({ ...s, Role: 'worker' }));
            await swarm.waitForRole(manager, host.nodeId!, 'worker');
          });
        }
        await step(progress, 'drain', `Draining ${host.name}`, () =>
          swarm.updateNode(manager, host.nodeId!, (s) => ({ ...s, Availability: 'drain' })),
        );
        await this.waitDrained(manager, host, progress);
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
          this.removeNodeWhenDown(manager, host.nodeId!, !reachable),
        );
      }
    }
    this.d.connections.close(id);
    this.d.hosts.remove(id);
    this.publish();
    progress('done', 'done', `${host.name} removed`);
  }

  async label(id: number, set: Record<string, string>, remove: string[]): Promise<Host> {
    const host = this.d.hosts.get(id);
    const labels = { ...host.labels, ...set };
    for (const key of remove) delete labels[key];
    if (host.nodeId) {
      const manager = this.d.swarm.manager(host.environmentId);
      await swarm.updateNode(manager, host.nodeId, (spec) => ({ ...spec, Labels: labels }));
    }
    this.d.hosts.setLabels(id, labels);
    this.publish();
    return this.d.hosts.get(id);
  }

  async setRole(id: number, role: 'manager' | 'worker'): Promise<Host> {
    const host = this.d.hosts.get(id);
    if (!host.nodeId)
      throw new DroverError('PRECONDITION_FAILED', `${host.name} is not in the Swarm`);
    if (role === 'worker' && host.role === 'manager') {
      const managers = this.d.hosts.list(host.environmentId).filter((h) => h.role === 'manager');
      if (managers.length <= 1)
        throw new DroverError(
          'PRECONDITION_FAILED',
          `${host.name} is the last manager: promote another host first`,
        );
    }
    const manager = this.d.swarm.manager(host.environmentId, {
      except: role === 'worker' ? id : undefined,
    });
    await swarm.updateNode(manager, host.nodeId, (spec) => ({ ...spec, Role: role }));
    await swarm.waitForRole(manager, host.nodeId, role);
    this.d.hosts.setMembership(id, { nodeId: host.nodeId, role });
    this.publish();
    return this.d.hosts.get(id);
  }

  repin(id: number, hostKey: string): Host {
    const host = this.d.hosts.get(id);
    if (knownHostsVerdict(host, hostKey, this.d.knownHostsFile) === 'revoked') {
      throw new DroverError(
        'FORBIDDEN',
        `${hostKey} is marked @revoked in known_hosts: it cannot be pinned`,
      );
    }
    this.d.hosts.setHostKey(id, hostKey);
    this.d.connections.open(id);
    this.publish();
    return this.d.hosts.get(id);
  }

  async rerunPreflight(id: number): Promise<Host> {
    const host = this.d.hosts.get(id);
    const managers = this.connectedManagers(host.environmentId).filter((m) => m.id !== id);
    const result = await runPreflight(this.d.connections.connected(id), {
      managerAddresses: managers.map((m) => m.address),
    });
    this.d.hosts.updateFacts(id, result.facts);
    this.d.hosts.setPreflight(id, result.checks);
    this.publish();
    return this.d.hosts.get(id);
  }

  /** Facts and membership as the host's daemon reports them, after every (re)connect. */
  async refresh(id: number): Promise<void> {
    const connection = this.d.connections.connected(id);
    const docker = connection.docker();
    const info = (await docker.info()) as {
      ServerVersion?: string;
      NCPU?: number;
      MemTotal?: number;
      OperatingSystem?: string;
      KernelVersion?: string;
      Swarm?: swarm.SwarmInfo;
    };
    this.d.hosts.updateFacts(id, {
      dockerVersion: info.ServerVersion,
      cpus: info.NCPU,
      memoryBytes: info.MemTotal,
      os: info.OperatingSystem,
      kernel: info.KernelVersion,
    });
    const s = info.Swarm ?? {};
    if (s.LocalNodeState === 'active' && s.NodeID) {
      this.d.hosts.setMembership(id, {
        nodeId: s.NodeID,
        role: s.ControlAvailable ? 'manager' : 'worker',
      });
    }
    this.publish();
  }

  async cluster(environmentId: number): Promise<ClusterSummary> {
    const environment = this.d.environments.get(environmentId);
    const hosts = this.d.hosts.list(environmentId);
    if (!environment.swarmId) return { environmentId, swarmId: null, nodes: [], advice: [] };
    const nodes = await swarm.listNodes(this.d.swarm.manager(environmentId));
    const byNode = new Map(hosts.map((h) => [h.nodeId, h.id]));
    const matched = nodes.map((n) => ({ ...n, hostId: byNode.get(n.nodeId) ?? null }));
    const managers = matched.filter((n) => n.role === 'manager').length;
    const advice = swarm.quorumAdvice(managers, matched.length);
    for (const node of matched.filter((n) => n.hostId === null)) {
      advice.push(
        `Node ${node.hostname} (${node.address}) is in the Swarm but Drover has no SSH details for it: add it as a host.`,
      );
    }
    return { environmentId, swarmId: environment.swarmId, nodes: matched, advice };
  }

  private resolve(args: {
    address: string;
    port?: number;
    user?: string;
    jump?: { address: string; port: number; user: string };
  }): Resolved {
    const alias = resolveSshAlias(args.address, { configPath: this.d.sshConfigPath });
    if (alias.proxyCommand) {
      throw new DroverError(
        'INVALID_ARGUMENT',
        `${args.address} uses ProxyCommand in ~/.ssh/config, which Drover does not run; use ProxyJump or a jump host`,
      );
    }
    if ((alias.proxyJump?.length ?? 0) > 1) {
      throw new DroverError(
        'INVALID_ARGUMENT',
        `${args.address} goes through ${alias.proxyJump!.length} jump hosts; Drover supports one`,
      );
    }
    const firstJump = alias.proxyJump?.[0];
    const jump =
      args.jump ??
      (firstJump
        ? {
            address: firstJump.host,
            port: firstJump.port ?? 22,
            user: firstJump.user ?? args.user ?? alias.user ?? localUser(),
          }
        : undefined);
    return {
      address: alias.hostName,
      port: args.port ?? alias.port ?? 22,
      user: args.user ?? alias.user ?? localUser(),
      identityFile: alias.identityFiles[0],
      jump,
    };
  }

  private async trustedJump(
    jump: { address: string; port: number; user: string },
    auth: SshAuth,
    accepted: string | undefined,
    trustOnFirstUse: boolean,
  ): Promise<JumpHost> {
    const target: SshTarget = { ...jump, auth };
    const hostKey = decideTrust(target, await probeHostKey(target, { readyTimeoutMs: 10_000 }), {
      accepted,
      trustOnFirstUse,
      knownHostsFile: this.d.knownHostsFile,
    });
    return { ...jump, hostKey };
  }

  private async joinOrAdopt(
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
      const manager = managers[0] && this.d.connections.connected(managers[0].id).docker();
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
    const token = await swarm.workerToken(this.d.connections.connected(managers[0]!.id).docker());
    const joined = await swarm.joinSwarm(docker, {
      advertiseAddr: advertise,
      managers: managers.map((m) => m.address),
      token,
    });
    return { swarmId, nodeId: joined, role: 'worker' };
  }

  private async waitDrained(
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
      { timeoutMs: this.d.drainTimeoutMs ?? 300_000, intervalMs: 1000 },
    );
    if (!drained) {
      throw new DroverError(
        'UNAVAILABLE',
        `${message} after the drain timeout; the host was not removed (it stays drained)`,
      );
    }
  }

  private async removeNodeWhenDown(
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

  private connectedManagers(environmentId: number): Host[] {
    return this.d.hosts
      .list(environmentId)
      .filter((h) => h.role === 'manager' && this.isConnected(h.id));
  }

  private isConnected(id: number): boolean {
    try {
      return this.d.connections.get(id).status.state === 'connected';
    } catch {
      return false;
    }
  }

  private publish(): void {
    this.d.events.publish('host.changed', this.d.hosts.list());
    this.d.events.publish('env.changed', this.d.environments.list());
  }
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

/** Swarm wants an IP (or interface) to advertise; a DNS name is resolved here. */
async function advertiseAddress(address: string): Promise<string> {
  if (net.isIP(address)) return address;
  const { address: ip } = await dns.lookup(address);
  return ip;
}
