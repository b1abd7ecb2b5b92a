// The four rules, as pure evaluators: each turns what the console observes (a host's connection
// state, a host's CPU/memory sample, a container's exit, a service's running vs desired tasks)
// and the time into findings: raise or resolve an alert about one subject. Durations and limits
// come from the environment's thresholds at the time of each observation.
import type {
  Alert,
  AlertKind,
  AlertSeverity,
  AlertSubject,
  AlertThresholds,
} from '../../shared/alerts.js';
import type { HostState } from '../../shared/types.js';
import { quorumRisk, UNREACHED_STATES, type QuorumState } from '../cluster/quorum.js';
import { RestartLoop } from './restart-loop.js';
import { SustainedCondition, type Transition } from './sustained.js';

/** What an alert says about its subject; the store keeps it with the raise. */
export interface AlertDescription {
  kind: AlertKind;
  environmentId: number;
  severity: AlertSeverity;
  subject: AlertSubject;
  message: string;
}

export interface Finding extends AlertDescription {
  type: 'raise' | 'resolve';
  key: string;
  since: number;
  at: number;
}

export interface HostObservation {
  hostId: number;
  environmentId: number;
  name: string;
  state: HostState;
  error: string | null;
}

/** One CPU/memory sample of a host, as the metrics sampler reports it (percent of capacity). */
export interface HostUsage {
  cpuPercent: number;
  memoryPercent: number;
  at: number;
}

/** A container that stopped by itself (not through a stop, kill or removal). */
export interface ContainerExit {
  environmentId: number;
  hostName: string;
  containerName: string;
  /** Swarm service (<stack>_<service>) of a task container; null for a plain container. */
  service: string | null;
  stack: string | null;
  exitCode: string | null;
  at: number;
}

export interface ServiceTasks {
  name: string;
  stack: string | null;
  running: number;
  desired: number;
  /** A rolling update or rollback in progress: tasks are down on purpose. */
  updating: boolean;
  /** The engine's latest error for its tasks, in words (no such image, no suitable node, ...). */
  problem: string | null;
}

/** States in which the console cannot reach a host's Docker. 'connecting' and 'new' say nothing. */
const DOWN: readonly string[] = UNREACHED_STATES;
const USAGE_CLEAR_MS = 60_000;
const SERVICE_CLEAR_MS = 10_000;
const ms = (seconds: number) => seconds * 1000;

export function alertKey(kind: AlertKind, environmentId: number, subjectId: string): string {
  return `${kind}:${environmentId}:${subjectId}`;
}

function duration(msValue: number): string {
  const s = Math.round(msValue / 1000);
  return s < 120 ? `${s} s` : `${Math.round(s / 60)} min`;
}

export class AlertRules {
  private readonly hosts = new SustainedCondition();
  private readonly usage = new SustainedCondition();
  private readonly services = new SustainedCondition();
  private readonly quorums = new SustainedCondition();
  private readonly restarts = new RestartLoop();
  private readonly described = new Map<string, AlertDescription>();

  constructor(private readonly thresholds: (environmentId: number) => AlertThresholds) {}

  host(o: HostObservation, at: number): Finding[] {
    const t = this.thresholds(o.environmentId);
    if (o.state === 'connecting' || o.state === 'new') return [];
    const down = DOWN.includes(o.state);
    const key = this.describe('host-unreachable', o.environmentId, String(o.hostId), {
      severity: 'critical',
      subject: { type: 'host', id: String(o.hostId), name: o.name, stack: null },
      message: down
        ? `${o.name} is ${o.state}${o.error ? `: ${o.error}` : ''}`
        : `${o.name} is unreachable`,
      update: down,
    });
    return this.found(
      this.hosts.observe(key, down, at, {
        raiseAfterMs: ms(t.hostUnreachableSeconds),
        clearAfterMs: 0,
      }),
    );
  }

  /** The environment's managers as the console reaches them: raised at once, resolved at once. */
  quorum(environmentId: number, swarmName: string, state: QuorumState, at: number): Finding[] {
    const message = quorumRisk(state);
    const key = this.describe('quorum-at-risk', environmentId, 'swarm', {
      severity: 'critical',
      subject: { type: 'swarm', id: 'swarm', name: swarmName, stack: null },
      message: message ?? `${swarmName}: quorum at risk`,
      update: message !== undefined,
    });
    return this.found(
      this.quorums.observe(key, state.atRisk, at, { raiseAfterMs: 0, clearAfterMs: 0 }),
    );
  }

  /** A host removed from the console: its alerts resolve. */
  hostRemoved(environmentId: number, hostId: number, at: number): Finding[] {
    const id = String(hostId);
    return this.found([
      ...this.hosts.forget(alertKey('host-unreachable', environmentId, id), at),
      ...this.usage.forget(alertKey('host-cpu', environmentId, id), at),
      ...this.usage.forget(alertKey('host-memory', environmentId, id), at),
    ]);
  }

  hostUsage(host: { hostId: number; environmentId: number; name: string }, u: HostUsage) {
    const t = this.thresholds(host.environmentId);
    const subject: AlertSubject = {
      type: 'host',
      id: String(host.hostId),
      name: host.name,
      stack: null,
    };
    const check = (
      kind: 'host-cpu' | 'host-memory',
      what: string,
      value: number,
      limit: number,
      seconds: number,
    ) => {
      const key = this.describe(kind, host.environmentId, subject.id, {
        severity: 'warning',
        subject,
        message: `${host.name}: ${what} above ${limit} % for ${duration(ms(seconds))} (${Math.round(value)} %)`,
        update: value > limit,
      });
      return this.usage.observe(key, value > limit, u.at, {
        raiseAfterMs: ms(seconds),
        clearAfterMs: Math.min(ms(seconds), USAGE_CLEAR_MS),
      });
    };
    return this.found([
      ...check('host-cpu', 'CPU', u.cpuPercent, t.cpuPercent, t.cpuSeconds),
      ...check('host-memory', 'memory', u.memoryPercent, t.memoryPercent, t.memorySeconds),
    ]);
  }

  exited(e: ContainerExit): Finding[] {
    const t = this.thresholds(e.environmentId);
    const subject: AlertSubject = e.service
      ? { type: 'service', id: e.service, name: e.service, stack: e.stack }
      : { type: 'container', id: e.containerName, name: e.containerName, stack: e.stack };
    const limit = { count: t.restartCount, windowMs: ms(t.restartWindowSeconds) };
    const exits = e.service ? 'task exits' : 'exits';
    const key = this.describe('container-restarting', e.environmentId, subject.id, {
      severity: 'warning',
      subject,
      message: `${subject.name}: ${limit.count} or more ${exits} within ${duration(limit.windowMs)} (last: ${e.containerName} on ${e.hostName}${e.exitCode !== null ? `, exit code ${e.exitCode}` : ''})`,
      update: true,
    });
    return this.found(this.restarts.exited(key, e.at, limit));
  }

  /** Every service of the environment as a manager reports it now; missing ones resolve. */
  serviceTasks(environmentId: number, services: ServiceTasks[], at: number): Finding[] {
    const t = this.thresholds(environmentId);
    const hold = { raiseAfterMs: ms(t.belowDesiredSeconds), clearAfterMs: SERVICE_CLEAR_MS };
    const seen = new Set<string>();
    const out: Transition[] = [];
    for (const s of services) {
      const below = s.running < s.desired && !s.updating;
      const key = this.describe('service-below-desired', environmentId, s.name, {
        severity: s.running === 0 ? 'critical' : 'warning',
        subject: { type: 'service', id: s.name, name: s.name, stack: s.stack },
        message: `${s.name}: ${s.running} of ${s.desired} tasks running for ${duration(hold.raiseAfterMs)} or more${s.problem ? `: ${s.problem}` : ''}`,
        update: below,
      });
      seen.add(key);
      out.push(...this.services.observe(key, below, at, hold));
    }
    const prefix = alertKey('service-below-desired', environmentId, '');
    for (const key of this.services.keys()) {
      if (key.startsWith(prefix) && !seen.has(key)) out.push(...this.services.forget(key, at));
    }
    return this.found(out);
  }

  /** Whether a service of the environment is below its count or alerted (worth re-reading). */
  watchesServices(environmentId: number): boolean {
    const prefix = alertKey('service-below-desired', environmentId, '');
    return this.services.keys().some((key) => key.startsWith(prefix));
  }

  tick(at: number): Finding[] {
    return this.found([
      ...this.hosts.tick(at),
      ...this.usage.tick(at),
      ...this.services.tick(at),
      ...this.quorums.tick(at),
      ...this.restarts.tick(at),
    ]);
  }

  nextDeadline(): number | undefined {
    const all = [this.hosts, this.usage, this.services, this.quorums, this.restarts]
      .map((e) => e.nextDeadline())
      .filter((d): d is number => d !== undefined);
    return all.length ? Math.min(...all) : undefined;
  }

  /** An alert still open from before the console restarted: it resolves once seen gone. */
  seed(alert: Alert, at: number): void {
    const key = alertKey(alert.kind, alert.environmentId, alert.subject.id);
    const t = this.thresholds(alert.environmentId);
    this.described.set(key, { ...alert });
    const since = Date.parse(alert.since) || at;
    switch (alert.kind) {
      case 'host-unreachable':
        return this.hosts.seed(key, since, { raiseAfterMs: 0, clearAfterMs: 0 });
      case 'host-cpu':
      case 'host-memory':
        return this.usage.seed(key, since, { raiseAfterMs: 0, clearAfterMs: USAGE_CLEAR_MS });
      case 'service-below-desired':
        return this.services.seed(key, since, { raiseAfterMs: 0, clearAfterMs: SERVICE_CLEAR_MS });
      case 'quorum-at-risk':
        return this.quorums.seed(key, since, { raiseAfterMs: 0, clearAfterMs: 0 });
      case 'container-restarting':
        return this.restarts.seed(key, at, {
          count: t.restartCount,
          windowMs: ms(t.restartWindowSeconds),
        });
    }
  }

  /**
   * Keeps what an alert would say about its subject. While the condition holds the message
   * follows the latest observation; once raised it keeps the raise's words.
   */
  private describe(
    kind: AlertKind,
    environmentId: number,
    subjectId: string,
    d: Omit<AlertDescription, 'kind' | 'environmentId'> & { update: boolean },
  ): string {
    const key = alertKey(kind, environmentId, subjectId);
    if (d.update || !this.described.has(key)) {
      this.described.set(key, {
        kind,
        environmentId,
        severity: d.severity,
        subject: d.subject,
        message: d.message,
      });
    }
    return key;
  }

  private found(transitions: Transition[]): Finding[] {
    return transitions.flatMap((t) => {
      const d = this.described.get(t.key);
      if (!d) return [];
      if (t.type === 'resolve') this.described.delete(t.key);
      return [{ ...d, type: t.type, key: t.key, since: t.since, at: t.at }];
    });
  }
}
