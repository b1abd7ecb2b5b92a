// A stack's life on the lab's real Swarm: a plan that shows a redeploy's diff and service update
// without changing anything, history and rollback to version 1, scale kept in the stored document,
// stop/start remembering 10 replicas, a rolling restart replacing every task, an update to an
// image that does not exist rolled back by Swarm with the engine's error in the progress, a good
// update and Swarm's own rollback, and the "nginx cluster" template deployed.
// Hosts: DROVER_STACK2_HOSTS (indices into lab.json, default "0,1,2").
import fs from 'node:fs';
import path from 'node:path';
import type Docker from 'dockerode';
import { afterAll, describe, expect, it } from 'vitest';
import { cliFor, testerContext } from '../../../e2e/support/core';
import { labSsh, pickHosts, readLab, type LabHost } from '../../../e2e/support/lab';
import { labCore } from '../../../e2e/support/lab-core';
import type {
  OperationProgress,
  StackDeployResult,
  StackServiceInfo,
  StackVersionInfo,
} from '../../shared/types';
import type { Core } from '../core/core';
import { TempDirs } from '../test-support';
import { normalizeSpec } from './spec-compare';
import type { RawService, RawTask } from '../swarm/objects';
import type { Method } from '../../shared/contract.js';

const lab = readLab();
const hosts = pickHosts(lab, 'DROVER_STACK2_HOSTS', 3) as [LabHost, LabHost, LabHost];
const [a] = hosts;
const dirs = new TempDirs();
const work = dirs.make('drover-lifecycle-files-');
const ctx = testerContext;
let core: Core;
let environmentId: number;
const { dataDir } = labCore(lab, hosts, {
  name: 'drover-lifecycle-int-',
  ready: async (session) => {
    ({ core, environmentId } = session);
    await deployFirstVersion();
  },
});
const drover = cliFor(dataDir);

const SERVICE = 'life_web';
const missingImage = `${lab.registry}/nginx:does-not-exist`;
const composeFor = (image: string, replicas = 10) => `services:
  web:
    image: ${image}
    deploy:
      replicas: ${replicas}
      update_config:
        parallelism: 5
        failure_action: rollback
        monitor: 2s
      rollback_config:
        parallelism: 5
`;
const v1 = composeFor(lab.images.nginx);
const v2 = composeFor(lab.images.whoami);

const manager = (): Docker => core.services.swarm.manager(environmentId);
const inspect = async (name = SERVICE) =>
  (await manager().getService(name).inspect()) as RawService & { Spec: Record<string, unknown> };

async function runningTasks(name = SERVICE): Promise<RawTask[]> {
  const service = await inspect(name);
  const tasks = (await manager().listTasks({ filters: { service: [service.ID] } })) as RawTask[];
  return tasks.filter((t) => t.DesiredState === 'running' && t.Status?.State === 'running');
}

/** Calls a request with an operation id, collecting its progress. */
async function withProgress<T>(
  method: string,
  args: Record<string, unknown>,
): Promise<{ result?: T; error?: Error; progress: OperationProgress[]; seconds: number }> {
  const operationId = `op-${Math.random().toString(36).slice(2)}`;
  const progress: OperationProgress[] = [];
  const unsubscribe = core.events.subscribe((event) => {
    if (event.event === 'operation.progress' && event.payload.operationId === operationId)
      progress.push(event.payload);
  });
  const started = Date.now();
  try {
    const result = (await core.call(method as Method, { ...args, operationId } as never, ctx)) as T;
    return { result, progress, seconds: (Date.now() - started) / 1000 };
  } catch (error) {
    return { error: error as Error, progress, seconds: (Date.now() - started) / 1000 };
  } finally {
    unsubscribe();
  }
}

const timing = (what: string, seconds: number) => console.warn(`${what}: ${seconds.toFixed(1)} s`);

let v1Spec: unknown;
const specOf = async () => {
  const spec = structuredClone((await inspect()).Spec) as Record<string, unknown>;
  delete (spec.TaskTemplate as Record<string, unknown>).ForceUpdate;
  return normalizeSpec(spec);
};

async function deployFirstVersion(): Promise<void> {
  const deployed = await withProgress<StackDeployResult>('stack.deploy', {
    environmentId,
    name: 'life',
    compose: v1,
  });
  expect(deployed.error).toBeUndefined();
  timing('life v1: 10 replicas deployed and running', deployed.seconds);
  expect(deployed.result?.converged).toBe(true);
  v1Spec = await specOf();
}

afterAll(() => dirs.cleanup());

describe('a stack through its life', () => {
  it('plans a redeploy with another image: the diff and the service update, nothing changed', async () => {
    const before = (await inspect()).Version.Index;
    const plan = await core.call('stack.plan', { environmentId, name: 'life', compose: v2 }, ctx);
    expect(plan.errors).toEqual([]);
    expect(plan.diff).toContain(`-    image: ${lab.images.nginx}`);
    expect(plan.diff).toContain(`+    image: ${lab.images.whoami}`);
    const web = plan.changes.find((c) => c.name === SERVICE);
    expect(web).toMatchObject({ kind: 'service', action: 'update' });
    expect(web?.fields).toContain('TaskTemplate.ContainerSpec.Image');
    expect(plan.changes.find((c) => c.name === 'life_default')).toMatchObject({
      kind: 'network',
      action: 'unchanged',
    });

    // The CLI's dry run prints the same plan and changes nothing either.
    const file = path.join(work, 'life-v2.yml');
    fs.writeFileSync(file, v2);
    const dry = await drover('stack', 'deploy', '--dry-run', '-f', file, 'life');
    expect(dry.code, dry.err).toBe(0);
    expect(dry.out).toContain(`+    image: ${lab.images.whoami}`);
    // The changed field with its old and new value, not its path in the spec.
    expect(dry.out).toMatch(/~ service life_web\n\s+Image: \S*nginx\S* -> \S*whoami/);
    expect((await inspect()).Version.Index).toBe(before);

    // An invalid file plans to errors with lines, and nothing else.
    const invalid = await core.call(
      'stack.plan',
      { environmentId, name: 'life', compose: v2.replace('replicas: 10', 'replicas: ten') },
      ctx,
    );
    expect(invalid.errors).toEqual([
      { line: 5, column: 17, message: 'services.web.deploy.replicas: "ten" is not an integer' },
    ]);
    expect(invalid.changes).toEqual([]);
  });

  it('deploys v2, keeps the history, and rolls back to version 1 from the CLI', async () => {
    const deployed = await withProgress<StackDeployResult>('stack.deploy', {
      environmentId,
      name: 'life',
      compose: v2,
    });
    timing('redeploy v2 (new image, 10 replicas rolling)', deployed.seconds);
    expect(deployed.result).toMatchObject({ version: 2, converged: true });
    expect(deployed.result?.updated).toEqual([{ kind: 'service', name: SERVICE }]);
    // Converged means the rolling update finished, not that the old tasks were still up.
    expect(
      deployed.progress.some((p) => p.step === 'rollout' && /: completed/.test(p.message)),
    ).toBe(true);
    expect((await runningTasks()).every((t) => t.Status?.State === 'running')).toBe(true);
    expect((await inspect()).Spec.Labels?.['com.docker.stack.image']).toBe(lab.images.whoami);

    const history = JSON.parse(
      (await drover('--json', 'stack', 'history', 'life')).out,
    ) as StackVersionInfo[];
    expect(history.map((v) => [v.version, v.actor])).toEqual([
      [2, 'tester'],
      [1, 'tester'],
    ]);
    expect(history[1]?.compose).toBe(v1);

    const started = Date.now();
    const rolled = await drover('stack', 'rollback', 'life', '1');
    timing('stack rollback to version 1', (Date.now() - started) / 1000);
    expect(rolled.code, rolled.err).toBe(0);
    expect(rolled.out).toContain('Stack life version 3, all tasks running');
    expect(await specOf()).toEqual(v1Spec);
    const after = await core.call('stack.history', { environmentId, name: 'life' }, ctx);
    expect(after[0]).toMatchObject({ version: 3, note: 'rollback to version 1', compose: v1 });
  });

  it('keeps a scale in the stored document, and a redeploy of the old file plans it back', async () => {
    await core.call('service.scale', { environmentId, service: SERVICE, replicas: 4 }, ctx);
    const [latest] = await core.call('stack.history', { environmentId, name: 'life' }, ctx);
    expect(latest).toMatchObject({ version: 4, note: 'scaled web to 4', actor: 'tester' });
    expect(latest?.compose).toBe(composeFor(lab.images.nginx, 4));
    const plan = await core.call('stack.plan', { environmentId, name: 'life', compose: v1 }, ctx);
    expect(plan.diff).toContain('-      replicas: 4\n+      replicas: 10');
    expect(plan.changes.find((c) => c.name === SERVICE)).toMatchObject({
      action: 'update',
      fields: ['Mode.Replicated.Replicas'],
    });
    await core.call('service.scale', { environmentId, service: SERVICE, replicas: 10 }, ctx);
    expect(await runningTasks()).toHaveLength(10);
  });

  it('stops remembering 10 replicas and starts back to 10 running', async () => {
    const stopped = await withProgress<StackServiceInfo>('service.stop', {
      environmentId,
      service: SERVICE,
    });
    timing('stop (10 → 0)', stopped.seconds);
    expect(stopped.error).toBeUndefined();
    expect(stopped.result).toMatchObject({ replicas: 0, runningTasks: 0, stoppedReplicas: 10 });
    expect((await inspect()).Spec.Labels?.['com.drover.stopped-replicas']).toBe('10');
    expect(
      labSsh(lab, a, 'docker ps -q --filter label=com.docker.swarm.service.name=life_web'),
    ).toBe('');

    const started = await withProgress<StackServiceInfo>('service.start', {
      environmentId,
      service: SERVICE,
    });
    timing('start (0 → 10)', started.seconds);
    expect(started.result).toMatchObject({ replicas: 10, runningTasks: 10, stoppedReplicas: null });
    expect((await inspect()).Spec.Labels?.['com.drover.stopped-replicas']).toBeUndefined();
    expect(started.progress.some((p) => /life_web: 10\/10 running/.test(p.message))).toBe(true);
  });

  it('restarts by replacing every task, rolling', async () => {
    const before = new Set((await runningTasks()).map((t) => t.ID));
    expect(before.size).toBe(10);
    const restarted = await withProgress<StackServiceInfo>('service.restart', {
      environmentId,
      service: SERVICE,
    });
    timing('rolling restart of 10 tasks (parallelism 5)', restarted.seconds);
    expect(restarted.error).toBeUndefined();
    const after = await runningTasks();
    expect(after).toHaveLength(10);
    expect(after.filter((t) => before.has(t.ID))).toEqual([]);
    const rollout = restarted.progress.filter((p) => p.step === 'rollout').map((p) => p.message);
    expect(rollout.some((m) => m.startsWith(`${SERVICE}: updating`))).toBe(true);
    expect(rollout.at(-1)).toMatch(new RegExp(`^${SERVICE}: completed`));
    expect(restarted.result?.updateStatus?.state).toBe('completed');
  });

  it('rolls back an update to an image that does not exist, with the engine error in the progress', async () => {
    const working = ((await inspect()).Spec.TaskTemplate as { ContainerSpec: { Image: string } })
      .ContainerSpec.Image;
    const updated = await withProgress<StackServiceInfo>('service.update', {
      environmentId,
      service: SERVICE,
      image: missingImage,
    });
    timing('failed update rolled back by Swarm', updated.seconds);
    expect(updated.error?.message).toContain('failed and Swarm rolled it back');
    const failedTasks = updated.progress.filter(
      (p) => p.step.startsWith('task:') && p.state === 'failed',
    );
    expect(failedTasks.length).toBeGreaterThan(0);
    console.warn(`engine error: ${failedTasks[0]?.message}`);
    expect(failedTasks[0]?.message).toMatch(/does-not-exist/);
    const service = await inspect();
    expect(service.UpdateStatus?.State).toBe('rollback_completed');
    const [info] = await core.call('service.list', { environmentId, stack: 'life' }, ctx);
    expect(info?.updateStatus).toEqual({
      state: 'rollback_completed',
      message: expect.stringContaining('rollback'),
    });
    // Back on the working image with every task running: the failed tasks are no problem now.
    expect(info?.problem).toBeNull();
    expect(
      (service.Spec.TaskTemplate as { ContainerSpec: { Image: string } }).ContainerSpec.Image,
    ).toBe(working);
    expect(await runningTasks()).toHaveLength(10);
    // The stored document was not touched by the failed update.
    const [latest] = await core.call('stack.history', { environmentId, name: 'life' }, ctx);
    expect(latest?.compose).not.toContain('does-not-exist');
  });

  it("updates to a working image and goes back with Swarm's rollback, the document following", async () => {
    const updated = await drover('service', 'update', '--image', lab.images.whoami, 'life/web');
    expect(updated.code, updated.err).toBe(0);
    let [latest] = await core.call('stack.history', { environmentId, name: 'life' }, ctx);
    expect(latest?.compose).toBe(v2);
    expect(latest?.note).toBe(`web updated to ${lab.images.whoami}`);

    const rolled = await withProgress<StackServiceInfo>('service.rollback', {
      environmentId,
      service: SERVICE,
    });
    timing("Swarm's rollback of 10 tasks", rolled.seconds);
    expect(rolled.error).toBeUndefined();
    expect(rolled.result).toMatchObject({ image: lab.images.nginx, runningTasks: 10 });
    [latest] = await core.call('stack.history', { environmentId, name: 'life' }, ctx);
    expect(latest?.compose).toBe(v1);
    expect(latest?.note).toBe('web rolled back');
  });

  it('deploys the "nginx cluster" template; WordPress + MariaDB renders and plans', async () => {
    await core.call('settings.update', { nginxImage: lab.images.nginx }, ctx);
    const templates = await core.call('template.list', {}, ctx);
    const nginx = templates.find((t) => t.id === 'nginx-cluster');
    expect(nginx?.questions.find((q) => q.id === 'image')?.default).toBe(lab.images.nginx);
    // No IPVS in the lab: a published port is host mode, one replica per host; leave it out.
    const rendered = await core.call(
      'template.render',
      { id: 'nginx-cluster', answers: { port: '' } },
      ctx,
    );
    const deployed = await withProgress<StackDeployResult>('stack.deploy', {
      environmentId,
      name: rendered.name,
      compose: rendered.compose,
    });
    timing('template "nginx cluster": 10 replicas deployed and running', deployed.seconds);
    expect(deployed.result?.converged).toBe(true);
    expect(await runningTasks('web-server_nginx-cluster')).toHaveLength(10);

    const wordpress = await core.call(
      'template.render',
      {
        id: 'wordpress',
        answers: {
          dbPassword: 's3cret$',
          wordpressImage: 'wordpress:6',
          mariadbImage: 'mariadb:11',
        },
      },
      ctx,
    );
    // The password is a secret made from the variable the render gives, not in the document.
    expect(wordpress.compose).not.toContain('s3cret');
    const plan = await core.call(
      'stack.plan',
      { environmentId, name: wordpress.name, compose: wordpress.compose, env: wordpress.env },
      ctx,
    );
    expect(plan.errors).toEqual([]);
    expect(plan.changes.map((c) => `${c.action} ${c.kind} ${c.name}`)).toEqual([
      'create network wordpress_default',
      'create secret wordpress_db_password',
      'create volume wordpress_db-data',
      'create service wordpress_db',
      'create service wordpress_wordpress',
    ]);
    expect(labSsh(lab, a, "docker service ls --format '{{.Name}}'")).not.toContain('wordpress');
  });
});
