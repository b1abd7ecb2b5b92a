// What the planner reads of the cluster before anything changes (the stack's services, networks,
// configs, secrets, nodes, and the image each service will run), and the config/secret references
// of a service spec. planner.ts decides from it; this file only reads.
import type Docker from 'dockerode';
import type { Json, ServicePlan, StackPlan as ConvertedStack } from './convert.js';
import {
  distribution,
  noLogins,
  withDefaultTag,
  type ImageLogins,
  type ResolvedImage,
} from './images.js';
import { unlessNotFound } from '../swarm/engine-error.js';
import type { SwarmNode } from './constraints.js';
import { LABEL_IMAGE, LABEL_NAMESPACE } from '../swarm/labels.js';

export interface SwarmObject {
  ID: string;
  Version: { Index: number };
  UpdatedAt?: string;
  Spec: Json & { Name: string; Labels?: Record<string, string>; Data?: string };
}

export type FileKind = 'config' | 'secret';

/** What the planner needs to know of the cluster; all read before the first change. */
export interface ClusterState {
  /** The stack's services now. */
  services: SwarmObject[];
  /** Names of the stack's networks that exist. */
  networks: Set<string>;
  /** Networks the file declares external, with their scope (undefined: not found). */
  externalNetworks: Map<string, { Scope?: string } | undefined>;
  configs: Map<string, SwarmObject>;
  secrets: Map<string, SwarmObject>;
  /** Ids of the external configs and secrets the services name ("config:name"). */
  externalFiles: Map<string, string | undefined>;
  /** The image each service will run (by Swarm service name). */
  images: Map<string, ResolvedImage>;
  /** Network id → name, to compare attachments by name. */
  networkNames: Map<string, string>;
  /** The Swarm's nodes (GET /nodes), to find placements that can never succeed. */
  nodes: SwarmNode[];
  /** The manager's API version ("1.41"); older engines drop fields they do not know. */
  apiVersion?: string;
}

const stackFilter = (stack: string) => ({ label: [`${LABEL_NAMESPACE}=${stack}`] });

export async function readCluster(
  docker: Docker,
  stack: ConvertedStack,
  logins: ImageLogins = noLogins,
): Promise<ClusterState> {
  const services = (await docker.listServices({
    filters: stackFilter(stack.stack),
  })) as unknown as SwarmObject[];
  const externalNetworks = new Map<string, { Scope?: string } | undefined>();
  for (const name of stack.externalNetworks) {
    externalNetworks.set(
      name,
      (await unlessNotFound(docker.getNetwork(name).inspect())) as { Scope?: string } | undefined,
    );
  }
  const stackNetworks = (await docker.listNetworks({ filters: stackFilter(stack.stack) })) as {
    Name: string;
  }[];
  const allNetworks = (await docker.listNetworks()) as { Id: string; Name: string }[];
  const configs = await inspectAll(
    docker,
    'config',
    stack.configs.map((c) => c.name),
  );
  const secrets = await inspectAll(
    docker,
    'secret',
    stack.secrets.map((s) => s.name),
  );
  const externalFiles = new Map<string, string | undefined>();
  for (const service of stack.services) {
    for (const { kind, name } of references(service.spec)) {
      const own = kind === 'config' ? stack.configs : stack.secrets;
      if (own.some((o) => o.name === name) || externalFiles.has(`${kind}:${name}`)) continue;
      const found = await inspectAll(docker, kind, [name]);
      externalFiles.set(`${kind}:${name}`, found.get(name)?.ID);
    }
  }
  const byName = new Map(services.map((s) => [s.Spec.Name, s]));
  return {
    services,
    networks: new Set(stackNetworks.map((n) => n.Name)),
    externalNetworks,
    configs,
    secrets,
    externalFiles,
    images: await resolveImages(docker, stack.services, byName, logins),
    networkNames: new Map(allNetworks.map((n) => [n.Id, n.Name])),
    nodes: (await docker.listNodes()) as SwarmNode[],
    apiVersion: ((await docker.version()) as { ApiVersion?: string }).ApiVersion,
  };
}

const REFERENCE_KEYS = [
  ['config', 'Configs', 'ConfigID', 'ConfigName'],
  ['secret', 'Secrets', 'SecretID', 'SecretName'],
] as const;

/** Sets each config/secret reference's id where it is still empty (the API wants both). */
export function fillReferences(
  container: Json,
  fileId: (kind: FileKind, name: string) => string | undefined,
): void {
  for (const [kind, key, idKey, nameKey] of REFERENCE_KEYS) {
    for (const ref of (container[key] as Json[] | undefined) ?? []) {
      if (!ref[idKey]) ref[idKey] = fileId(kind, String(ref[nameKey])) ?? '';
    }
  }
}

export function references(spec: Json): { kind: FileKind; name: string }[] {
  const container = (spec.TaskTemplate as Json).ContainerSpec as Json;
  return REFERENCE_KEYS.flatMap(([kind, key, , nameKey]) =>
    ((container[key] as Json[] | undefined) ?? []).map((ref) => ({
      kind,
      name: String(ref[nameKey]),
    })),
  );
}

async function inspectAll(
  docker: Docker,
  kind: FileKind,
  names: string[],
): Promise<Map<string, SwarmObject>> {
  const found = new Map<string, SwarmObject>();
  for (const name of names) {
    const handle = kind === 'config' ? docker.getConfig(name) : docker.getSecret(name);
    const current = (await handle.inspect().catch((error: { statusCode?: number }) => {
      if (error.statusCode === 404) return undefined;
      throw error;
    })) as SwarmObject | undefined;
    if (current) found.set(name, current);
  }
  return found;
}

/**
 * Pins each image to its digest as docker's client does with QueryRegistry (so every node runs
 * the same image), but like --resolve-image=changed keeps the current pin when the file's image
 * is the one deployed before: an unchanged service is not updated just because a tag moved.
 * An image no registry answers for stays a tag (with the planner's warning at deploy).
 */
async function resolveImages(
  docker: Docker,
  services: ServicePlan[],
  current: Map<string, SwarmObject>,
  logins: ImageLogins,
): Promise<Map<string, ResolvedImage>> {
  const resolved = new Map<string, ResolvedImage>();
  const cache = new Map<string, Promise<ResolvedImage>>();
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
    if (!cache.has(tagged)) cache.set(tagged, distribution(docker, tagged, logins(tagged)));
    resolved.set(service.name, await cache.get(tagged)!);
  }
  return resolved;
}
