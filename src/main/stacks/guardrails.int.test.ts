// The deploy guardrails on a real one-node Swarm: a restricted member's stack with
// `privileged: true` or a bind mount of /etc is refused with its line and leaves nothing on the
// cluster, while a member deploys the same files; a restricted member may not roll back to such
// a version, nor run such a service again through an image update.
// Hosts: DROVER_GUARD_HOSTS (an index into lab.json, default "0").
import { TEST_COST } from '../access/passwords';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addLabHosts, testerContext as admin } from '../../../e2e/support/core';
import { labSsh, leaveSwarm, pickHosts, readLab, type LabHost } from '../../../e2e/support/lab';
import { DroverError } from '../../shared/errors';
import { createCore, type Core } from '../core/core';
import { principalContext, type CallContext } from '../rpc/context';
import { TempDirs } from '../test-support';

const lab = readLab();
const [host] = pickHosts(lab, 'DROVER_GUARD_HOSTS', 1) as [LabHost];
const dirs = new TempDirs();
const dataDir = dirs.make('drover-guard-int-');
let core: Core;
let environmentId: number;
let restricted: CallContext;
let member: CallContext;
let limited: CallContext;

const privileged = `services:
  app:
    image: ${lab.images.whoami}
    privileged: true
`;
const bindEtc = `services:
  app:
    image: ${lab.images.whoami}
    volumes:
      - type: volume
        target: /data
      - /etc:/host-etc:ro
`;

/** What the cluster holds of the stack: its services and networks. */
const onCluster = (stack: string) =>
  labSsh(
    lab,
    host,
    `docker service ls -q --filter label=com.docker.stack.namespace=${stack}; docker network ls -q --filter label=com.docker.stack.namespace=${stack}`,
  ).trim();

async function refusal(work: Promise<unknown>): Promise<DroverError> {
  const error = await work.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DroverError);
  return error as DroverError;
}

beforeAll(async () => {
  leaveSwarm(lab, host);
  core = createCore({ dataDir, shell: 'web', connectHosts: true, passwordCost: TEST_COST });
  environmentId = await addLabHosts(core, lab, [host], admin);
  const users = core.services.users;
  for (const [name, role, stacks] of [
    ['rita', 'restricted', null],
    ['max', 'member', null],
    ['sam', 'restricted', 'guard*'],
  ] as const) {
    const user = await users.add(name, 'a long enough password');
    users.setMembership(user.id, environmentId, role, stacks);
  }
  const as = (name: string) => {
    const user = users.find(name);
    return principalContext(
      { kind: 'user', userId: user.id, name, siteAdmin: false },
      'web',
      '127.0.0.1',
    );
  };
  restricted = as('rita');
  member = as('max');
  limited = as('sam');
}, 120_000);

afterAll(() => {
  core?.close();
  try {
    labSsh(
      lab,
      host,
      'docker stack rm guarded >/dev/null 2>&1; docker service rm guarded_decoy >/dev/null 2>&1 || true',
    );
  } catch {
    // The swarm goes away with the host leaving it.
  }
  leaveSwarm(lab, host);
  dirs.cleanup();
});

describe('deploy guardrails for restricted members', () => {
  it('refuses privileged mode and a bind mount of /etc with their lines; nothing is created', async () => {
    const first = await refusal(
      core.call(
        'stack.deploy',
        { environmentId, name: 'guarded', compose: privileged },
        restricted,
      ),
    );
    expect(first.code).toBe('FORBIDDEN');
    expect(first.details?.reason).toBe('guardrails');
    expect(first.message).toContain('line 4: app: privileged: privileged mode');

    const second = await refusal(
      core.call('stack.deploy', { environmentId, name: 'guarded', compose: bindEtc }, restricted),
    );
    expect(second.message).toContain('line 7: app: volumes.1: a bind mount of /etc');
    expect(second.message).not.toContain('volumes.0');
    expect(onCluster('guarded')).toBe('');

    const plan = await core.call(
      'stack.plan',
      { environmentId, name: 'guarded', compose: bindEtc },
      restricted,
    );
    expect(plan.refusals).toEqual([
      expect.objectContaining({ service: 'app', field: 'volumes.1', line: 7 }),
    ]);
    const audit = await core.call('audit.list', { limit: 10 }, admin);
    expect(
      audit.filter((a) => a.action === 'stack.deploy' && a.actor === 'rita').map((a) => a.result),
    ).toEqual(['denied', 'denied']);
  });

  it('lets a member deploy the same files, and a restricted member not roll back to them', async () => {
    const v1 = await core.call(
      'stack.deploy',
      { environmentId, name: 'guarded', compose: privileged },
      member,
    );
    expect(v1.converged).toBe(true);
    const v2 = await core.call(
      'stack.deploy',
      { environmentId, name: 'guarded', compose: bindEtc },
      member,
    );
    expect(v2.converged).toBe(true);
    expect(
      labSsh(
        lab,
        host,
        'docker service inspect guarded_app --format "{{json .Spec.TaskTemplate.ContainerSpec.Mounts}}"',
      ),
    ).toContain('"Source":"/etc"');

    const rollback = await refusal(
      core.call('stack.rollback', { environmentId, name: 'guarded', version: 1 }, restricted),
    );
    expect(rollback.message).toContain('line 4: app: privileged');
    const update = await refusal(
      core.call(
        'service.update',
        { environmentId, service: 'guarded_app', image: lab.images.nginx },
        restricted,
      ),
    );
    expect(update.message).toContain('ContainerSpec.Mounts: a bind mount of /etc');
    const image = labSsh(
      lab,
      host,
      'docker service inspect guarded_app --format "{{.Spec.TaskTemplate.ContainerSpec.Image}}"',
    );
    expect(image).toContain(lab.images.whoami);
  });

  it('lets a restricted member bind-mount what the owner allows', async () => {
    await core.call('env.setBindPaths', { environmentId, paths: ['/etc'] }, admin);
    const plan = await core.call(
      'stack.plan',
      { environmentId, name: 'guarded', compose: bindEtc },
      restricted,
    );
    expect(plan.refusals).toEqual([]);
    const listed = await refusal(core.call('env.bindPaths', { environmentId }, restricted));
    expect(listed.code).toBe('FORBIDDEN');
  });

  it('limits a membership to stacks by the stack label, not by the service name', async () => {
    // Named like a service of stack "guarded", labelled as another stack's (docker CLI made).
    labSsh(
      lab,
      host,
      `docker service create -d --name guarded_decoy --label com.docker.stack.namespace=other --replicas 0 ${lab.images.whoami} >/dev/null`,
    );
    const scale = (service: string) =>
      core.call('service.scale', { environmentId, service, replicas: 1 }, limited);
    const refused = await refusal(scale('guarded_decoy'));
    expect(refused.code).toBe('FORBIDDEN');
    expect(refused.details?.reason).toBe('stacks');
    expect(
      labSsh(
        lab,
        host,
        'docker service inspect guarded_decoy --format "{{.Spec.Mode.Replicated.Replicas}}"',
      ).trim(),
    ).toBe('0');
    const listed = await core.call('service.list', { environmentId }, limited);
    expect(listed.map((s) => s.name)).toEqual(['guarded_app']);
    // Its own stack's service, found by the label the cluster holds.
    await expect(scale('guarded_app')).resolves.toMatchObject({ name: 'guarded_app' });
  });
});
