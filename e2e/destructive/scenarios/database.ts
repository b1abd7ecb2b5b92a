// Scenarios 3 and 2: the database restored from a backup, and deleted outright. The Swarm keeps
// running either way; what the console alone knew comes back from the backup, and what runs is
// re-adopted from the cluster's labels by a new console given one manager.
import fs from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { cliFor } from '../../support/core';
import { until } from '../../support/wait';
import type { Core } from '../../../src/main/core/core';
import type { RegistryCredential, StackVersionInfo } from '../../../src/shared/types';
import { figure, secondsSince } from '../support/figure';
import { ctx, dataDir, dirs, lab, managers, openCore, STACK } from '../support/cluster';

/** What a console shows of the environment's workloads: stacks, services, LB rules, nodes. */
async function workloads(core: Core, environmentId: number) {
  const services = await core.call('service.list', { environmentId }, ctx);
  const lbs = await core.call('lb.list', { environmentId }, ctx);
  const stacks = await core.call('stack.list', { environmentId }, ctx);
  const cluster = await core.call('env.cluster', { environmentId }, ctx);
  return {
    stacks: stacks.map((s) => `${s.name} ${s.services} ${s.desiredTasks}`).sort(),
    services: services.map((s) => `${s.stack} ${s.name} ${s.image} ${s.desiredTasks}`).sort(),
    lbs: lbs.map((lb) => JSON.stringify(lb.rules)).sort(),
    nodes: cluster.nodes.map((n) => `${n.hostname} ${n.role}`).sort(),
  };
}

function connected(core: Core, environmentId: number): Promise<true> {
  return until(
    () => core.services.hosts.list(environmentId).every((h) => h.state === 'connected'),
    'every host is connected',
    60_000,
    200,
  );
}

function deleteDatabase(): void {
  for (const file of fs.readdirSync(dataDir))
    if (file.startsWith('drover.db')) fs.rmSync(path.join(dataDir, file));
}

export function databaseScenarios(environmentId: () => number): void {
  let before: Awaited<ReturnType<typeof workloads>>;

  it('3. database restored from a backup: users, credentials and history back', async (context) => {
    const cli = cliFor(dataDir, 'a long enough password');
    expect((await cli('user', 'add', 'dana', '--password-stdin')).code).toBe(0);
    const env = environmentId();
    let core = openCore();
    let registry: RegistryCredential;
    let history: StackVersionInfo[];
    try {
      await connected(core, env);
      registry = await core.call(
        'registry.add',
        {
          environmentId: env,
          address: lab.privateRegistry.address,
          username: lab.privateRegistry.user,
          password: lab.privateRegistry.password,
          verify: true,
        },
        ctx,
      );
      history = await core.call('stack.history', { environmentId: env, name: STACK }, ctx);
    } finally {
      core.close();
    }
    const file = path.join(dirs.make('drover-destructive-backup-'), 'drover.backup');
    expect((await cli('backup', '--to', file)).code).toBe(0);

    deleteDatabase();
    const started = Date.now();
    const restored = await cliFor(dataDir)('restore', file);
    expect(restored.code, restored.err).toBe(0);
    const restoreS = secondsSince(started);

    const users = await cliFor(dataDir)('user', 'ls', '--json');
    expect(users.out).toContain('"dana"');
    core = openCore();
    try {
      const [login] = await core.call('registry.list', { environmentId: env }, ctx);
      expect(login?.id).toBe(registry.id);
      // The sealed password opened again: the registry accepts the login.
      await connected(core, env);
      await expect(core.call('registry.test', { id: registry.id }, ctx)).resolves.toMatchObject({
        address: lab.privateRegistry.address,
      });
      expect(await core.call('stack.history', { environmentId: env, name: STACK }, ctx)).toEqual(
        history,
      );
      const audit = await core.call('audit.list', { limit: 20 }, ctx);
      expect(audit.map((a) => a.action)).toContain('backup.restore');
      before = await workloads(core, env);
      await core.call('registry.remove', { id: registry.id }, ctx);
      figure(
        context,
        `restored in ${restoreS} s: user, registry login (accepted) and ${history.length} versions back`,
      );
    } finally {
      core.close();
    }
  });

  it('2. database deleted: a new console given one manager re-adopts stacks, services, LB rules, nodes', async (context) => {
    deleteDatabase();
    const core = openCore();
    try {
      const env = core.services.environments.list()[0]!.id;
      const started = Date.now();
      const manager = managers[1]!;
      await core.call(
        'host.add',
        {
          environmentId: env,
          name: manager.name,
          address: manager.address,
          user: 'root',
          auth: { kind: 'key', keyPath: lab.sshKey },
          hostKey: manager.hostKeyFingerprint,
        },
        ctx,
      );
      const after = await workloads(core, env);
      figure(
        context,
        `re-adopted ${after.stacks.length} stacks, ${after.services.length} services, ${after.lbs.length} LBs, ${after.nodes.length} nodes in ${secondsSince(started)} s`,
      );
      expect(after).toEqual(before);
    } finally {
      core.close();
    }
  });
}
