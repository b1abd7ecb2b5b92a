// Applies a StackPlan through one manager, in docker's order: networks, secrets, configs, then
// services (created, or updated at their current version; left alone when unchanged), then the
// services no longer in the file are removed. Everything that could refuse the deploy is checked
// before the first change, so a refused deploy leaves the cluster as it was.
import type Docker from 'dockerode';
import { DroverError } from '../../shared/errors.js';
import type { StackDeployResult, StackObjectRef } from '../../shared/types.js';
import type { Progress } from '../operations/progress.js';
import { CLUSTER_COMPOSE_VERSIONS_KEPT } from './defaults.js';
import type { FileObjectPlan, Json, ServicePlan, StackPlan } from './convert.js';
import {
  COMPOSE_CONFIG_PATTERN,
  composeConfigName,
  LABEL_DROVER_VERSION,
  LABEL_IMAGE,
  LABEL_NAMESPACE,
} from './labels.js';
import { sameSpec } from './spec-compare.js';
import { waitForTasks } from './tasks.js';

interface SwarmObject {
  ID: string;
  Version: { Index: number };
  Spec: Json & { Name: string; Labels?: Record<string, string>; Data?: string };
}

export interface DeployOptions {
  version: number;
  /** The compose document kept on the cluster for re-adoption. */
  compose: string;
  progress: Progress;
  /** How long to wait for the tasks to run; 0 does not wait. */
  waitMs: number;
}

const stackFilter = (stack: string) => ({ label: [`${LABEL_NAMESPACE}=${stack}`] });

export async function deployStack(
  docker: Docker,
  plan: StackPlan,
  options: DeployOptions,
): Promise<StackDeployResult> {
  const { progress } = options;
  const result: StackDeployResult = {
    stack: plan.stack,
    version: options.version,
    created: [],
    updated: [],
    unchanged: [],
    removed: [],
    warnings: [...plan.warnings],
    converged: false,
  };
  const note = (
    list: StackObjectRef[],
    kind: StackObjectRef['kind'],
    name: string,
    verb: string,
  ) => {
    list.push({ kind, name });
    progress(`${kind}:${name}`, 'done', `${verb} ${kind} ${name}`);
  };

  const info = (await docker.info()) as { Swarm?: { ControlAvailable?: boolean } };
  if (!info.Swarm?.ControlAvailable) {
    throw new DroverError('PRECONDITION_FAILED', 'The chosen host is not a Swarm manager');
  }

  // Checks first: nothing is changed if any of these fails.
  for (const name of plan.externalNetworks) {
    const network = (await docker
      .getNetwork(name)
      .inspect()
      .catch(() => undefined)) as { Scope?: string } | undefined;
    if (!network) {
      throw new DroverError(
        'PRECONDITION_FAILED',
        `network "${name}" is declared as external, but could not be found. Create a swarm-scoped network before the stack is deployed`,
      );
    }
    if (network.Scope !== 'swarm') {
      throw new DroverError(
        'PRECONDITION_FAILED',
        `network "${name}" is declared as external, but it is not in the right scope: "${network.Scope}" instead of "swarm"`,
      );
    }
  }
  const existingConfigs = await inspectAll(docker, 'config', plan.configs);
  const existingSecrets = await inspectAll(docker, 'secret', plan.secrets);
  for (const [plans, existing, kind] of [
    [plan.configs, existingConfigs, 'config'],
    [plan.secrets, existingSecrets, 'secret'],
  ] as const) {
    for (const object of plans) {
      const current = existing.get(object.name);
      // Secret data cannot be read back; config data can, and Swarm refuses to change either.
      if (kind === 'config' && current && current.Spec.Data !== object.data.toString('base64')) {
        throw new DroverError(
          'PRECONDITION_FAILED',
          `config ${object.name} exists with other content; Swarm cannot change a config's content: give the changed config a new name`,
        );
      }
    }
  }
  const services = (await docker.listServices({
    filters: stackFilter(plan.stack),
  })) as unknown as SwarmObject[];
  const byName = new Map(services.map((s) => [s.Spec.Name, s]));
  const images = await resolveImages(docker, plan.services, byName, result.warnings);

  // Networks: created when missing (docker never updates a stack network).
  const existingNetworks = (await docker.listNetworks({ filters: stackFilter(plan.stack) })) as {
    Name: string;
  }[];
  const haveNetwork = new Set(existingNetworks.map((n) => n.Name));
  for (const network of plan.networks) {
    if (haveNetwork.has(network.name)) {
      result.unchanged.push({ kind: 'network', name: network.name });
      continue;
    }
    progress(`network:${network.name}`, 'running', `Creating network ${network.name}`);
    await docker.createNetwork({
      Name: network.name,
      ...network.options,
    } as Docker.NetworkCreateOptions);
    note(result.created, 'network', network.name, 'Created');
  }

  const ids = new Map<string, string>();
  for (const [kind, plans, existing] of [
    ['secret', plan.secrets, existingSecrets],
    ['config', plan.configs, existingConfigs],
  ] as const) {
    for (const object of plans) {
      const current = existing.get(object.name);
      const spec = fileObjectSpec(object);
      if (!current) {
        progress(`${kind}:${object.name}`, 'running', `Creating ${kind} ${object.name}`);
        const created = (await (kind === 'secret'
          ? docker.createSecret(spec)
          : docker.createConfig(spec))) as { id?: string; ID?: string };
        ids.set(`${kind}:${object.name}`, String(created.id ?? created.ID));
        note(result.created, kind, object.name, 'Created');
      } else {
        ids.set(`${kind}:${object.name}`, current.ID);
        if (sameLabels(current.Spec.Labels, object.labels)) {
          result.unchanged.push({ kind, name: object.name });
          continue;
        }
        const handle =
          kind === 'secret' ? docker.getSecret(current.ID) : docker.getConfig(current.ID);
        await handle.update({
          _query: { version: current.Version.Index },
          _body: { ...current.Spec, Labels: object.labels },
        });
        note(result.updated, kind, object.name, 'Updated');
      }
    }
  }

  await keepComposeDocument(docker, plan.stack, options.version, options.compose);

  const networkNames = await networkNameMap(docker);
  for (const service of plan.services) {
    const spec = await withReferences(docker, service.spec, ids);
    const image = images.get(service.name);
    const container = (spec.TaskTemplate as Json).ContainerSpec as Json;
    if (image) {
      container.Image = image.image;
      if (image.platforms?.length) {
        const placement = ((spec.TaskTemplate as Json).Placement ??= {}) as Json;
        placement.Platforms = image.platforms;
      }
    }
    const current = byName.get(service.name);
    if (!current) {
      progress(`service:${service.name}`, 'running', `Creating service ${service.name}`);
      const created = (await docker.createService(spec)) as { Warnings?: string[] | null };
      result.warnings.push(...(created.Warnings ?? []));
      note(result.created, 'service', service.name, 'Created');
      continue;
    }
    // Stack deploy has no --force: keep the current ForceUpdate so tasks are not redeployed.
    (spec.TaskTemplate as Json).ForceUpdate =
      (current.Spec.TaskTemplate as Json | undefined)?.ForceUpdate ?? 0;
    if (sameSpec(spec, current.Spec, networkNames)) {
      result.unchanged.push({ kind: 'service', name: service.name });
      continue;
    }
    progress(`service:${service.name}`, 'running', `Updating service ${service.name}`);
    const updated = (await docker
      .getService(current.ID)
      .update({ _query: { version: current.Version.Index }, _body: spec })) as {
      Warnings?: string[] | null;
    };
    result.warnings.push(...(updated?.Warnings ?? []));
    note(result.updated, 'service', service.name, 'Updated');
  }

  const wanted = new Set(plan.services.map((s) => s.name));
  for (const service of services) {
    if (wanted.has(service.Spec.Name)) continue;
    progress(`service:${service.Spec.Name}`, 'running', `Removing service ${service.Spec.Name}`);
    await docker.getService(service.ID).remove();
    note(result.removed, 'service', service.Spec.Name, 'Removed');
  }

  if (options.waitMs > 0) {
    result.converged = await waitForTasks(docker, [...wanted], progress, options.waitMs);
    if (!result.converged)
      result.warnings.push('Not every task was running when the deploy stopped waiting');
  }
  return result;
}

async function inspectAll(
  docker: Docker,
  kind: 'config' | 'secret',
  plans: FileObjectPlan[],
): Promise<Map<string, SwarmObject>> {
  const found = new Map<string, SwarmObject>();
  for (const object of plans) {
    const handle =
      kind === 'config' ? docker.getConfig(object.name) : docker.getSecret(object.name);
    const current = (await handle.inspect().catch((error: { statusCode?: number }) => {
      if (error.statusCode === 404) return undefined;
      throw error;
    })) as SwarmObject | undefined;
    if (current) found.set(object.name, current);
  }
  return found;
}

function fileObjectSpec(object: FileObjectPlan): Json {
  return {
    Name: object.name,
    Labels: object.labels,
    Data: object.data.toString('base64'),
    ...(object.templating ? { Templating: object.templating } : {}),
  };
}

const sameLabels = (a: Record<string, string> | undefined, b: Record<string, string>) =>
  JSON.stringify(Object.entries(a ?? {}).sort()) === JSON.stringify(Object.entries(b).sort());

/** Fills config and secret ids into the references (the API wants both name and id). */
async function withReferences(docker: Docker, spec: Json, ids: Map<string, string>): Promise<Json> {
  const copy = structuredClone(spec);
  const container = (copy.TaskTemplate as Json).ContainerSpec as Json;
  for (const [kind, key, idKey, nameKey] of [
    ['config', 'Configs', 'ConfigID', 'ConfigName'],
    ['secret', 'Secrets', 'SecretID', 'SecretName'],
  ] as const) {
    for (const ref of (container[key] as Json[] | undefined) ?? []) {
      const name = String(ref[nameKey]);
      let id = ids.get(`${kind}:${name}`);
      if (!id) {
        // External: it must exist already.
        const handle = kind === 'config' ? docker.getConfig(name) : docker.getSecret(name);
        const found = (await handle.inspect().catch(() => undefined)) as SwarmObject | undefined;
        if (!found) throw new DroverError('PRECONDITION_FAILED', `${kind} not found: ${name}`);
        id = found.ID;
      }
      ref[idKey] = id;
    }
  }
  return copy;
}

interface ResolvedImage {
  image: string;
  platforms?: { Architecture: string; OS: string }[];
}

/**
 * Pins each image to its digest as docker's client does with QueryRegistry (so every node runs
 * the same image), but like --resolve-image=changed keeps the current pin when the file's image
 * is the one deployed before: an unchanged service is not updated just because a tag moved.
 */
async function resolveImages(
  docker: Docker,
  services: ServicePlan[],
  current: Map<string, SwarmObject>,
  warnings: string[],
): Promise<Map<string, ResolvedImage>> {
  const resolved = new Map<string, ResolvedImage>();
  const cache = new Map<string, Promise<ResolvedImage | undefined>>();
  for (const service of services) {
    const existing = current.get(service.name);
    if (existing && existing.Spec.Labels?.[LABEL_IMAGE] === service.image) {
      const template = existing.Spec.TaskTemplate as Json;
      resolved.set(service.name, {
        image: String((template.ContainerSpec as Json).Image),
        platforms: (template.Placement as Json | undefined)
          ?.Platforms as ResolvedImage['platforms'],
      });
      continue;
    }
    const tagged = withDefaultTag(service.image);
    if (!cache.has(tagged)) cache.set(tagged, distribution(docker, tagged));
    const found = await cache.get(tagged)!;
    if (found) resolved.set(service.name, found);
    else {
      resolved.set(service.name, { image: tagged });
      warnings.push(
        `image ${tagged} could not be accessed on a registry to record its digest. Each node will access ${tagged} independently, possibly leading to different nodes running different versions of the image.`,
      );
    }
  }
  return resolved;
}

async function distribution(docker: Docker, image: string): Promise<ResolvedImage | undefined> {
  try {
    const info = (await docker.getImage(image).distribution({})) as {
      Descriptor: { digest: string };
      Platforms?: { architecture: string; os: string }[];
    };
    const platforms = (info.Platforms ?? []).map((p) => ({
      // docker's client drops "arm": nodes report armv7l and would never match.
      Architecture: p.architecture.toLowerCase() === 'arm' ? '' : p.architecture,
      OS: p.os,
    }));
    return { image: `${familiar(image)}@${info.Descriptor.digest}`, platforms };
  } catch {
    return undefined;
  }
}

/** "nginx" → "nginx:latest"; references with a tag or digest stay as they are. */
export function withDefaultTag(image: string): string {
  if (image.includes('@')) return image;
  const lastPart = image.slice(image.lastIndexOf('/') + 1);
  return lastPart.includes(':') ? image : `${image}:latest`;
}

function familiar(image: string): string {
  return image.replace(/^(?:docker\.io|index\.docker\.io)\/(?:library\/)?/, '');
}

async function networkNameMap(docker: Docker): Promise<Map<string, string>> {
  const networks = (await docker.listNetworks()) as { Id: string; Name: string }[];
  return new Map(networks.map((n) => [n.Id, n.Name]));
}

/**
 * Keeps the compose document on the cluster as config <stack>_drover-compose-v<N>, so that a
 * console with an empty database finds the stack's document; only the latest few are kept.
 */
async function keepComposeDocument(
  docker: Docker,
  stack: string,
  version: number,
  compose: string,
): Promise<void> {
  const name = composeConfigName(stack, version);
  const existing = await docker
    .getConfig(name)
    .inspect()
    .catch(() => undefined);
  if (!existing) {
    await docker.createConfig({
      Name: name,
      Labels: { [LABEL_NAMESPACE]: stack, [LABEL_DROVER_VERSION]: String(version) },
      Data: Buffer.from(compose).toString('base64'),
    });
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
