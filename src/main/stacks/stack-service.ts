// Stacks for the contract: validate, deploy, list, inspect, export, remove, scale. Deploys go
// through a connected manager of the environment; the document and its versions are kept both
// in the database and on the cluster, and a stack found only on the cluster is adopted.
import type Docker from 'dockerode';
import { DroverError } from '../../shared/errors.js';
import type {
  ComposeValidation,
  Stack,
  StackDeployResult,
  StackDetail,
  StackPlan,
  StackServiceInfo,
  StackVersionInfo,
} from '../../shared/types.js';
import type { EventBus } from '../events/bus.js';
import type { HostRepository } from '../hosts/repository.js';
import type { RegistryService } from '../registries/service.js';
import { NoAnswerError, removeChecked, unlessNotFound } from '../swarm/engine-error.js';
import { retry, waitFor } from '../swarm/poll.js';
import type { ManagerAccess } from '../swarm/gateway.js';
import { progressReporter, step, type Progress } from '../operations/progress.js';
import { outgrownLbs } from '../lb/slots.js';
import { loadCompose } from './compose.js';
import { composeFileReader } from './file-access.js';
import { editService, type ServiceEdit } from './compose-edit.js';
import { convertStack, type StackPlan as ConvertedStack } from './convert.js';
import type { ImageLogins } from './images.js';
import { assertManager, composeDocuments, deployStack, keepComposeDocument } from './deploy.js';
import type { Env } from './interpolate.js';
import {
  clusterStacks,
  rebuildCompose,
  serviceInfo,
  stackTasks,
  storedDocument,
} from './inventory.js';
import type { ComposeIssue } from './parse.js';
import { planChanges } from './plan-view.js';
import { refusalDtos } from './refusal.js';
import { planDeploy, readCluster, type DeployPlan } from './planner.js';
import type { StackRepository } from './repository.js';
import * as lifecycle from './service-lifecycle.js';
import { waitForTasks } from './wait-for-tasks.js';
import { unifiedDiff } from './text-diff.js';
import { snapshot, type RawService } from '../swarm/objects.js';
import { composeConfigName, LABEL_NAMESPACE } from '../swarm/labels.js';

export interface StackServiceDeps {
  stacks: StackRepository;
  hosts: HostRepository;
  /** The environment's managers (leader first, with failover). */
  swarm: ManagerAccess;
  events: EventBus;
  /** The environment's private registry logins, sent with deploys and image updates. */
  registries: RegistryService;
  /** How long a deploy waits for its tasks to run. */
  convergeTimeoutMs?: number;
  /** The LB image setting (unset: the documented default). */
  lbImage?: () => string | undefined;
}

export interface DeployArgs {
  environmentId: number;
  name: string;
  compose: string;
  env?: Env;
  workingDir?: string;
  /**
   * The folder whose files `file:` configs and secrets may read: a CLI deploy's compose folder
   * (recorded with its version), never a folder named by a window or a browser.
   */
  filesFrom?: string;
  operationId?: string;
  actor: string;
  /** Why this version is made (a rollback says which version it restores). */
  note?: string;
}

export type PlanArgs = Omit<DeployArgs, 'operationId' | 'actor' | 'note'>;

export type ServiceAction = 'stop' | 'start' | 'restart' | 'rollback';

type Prepared =
  | { ok: true; converted: ConvertedStack; warnings: string[] }
  | { ok: false; errors: ComposeIssue[]; warnings: string[] };

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

  /** The file loaded and converted, or its errors; nothing touches the cluster. */
  private prepare(args: PlanArgs): Prepared {
    const loaded = loadCompose(args.compose, { env: args.env ?? {}, workingDir: args.workingDir });
    if (!loaded.ok) return loaded;
    try {
      const converted = convertStack(args.name, loaded.model, {
        routingMesh: this.routingMesh(args.environmentId),
        lbImage: this.d.lbImage?.(),
        readFile: composeFileReader(args.filesFrom),
      });
      return { ok: true, converted, warnings: [...loaded.warnings, ...converted.warnings] };
    } catch (error) {
      return {
        ok: false,
        errors: [{ message: (error as Error).message, path: '' }],
        warnings: loaded.warnings,
      };
    }
  }

  /** What the converted file would change on the cluster (deploy applies the same plan). */
  private async planOn(
    docker: Docker,
    environmentId: number,
    converted: ConvertedStack,
  ): Promise<DeployPlan> {
    await assertManager(docker);
    return planDeploy(converted, await readCluster(docker, converted, this.logins(environmentId)));
  }

  private logins(environmentId: number): ImageLogins {
    return (image) => this.d.registries.authFor(environmentId, image);
  }

  async plan(args: PlanArgs): Promise<StackPlan> {
    const prepared = this.prepare(args);
    if (!prepared.ok) {
      return {
        errors: prepared.errors.map((e) => ({
          line: e.line ?? null,
          column: e.column ?? null,
          message: e.path ? `${e.path}: ${e.message}` : e.message,
        })),
        diff: '',
        changes: [],
        refusals: [],
        warnings: prepared.warnings,
      };
    }
    const docker = this.d.swarm.manager(args.environmentId);
    const plan = await this.planOn(docker, args.environmentId, prepared.converted);
    const exists =
      plan.services.some((s) => s.action !== 'create') ||
      Boolean(this.d.stacks.find(args.environmentId, args.name));
    const before = exists
      ? (await this.document(docker, args.environmentId, args.name)).compose
      : '';
    return {
      errors: [],
      diff: exists
        ? unifiedDiff(before, args.compose, {
            before: `${args.name} (deployed)`,
            after: `${args.name} (new)`,
          })
        : '',
      changes: planChanges(plan),
      refusals: refusalDtos(plan.refusals, args.compose),
      warnings: [...prepared.warnings, ...plan.warnings],
    };
  }

  async deploy(args: DeployArgs): Promise<StackDeployResult> {
    const startedAt = new Date().toISOString();
    const progress = progressReporter(this.d.events, args.operationId, args.environmentId);
    const prepared = this.prepare(args);
    if (!prepared.ok) {
      throw new DroverError(
        'INVALID_ARGUMENT',
        `The compose file is invalid; nothing was changed:\n${prepared.errors
          .map(
            (e) =>
              `  ${e.line !== undefined ? `line ${e.line}:${e.column ?? 1}: ` : ''}${e.path ? `${e.path}: ` : ''}${e.message}`,
          )
          .join('\n')}`,
      );
    }
    const docker = this.d.swarm.manager(args.environmentId);
    const plan = await this.planOn(docker, args.environmentId, prepared.converted);
    plan.warnings.unshift(...prepared.warnings);
    const version = await this.nextVersion(docker, args.environmentId, args.name);
    for (const warning of plan.warnings) progress('warning', 'warn', warning);

    const secretVariables = new Set(prepared.converted.secrets.map((x) => x.variable));
    const options = {
      version,
      compose: args.compose,
      progress,
      waitMs: this.d.convergeTimeoutMs ?? 180_000,
      logins: this.logins(args.environmentId),
    };
    const previous = this.d.stacks.find(args.environmentId, args.name)?.version ?? null;
    let result: StackDeployResult;
    try {
      result = await deployStack(docker, plan, options);
    } catch (error) {
      result = await this.checkLostDeploy(error, args, prepared.converted, options, previous);
    }
    this.d.stacks.recordVersion(args.environmentId, args.name, {
      version,
      compose: args.compose,
      actor: args.actor,
      appliedAt: startedAt,
      endedAt: new Date().toISOString(),
      // A secret's value is not kept: the cluster has the secret, a redeploy keeps it.
      env: Object.fromEntries(
        Object.entries(args.env ?? {}).filter(
          (e): e is [string, string] => e[1] !== undefined && !secretVariables.has(e[0]),
        ),
      ),
      // Only a folder files were read from is kept: a redeploy reads them there again.
      workingDir: args.filesFrom,
      note: args.note,
    });
    this.changed(args.environmentId);
    progress(
      'done',
      result.converged ? 'done' : 'warn',
      `Stack ${args.name} version ${version} deployed${result.unconverged
        .map((u) => `; ${u.service}: ${u.reason}`)
        .join('')}`,
    );
    return result;
  }

  /**
   * A deploy that failed on the way is checked against the cluster: when an answer was lost but
   * the cluster now holds exactly the file (nothing left to change), the deploy did happen and
   * is reported as done; otherwise the error says what was applied and which version undoes it.
   */
  private async checkLostDeploy(
    error: unknown,
    args: DeployArgs,
    converted: ConvertedStack,
    options: Parameters<typeof deployStack>[2],
    previous: number | null,
  ): Promise<StackDeployResult> {
    const lost =
      error instanceof NoAnswerError ||
      (error instanceof DroverError && error.code === 'UNAVAILABLE');
    const details = error instanceof DroverError ? error.details : undefined;
    if (lost) {
      const docker = this.d.swarm.manager(args.environmentId);
      const now = await this.planOn(docker, args.environmentId, converted).catch(() => undefined);
      if (now && planChanges(now).every((c) => c.action === 'unchanged')) {
        options.progress(
          'check',
          'done',
          'An answer was lost on the way; the cluster shows the deploy applied',
        );
        return deployStack(docker, now, options);
      }
      if (!now) {
        throw new DroverError(
          'UNAVAILABLE',
          `The outcome of the deploy is unknown: ${(error as Error).message}. Drover could not check the cluster; open the stack to see what runs, or deploy again.`,
          { ...details, outcome: 'unknown', rollbackTo: previous },
        );
      }
    }
    if (error instanceof DroverError && details?.applied)
      throw new DroverError(error.code, error.message, { ...details, rollbackTo: previous });
    throw error;
  }

  private async nextVersion(docker: Docker, environmentId: number, name: string) {
    const stored = this.d.stacks.find(environmentId, name);
    const onCluster = await composeDocuments(docker, name);
    return Math.max(stored?.version ?? 0, onCluster.at(-1)?.version ?? 0) + 1;
  }

  /** Applied versions, newest first; versions only the cluster still has are adopted first. */
  async history(environmentId: number, name: string): Promise<StackVersionInfo[]> {
    const docker = this.d.swarm.manager(environmentId);
    const stored = this.d.stacks.find(environmentId, name);
    const known = new Set(stored ? this.d.stacks.versions(stored.id).map((v) => v.version) : []);
    for (const document of await composeDocuments(docker, name)) {
      if (known.has(document.version)) continue;
      const config = (await docker
        .getConfig(composeConfigName(name, document.version))
        .inspect()) as { CreatedAt?: string; Spec: { Data: string } };
      this.d.stacks.recordVersion(environmentId, name, {
        version: document.version,
        compose: Buffer.from(config.Spec.Data, 'base64').toString('utf8'),
        actor: 'adopted from the cluster',
        appliedAt: config.CreatedAt,
      });
    }
    const stack = this.d.stacks.find(environmentId, name);
    if (!stack) {
      const services = (await docker.listServices({
        filters: { label: [`${LABEL_NAMESPACE}=${name}`] },
      })) as unknown[];
      if (services.length) return []; // deployed by the docker CLI: no history to show
      throw new DroverError('NOT_FOUND', `No stack named "${name}"`);
    }
    return this.d.stacks
      .versions(stack.id)
      .reverse()
      .map(({ version, appliedAt, endedAt, actor, compose, note }) => ({
        version,
        appliedAt,
        endedAt,
        actor,
        compose,
        note,
      }));
  }

  /** Redeploys an earlier version's document (with its variables) as a new version. */
  async rollback(args: {
    environmentId: number;
    name: string;
    version: number;
    operationId?: string;
    actor: string;
  }): Promise<StackDeployResult> {
    await this.history(args.environmentId, args.name);
    const stack = this.d.stacks.find(args.environmentId, args.name);
    const target =
      stack && this.d.stacks.versions(stack.id).find((v) => v.version === args.version);
    if (!target) {
      throw new DroverError('NOT_FOUND', `Stack ${args.name} has no version ${args.version}`);
    }
    return this.deploy({
      environmentId: args.environmentId,
      name: args.name,
      compose: target.compose,
      env: target.env,
      workingDir: target.workingDir ?? undefined,
      filesFrom: target.workingDir ?? undefined,
      operationId: args.operationId,
      actor: args.actor,
      note: `rollback to version ${args.version}`,
    });
  }

  async list(environmentId: number): Promise<Stack[]> {
    const docker = this.d.swarm.manager(environmentId);
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
    const docker = this.d.swarm.manager(environmentId);
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
    const docker = this.d.swarm.manager(environmentId);
    const services = (await docker.listServices({
      filters: { label: [`${LABEL_NAMESPACE}=${name}`] },
    })) as unknown as RawService[];
    if (services.length === 0 && !this.d.stacks.find(environmentId, name)) {
      throw new DroverError('NOT_FOUND', `No stack named "${name}"`);
    }
    return (await this.document(docker, environmentId, name)).compose;
  }

  async remove(environmentId: number, name: string, operationId?: string): Promise<void> {
    const progress = progressReporter(this.d.events, operationId, environmentId);
    const docker = this.d.swarm.manager(environmentId);
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
    // docker stack rm's order: services, secrets, configs, networks. A removal whose answer was
    // lost is checked: done if the object is gone.
    const gone = (handle: { inspect(): Promise<unknown> }) => async () =>
      (await unlessNotFound(handle.inspect())) !== undefined;
    for (const s of services) {
      const handle = docker.getService(s.ID);
      await step(progress, `service:${s.Spec.Name}`, `Removing service ${s.Spec.Name}`, () =>
        removeChecked(() => handle.remove(), gone(handle)),
      );
    }
    for (const s of secrets) {
      const handle = docker.getSecret(s.ID);
      await step(progress, `secret:${s.Spec.Name}`, `Removing secret ${s.Spec.Name}`, () =>
        removeChecked(() => handle.remove(), gone(handle)),
      );
    }
    for (const c of configs) {
      const handle = docker.getConfig(c.ID);
      await step(progress, `config:${c.Spec.Name}`, `Removing config ${c.Spec.Name}`, () =>
        removeChecked(() => handle.remove(), gone(handle)),
      );
    }
    for (const n of networks) {
      // A network is busy until the removed services' tasks have stopped.
      const handle = docker.getNetwork(n.Id);
      await step(progress, `network:${n.Name}`, `Removing network ${n.Name}`, () =>
        retry(() => removeChecked(() => handle.remove(), gone(handle)), {
          timeoutMs: 30_000,
          retryable: (error) => !(error instanceof NoAnswerError),
        }),
      );
    }
    // Removal of a swarm network completes once the stopped tasks have let go of it.
    const released = await waitFor(async () => !(await docker.listNetworks({ filters })).length, {
      timeoutMs: 20_000,
    });
    if (!released)
      progress('network', 'warn', 'Some networks of the stack are still being removed');
    this.d.stacks.remove(environmentId, name);
    this.changed(environmentId);
  }

  async services(environmentId: number, stack?: string): Promise<StackServiceInfo[]> {
    const docker = this.d.swarm.manager(environmentId);
    const { services, ...tasks } = await snapshot(
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
    actor = 'unknown',
  ): Promise<StackServiceInfo> {
    const progress = progressReporter(this.d.events, operationId, environmentId);
    const docker = this.d.swarm.manager(environmentId);
    const service = await lifecycle.inspectService(docker, name);
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
    await this.keepDocument(docker, environmentId, service, { replicas }, actor, progress);
    this.changed(environmentId);
    await waitForTasks(docker, [name], progress, this.d.convergeTimeoutMs ?? 180_000);
    await this.regenerateOutgrownLbs(docker, environmentId, service, replicas, actor, operationId);
    const [info] = (await this.services(environmentId)).filter((s) => s.name === name);
    this.changed(environmentId);
    return info!;
  }

  /**
   * A load balancer keeps a fixed number of backend slots per target (server-template); a scale
   * beyond them redeploys the stack's document (which now has the new replicas), so the LB's
   * rules tier rolls, start-first, to a configuration with room for them.
   */
  private async regenerateOutgrownLbs(
    docker: Docker,
    environmentId: number,
    service: RawService,
    replicas: number,
    actor: string,
    operationId?: string,
  ): Promise<void> {
    const stack = service.Spec.Labels?.[LABEL_NAMESPACE];
    if (!stack) return;
    const short = lifecycle.shortName(service);
    const lbs = await outgrownLbs(docker, stack, short, replicas);
    if (!lbs.length) return;
    const progress = progressReporter(this.d.events, operationId);
    const stored = this.d.stacks.find(environmentId, stack);
    const latest = stored && this.d.stacks.versions(stored.id).at(-1);
    const loaded = latest && loadCompose(latest.compose, { env: latest.env });
    const inDocument =
      loaded && loaded.ok && loaded.model.services.find((s) => s.name === short)?.deploy.replicas;
    if (!latest || inDocument !== replicas) {
      progress(
        'lb',
        'warn',
        `${short} has more replicas than load balancer ${lbs.join(', ')} has backend slots; redeploy the stack to give it room`,
      );
      return;
    }
    progress(
      'lb',
      'done',
      `Load balancer ${lbs.join(', ')} needs more backend slots for ${short}: redeploying the stack`,
    );
    await this.deploy({
      environmentId,
      name: stack,
      compose: latest.compose,
      env: latest.env,
      workingDir: latest.workingDir ?? undefined,
      filesFrom: latest.workingDir ?? undefined,
      operationId,
      actor,
      note: `load balancer ${lbs.join(', ')} regenerated for ${replicas} ${short} replicas`,
    });
  }

  /** stop, start, restart or Swarm's rollback of one service, with per-task progress. */
  async serviceAction(args: {
    environmentId: number;
    service: string;
    action: ServiceAction;
    operationId?: string;
    actor: string;
  }): Promise<StackServiceInfo> {
    const run = {
      stop: lifecycle.stopService,
      start: lifecycle.startService,
      restart: lifecycle.restartService,
      rollback: lifecycle.rollbackService,
    }[args.action];
    return this.onService(args, (docker, progress, deps) =>
      run(docker, args.service, progress, deps),
    );
  }

  /** A rolling update of one service to another image (its update config applies). */
  async updateImage(args: {
    environmentId: number;
    service: string;
    image: string;
    operationId?: string;
    actor: string;
  }): Promise<StackServiceInfo> {
    return this.onService(args, (docker, progress, deps) =>
      lifecycle.updateImage(docker, args.service, args.image, progress, deps),
    );
  }

  private async onService(
    args: { environmentId: number; service: string; operationId?: string; actor: string },
    work: (docker: Docker, progress: Progress, deps: lifecycle.LifecycleDeps) => Promise<void>,
  ): Promise<StackServiceInfo> {
    const progress = progressReporter(this.d.events, args.operationId, args.environmentId);
    const docker = this.d.swarm.manager(args.environmentId);
    try {
      await work(docker, progress, {
        timeoutMs: this.d.convergeTimeoutMs ?? 180_000,
        logins: this.logins(args.environmentId),
        keepDocument: (d, service, edit, note) =>
          this.keepDocument(d, args.environmentId, service, edit, args.actor, progress, note),
      });
    } finally {
      this.changed(args.environmentId);
    }
    const info = (await this.services(args.environmentId)).find((s) => s.name === args.service);
    if (!info) throw new DroverError('NOT_FOUND', `No service named "${args.service}"`);
    return info;
  }

  /**
   * Keeps a Drover stack's document in step with a change made to one of its services (scale,
   * image update, Swarm rollback): the edited document becomes a new version, on the cluster and
   * in the database, so a later redeploy of the stored document keeps the change. Stacks without
   * a document (docker CLI) and documents the edit cannot follow are left as they are, said so.
   */
  private async keepDocument(
    docker: Docker,
    environmentId: number,
    service: RawService,
    edit: ServiceEdit,
    actor: string,
    progress: Progress,
    note?: string,
  ): Promise<void> {
    const startedAt = new Date().toISOString();
    const stack = service.Spec.Labels?.[LABEL_NAMESPACE];
    if (!stack) return;
    const { compose, origin } = await this.document(docker, environmentId, stack);
    if (origin !== 'stored') return;
    const short = lifecycle.shortName(service);
    const edited = editService(compose, short, edit);
    if (!edited.ok) {
      progress(
        'document',
        'warn',
        `The stack's compose document was not changed (${edited.reason}): a redeploy of it will undo this change`,
      );
      return;
    }
    if (edited.compose === compose) return;
    const version = await this.nextVersion(docker, environmentId, stack);
    const latest = this.d.stacks.find(environmentId, stack);
    const previous = latest && this.d.stacks.versions(latest.id).at(-1);
    await keepComposeDocument(docker, stack, version, edited.compose);
    const what =
      note ??
      [
        edit.replicas !== undefined ? `scaled ${short} to ${edit.replicas}` : '',
        edit.image !== undefined ? `${short} image ${edit.image}` : '',
      ]
        .filter(Boolean)
        .join(', ');
    this.d.stacks.recordVersion(environmentId, stack, {
      version,
      compose: edited.compose,
      actor,
      appliedAt: startedAt,
      endedAt: new Date().toISOString(),
      env: previous?.env,
      workingDir: previous?.workingDir ?? undefined,
      note: what,
    });
    progress('document', 'done', `Stack ${stack} version ${version}: ${what}`);
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
