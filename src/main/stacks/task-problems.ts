// What keeps a service from converging, in the engine's words: the latest task error of its
// current spec (no such image, invalid mount option, no suitable node, ...), and when a wait for
// its tasks should stop because the engine will not get further by itself.
import type { ServiceProblem } from '../../shared/types.js';
import { isSettled, type RawService, type RawTask } from '../swarm/objects.js';

/** Identical rejections, with nothing running, after which retrying is taken as hopeless. */
export const REPEATED_FAILURES = 3;
/** How long a task may stay unschedulable (pending with an error) before a wait gives up. */
export const UNSCHEDULABLE_GRACE_MS = 15_000;

const ENDED_IN_ERROR = new Set(['failed', 'rejected']);

/**
 * Whether a task was made from the service's current task template. The engine's copy in a task
 * leaves out defaults the service spec carries (restart policy, stop grace period, runtime), so
 * the test is that every value the task has equals the template's at the same place.
 */
export function isCurrentTask(service: RawService, task: RawTask): boolean {
  if (!task.Spec) return true;
  return within(task.Spec, service.Spec.TaskTemplate ?? {});
}

function within(part: unknown, whole: unknown): boolean {
  if (part === null || typeof part !== 'object') return part === whole;
  if (whole === null || typeof whole !== 'object') return isEmpty(part);
  if (Array.isArray(part) !== Array.isArray(whole)) return false;
  if (Array.isArray(part)) {
    const other = whole as unknown[];
    return part.length === other.length && part.every((v, i) => within(v, other[i]));
  }
  const other = whole as Record<string, unknown>;
  return Object.entries(part).every(([k, v]) =>
    k in other ? within(v, other[k]) : isEmpty(v) || v === false || v === 0,
  );
}

const isEmpty = (v: unknown): boolean =>
  v === null ||
  v === undefined ||
  v === '' ||
  (typeof v === 'object' && Object.values(v).every(isEmpty));

/** A task of the current spec that ended in an error, or waits with one (unschedulable). */
function taskError(service: RawService, task: RawTask): string | null {
  const err = task.Status?.Err;
  if (!err || !isCurrentTask(service, task)) return null;
  const state = task.Status?.State ?? '';
  if (ENDED_IN_ERROR.has(state)) return err;
  if (task.DesiredState === 'running' && state !== 'running') return err;
  return null;
}

const when = (t: RawTask) => Date.parse(t.Status?.Timestamp ?? t.UpdatedAt ?? '') || 0;

/**
 * The latest task error of a service that is not converged; null once every wanted task runs.
 * `tasks` are all the service's tasks the engine keeps, history included.
 */
export function serviceProblem(
  service: RawService,
  tasks: RawTask[],
  hostOf: (nodeId: string) => string | null = () => null,
): ServiceProblem | null {
  const own = tasks.filter((t) => t.ServiceID === service.ID);
  if (isSettled(service, own)) return null;
  const failing = own.filter((t) => taskError(service, t) !== null);
  const latest = failing.reduce<RawTask | undefined>(
    (a, b) => (a === undefined || when(b) > when(a) ? b : a),
    undefined,
  );
  if (!latest) return null;
  return {
    message: latest.Status!.Err!,
    state: latest.Status?.State ?? 'unknown',
    at: latest.Status?.Timestamp ?? latest.UpdatedAt ?? '',
    node: latest.NodeID ? (hostOf(latest.NodeID) ?? latest.NodeID) : null,
    tasks: failing.length,
  };
}

/**
 * The stop rule of a wait for tasks: answers why waiting longer is pointless for a service, or
 * null. Rejections that repeat with the same error while nothing runs, and a task that stays
 * unschedulable beyond a grace period, are the engine's final word until someone changes
 * something. Remembers since when each task is unschedulable, so `now` is passed in.
 */
export function stuckDetector(graceMs = UNSCHEDULABLE_GRACE_MS) {
  const unschedulableSince = new Map<string, { err: string; since: number }>();
  return (service: RawService, tasks: RawTask[], now: number): string | null => {
    const own = tasks.filter((t) => t.ServiceID === service.ID);
    if (isSettled(service, own)) return null;
    const repeats = new Map<string, number>();
    const running = own.some((t) => t.Status?.State === 'running' && t.DesiredState === 'running');
    for (const task of own) {
      const err = taskError(service, task);
      if (err === null) {
        unschedulableSince.delete(task.ID);
        continue;
      }
      if (ENDED_IN_ERROR.has(task.Status?.State ?? '')) {
        repeats.set(err, (repeats.get(err) ?? 0) + 1);
        continue;
      }
      const seen = unschedulableSince.get(task.ID);
      if (!seen || seen.err !== err) unschedulableSince.set(task.ID, { err, since: now });
      else if (now - seen.since >= graceMs) return err;
    }
    if (running) return null;
    for (const [err, count] of repeats) if (count >= REPEATED_FAILURES) return err;
    return null;
  };
}
