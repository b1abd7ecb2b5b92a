// Reading stacks: the list, one stack with its services and tasks, its document for export, its
// versions (adopting those only the cluster still has), and the services as the console shows them.
import { DroverError } from '../../shared/errors.js';
import type { Stack, StackDetail, StackServiceInfo, StackVersionInfo } from '../../shared/types.js';
import { composeDocuments } from './deploy.js';
import { clusterStacks, serviceInfo, stackTasks } from './inventory.js';
import { snapshot, type RawService } from '../swarm/objects.js';
import { composeConfigName, LABEL_NAMESPACE } from '../swarm/labels.js';
import type { StackContext } from './stack-context.js';
import { stackDocument } from './stack-documents.js';

export async function listStacks(ctx: StackContext, environmentId: number): Promise<Stack[]> {
  const docker = ctx.d.swarm.manager(environmentId);
  const onCluster = await clusterStacks(docker);
  const stacks = onCluster.map((s) => {
    const stored = ctx.d.stacks.find(environmentId, s.name);
    const version = stored?.version || s.documentVersion;
    return {
      environmentId,
      name: s.name,
      source: version ? ('drover' as const) : ('docker-cli' as const),
      version: version ?? null,
      services: s.services.length,
      desiredTasks: sum(s.services.map((x) => x.desiredTasks)),
      runningTasks: sum(s.services.map((x) => x.runningTasks)),
      serviceNames: s.services.map((x) => x.shortName),
      images: [...new Set(s.services.map((x) => x.image))],
    };
  });
  return stacks;
}

export async function getStack(
  ctx: StackContext,
  environmentId: number,
  name: string,
): Promise<StackDetail> {
  const docker = ctx.d.swarm.manager(environmentId);
  const summary = (await listStacks(ctx, environmentId)).find((s) => s.name === name);
  if (!summary)
    throw new DroverError('NOT_FOUND', `No stack named "${name}" on this environment's Swarm`);
  const { compose, origin } = await stackDocument(ctx, docker, environmentId, name);
  const hosts = ctx.d.hosts.list(environmentId);
  const tasks = await stackTasks(
    docker,
    name,
    (nodeId) => hosts.find((h) => h.nodeId === nodeId)?.name ?? null,
  );
  const services = await listServices(ctx, environmentId, name);
  return {
    ...summary,
    compose,
    composeOrigin: origin,
    serviceDetails: services.map((s) => ({ ...s, tasks: tasks.get(s.name) ?? [] })),
  };
}

export async function exportStack(
  ctx: StackContext,
  environmentId: number,
  name: string,
): Promise<string> {
  const docker = ctx.d.swarm.manager(environmentId);
  const services = (await docker.listServices({
    filters: { label: [`${LABEL_NAMESPACE}=${name}`] },
  })) as unknown as RawService[];
  if (services.length === 0 && !ctx.d.stacks.find(environmentId, name)) {
    throw new DroverError('NOT_FOUND', `No stack named "${name}"`);
  }
  return (await stackDocument(ctx, docker, environmentId, name)).compose;
}

/** Applied versions, newest first; versions only the cluster still has are adopted first. */
export async function stackHistory(
  ctx: StackContext,
  environmentId: number,
  name: string,
): Promise<StackVersionInfo[]> {
  const docker = ctx.d.swarm.manager(environmentId);
  const stored = ctx.d.stacks.find(environmentId, name);
  const known = new Set(stored ? ctx.d.stacks.versions(stored.id).map((v) => v.version) : []);
  for (const document of await composeDocuments(docker, name)) {
    if (known.has(document.version)) continue;
    const config = (await docker
      .getConfig(composeConfigName(name, document.version))
      .inspect()) as { CreatedAt?: string; Spec: { Data: string } };
    ctx.d.stacks.recordVersion(environmentId, name, {
      version: document.version,
      compose: Buffer.from(config.Spec.Data, 'base64').toString('utf8'),
      actor: 'adopted from the cluster',
      appliedAt: config.CreatedAt,
    });
  }
  const stack = ctx.d.stacks.find(environmentId, name);
  if (!stack) {
    const services = (await docker.listServices({
      filters: { label: [`${LABEL_NAMESPACE}=${name}`] },
    })) as unknown[];
    if (services.length) return []; // deployed by the docker CLI: no history to show
    throw new DroverError('NOT_FOUND', `No stack named "${name}"`);
  }
  return ctx.d.stacks
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

export async function listServices(
  ctx: StackContext,
  environmentId: number,
  stack?: string,
): Promise<StackServiceInfo[]> {
  const docker = ctx.d.swarm.manager(environmentId);
  const { services, ...tasks } = await snapshot(
    docker,
    stack ? { label: [`${LABEL_NAMESPACE}=${stack}`] } : undefined,
  );
  return services.map((s) => serviceInfo(s, tasks)).sort((a, b) => a.name.localeCompare(b.name));
}

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
