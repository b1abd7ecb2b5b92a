// Alerts for the contract and the shells: feeds the rules from the console's own state (host
// connection changes, container events, services' tasks read through a manager, host usage
// samples), keeps what they raise and resolve in the store, pushes `alert.changed` to every
// shell and hands each raise and resolve to the notifier (the Electron shell's desktop one).
import type Docker from 'dockerode';
import {
  alertNotice,
  type Alert,
  type AlertChange,
  type AlertThresholds,
} from '../../shared/alerts.js';
import type { Host } from '../../shared/types.js';
import type { ContainerEvent } from '../containers/events.js';
import type { EventBus } from '../events/bus.js';
import type { HostRepository } from '../hosts/repository.js';
import type { ManagerAccess } from '../swarm/gateway.js';
import { readServiceTasks, unrequestedExits, type HostUsageSource } from './inputs.js';
import { quorumState, UNREACHED_STATES } from '../cluster/quorum.js';
import { AlertRules, type Finding, type ServiceTasks } from './rules.js';
import type { AlertQuery, AlertStore } from './store.js';

/** Shows a raise or resolve outside the app's window (desktop notification). */
export interface Notifier {
  notify(notice: { title: string; body: string }, change: AlertChange, alert: Alert): void;
}

export interface AlertServiceDeps {
  store: AlertStore;
  events: EventBus;
  hosts: HostRepository;
  thresholds: (environmentId: number) => AlertThresholds;
  /** Raw container events of every watched host, and service changes its managers report. */
  containerEvents: {
    subscribe(listener: (event: ContainerEvent) => void): () => void;
    subscribeServices(listener: (hostId: number, service: string) => void): () => void;
  };
  /** Environments with a Swarm; their services' tasks are read through a connected manager. */
  swarmEnvironments: () => number[];
  swarm: ManagerAccess;
  /** Reads the services' tasks from a manager (default readServiceTasks; unit tests give theirs). */
  readServiceTasks?: (docker: Docker) => Promise<ServiceTasks[]>;
  usage?: HostUsageSource;
  notifier?: Notifier;
  now?: () => number;
  /** How often services are re-read while one is below its desired count or alerted. */
  serviceRecheckMs?: number;
}

/** One environment's service re-read: scheduled, running, or asked for again while running. */
interface Refresh {
  timer?: NodeJS.Timeout;
  due: number;
  reading: boolean;
  again: boolean;
}

export class AlertService {
  private readonly rules: AlertRules;
  private readonly now: () => number;
  private readonly stops: (() => void)[] = [];
  private readonly knownHosts = new Map<number, { environmentId: number; state: string }>();
  private readonly refreshes = new Map<number, Refresh>();
  private deadline: NodeJS.Timeout | undefined;
  private running = false;
  private notifier: Notifier | undefined;

  constructor(private readonly d: AlertServiceDeps) {
    this.rules = new AlertRules(d.thresholds);
    this.now = d.now ?? Date.now;
    this.notifier = d.notifier;
  }

  /** Starts watching (the app and web mode; the CLI only reads the store). */
  start(): void {
    if (this.running) return;
    this.running = true;
    const at = this.now();
    const hostIds = new Set(this.d.hosts.list().map((h) => h.id));
    for (const alert of this.d.store.open()) {
      // An alert about a host removed while the console was closed resolves at once.
      if (alert.subject.type === 'host' && !hostIds.has(Number(alert.subject.id))) {
        this.apply([{ ...alert, type: 'resolve', key: '', since: at, at }]);
      } else this.rules.seed(alert, at);
    }
    this.hostsChanged(this.d.hosts.list());
    const exits = unrequestedExits();
    this.stops.push(
      this.d.events.subscribe((e) => {
        if (e.event === 'host.changed') this.hostsChanged(e.payload);
        else if (e.event === 'container.changed') this.refreshSoon(e.payload.environmentId);
        else if (e.event === 'stack.changed') this.refreshSoon(e.payload);
      }),
      this.d.containerEvents.subscribe((e) => {
        const exit = exits(e);
        const environmentId = this.knownHosts.get(e.hostId)?.environmentId;
        if (!exit || environmentId === undefined) return;
        const host = this.hostName(e.hostId);
        this.apply(
          this.rules.exited({
            environmentId,
            hostName: host,
            containerName: exit.name,
            service: exit.service,
            stack: exit.stack,
            exitCode: exit.exitCode,
            at: this.now(),
          }),
        );
      }),
    );
    this.stops.push(
      this.d.containerEvents.subscribeServices((hostId) => {
        const environmentId = this.knownHosts.get(hostId)?.environmentId;
        if (environmentId !== undefined) this.refreshSoon(environmentId);
      }),
    );
    this.watchUsage(this.d.usage);
    for (const environmentId of this.d.swarmEnvironments()) this.refreshSoon(environmentId, 0);
    this.schedule();
  }

  /** Takes CPU/memory samples from this source from now on (the metrics sampler). */
  watchUsage(source: HostUsageSource | undefined): void {
    if (!source || !this.running) return;
    this.stops.push(
      source.subscribe((hostId, usage) => {
        const environmentId = this.knownHosts.get(hostId)?.environmentId;
        if (environmentId === undefined) return;
        const name = this.hostName(hostId);
        this.apply(this.rules.hostUsage({ hostId, environmentId, name }, usage));
      }),
    );
  }

  setNotifier(notifier: Notifier | undefined): void {
    this.notifier = notifier;
  }

  get(id: number): Alert {
    return this.d.store.get(id);
  }

  list(q: AlertQuery): Alert[] {
    return this.d.store.list(q);
  }

  acknowledge(ids: number[], actor: string): Alert[] {
    const changed = this.d.store.acknowledge(ids, actor, this.now());
    for (const alert of changed)
      this.d.events.publish('alert.changed', { change: 'acknowledged', alert });
    return changed;
  }

  close(): void {
    this.running = false;
    for (const stop of this.stops.splice(0)) stop();
    for (const r of this.refreshes.values()) clearTimeout(r.timer);
    this.refreshes.clear();
    clearTimeout(this.deadline);
  }

  private hostsChanged(hosts: Host[]): void {
    const at = this.now();
    const findings: Finding[] = [];
    const present = new Set<number>();
    for (const host of hosts) {
      present.add(host.id);
      const before = this.knownHosts.get(host.id)?.state;
      this.knownHosts.set(host.id, { environmentId: host.environmentId, state: host.state });
      findings.push(
        ...this.rules.host(
          {
            hostId: host.id,
            environmentId: host.environmentId,
            name: host.name,
            state: host.state,
            error: host.stateError,
          },
          at,
        ),
      );
      // A manager that (re)connects can answer for its services again.
      if (host.state === 'connected' && before !== 'connected')
        this.refreshSoon(host.environmentId);
    }
    for (const [hostId, { environmentId }] of this.knownHosts) {
      if (present.has(hostId)) continue;
      this.knownHosts.delete(hostId);
      findings.push(...this.rules.hostRemoved(environmentId, hostId, at));
    }
    findings.push(...this.quorums(hosts, at));
    this.apply(findings);
  }

  /**
   * Each Swarm's managers as the console reaches them, at every host change: a manager that
   * cannot be reached counts as silent at once (a host still connecting says nothing yet).
   */
  private quorums(hosts: Host[], at: number): Finding[] {
    return this.d.swarmEnvironments().flatMap((environmentId) => {
      const managers = hosts.filter(
        (h) => h.environmentId === environmentId && h.role === 'manager',
      );
      const state = quorumState(
        managers.map((m) => ({ name: m.name, answering: !UNREACHED_STATES.includes(m.state) })),
      );
      return this.rules.quorum(environmentId, 'Swarm managers', state, at);
    });
  }

  /**
   * Re-reads the environment's services shortly: bursts of events become one read, an earlier
   * trigger brings a scheduled re-read forward, and one that comes during a read asks for another
   * (the read may have missed it).
   */
  private refreshSoon(environmentId: number, delayMs = 500): void {
    if (!this.running) return;
    let r = this.refreshes.get(environmentId);
    if (!r)
      this.refreshes.set(environmentId, (r = { due: Infinity, reading: false, again: false }));
    if (r.reading) {
      r.again = true;
      return;
    }
    const due = this.now() + delayMs;
    if (r.timer && r.due <= due) return;
    clearTimeout(r.timer);
    r.due = due;
    const entry = r;
    r.timer = setTimeout(() => {
      entry.timer = undefined;
      entry.due = Infinity;
      entry.reading = true;
      void this.refresh(environmentId).finally(() => {
        entry.reading = false;
        if (entry.again) {
          entry.again = false;
          this.refreshSoon(environmentId);
        } else if (this.rules.watchesServices(environmentId)) {
          // While a service is below its count (or alerted), its tasks change without every
          // change reaching us as an event (a task the manager marks running a moment after
          // its container started): look again until it settles.
          this.refreshSoon(environmentId, this.d.serviceRecheckMs ?? 5_000);
        }
      });
    }, delayMs);
  }

  private async refresh(environmentId: number): Promise<void> {
    if (!this.d.swarmEnvironments().includes(environmentId)) return;
    let services: ServiceTasks[];
    try {
      services = await (this.d.readServiceTasks ?? readServiceTasks)(
        this.d.swarm.manager(environmentId),
      );
    } catch {
      // No manager reachable: nothing is known, so nothing changes (hosts raise their own).
      return;
    }
    if (this.running) this.apply(this.rules.serviceTasks(environmentId, services, this.now()));
  }

  private apply(findings: Finding[]): void {
    for (const f of findings) {
      try {
        this.record(f);
      } catch (error) {
        // Findings arrive inside other services' event handlers (a host's state change): a
        // failed write (database closing) must not break those.
        console.error('Drover: could not record the alert', f.key, error);
      }
    }
    this.schedule();
  }

  private record(f: Finding): void {
    const result =
      f.type === 'raise'
        ? this.d.store.raise(f, f.since, f.at)
        : { alert: this.d.store.resolve(f, f.at), created: true };
    if (!result.alert || !result.created) return;
    const change: AlertChange = f.type === 'raise' ? 'raised' : 'resolved';
    this.d.events.publish('alert.changed', { change, alert: result.alert });
    try {
      this.notifier?.notify(alertNotice(change, result.alert), change, result.alert);
    } catch {
      // A desktop without notifications still has the in-app ones and the events list.
    }
  }

  /** One timer for the earliest transition any rule has due. */
  private schedule(): void {
    clearTimeout(this.deadline);
    const due = this.rules.nextDeadline();
    if (due === undefined || !this.running) return;
    this.deadline = setTimeout(
      () => this.apply(this.rules.tick(this.now())),
      Math.max(0, due - this.now()),
    );
  }

  private hostName(hostId: number): string {
    try {
      return this.d.hosts.get(hostId).name;
    } catch {
      return `host #${hostId}`;
    }
  }
}
