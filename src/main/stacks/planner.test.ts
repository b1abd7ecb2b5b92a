import { describe, expect, it } from 'vitest';
import { loadCompose } from './compose';
import { convertStack, type Json, type StackPlan as ConvertedStack } from './convert';
import { planChanges } from './plan-view';
import type { ClusterState, SwarmObject } from './cluster-state';
import { planDeploy } from './planner';
import { changedPaths } from './spec-compare';
import { refusalText } from './refusal';

function converted(text: string): ConvertedStack {
  const loaded = loadCompose(text);
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
  return convertStack('shop', loaded.model, {
    routingMesh: true,
    readFile: () => Buffer.from('file'),
  });
}

const v1 = `
services:
  web:
    image: nginx:1.25
    deploy: { replicas: 3 }
  cache:
    image: redis:7
  old:
    image: busybox
volumes:
  data:
configs:
  motd:
    content: hello
`;

/** The cluster as the engine would report it after deploying `text` (ids made up). */
function clusterAfter(text: string): ClusterState {
  const stack = converted(text);
  const services: SwarmObject[] = stack.services.map((s, i) => ({
    ID: `svc${i}`,
    Version: { Index: 10 + i },
    Spec: structuredClone(s.spec) as SwarmObject['Spec'],
  }));
  return {
    services,
    networks: new Set(stack.networks.map((n) => n.name)),
    externalNetworks: new Map(),
    configs: new Map(
      stack.configs.map((c) => [
        c.name,
        {
          ID: `cfg-${c.name}`,
          Version: { Index: 1 },
          Spec: { Name: c.name, Labels: c.labels, Data: c.data!.toString('base64') },
        },
      ]),
    ),
    secrets: new Map(),
    externalFiles: new Map(),
    images: new Map(stack.services.map((s) => [s.name, { image: s.image }])),
    networkNames: new Map(),
    nodes: [],
  };
}

describe('planDeploy', () => {
  it('creates everything for a new stack', () => {
    const state: ClusterState = { ...clusterAfter('services: { x: { image: a } }'), services: [] };
    state.networks.clear();
    const plan = planDeploy(converted(v1), state);
    expect(plan.refusals).toEqual([]);
    const changes = planChanges(plan);
    expect(changes.filter((c) => c.action !== 'create')).toEqual([]);
    expect(changes.map((c) => `${c.kind} ${c.name}`)).toEqual([
      'network shop_default',
      'config shop_motd',
      'service shop_cache',
      'service shop_old',
      'service shop_web',
    ]);
  });

  it('leaves an unchanged stack unchanged', () => {
    const plan = planDeploy(converted(v1), clusterAfter(v1));
    expect(planChanges(plan).every((c) => c.action === 'unchanged')).toBe(true);
  });

  it('names the spec paths that change, and removes services no longer in the file', () => {
    const v2 = v1
      .replace('nginx:1.25', 'nginx:1.27')
      .replace('replicas: 3', 'replicas: 5')
      .replace(/ {2}old:\n {4}image: busybox\n/, '')
      .replace('    image: redis:7', '    image: redis:7\n    volumes: [data:/data]');
    const next = converted(v2);
    const state = clusterAfter(v1);
    // readCluster resolves the new file's images.
    state.images = new Map(next.services.map((s) => [s.name, { image: s.image }]));
    const plan = planDeploy(next, state);
    const changes = planChanges(plan);
    const web = changes.find((c) => c.name === 'shop_web');
    expect(web?.action).toBe('update');
    expect(web?.fields).toEqual([
      'Labels.com.docker.stack.image',
      'Mode.Replicated.Replicas',
      'TaskTemplate.ContainerSpec.Image',
    ]);
    // The plan shows values, not paths: the replicas and the image, old -> new.
    expect(web?.values).toEqual([
      { field: 'Mode.Replicated.Replicas', label: 'Replicas', before: '3', after: '5' },
      {
        field: 'TaskTemplate.ContainerSpec.Image',
        label: 'Image',
        before: 'nginx:1.25',
        after: 'nginx:1.27',
      },
    ]);
    expect(changes.find((c) => c.name === 'shop_old')).toMatchObject({ action: 'remove' });
    expect(changes.find((c) => c.name === 'shop_cache')).toMatchObject({
      action: 'update',
      fields: ['TaskTemplate.ContainerSpec.Mounts'],
    });
    expect(changes.find((c) => c.kind === 'volume')).toEqual({
      kind: 'volume',
      name: 'shop_data',
      action: 'create',
      fields: [],
      values: [],
    });
    // The update goes to the version the plan saw, keeping the service's ForceUpdate.
    const step = plan.services.find((s) => s.name === 'shop_web');
    expect(step?.current?.Version.Index).toBeGreaterThan(0);
    expect((step?.spec?.TaskTemplate as Json).ForceUpdate).toBe(0);
  });

  it('refuses a changed config and a missing external network before anything changes', () => {
    const state = clusterAfter(v1);
    state.externalNetworks.set('edge', undefined);
    const plan = planDeploy(converted(v1.replace('content: hello', 'content: bye')), state);
    expect(plan.refusals.map(refusalText)).toEqual([
      'network "edge" is declared as external, but could not be found. Create a swarm-scoped network before the stack is deployed',
      "config shop_motd exists with other content; Swarm cannot change a config's content: give the changed config a new name",
    ]);
  });

  it('refuses an image its registry will not hand out once, without the unpinned warning', () => {
    const state = clusterAfter(v1);
    const denied = 'image reg.example.com/app:1 is on reg.example.com, which requires a login';
    for (const name of ['shop_web', 'shop_cache'])
      state.images.set(name, { image: 'reg.example.com/app:1', unpinned: true, denied });
    const plan = planDeploy(converted(v1), state);
    expect(plan.refusals.map(refusalText)).toEqual([denied]);
    expect(plan.warnings.join('\n')).not.toContain('could not be accessed');
  });

  it('refuses kernel options an older manager would drop silently', () => {
    const withCaps = v1.replace(
      '    image: busybox',
      '    image: busybox\n    cap_add: [NET_ADMIN]',
    );
    const state = { ...clusterAfter(v1), apiVersion: '1.40' };
    expect(planDeploy(converted(withCaps), state).refusals.map(refusalText)).toEqual([
      'cap_add (old) needs Docker Engine API 1.41 on the managers; this one speaks 1.40 and would ignore it',
    ]);
    expect(planDeploy(converted(withCaps), { ...state, apiVersion: '1.41' }).refusals).toEqual([]);
  });

  it('keeps a secret from an unset variable that exists, refuses one that does not', () => {
    const text = (env: Record<string, string>) => {
      const loaded = loadCompose(
        'services:\n  db: { image: mariadb, secrets: [pw] }\nsecrets:\n  pw: { environment: PW }\n',
        { env },
      );
      if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
      return convertStack('shop', loaded.model, {
        routingMesh: true,
        readFile: () => Buffer.alloc(0),
      });
    };
    const empty: ClusterState = { ...clusterAfter('services: { x: { image: a } }'), services: [] };
    expect(planDeploy(text({}), empty).refusals.map(refusalText)).toEqual([
      'secret shop_pw takes its content from the variable PW, which is not set, and does not exist on the cluster yet: set PW for this deploy',
    ]);
    const created = planDeploy(text({ PW: 'x' }), empty);
    expect(created.refusals).toEqual([]);
    expect(created.files.map((f) => [f.name, f.action])).toEqual([['shop_pw', 'create']]);
    const existing: ClusterState = {
      ...empty,
      secrets: new Map([
        [
          'shop_pw',
          {
            ID: 'sec1',
            Version: { Index: 1 },
            Spec: { Name: 'shop_pw', Labels: { 'com.docker.stack.namespace': 'shop' } },
          },
        ],
      ]),
    };
    const kept = planDeploy(text({}), existing);
    expect([kept.refusals, kept.files.map((f) => f.action)]).toEqual([[], ['unchanged']]);
    expect(planDeploy(text({ PW: 'new' }), existing).warnings.join()).toContain(
      "Swarm cannot change a secret's content, so the value of PW given now was not applied",
    );
  });

  it('fills the ids of existing configs into the references', () => {
    const withRef = v1.replace('    image: busybox', '    image: busybox\n    configs: [motd]');
    const plan = planDeploy(converted(withRef), clusterAfter(v1));
    const old = plan.services.find((s) => s.name === 'shop_old');
    const container = (old?.spec?.TaskTemplate as Json).ContainerSpec as Json;
    expect((container.Configs as Json[])[0]).toMatchObject({
      ConfigName: 'shop_motd',
      ConfigID: 'cfg-shop_motd',
    });
    expect(old?.fields).toEqual(['TaskTemplate.ContainerSpec.Configs']);
  });
});

describe('changedPaths', () => {
  it('descends objects and treats lists as values', () => {
    expect(
      changedPaths({ A: { B: 1, C: [1, 2] }, D: 'x' }, { A: { B: 2, C: [1] }, E: 'y' }),
    ).toEqual(['A.B', 'A.C', 'D', 'E']);
    expect(changedPaths({ A: 1 }, { A: 1 })).toEqual([]);
  });
});
