// Applies a DeployPlan (planner.ts) through one manager, in docker's order: networks, secrets,
// configs, then services (created, or updated at the version the plan saw; left alone when
// unchanged), then the services no longer in the file are removed. The planner has checked
// everything that could refuse the deploy, so a refused deploy leaves the cluster as it was.
import type Docker from 'dockerode';
import { DroverError } from '../../shared/errors.js';
import type { StackDeployResult, StackObjectRef } from '../../shared/types.js';
import type { Progress } from '../operations/progress.js';
import type { Json } from './convert.js';
import { pruneLbConfigs } from '../lb/prune.js';
import { createChecked, removeChecked, unlessNotFound } from '../swarm/engine-error.js';
import { fillReferences, type SwarmObject } from './cluster-state.js';
import type { DeployPlan, FileStep } from './planner.js';
import { noLogins, type ImageLogins } from './images.js';
import { refusalText } from './refusal.js';
import { endedTasks, followRollout } from './rollout.js';
import { waitForTasks } from './wait-for-tasks.js';
import { CLUSTER_COMPOSE_VERSIONS_KEPT } from '../swarm/defaults.js';
import {
  COMPOSE_CONFIG_PATTERN,
  composeConfigName,
  LABEL_DROVER_VERSION,
  LABEL_NAMESPACE,
} from '../swarm/labels.js';

export interface DeployOptions {
  version: number;
  /** The compose document kept on the cluster for re-adoption. */
  compose: string;
  progress: Progress;
  /** How long to wait for the tasks to run; 0 does not wait. */
  waitMs: number;
  /** Logins sent with each service (X-Registry-Auth), so every node can pull its image. */
  logins?: ImageLogins;
}

/** Throws unless the host answers as a Swarm manager (plans and deploys need one). */
export async function assertManager(docker: Docker): Promise<void> {
  // Only an engine that can act as a manager now answers GET /swarm; one just promoted, or cut
  // off from the cluster, answers 503, and the gateway asks the next manager.
  await docker.swarmInspect();
}

export async function deployStack(
  docker: Docker,
  plan: DeployPlan,
  options: DeployOptions,
): Promise<StackDeployResult> {
  if (plan.refusals.length)
    throw new DroverError('PRECONDITION_FAILED', plan.refusals.map(refusalText).join('; '));
  const result: StackDeployResult = {
    stack: plan.stack,
    version: options.version,
    created: [],
    updated: [],
    unchanged: [],
    removed: [],
    warnings: [...plan.warnings],
    converged: false,
    unconverged: [],
  };
  let rolling: Rolling[];
  try {
    rolling = await applyPlan(docker, plan, options, result);
  } catch (error) {
    throw stoppedMidway(error, result);
  }
  if (options.waitMs > 0) await waitForConvergence(docker, plan, rolling, options, result);
  return result;
}

/**
 * A deploy that failed after changing something says exactly what it had applied, so the user
 * (or the caller) can roll back; one that changed nothing keeps its error as it is.
 */
function stoppedMidway(error: unknown, result: StackDeployResult): unknown {
  const applied = [
    ...result.created.map((o) => ({ ...o, action: 'created' as const })),
    ...result.updated.map((o) => ({ ...o, action: 'updated' as const })),
    ...result.removed.map((o) => ({ ...o, action: 'removed' as const })),
  ];
  if (!applied.length || !(error instanceof Error)) return error;
  const code = error instanceof DroverError ? error.code : 'INTERNAL';
  const list = applied.map((o) => `${o.action} ${o.kind} ${o.name}`).join(', ');
  return new DroverError(
    code,
    `${error.message}\nThe deploy stopped midway; already applied: ${list}.`,
    { ...(error instanceof DroverError ? error.details : {}), applied },
  );
}

async function applyPlan(
  docker: Docker,
  plan: DeployPlan,
  options: DeployOptions,
  result: StackDeployResult,
): Promise<Rolling[]> {
  const { progress } = options;
  const rolling: Rolling[] = [];
  const note = (
    list: StackObjectRef[],
    kind: StackObjectRef['kind'],
    name: string,
    verb: string,
  ) => {
    list.push({ kind, name });
    progress(`${kind}:${name}`, 'done', `${verb} ${kind} ${name}`);
  };

  // Networks: created when missing (docker never updates a stack network).
  for (const network of plan.networks) {
    if (network.action === 'unchanged') {
      result.unchanged.push({ kind: 'network', name: network.name });
      continue;
    }
    progress(`network:${network.name}`, 'running', `Creating network ${network.name}`);
    await createChecked<unknown>(
      () =>
        docker.createNetwork({
          Name: network.name,
          ...network.plan.options,
        } as Docker.NetworkCreateOptions),
      () => unlessNotFound(docker.getNetwork(network.name).inspect()),
    );
    note(result.created, 'network', network.name, 'Created');
  }

  const created = new Map<string, string>();
  for (const file of plan.files) {
    const { kind, name, current } = file;
    if (file.action === 'unchanged') {
      result.unchanged.push({ kind, name });
    } else if (file.action === 'create') {
      progress(`${kind}:${name}`, 'running', `Creating ${kind} ${name}`);
      const spec = fileObjectSpec(file);
      const made = (await createChecked<unknown>(
        () => (kind === 'secret' ? docker.createSecret(spec) : docker.createConfig(spec)),
        () =>
          unlessNotFound<unknown>(
            kind === 'secret' ? docker.getSecret(name).inspect() : docker.getConfig(name).inspect(),
          ),
      )) as { id?: string; ID?: string };
      created.set(`${kind}:${name}`, String(made.id ?? made.ID));
      note(result.created, kind, name, 'Created');
    } else if (current) {
      const handle =
        kind === 'secret' ? docker.getSecret(current.ID) : docker.getConfig(current.ID);
      await handle.update({
        _query: { version: current.Version.Index },
        _body: { ...current.Spec, Labels: file.plan.labels },
      });
      note(result.updated, kind, name, 'Updated');
    }
  }

  for (const service of plan.services) {
    const { name, current } = service;
    if (service.action === 'unchanged') {
      await resendChangedLogin(docker, current!, options.logins ?? noLogins, progress);
      result.unchanged.push({ kind: 'service', name });
      continue;
    }
    if (service.action === 'remove') continue;
    const spec = structuredClone(service.spec!);
    const container = (spec.TaskTemplate as Json).ContainerSpec as Json;
    fillReferences(container, (kind, ref) => created.get(`${kind}:${ref}`));
    // docker stack deploy --with-registry-auth: the manager keeps the login with the service
    // and hands it to the node that pulls. Without one, nothing is sent (an update keeps the
    // service's earlier login).
    const { auth } = (options.logins ?? noLogins)(String(container.Image));
    if (service.action === 'create') {
      progress(`service:${name}`, 'running', `Creating service ${name}`);
      // dockerode's one-argument form would send the spec itself as X-Registry-Auth.
      const made = (await createChecked<unknown>(
        () => docker.createService(auth as Docker.AuthConfig, spec),
        () => unlessNotFound(docker.getService(name).inspect()),
      )) as { Warnings?: string[] | null };
      result.warnings.push(...(made.Warnings ?? []));
      note(result.created, 'service', name, 'Created');
      continue;
    }
    progress(`service:${name}`, 'running', `Updating service ${name}`);
    // Tasks change only when the task template or endpoint does; then Swarm rolls them, and the
    // old tasks still running must not count as converged.
    if (service.fields.some((f) => /^(TaskTemplate|EndpointSpec)\./.test(f)))
      rolling.push({ name, id: current!.ID, ended: await endedTasks(docker, current!.ID) });
    const updated = (await docker.getService(current!.ID).update({
      _query: { version: current!.Version.Index },
      _body: spec,
      authconfig: auth,
    })) as { Warnings?: string[] | null };
    result.warnings.push(...(updated?.Warnings ?? []));
    note(result.updated, 'service', name, 'Updated');
  }

  for (const service of plan.services.filter((s) => s.action === 'remove')) {
    progress(`service:${service.name}`, 'running', `Removing service ${service.name}`);
    const id = service.current!.ID;
    await removeChecked(
      () => docker.getService(id).remove(),
      async () => (await unlessNotFound(docker.getService(id).inspect())) !== undefined,
    );
    note(result.removed, 'service', service.name, 'Removed');
  }

  // Kept once the services are applied: a deploy that stops midway leaves no version behind
  // that a console with an empty database would take for an applied one.
  await keepComposeDocument(docker, plan.stack, options.version, options.compose);

  for (const name of await pruneLbConfigs(docker, plan.stack))
    progress(`config:${name}`, 'done', `Removed config ${name} (an earlier LB configuration)`);
  return rolling;
}

/** A service this deploy rolls: its tasks ended before it must not count as converged. */
interface Rolling {
  name: string;
  id: string;
  ended: Set<string>;
}

async function waitForConvergence(
  docker: Docker,
  plan: DeployPlan,
  rolling: Rolling[],
  options: DeployOptions,
  result: StackDeployResult,
): Promise<void> {
  const { progress } = options;
  const deadline = Date.now() + options.waitMs;
  let rolledOut = true;
  for (const update of rolling) {
    const left = Math.max(1000, deadline - Date.now());
    const end = await followRollout(docker, update.id, progress, left, update.ended);
    if (end.state !== 'completed') {
      rolledOut = false;
      const why = [end.message, ...end.taskErrors.slice(0, 2)].filter(Boolean).join('; ');
      result.warnings.push(
        `${update.name}: the rolling update ${end.state.replace('_', ' ')}${why ? `: ${why}` : ''}`,
      );
    }
  }
  const wanted = plan.services.filter((s) => s.action !== 'remove').map((s) => s.name);
  const left = Math.max(1000, deadline - Date.now());
  const outcome = await waitForTasks(docker, wanted, progress, left);
  result.converged = rolledOut && outcome.converged;
  result.unconverged = outcome.unconverged;
  for (const { service, reason } of outcome.unconverged)
    result.warnings.push(`${service}: not every task runs: ${reason}`);
}

/**
 * docker stack deploy --with-registry-auth sends the login with every service on every deploy;
 * Drover leaves unchanged services alone, except that a login changed since the service was
 * last updated (a rotated token) is sent to it: Swarm keeps it for future pulls and does not
 * restart running tasks for it.
 */
async function resendChangedLogin(
  docker: Docker,
  current: SwarmObject,
  logins: ImageLogins,
  progress: Progress,
): Promise<void> {
  const image = String(((current.Spec.TaskTemplate as Json).ContainerSpec as Json).Image);
  const login = logins(image);
  const changed = Date.parse(login.changedAt ?? '');
  const updated = Date.parse(current.UpdatedAt ?? '');
  if (!login.auth || !(changed > updated)) return;
  await docker.getService(current.ID).update({
    _query: { version: current.Version.Index },
    _body: current.Spec,
    authconfig: login.auth,
  });
  progress(
    `service:${current.Spec.Name}`,
    'done',
    `Sent the changed ${login.registry} login to service ${current.Spec.Name}`,
  );
}

function fileObjectSpec(file: FileStep): Json {
  return {
    Name: file.name,
    Labels: file.plan.labels,
    // The planner refuses creating an object without data.
    Data: (file.plan.data ?? Buffer.alloc(0)).toString('base64'),
    ...(file.plan.templating ? { Templating: file.plan.templating } : {}),
  };
}

/**
 * Keeps the compose document on the cluster as config <stack>_drover-compose-v<N>, so that a
 * console with an empty database finds the stack's document; only the latest few are kept.
 */
export async function keepComposeDocument(
  docker: Docker,
  stack: string,
  version: number,
  compose: string,
): Promise<void> {
  const name = composeConfigName(stack, version);
  const find = () => unlessNotFound(docker.getConfig(name).inspect());
  if (!(await find())) {
    await createChecked(
      () =>
        docker.createConfig({
          Name: name,
          Labels: { [LABEL_NAMESPACE]: stack, [LABEL_DROVER_VERSION]: String(version) },
          Data: Buffer.from(compose).toString('base64'),
        }),
      find,
    );
  }
  const documents = await composeDocuments(docker, stack);
  for (const old of documents.slice(
    0,
    Math.max(0, documents.length - CLUSTER_COMPOSE_VERSIONS_KEPT),
  )) {
    await docker
      .getConfig(old.id)
      .remove()
      .catch(() => undefined);
  }
}

/** The stack's compose-document configs on the cluster, oldest first. */
export async function composeDocuments(
  docker: Docker,
  stack?: string,
): Promise<{ id: string; stack: string; version: number }[]> {
  const configs = (await docker.listConfigs({
    filters: {
      label: [stack ? `${LABEL_NAMESPACE}=${stack}` : LABEL_NAMESPACE, LABEL_DROVER_VERSION],
    },
  })) as unknown as SwarmObject[];
  return configs
    .filter((c) => COMPOSE_CONFIG_PATTERN.test(c.Spec.Name))
    .map((c) => ({
      id: c.ID,
      stack: c.Spec.Labels?.[LABEL_NAMESPACE] ?? '',
      version: Number(c.Spec.Labels?.[LABEL_DROVER_VERSION] ?? 0),
    }))
    .sort((a, b) => a.version - b.version);
}
