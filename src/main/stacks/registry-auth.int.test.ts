// A private registry (basic auth) on the lab's real Swarm: an image there is refused clearly
// without a login and nothing changes; a wrong password fails the login test; with the login
// stored, the stack converges with one task on the manager and one on the worker, both of
// which pulled the image themselves (it was removed from both first); a changed login reaches
// unchanged services at the next deploy without restarting them; an image update on a service
// sends the login too; a stored login the registry refuses is named in the plan.
// Hosts: DROVER_REGISTRY_HOSTS (indices into lab.json, default "0,1"): a manager and a worker.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addLabHosts, cliFor, testerContext as ctx } from '../../../e2e/support/core';
import { labSsh, leaveSwarm, pickHosts, readLab, type LabHost } from '../../../e2e/support/lab';
import { createCore, type Core } from '../core/core';
import { TempDirs } from '../test-support';
import type { RawService, RawTask } from '../swarm/objects';

const lab = readLab();
const hosts = pickHosts(lab, 'DROVER_REGISTRY_HOSTS', 2) as [LabHost, LabHost];
const [a] = hosts;
const registry = lab.privateRegistry;
const dirs = new TempDirs();
const dataDir = dirs.make('drover-registry-int-');
let core: Core;
let environmentId: number;

const STACK = 'privy';
const publicOnly = `services:
  web:
    image: ${lab.images.whoami}
    deploy:
      replicas: 1
`;
const withPrivate = `${publicOnly}  private:
    image: ${registry.whoami}
    deploy:
      replicas: 2
      placement:
        max_replicas_per_node: 1
`;

const manager = () => core.services.swarm.manager(environmentId);
const stackServices = async () =>
  (await manager().listServices({
    filters: { label: [`com.docker.stack.namespace=${STACK}`] },
  })) as unknown as RawService[];

const privateNginx = `${registry.address}/nginx:lab`;

/** Removes every copy of a private image from a host, so its next task must pull. */
const removeImage = (host: LabHost, name = 'whoami') =>
  labSsh(
    lab,
    host,
    `docker image ls --format '{{.ID}}' ${registry.address}/${name} | sort -u | xargs -r docker rmi -f >/dev/null`,
  );
const hasImage = (host: LabHost, name = 'whoami') =>
  labSsh(lab, host, `docker image ls -q ${registry.address}/${name}`).trim() !== '';

/** `echo PASSWORD | drover registry add <private registry> --user drover --password-stdin` */
const addLogin = (password: string) =>
  cliFor(dataDir, `${password}\n`)(
    'registry',
    'add',
    registry.address,
    '--user',
    registry.user,
    '--password-stdin',
  );

beforeAll(async () => {
  for (const host of hosts) {
    leaveSwarm(lab, host);
    removeImage(host);
    removeImage(host, 'nginx');
  }
  core = createCore({ dataDir, shell: 'cli', connectHosts: true });
  environmentId = await addLabHosts(core, lab, hosts, ctx);
  const roles = (await core.call('host.list', { environmentId }, ctx)).map((h) => h.role);
  expect(roles.sort()).toEqual(['manager', 'worker']);
  const first = await core.call(
    'stack.deploy',
    { environmentId, name: STACK, compose: publicOnly },
    ctx,
  );
  expect(first.converged).toBe(true);
});

afterAll(() => {
  core?.close();
  try {
    labSsh(lab, a, `docker stack rm ${STACK} >/dev/null 2>&1 || true`);
  } catch {
    // The swarm goes away with the hosts leaving it.
  }
  for (const host of hosts) {
    leaveSwarm(lab, host);
    try {
      removeImage(host);
      removeImage(host, 'nginx');
    } catch {
      // Containers of the left swarm may still hold the image for a moment; lab hosts are reset.
    }
  }
  dirs.cleanup();
});

describe('private registry logins', () => {
  it('refuses an image of a registry without a login, naming it, and changes nothing', async () => {
    const before = await stackServices();
    const plan = await core.call(
      'stack.plan',
      { environmentId, name: STACK, compose: withPrivate },
      ctx,
    );
    expect(plan.refusals.map((r) => r.message).join('\n')).toContain(
      `image ${registry.whoami} is on ${registry.address}, which requires a login: add credentials for ${registry.address}`,
    );
    const deploy = core.call(
      'stack.deploy',
      { environmentId, name: STACK, compose: withPrivate },
      ctx,
    );
    await expect(deploy).rejects.toMatchObject({
      code: 'PRECONDITION_FAILED',
      message: expect.stringContaining(`add credentials for ${registry.address}`),
    });
    const after = await stackServices();
    expect(after.map((s) => [s.Spec.Name, s.Version.Index])).toEqual(
      before.map((s) => [s.Spec.Name, s.Version.Index]),
    );
    const history = await core.call('stack.history', { environmentId, name: STACK }, ctx);
    expect(history).toHaveLength(1);
  });

  it('fails the login test on a wrong password and stores nothing', async () => {
    const run = await addLogin('not-the-password');
    expect(run.code).toBe(1);
    expect(run.err).toContain(
      `${registry.address} refused the login of "${registry.user}" (401 Unauthorized)`,
    );
    expect(await core.call('registry.list', { environmentId }, ctx)).toEqual([]);
  });

  it('with the login stored, every node pulls the private image and the stack converges', async () => {
    const added = await addLogin(registry.password);
    expect(added.code, added.err).toBe(0);
    expect(added.out).toContain('Login succeeded');
    const tested = await cliFor(dataDir)('registry', 'test', registry.address);
    expect(tested.out).toContain('Login Succeeded');
    for (const host of hosts) expect(hasImage(host)).toBe(false);

    const started = Date.now();
    const result = await core.call(
      'stack.deploy',
      { environmentId, name: STACK, compose: withPrivate },
      ctx,
    );
    console.warn(
      `private image: 2 replicas pulled and running in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
    expect(result.converged, result.warnings.join('\n')).toBe(true);
    expect(result.warnings.join('\n')).not.toContain('could not be accessed on a registry');
    const service = (await manager().getService(`${STACK}_private`).inspect()) as RawService & {
      Spec: { TaskTemplate: { ContainerSpec: { Image: string } } };
    };
    // The digest lookup went through with the login: the image is pinned, as docker pins it.
    expect(service.Spec.TaskTemplate.ContainerSpec.Image).toMatch(
      new RegExp(`^${registry.whoami.replace(/[.]/g, '\\.')}@sha256:[0-9a-f]{64}$`),
    );
    const tasks = (await manager().listTasks({
      filters: { service: [service.ID], 'desired-state': ['running'] },
    })) as (RawTask & { NodeID: string })[];
    const nodes = (await manager().listNodes()) as {
      ID: string;
      Description: { Hostname: string };
    }[];
    const hostnames = tasks
      .filter((t) => t.Status?.State === 'running')
      .map((t) => nodes.find((n) => n.ID === t.NodeID)?.Description.Hostname)
      .sort();
    expect(hostnames).toEqual(hosts.map((h) => h.name).sort());
    for (const host of hosts) expect(hasImage(host)).toBe(true);
  });

  it('sends a changed login to unchanged services at the next deploy, without restarting them', async () => {
    const service = () => manager().getService(`${STACK}_private`).inspect() as Promise<RawService>;
    const runningIds = async () =>
      (
        (await manager().listTasks({
          filters: { service: [`${STACK}_private`], 'desired-state': ['running'] },
        })) as RawTask[]
      )
        .map((t) => t.ID)
        .sort();
    const before = (await service()).Version.Index;
    const tasks = await runningIds();
    const [stored] = await core.call('registry.list', { environmentId }, ctx);
    // A rotated password (the lab's registry has one; the same value stands for the new one).
    await core.call('registry.update', { id: stored!.id, password: registry.password }, ctx);
    const again = await core.call(
      'stack.deploy',
      { environmentId, name: STACK, compose: withPrivate },
      ctx,
    );
    expect(again.unchanged).toContainEqual({ kind: 'service', name: `${STACK}_private` });
    const after = (await service()).Version.Index;
    expect(after).toBeGreaterThan(before);
    expect(await runningIds()).toEqual(tasks);
    // Sent once: a further deploy leaves the service alone.
    await core.call('stack.deploy', { environmentId, name: STACK, compose: withPrivate }, ctx);
    expect((await service()).Version.Index).toBe(after);
  });

  it('sends the login with an image update of a service', async () => {
    for (const host of hosts) expect(hasImage(host, 'nginx')).toBe(false);
    const updated = await core.call(
      'service.update',
      { environmentId, service: `${STACK}_web`, image: privateNginx },
      ctx,
    );
    expect(updated.runningTasks).toBe(1);
    expect(updated.image).toContain(privateNginx);
    expect(updated.updateStatus?.state).toBe('completed');
    // The node running the task pulled it with the login.
    expect(hosts.filter((host) => hasImage(host, 'nginx'))).toHaveLength(1);
  });

  it('names a stored login the registry refuses, in the plan', async () => {
    const [stored] = await core.call('registry.list', { environmentId }, ctx);
    await core.call('registry.update', { id: stored!.id, password: 'rotated-elsewhere' }, ctx);
    await expect(core.call('registry.test', { id: stored!.id }, ctx)).rejects.toMatchObject({
      code: 'PRECONDITION_FAILED',
      message: expect.stringContaining('401 Unauthorized'),
    });
    const plan = await core.call(
      'stack.plan',
      {
        environmentId,
        name: STACK,
        compose: withPrivate.replace(registry.whoami, `${registry.address}/haproxy:lab`),
      },
      ctx,
    );
    // A refusal: the deploy of this plan would change nothing.
    expect(plan.refusals.map((r) => r.message).join('\n')).toContain(
      `${registry.address} refused the stored login of "${registry.user}"`,
    );
  });
});
