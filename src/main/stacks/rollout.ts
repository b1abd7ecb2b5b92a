// Following one of Swarm's rolling updates (service update, forced restart, rollback) to its end,
// reporting every task on the way. Swarm resets a service's UpdateStatus when its spec changes and
// sets it again when its updater starts; a spec change that leaves the tasks as they are (same
// image, same everything) never starts the updater, so no status is a finished update too.
import type Docker from 'dockerode';
import type { Progress } from '../operations/progress.js';
import { nodeNames, taskReporter } from './tasks.js';
import type { RawService, RawTask } from '../swarm/objects.js';
import { pollUntil } from '../swarm/poll.js';

export interface RolloutEnd {
  /** completed, paused, rollback_completed, rollback_paused, or timeout. */
  state: string;
  /** Swarm's own words on the update ("update rolled back due to failure ..."). */
  message: string;
  /** The engine's errors of the tasks that failed on the way (e.g. "No such image: ..."). */
  taskErrors: string[];
}

const FINAL = ['completed', 'paused', 'rollback_completed', 'rollback_paused'];
/** Without a status after this long and with the tasks settled, the updater had nothing to do. */
const NO_UPDATE_MS = 4_000;

export async function followRollout(
  docker: Docker,
  serviceId: string,
  progress: Progress,
  timeoutMs: number,
  /** Tasks that had ended before the update: their old errors are not this update's. */
  ended: ReadonlySet<string> = new Set(),
): Promise<RolloutEnd> {
  const started = Date.now();
  const report = taskReporter(progress, await nodeNames(docker));
  const taskErrors = new Set<string>();
  let lastStatus = '';
  let message = '';
  const ends = await pollUntil(
    async (): Promise<RolloutEnd | undefined> => {
      const service = (await docker.getService(serviceId).inspect()) as RawService;
      const tasks = (
        (await docker.listTasks({ filters: { service: [serviceId] } })) as RawTask[]
      ).filter((t) => !ended.has(t.ID));
      const { settled, errors } = report(service, tasks);
      errors.forEach((e) => taskErrors.add(e));
      const status = service.UpdateStatus;
      if (status?.State && status.State !== lastStatus) {
        lastStatus = status.State;
        progress(
          'rollout',
          status.State.includes('paused') || status.State.startsWith('rollback')
            ? 'warn'
            : status.State === 'completed'
              ? 'done'
              : 'running',
          `${service.Spec.Name}: ${status.State.replace('_', ' ')}${status.Message ? ` (${status.Message})` : ''}`,
        );
      }
      message = status?.Message ?? '';
      const end = { message, taskErrors: [...taskErrors] };
      if (
        status?.State &&
        FINAL.includes(status.State) &&
        (settled || status.State.endsWith('paused'))
      )
        return { state: status.State, ...end };
      if (!status?.State && settled && Date.now() - started > NO_UPDATE_MS)
        return { state: 'completed', ...end };
      return undefined;
    },
    { timeoutMs, intervalMs: 500 },
  );
  return ends ?? { state: 'timeout', message, taskErrors: [...taskErrors] };
}

/** Ids of a service's tasks that have ended (their history), before an update starts. */
export async function endedTasks(docker: Docker, serviceId: string): Promise<Set<string>> {
  const tasks = (await docker.listTasks({ filters: { service: [serviceId] } })) as RawTask[];
  return new Set(tasks.filter((t) => t.DesiredState !== 'running').map((t) => t.ID));
}
