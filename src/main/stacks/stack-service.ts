// Stacks for the contract: validate, deploy, list, inspect, export, remove, scale. Deploys go
// through a connected manager of the environment; the document and its versions are kept both
// in the database and on the cluster, and a stack found only on the cluster is adopted.
import fs from 'node:fs';
import type Docker from 'dockerode';
import { DroverError } from '../../shared/errors.js';
import type {
  ComposeValidation,
  Stack,
  StackDeployResult,
  StackDetail,
  StackServiceInfo,
} from '../../shared/types.js';
import type { EventBus } from '../events/bus.js';
import type { HostRepository } from '../hosts/repository.js';
import type { HostService } from '../hosts/service.js';
import { progressReporter, step } from '../operations/progress.js';
import { loadCompose } from './compose.js';
import { convertStack } from './convert.js';
import { composeDocuments, deployStack } from './deploy.js';
import type { Env } from './interpolate.js';
import {
  clusterStacks,
  rebuildCompose,
  serviceInfo,
  snapshot,
  stackTasks,
  storedDocument,
} from './inventory.js';
import { LABEL_NAMESPACE } from './labels.js';
import type { StackRepository } from './repository.js';
import { waitForTasks, type RawService } from './tasks.js';

export interface StackServiceDeps {
  stacks: StackRepository;
  hosts: HostRepository;
  hostService: HostService;
  events: EventBus;
  /** How long a deploy waits for its tasks to run. */
  convergeTimeoutMs?: number;
}

export interface DeployArgs {
  environmentId: number;
  name: string;
  compose: string;
  env?: Env;
  workingDir?: string;
  operationId?: string;
  actor: string;
}

export class StackService {
  constructor(private readonly d: StackServiceDeps) {}

  validate(compose: string, env: Env = {}, workingDir?: string): ComposeValidation {
    const loaded = loadCompose(compose, { env, workingDir });
    return {
      valid: loaded.ok,
      errors: loaded.ok
        ? []
        : loaded.errors.map((e) => ({
            message: e.message,
            path: e.path,
            line: e.line ?? null,
            column: e.column ?? null,
          })),
      warnings: loaded.warnings,
    };
  }

  async deploy(args: DeployArgs): Promise<StackDeployResult> {
    const progress = progressReporter(this.d.events, args.operationId);
    const loaded = loadCompose(args.compose, { env: args.env ?? {}, workingDir: args.workingDir });
    if (!loaded.ok) {
      throw new DroverError(
        'INVALID_ARGUMENT',
        `The compose file is invalid; nothing was changed:\n${loaded.errors
          .map(
            (e) =>
              `  ${e.line !== undefined ? `line ${e.line}:${e.column ?? 1}: ` : ''}${e.path ? `${e.path}: ` : ''}${e.message}`,
          )
          .join('\n')}`,
      );
    }
    const docker = this.d.hostService.managerDocker(args.environmentId);
    const plan = (() => {
      try {
        return convertStack(args.name, loaded.model, {
          routingMesh: this.routingMesh(args.environmentId),
          readFile: (file) => fs.readFileSync(file),
        });
      } catch (error) {
        throw new DroverError(
          'INVALID_ARGUMENT',
          `${(error as Error).message}; nothing was changed`,
        );
      }
    })();
    plan.warnings.unshift(...loaded.warnings);

    const stored = this.d.stacks.find(args.environmentId, args.name);
    const onCluster = await composeDocuments(docker, args.name);
    const version = Math.max(stored?.version ?? 0, onCluster.at(-1)?.version ?? 0) + 1;
    for (const warning of plan.warnings) progress('warning', 'warn', warning);

    const result = await deployStack(docker, plan, {
      version,
      compose: args.compose,
      progress,
      waitMs: this.d.convergeTimeoutMs ?? 180_000,
    });
    this.d.stacks.recordVersion(args.environmentId, args.name, {
      version,
      compose: args.compose,
      actor: args.actor,
    });
    this.changed(args.environmentId);
    progress(
      'done',
      result.converged ? 'done' : 'warn',
      `Stack ${args.name} version ${version} deployed`,
    );
    return result;
  }

  async list(environmentId: number): Promise<Stack[]> {
    const docker = this.d.hostService.managerDocker(environmentId);
    const onCluster = await clusterStacks(docker);
    const stacks = onCluster.map((s) => {
      const stored = this.d.stacks.find(environmentId, s.name);
      const version = stored?.version || s.documentVersion;
      return {
        environmentId,
        name: s.name,
        source: version ? ('drover' as const) : ('docker-cli' as const),
        version: version ?? null,
        services: s.services.length,
        desiredTasks: sum(s.services.map((x) => x.desiredTasks)),
        runningTasks: sum(s.services.map((x) => x.runningTasks)),
      };
    });
    return stacks;
  }

  async get(environmentId: number, name: string): Promise<StackDetail> {
    const docker = this.d.hostService.managerDocker(environmentId);
    const summary = (await this.list(environmentId)).find((s) => s.name === name);
    if (!summary)
      throw new DroverError('NOT_FOUND', `No stack named "${name}" on this environment's Swarm`);
    const { compose, origin } = await this.document(docker, environmentId, name);
    const tasks = await stackTasks(docker, name);
    const services = await this.services(environmentId, name);
    return {
      ...summary,
      compose,
      composeOrigin: origin,
      serviceDetails: services.map((s) => ({ ...s, tasks: tasks.get(s.name) ?? [] })),
    };
  }

  async export(environmentId: number, name: string): Promise<string> {
    const docker = this.d.hostService.managerDocker(environmentId);
    const services = (await docker.listServices({
      filters: { label: [`${LABEL_NAMESPACE}=${name}`] },
    })) as unknown as RawService[];
    if (services.length === 0 && !this.d.stacks.find(environmentId, name)) {
      throw new DroverError('NOT_FOUND', `No stack named "${name}"`);
    }
    return (await this.document(docker, environmentId, name)).compose;
  }

  async remove(environmentId: number, name: string, operationId?: string): Promise<void> {
    const progress = progressReporter(this.d.events, operationId);
    const docker = this.d.hostService.managerDocker(environmentId);
    const filters = { label: [`${LABEL_NAMESPACE}=${name}`] };
    const services = (await docker.listServices({ filters })) as unknown as RawService[];
    const networks = (await docker.listNetworks({ filters })) as { Id: string; Name: string }[];
    const configs = (await docker.listConfigs({ filters })) as unknown as {
      ID: string;
      Spec: { Name: string };
    }[];
    const secrets = (await docker.listSecrets({ filters })) as unknown as {
      ID: string;
      Spec: { Name: string };
    }[];
    if (
      !services.length &&
      !networks.length &&
      !configs.length &&
      !secrets.length &&
      !this.d.stacks.find(environmentId, name)
    ) {
      throw new DroverError('NOT_FOUND', `Nothing found in stack: ${name}`);
    }
    // docker stack rm's order: services, secrets, configs, networks.
    for (const s of services) {
      await step(progress, `service:${s.Spec.Name}`, `Removing service ${s.Spec.Name}`, () =>
        docker.getService(s.ID).remove(),
      );
    }
    for (const s of secrets) {
      await step(progress, `secret:${s.Spec.Name}`, `Removing secret ${s.Spec.Name}`, () =>
        docker.getSecret(s.ID).remove(),
      );
    }
    for (const c of configs) {
      await step(progress, `config:${c.Spec.Name}`, `Removing config ${c.Spec.Name}`, () =>
        docker.getConfig(c.ID).remove(),
      );
    }
    for (const n of networks) {
      // A network is busy until the removed services' tasks have stopped.
      await step(progress, `network:${n.Name}`, `Removing network ${n.Name}`, () =>
        retry(() => docker.getNetwork(n.Id).remove(), 30_000).catch(
          (error: { statusCode?: number }) => {
            if (error.statusCode !== 404) throw error;
          },
        ),
      );
    }
    // Removal of a swarm network completes once the stopped tasks have let go of it.
    const gone = await until(20_000, async () => !(await docker.listNetworks({ filters })).length);
    if (!gone) progress('network', 'warn', 'Some networks of the stack are still being removed');
    this.d.stacks.remove(environmentId, name);
    this.changed(environmentId);
  }

  async services(environmentId: number, stack?: string): Promise<StackServiceInfo[]> {
    const docker = this.d.hostService.managerDocker(environmentId);
    const { services, tasks } = await snapshot(
      docker,
      stack ? { label: [`${LABEL_NAMESPACE}=${stack}`] } : undefined,
    );
    return services.map((s) => serviceInfo(s, tasks)).sort((a, b) => a.name.localeCompare(b.name));
  }

  async scale(
    environmentId: number,
    name: string,
    replicas: number,
    operationId?: string,
  ): Promise<StackServiceInfo> {
    const progress = progressReporter(this.d.events, operationId);
    const docker = this.d.hostService.managerDocker(environmentId);
    const service = (await docker
      .getService(name)
      .inspect()
      .catch(() => undefined)) as RawService | undefined;
    if (!service) throw new DroverError('NOT_FOUND', `No service named "${name}"`);
    if (!service.Spec.Mode?.Replicated) {
      throw new DroverError(
        'PRECONDITION_FAILED',
        `${name} is a global service: it runs one task per node and cannot be scaled`,
      );
    }
    const spec = { ...service.Spec, Mode: { Replicated: { Replicas: replicas } } };
    await docker
      .getService(service.ID)
      .update({ _query: { version: service.Version.Index }, _body: spec });
    progress('scale', 'done', `${name} scaled to ${replicas}`);
    this.changed(environmentId);
    await waitForTasks(docker, [name], progress, this.d.convergeTimeoutMs ?? 180_000);
    const [info] = (await this.services(environmentId)).filter((s) => s.name === name);
    this.changed(environmentId);
    return info!;
  }

  /** The stack's document: the database's, else the cluster's copy (adopted), else rebuilt. */
  private async document(
    docker: Docker,
    environmentId: number,
    name: string,
  ): Promise<{ compose: string; origin: 'stored' | 'rebuilt' }> {
    const stored = this.d.stacks.find(environmentId, name);
    const onCluster = await storedDocument(docker, name);
    if (stored && stored.version >= (onCluster?.version ?? 0))
      return { compose: stored.compose, origin: 'stored' };
    if (onCluster) {
      // An empty (or older) database learns the stack from the cluster's copy.
      this.d.stacks.recordVersion(environmentId, name, {
        version: onCluster.version,
        compose: onCluster.compose,
        actor: 'adopted from the cluster',
      });
      return { compose: onCluster.compose, origin: 'stored' };
    }
    return { compose: await rebuildCompose(docker, name), origin: 'rebuilt' };
  }

  /** False if any host of the environment lacks IPVS (VIPs and the routing mesh fail there). */
  private routingMesh(environmentId: number): boolean {
    return this.d.hosts.list(environmentId).every((h) => h.capabilities?.routingMesh !== false);
  }

  private changed(environmentId: number): void {
    this.d.events.publish('stack.changed', environmentId);
  }
}

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

async function until(timeoutMs: number, check: () => Promise<boolean>): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return true;
}

async function retry<T>(work: () => Promise<T>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await work();
    } catch (error) {
      if (Date.now() > deadline || (error as { statusCode?: number }).statusCode === 404)
        throw error;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
}
