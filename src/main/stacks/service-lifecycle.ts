// Actions on one running service: stop (scale to 0, remembering the count on the service), start
// (back to that count), restart (a forced rolling update), update to a new image (rolling, with
// the service's own update config: failure_action rollback makes Swarm undo a failed update), and
// Swarm's own rollback to the previous spec. Each reports its tasks until they settle.
import type Docker from 'dockerode';
import { DroverError } from '../../shared/errors.js';
import type { Progress } from '../operations/progress.js';
import { unlessNotFound } from '../swarm/engine-error.js';
import type { Json } from './convert.js';
import { distribution, unpinnedWarning, withDefaultTag, type ImageLogins } from './images.js';
import { endedTasks, followRollout, type RolloutEnd } from './rollout.js';
import { waitForTasks } from './wait-for-tasks.js';
import type { ServiceEdit } from './compose-edit.js';
import { LABEL_IMAGE, LABEL_STOPPED_REPLICAS, stoppedReplicas } from '../swarm/labels.js';
import type { RawService, RawTask } from '../swarm/objects.js';
import { waitFor } from '../swarm/poll.js';

export interface LifecycleDeps {
  /** How long an action waits for the tasks to settle. */
  timeoutMs: number;
  /** The registry login sent with a new image, so that every node can pull it. */
  logins: ImageLogins;
  /** Keeps the stack's stored document in step with a change that succeeded. */
  keepDocument: (
    docker: Docker,
    service: RawService,
    edit: ServiceEdit,
    note: string,
  ) => Promise<void>;
  /** A restricted member's change: refuses running a spec that breaks the deploy guardrails. */
  checkSpec?: (docker: Docker, name: string, spec: Json | undefined) => Promise<void>;
}

export async function inspectService(docker: Docker, name: string): Promise<RawService> {
  const service = (await unlessNotFound(docker.getService(name).inspect())) as
    RawService | undefined;
  if (!service) throw new DroverError('NOT_FOUND', `No service named "${name}"`);
  return service;
}

function replicated(service: RawService, action: string): { Replicas?: number } {
  const mode = service.Spec.Mode?.Replicated;
  if (!mode) {
    throw new DroverError(
      'PRECONDITION_FAILED',
      `${service.Spec.Name} is not a replicated service: it cannot be ${action}`,
    );
  }
  return mode;
}

/** stop, start, restart, rollback: the Swarm service named, the operation's progress. */
export type ServiceAction = (
  docker: Docker,
  name: string,
  progress: Progress,
  deps: LifecycleDeps,
) => Promise<void>;

async function update(
  docker: Docker,
  service: RawService,
  spec: Json,
  query: Json = {},
  authconfig?: Docker.AuthConfig,
) {
  // Without authconfig the engine keeps the login the service was created or updated with.
  await docker
    .getService(service.ID)
    .update({ _query: { version: service.Version.Index, ...query }, _body: spec, authconfig });
}

/** Scales a stopped or stopping service, remembering (or forgetting) the count it had. */
async function setReplicas(
  docker: Docker,
  service: RawService,
  replicas: number,
  remember: string | undefined,
): Promise<void> {
  const { [LABEL_STOPPED_REPLICAS]: _forgotten, ...labels } = service.Spec.Labels ?? {};
  if (remember !== undefined) labels[LABEL_STOPPED_REPLICAS] = remember;
  await update(docker, service, {
    ...service.Spec,
    Labels: labels,
    Mode: { Replicated: { Replicas: replicas } },
  });
}

/**
 * Sends a change that Swarm rolls out task by task and follows it to its end (the tasks that
 * ended before it are not taken for its failures).
 */
async function rollingUpdate(
  docker: Docker,
  service: RawService,
  change: {
    spec: Json;
    query?: Json;
    auth?: Docker.AuthConfig;
    says: [step: string, text: string];
  },
  progress: Progress,
  deps: LifecycleDeps,
): Promise<RolloutEnd> {
  const ended = await endedTasks(docker, service.ID);
  await update(docker, service, change.spec, change.query, change.auth);
  progress(change.says[0], 'running', change.says[1]);
  return followRollout(docker, service.ID, progress, deps.timeoutMs, ended);
}

export const stopService: ServiceAction = async (docker, name, progress, deps) => {
  const service = await inspectService(docker, name);
  const replicas = replicated(service, 'stopped').Replicas ?? 1;
  if (replicas === 0) {
    progress('stop', 'done', `${name} is already stopped`);
    return;
  }
  await setReplicas(docker, service, 0, String(replicas));
  progress('stop', 'running', `Stopping ${name} (${replicas} replicas remembered)`);
  await waitForTasks(docker, [name], progress, deps.timeoutMs);
  // Swarm marks the tasks for shutdown at once; stopped is when their containers have stopped.
  let left = 0;
  const stopped = await waitFor(
    async () => {
      const tasks = (await docker.listTasks({ filters: { service: [service.ID] } })) as RawTask[];
      left = tasks.filter((t) => t.Status?.State === 'running').length;
      return left === 0;
    },
    { timeoutMs: deps.timeoutMs, intervalMs: 500 },
  );
  if (!stopped) {
    progress('stop', 'warn', `${name}: ${left} containers still stopping`);
    return;
  }
  progress('stop', 'done', `${name} stopped`);
};

export const startService: ServiceAction = async (docker, name, progress, deps) => {
  const service = await inspectService(docker, name);
  const current = replicated(service, 'started').Replicas ?? 1;
  const remembered = stoppedReplicas(service.Spec.Labels);
  if (remembered === null) {
    if (current > 0) {
      progress('start', 'done', `${name} is running (${current} replicas)`);
      return;
    }
    throw new DroverError(
      'PRECONDITION_FAILED',
      `${name} was not stopped by Drover and has no remembered replica count: scale it instead`,
    );
  }
  await setReplicas(docker, service, remembered, undefined);
  progress('start', 'running', `Starting ${name} with ${remembered} replicas`);
  const outcome = await waitForTasks(docker, [name], progress, deps.timeoutMs);
  const why = outcome.unconverged.map((u) => `: ${u.reason}`).join('');
  progress(
    'start',
    outcome.converged ? 'done' : 'warn',
    `${name} started (${remembered} replicas)${why}`,
  );
};

export const restartService: ServiceAction = async (docker, name, progress, deps) => {
  const service = await inspectService(docker, name);
  const template = (service.Spec.TaskTemplate ?? {}) as Json;
  // ForceUpdate +1 is `docker service update --force`: every task is replaced, rolling.
  const spec = {
    ...service.Spec,
    TaskTemplate: { ...template, ForceUpdate: Number(template.ForceUpdate ?? 0) + 1 },
  };
  const says: [string, string] = ['restart', `Restarting ${name}`];
  succeeded(name, 'restart', await rollingUpdate(docker, service, { spec, says }, progress, deps));
  progress('restart', 'done', `${name} restarted`);
};

export async function updateImage(
  docker: Docker,
  name: string,
  image: string,
  progress: Progress,
  deps: LifecycleDeps,
): Promise<void> {
  const service = await inspectService(docker, name);
  await deps.checkSpec?.(docker, name, service.Spec);
  const tagged = withDefaultTag(image);
  const login = deps.logins(tagged);
  const pinned = await distribution(docker, tagged, login);
  if (pinned.denied)
    throw new DroverError('PRECONDITION_FAILED', pinned.denied.replace('the stack', name));
  if (pinned.unpinned) progress('image', 'warn', unpinnedWarning(pinned));
  const template = (service.Spec.TaskTemplate ?? {}) as Json;
  const container = { ...(template.ContainerSpec as Json), Image: pinned.image };
  const labels = { ...service.Spec.Labels };
  // The stack label names the file's image: kept in step so a redeploy sees no change.
  if (labels[LABEL_IMAGE] !== undefined) labels[LABEL_IMAGE] = image;
  const spec = {
    ...service.Spec,
    Labels: labels,
    TaskTemplate: { ...template, ContainerSpec: container },
  };
  const says: [string, string] = ['update', `Updating ${name} to ${image}`];
  const end = await rollingUpdate(
    docker,
    service,
    { spec, auth: login.auth, says },
    progress,
    deps,
  );
  succeeded(name, `update to ${image}`, end);
  await deps.keepDocument(docker, service, { image }, `${shortName(service)} updated to ${image}`);
  progress('update', 'done', `${name} runs ${image}`);
}

export const rollbackService: ServiceAction = async (docker, name, progress, deps) => {
  const service = await inspectService(docker, name);
  const previous = (service as RawService & { PreviousSpec?: Json }).PreviousSpec;
  if (!previous) {
    throw new DroverError('PRECONDITION_FAILED', `${name} has no previous spec to roll back to`);
  }
  await deps.checkSpec?.(docker, name, previous);
  // `docker service rollback`: the current spec with rollback=previous; Swarm swaps in the last
  // (and the login it was deployed with).
  const end = await rollingUpdate(
    docker,
    service,
    {
      spec: service.Spec,
      query: { rollback: 'previous', registryAuthFrom: 'previous-spec' },
      says: ['rollback', `Rolling ${name} back to its previous spec`],
    },
    progress,
    deps,
  );
  if (end.state !== 'rollback_completed' && end.state !== 'completed') {
    throw new DroverError(
      'PRECONDITION_FAILED',
      `Rollback of ${name} did not complete (${end.state}${end.message ? `: ${end.message}` : ''})`,
    );
  }
  const after = await inspectService(docker, name);
  await deps.keepDocument(
    docker,
    after,
    {
      image: after.Spec.Labels?.[LABEL_IMAGE],
      replicas: after.Spec.Mode?.Replicated?.Replicas,
    },
    `${shortName(after)} rolled back`,
  );
  progress('rollback', 'done', `${name} rolled back`);
};

/** Throws with Swarm's and the engine's words unless the rolling update completed. */
function succeeded(name: string, what: string, end: RolloutEnd): void {
  if (end.state === 'completed') return;
  const why = [end.message, ...end.taskErrors.slice(0, 3)].filter(Boolean).join('; ');
  const outcome =
    end.state === 'rollback_completed'
      ? 'failed and Swarm rolled it back'
      : end.state === 'timeout'
        ? 'did not finish in time'
        : `stopped (${end.state.replace('_', ' ')})`;
  throw new DroverError(
    'PRECONDITION_FAILED',
    `The ${what} of ${name} ${outcome}${why ? `: ${why}` : ''}`,
  );
}

export function shortName(service: RawService): string {
  const stack = service.Spec.Labels?.['com.docker.stack.namespace'];
  return stack && service.Spec.Name.startsWith(`${stack}_`)
    ? service.Spec.Name.slice(stack.length + 1)
    : service.Spec.Name;
}
