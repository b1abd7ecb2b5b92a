// The one way the domains reach an environment's Swarm: a Docker client whose every call goes to
// a connected manager, moving on to the next one when a manager does not open a channel or answer
// in time (see manager-calls.ts). A manager that failed that way is suspect: probed at once and
// asked last until it answers again.
//
// Followers are asked before the leader. Every Swarm API call is served by the leader (followers
// forward it), so while the leader is gone no manager can answer until Raft has elected another
// (measured on the lab: 10-13 s with Swarm's default ElectionTick). Were the console's manager the
// leader, losing that one host would cost both the console's link and the leader at once; through
// a follower, losing it costs one failover (~1 s), and losing the leader costs what it costs every
// Swarm client. The price is one forwarding hop inside the cluster per call.
import Docker from 'dockerode';
import { DroverError } from '../../shared/errors.js';
import type { Host } from '../../shared/types.js';
import {
  defaultTimings,
  routeCall,
  type CallTimings,
  type Candidate,
  type DialOptions,
} from './manager-calls.js';
import { NoAnswerError, NoLeaderError } from './engine-error.js';
import { answerWithin, retry, sleep, waitFor } from './poll.js';
import { isChange, readKey, SharedReads } from './shared-reads.js';

/** An environment's hosts as the gateway needs them (the hosts domain provides them). */
export interface HostDirectory {
  list(environmentId: number): Host[];
}

/** The hosts' SSH links: each one's state and the Docker client on it. */
export interface HostLinks {
  get(hostId: number): { readonly status: { state: string }; docker(): Docker };
}

/** What the domains may use of the gateway: Docker's API on an environment's managers. */
export type ManagerAccess = Pick<SwarmGateway, 'manager'>;

export interface SwarmGatewayDeps {
  hosts: HostDirectory;
  connections: HostLinks;
  timings?: Partial<CallTimings>;
  /** How often a suspect manager is probed, and how long a probe may take. */
  probeEveryMs?: number;
  probeTimeoutMs?: number;
  /** How long a call that reached no manager waits for one to (re)connect before failing. */
  reconnectWaitMs?: number;
  /** How long a change waits for Raft to elect a leader (10-30 s measured after a cut). */
  electionWaitMs?: number;
  /** Told when a change starts waiting for a leader (`since`) and when it stops (null). */
  leaderWait?(environmentId: number, since: number | null): void;
}

interface NodeAnswer {
  ID?: string;
  ManagerStatus?: { Leader?: boolean };
}

export class SwarmGateway {
  private readonly clients = new Map<number, Docker>();
  private readonly suspects = new Set<number>();
  private readonly leaders = new Map<number, string>();
  private readonly reads = new SharedReads();
  private readonly timings: CallTimings;

  constructor(private readonly d: SwarmGatewayDeps) {
    this.timings = { ...defaultTimings, ...d.timings };
  }

  /**
   * Docker's API on the environment's managers (dockerode's interface). With `except`, that host
   * is never asked (a manager changing its own role asks another).
   */
  manager(environmentId: number, options: { except?: number } = {}): Docker {
    if (options.except === undefined) {
      let client = this.clients.get(environmentId);
      if (!client) {
        client = this.client(environmentId);
        this.clients.set(environmentId, client);
      }
      return client;
    }
    return this.client(environmentId, options.except);
  }

  /** The managers a call would try now, in order (for tests and diagnostics). */
  order(environmentId: number, except?: number): string[] {
    return this.candidates(environmentId, except).map((c) => c.name);
  }

  /** False while the manager is suspect: its last call got no answer and no probe has since. */
  isAnswering(hostId: number): boolean {
    return !this.suspects.has(hostId);
  }

  /** Call when a host's connection is (re)established: it is trusted again. */
  hostConnected(hostId: number): void {
    this.suspects.delete(hostId);
  }

  private client(environmentId: number, except?: number): Docker {
    const docker = new Docker({ protocol: 'http', host: 'docker', port: 80 });
    const base = (docker as unknown as { modem: object }).modem;
    const modem = Object.create(base) as { dial: (o: DialOptions, cb: Callback) => void };
    modem.dial = (options, callback) => {
      this.shared(environmentId, except, options).then(
        (value) => callback(null, value),
        (error: Error) => callback(error),
      );
    };
    (docker as unknown as { modem: object }).modem = modem;
    return docker;
  }

  /**
   * Identical reads of an environment that overlap in time are one request (every client's view
   * refreshes on the same change event; the engine is asked once, not once per client). A change
   * sent through the gateway starts a new generation: no read begun before it answers one begun
   * after it.
   */
  private shared(environmentId: number, except: number | undefined, options: DialOptions) {
    if (SharedReads.shareable(options))
      return this.reads.run(environmentId, `${except ?? ''} ${readKey(options)}`, () =>
        this.call(environmentId, except, options),
      );
    const change = isChange(options);
    if (change) this.reads.changed(environmentId);
    const call = this.call(environmentId, except, options);
    // Reads begun while the change was under way may not have seen it either.
    if (change) void call.finally(() => this.reads.changed(environmentId)).catch(() => undefined);
    return call;
  }

  /**
   * One call over the managers. When every manager asked failed before the request was sent (a
   * connection that has just dropped: it reconnects at once and is usually back within a
   * moment), the call waits for one, briefly, and goes again. Nothing was sent, so going again is
   * safe for any call.
   */
  private async call(environmentId: number, except: number | undefined, options: DialOptions) {
    const hooks = {
      suspect: (c: Candidate) => this.suspect(c),
      answered: (_c: Candidate, o: DialOptions, value: unknown) =>
        this.learnLeader(environmentId, o, value),
    };
    const attempt = () =>
      routeCall(this.candidates(environmentId, except), options, hooks, this.timings);
    try {
      return await this.throughElection(environmentId, options, attempt);
    } catch (error) {
      // Only a manager that was connected a moment ago and failed before sending is worth
      // waiting for; with none connected at all the answer is at once "unavailable".
      const unsent = error instanceof NoAnswerError && !error.maybeApplied;
      if (!unsent || options.abortSignal?.aborted) throw error;
      const back = await waitFor(
        () => this.managers(environmentId, except).connected.some((h) => !this.suspects.has(h.id)),
        { timeoutMs: this.d.reconnectWaitMs ?? 5_000, intervalMs: 100 },
      );
      if (!back) throw error;
      return this.throughElection(environmentId, options, attempt);
    }
  }

  /**
   * A change met by "no leader" waits for Raft to elect one and goes again (nothing was applied);
   * a read says so at once, so that pages show it rather than hang.
   */
  private async throughElection(
    environmentId: number,
    options: DialOptions,
    attempt: () => Promise<unknown>,
  ): Promise<unknown> {
    if (!isChange(options)) return attempt();
    const since = Date.now();
    let waiting = false;
    try {
      return await retry(attempt, {
        timeoutMs: this.d.electionWaitMs ?? 30_000,
        intervalMs: 1_000,
        retryable: (error) => {
          if (!(error instanceof NoLeaderError) || options.abortSignal?.aborted) return false;
          // The first "no leader" starts the wait: the step under way says so.
          if (!waiting) this.d.leaderWait?.(environmentId, since);
          waiting = true;
          return true;
        },
      });
    } catch (error) {
      // Given up at the deadline: the error says how long it waited.
      if (waiting && error instanceof NoLeaderError)
        throw new NoLeaderError(error.managers, Date.now() - since);
      throw error;
    } finally {
      if (waiting) this.d.leaderWait?.(environmentId, null);
    }
  }

  /** The environment's managers but `except`, and those of them connected now. */
  private managers(environmentId: number, except?: number) {
    const all = this.d.hosts
      .list(environmentId)
      .filter((h) => h.role === 'manager' && h.id !== except);
    return { all, connected: all.filter((h) => this.stateOf(h.id) === 'connected') };
  }

  private candidates(environmentId: number, except?: number): Candidate[] {
    const { all: managers, connected } = this.managers(environmentId, except);
    if (!connected.length) {
      const why = managers.length
        ? `: ${managers.map((h) => `${h.name} is ${this.stateOf(h.id)}`).join(', ')}`
        : '';
      throw new DroverError('UNAVAILABLE', `No manager of this environment is connected${why}`);
    }
    const leader = this.leaders.get(environmentId);
    if (leader === undefined) this.refreshLeader(environmentId);
    const rank = (h: Host) => (this.suspects.has(h.id) ? 2 : h.nodeId === leader ? 1 : 0);
    return connected
      .sort((a, b) => rank(a) - rank(b) || a.id - b.id)
      .map((h) => ({
        hostId: h.id,
        name: h.name,
        docker: this.d.connections.get(h.id).docker(),
      }));
  }

  private stateOf(hostId: number): string {
    try {
      return this.d.connections.get(hostId).status.state;
    } catch {
      return 'not connected';
    }
  }

  private suspect(candidate: Candidate): void {
    if (this.suspects.has(candidate.hostId)) return;
    this.suspects.add(candidate.hostId);
    // The leader may have been the one lost: learn the new one from a manager that answers.
    for (const [environmentId] of this.leaders) this.leaders.delete(environmentId);
    void this.probe(candidate);
  }

  /** Pings a suspect until it answers (trusted again) or its connection is gone. */
  private async probe(candidate: Candidate): Promise<void> {
    const every = this.d.probeEveryMs ?? 2_000;
    const limit = this.d.probeTimeoutMs ?? 1_500;
    while (this.suspects.has(candidate.hostId)) {
      if (this.stateOf(candidate.hostId) !== 'connected') return; // hostConnected clears it
      // Answered only by an engine that can act as a manager now.
      const answered = await answerWithin(
        candidate.docker.swarmInspect().then(
          () => true,
          () => false,
        ),
        limit,
      );
      if (answered) {
        this.suspects.delete(candidate.hostId);
        return;
      }
      await sleep(every);
    }
  }

  private refreshLeader(environmentId: number): void {
    this.leaders.set(environmentId, ''); // one refresh at a time
    void this.manager(environmentId)
      .listNodes()
      .catch(() => this.leaders.delete(environmentId));
  }

  private learnLeader(environmentId: number, options: DialOptions, value: unknown): void {
    if (options.method !== 'GET' || !options.path.startsWith('/nodes')) return;
    const nodes = (Array.isArray(value) ? value : [value]) as NodeAnswer[];
    const leader = nodes.find((n) => n?.ManagerStatus?.Leader);
    if (leader?.ID) this.leaders.set(environmentId, leader.ID);
  }
}

type Callback = (error: Error | null, result?: unknown) => void;
