// What a deploy of a converted stack would do to the cluster, object by object, decided before
// anything changes. deploy.ts applies this plan; stack.plan shows it. One planner, so what the
// plan shows is what the deploy does. cluster-state.ts reads; planDeploy is pure (unit-tested).
import type { StackPlanAction } from '../../shared/types.js';
import { valueChanges, type FieldValueChange } from '../../shared/plan-values.js';
import type {
  FileObjectPlan,
  Json,
  NetworkPlan,
  ServicePlan,
  StackPlan as ConvertedStack,
} from './convert.js';
import { unpinnedWarning, type ResolvedImage } from './images.js';
import {
  fillReferences,
  type ClusterState,
  type FileKind,
  type SwarmObject,
} from './cluster-state.js';
import { edgeWarnings } from '../lb/plan-warnings.js';
import { changedPaths, normalizeSpec } from './spec-compare.js';
import { LABEL_IMAGE } from '../swarm/labels.js';
import { stackFeasibility } from './feasibility.js';
import { stackRefusal, type Refusal } from './refusal.js';

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
      services.push({ name: current.Spec.Name, action: 'remove', current, fields: [], values: [] });
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

/** Warnings for images that stay tags (docker's wording, or the look-up that was cut short). */
function imageWarnings(state: ClusterState): string[] {
  const warnings = new Map<string, string>();
  for (const image of state.images.values()) {
    if (!image.unpinned || image.denied) continue;
    warnings.set(image.image, unpinnedWarning(image));
  }
  return [...warnings.values()];
}
