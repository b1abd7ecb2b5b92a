// What a deploy of a converted stack would do to the cluster, object by object, decided before
// anything changes. deploy.ts applies this plan; stack.plan shows it. One planner, so what the
// plan shows is what the deploy does. readCluster reads; planDeploy is pure (unit-tested).
import type Docker from 'dockerode';
import type { StackPlanAction } from '../../shared/types.js';
import { valueChanges, type FieldValueChange } from '../../shared/plan-values.js';
import type {
  FileObjectPlan,
  Json,
  NetworkPlan,
  ServicePlan,
  StackPlan as ConvertedStack,
} from './convert.js';
import {
  distribution,
  noLogins,
  unpinnedWarning,
  withDefaultTag,
  type ImageLogins,
  type ResolvedImage,
} from './images.js';
import { edgeWarnings } from '../lb/plan-warnings.js';
import { unlessNotFound } from '../swarm/engine-error.js';
import { changedPaths, normalizeSpec } from './spec-compare.js';
import type { SwarmNode } from './constraints.js';
import { stackFeasibility } from './feasibility.js';
import { stackRefusal, type Refusal } from './refusal.js';
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

export interface NetworkStep {
  name: string;
  action: 'create' | 'unchanged';
  plan: NetworkPlan;
}

export interface FileStep {
  kind: FileKind;
  name: string;
  action: 'create' | 'update' | 'unchanged';
  plan: FileObjectPlan;
  current?: SwarmObject;
}

export interface ServiceStep {
  name: string;
  action: StackPlanAction;
  /** The spec to send (create/update); ids of configs/secrets created by the deploy are ''. */
  spec?: Json;
  current?: SwarmObject;
  /** Spec paths that change (updates). */
  fields: string[];
  /** Those changes with labels and old and new values, for the plan. */
  values: FieldValueChange[];
}

export interface VolumeStep {
  name: string;
  action: 'create' | 'remove' | 'unchanged';
}

export interface DeployPlan {
  stack: string;
  /** Why the deploy must be refused; nothing may change when this is not empty. */
  refusals: Refusal[];
  networks: NetworkStep[];
  files: FileStep[];
  services: ServiceStep[];
  volumes: VolumeStep[];
  warnings: string[];
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

/** Container spec fields and the engine API that first knows them (it silently drops them before). */
const FIELD_API: [field: string, compose: string, api: string][] = [
  ['Sysctls', 'sysctls', '1.40'],
  ['CapabilityAdd', 'cap_add', '1.41'],
  ['CapabilityDrop', 'cap_drop', '1.41'],
  ['Ulimits', 'ulimits', '1.41'],
];

const olderApi = (version: string, than: string) => {
  const [a = 0, b = 0] = version.split('.').map(Number);
  const [c = 0, d = 0] = than.split('.').map(Number);
  return a < c || (a === c && b < d);
};

/** Options the manager's engine would drop without a word: refused, naming engine and option. */
function apiRefusals(stack: ConvertedStack, apiVersion: string | undefined): Refusal[] {
  if (!apiVersion) return [];
  return FIELD_API.flatMap(([field, compose, api]) => {
    if (!olderApi(apiVersion, api)) return [];
    const users = stack.services.filter(
      (s) => ((s.spec.TaskTemplate as Json).ContainerSpec as Json)[field] !== undefined,
    );
    return users.length
      ? [
          stackRefusal(
            `${compose} (${users.map((u) => u.base).join(', ')}) needs Docker Engine API ${api} on the managers; this one speaks ${apiVersion} and would ignore it`,
          ),
        ]
      : [];
  });
}

export function planDeploy(stack: ConvertedStack, state: ClusterState): DeployPlan {
  const refusals: Refusal[] = [];
  const warnings: string[] = imageWarnings(state);
  const refuse = (message: string) => refusals.push(stackRefusal(message));
  for (const [name, network] of state.externalNetworks) {
    if (!network) {
      refuse(
        `network "${name}" is declared as external, but could not be found. Create a swarm-scoped network before the stack is deployed`,
      );
    } else if (network.Scope !== 'swarm') {
      refuse(
        `network "${name}" is declared as external, but it is not in the right scope: "${network.Scope}" instead of "swarm"`,
      );
    }
  }
  for (const [key, id] of state.externalFiles) {
    if (!id) refuse(`${key.replace(':', ' not found: ')}`);
  }
  refusals.push(...apiRefusals(stack, state.apiVersion));
  for (const denied of new Set([...state.images.values()].map((i) => i.denied))) {
    if (denied) refuse(denied);
  }
  const feasibility = stackFeasibility(stack, state.nodes);
  refusals.push(...feasibility.refusals);
  warnings.push(...feasibility.warnings);

  const networks: NetworkStep[] = stack.networks.map((plan) => ({
    name: plan.name,
    action: state.networks.has(plan.name) ? 'unchanged' : 'create',
    plan,
  }));

  const files: FileStep[] = [];
  for (const [kind, plans, existing] of [
    ['secret', stack.secrets, state.secrets],
    ['config', stack.configs, state.configs],
  ] as const) {
    for (const plan of plans) {
      const current = existing.get(plan.name);
      if (!plan.data) {
        // From a variable not set now: an existing object is kept as it is (a redeploy from
        // history, where the secret's value is not stored); a new one cannot be made.
        if (!current)
          refuse(
            `${kind} ${plan.name} takes its content from the variable ${plan.variable}, which is not set, and does not exist on the cluster yet: set ${plan.variable} for this deploy`,
          );
      } else if (
        kind === 'config' &&
        current &&
        current.Spec.Data !== plan.data.toString('base64')
      ) {
        // Secret data cannot be read back; config data can, and Swarm refuses to change either.
        refuse(
          `config ${plan.name} exists with other content; Swarm cannot change a config's content: give the changed config a new name`,
        );
      } else if (kind === 'secret' && current && plan.variable) {
        warnings.push(
          `secret ${plan.name} exists already: Swarm cannot change a secret's content, so the value of ${plan.variable} given now was not applied (give the secret a new name to change it)`,
        );
      }
      const action = !current
        ? 'create'
        : sameLabels(current.Spec.Labels, plan.labels)
          ? 'unchanged'
          : 'update';
      files.push({ kind, name: plan.name, action, plan, current });
    }
  }
  const fileId = (kind: FileKind, name: string): string => {
    const own = (kind === 'config' ? state.configs : state.secrets).get(name);
    return own?.ID ?? state.externalFiles.get(`${kind}:${name}`) ?? '';
  };

  const byName = new Map(state.services.map((s) => [s.Spec.Name, s]));
  const services: ServiceStep[] = [];
  for (const service of stack.services) {
    const spec = desiredSpec(service, state.images.get(service.name), fileId);
    const current = byName.get(service.name);
    if (!current) {
      services.push({ name: service.name, action: 'create', spec, fields: [], values: [] });
      continue;
    }
    // Stack deploy has no --force: keep the current ForceUpdate so tasks are not redeployed.
    (spec.TaskTemplate as Json).ForceUpdate =
      (current.Spec.TaskTemplate as Json | undefined)?.ForceUpdate ?? 0;
    const desired = normalizeSpec(spec, state.networkNames);
    const now = normalizeSpec(current.Spec, state.networkNames);
    const fields = changedPaths(desired, now);
    services.push({
      name: service.name,
      action: fields.length ? 'update' : 'unchanged',
      spec,
      current,
      fields,
      // The stack's image label repeats the image the Image line shows.
      values: valueChanges(
        fields.filter((f) => f !== `Labels.${LABEL_IMAGE}`),
        desired,
        now,
      ),
    });
  }
  const wanted = new Set(stack.services.map((s) => s.name));
  for (const current of state.services) {
    if (!wanted.has(current.Spec.Name))
      services.push({
        name: current.Spec.Name,
        action: 'remove',
        current,
        fields: [],
        values: [],
      });
  }

  // Named volumes live on each node and are created by the engine with the first task there;
  // docker stack deploy never removes them, and neither does Drover.
  const before = namedVolumes(state.services.map((s) => s.Spec));
  const after = namedVolumes(services.flatMap((s) => (s.action === 'remove' ? [] : [s.spec!])));
  const volumes: VolumeStep[] = [...new Set([...before, ...after])].sort().map((name) => ({
    name,
    action: !before.has(name) ? 'create' : !after.has(name) ? 'remove' : 'unchanged',
  }));
  warnings.push(...edgeWarnings(services));
  for (const v of volumes.filter((v) => v.action === 'remove')) {
    warnings.push(`volume ${v.name} is no longer used; its data stays on the hosts`);
  }
  return { stack: stack.stack, refusals, networks, files, services, volumes, warnings };
}

/** The service spec as it will be sent: resolved image, config/secret ids, platforms. */
function desiredSpec(
  service: ServicePlan,
  image: ResolvedImage | undefined,
  fileId: (kind: FileKind, name: string) => string,
): Json {
  const spec = structuredClone(service.spec);
  const template = spec.TaskTemplate as Json;
  const container = template.ContainerSpec as Json;
  fillReferences(container, fileId);
  if (image) {
    container.Image = image.image;
    if (image.platforms?.length) {
      const placement = (template.Placement ??= {}) as Json;
      placement.Platforms = image.platforms;
    }
  }
  return spec;
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

function references(spec: Json): { kind: FileKind; name: string }[] {
  const container = (spec.TaskTemplate as Json).ContainerSpec as Json;
  return REFERENCE_KEYS.flatMap(([kind, key, , nameKey]) =>
    ((container[key] as Json[] | undefined) ?? []).map((ref) => ({
      kind,
      name: String(ref[nameKey]),
    })),
  );
}

function namedVolumes(specs: Json[]): Set<string> {
  const names = new Set<string>();
  for (const spec of specs) {
    const container = ((spec.TaskTemplate as Json | undefined)?.ContainerSpec ?? {}) as Json;
    for (const mount of (container.Mounts as Json[] | undefined) ?? []) {
      if (mount.Type === 'volume' && mount.Source) names.add(String(mount.Source));
    }
  }
  return names;
}

const sameLabels = (a: Record<string, string> | undefined, b: Record<string, string>) =>
  JSON.stringify(Object.entries(a ?? {}).sort()) === JSON.stringify(Object.entries(b).sort());

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

/** Warnings for images that stay tags (docker's wording, or the look-up that was cut short). */
function imageWarnings(state: ClusterState): string[] {
  const warnings = new Map<string, string>();
  for (const image of state.images.values()) {
    if (!image.unpinned || image.denied) continue;
    warnings.set(image.image, unpinnedWarning(image));
  }
  return [...warnings.values()];
}
