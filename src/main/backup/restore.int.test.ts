// A backup carried to another workstation: a host added with a password, backed up with a
// passphrase, the data directory deleted, restored elsewhere: the host connects as before.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliFor, testerContext } from '../../../e2e/support/core';
import { leaveSwarm, pickHosts, readLab, type LabHost } from '../../../e2e/support/lab';
import { createCore, type Core } from '../core/core';
import { TempDirs } from '../test-support';
import fs from 'node:fs';
import path from 'node:path';

const lab = readLab();
const [host] = pickHosts(lab, 'DROVER_RESTORE_HOSTS', 1) as [LabHost];
const dirs = new TempDirs();
const PASSPHRASE = 'moving to a new laptop';
let core: Core | undefined;

beforeAll(() => leaveSwarm(lab, host));

afterAll(() => {
  core?.close();
  leaveSwarm(lab, host);
  dirs.cleanup();
});

describe('restore on another workstation', () => {
  it('restores a passphrase backup and the password host connects again', async () => {
    const before = dirs.make();
    core = createCore({ dataDir: before, shell: 'cli' });
    const environmentId = core.services.environments.list()[0]!.id;
    await core.call(
      'host.add',
      {
        environmentId,
        name: 'moved',
        address: host.address,
        user: lab.passwordUser.user,
        auth: { kind: 'password', password: lab.passwordUser.password },
        hostKey: host.hostKeyFingerprint,
      },
      testerContext,
    );
    core.close();
    core = undefined;
    const file = path.join(dirs.make(), 'drover.backup');
    expect(
      (await cliFor(before, PASSPHRASE)('backup', '--to', file, '--passphrase-stdin')).code,
    ).toBe(0);
    fs.rmSync(before, { recursive: true });

    const after = path.join(dirs.make(), 'new-laptop');
    const restored = await cliFor(after, PASSPHRASE)('restore', file, '--passphrase-stdin');
    expect(restored.code).toBe(0);

    core = createCore({ dataDir: after, shell: 'cli', connectHosts: true });
    const [moved] = core.services.hosts.list();
    await core.services.connections.get(moved!.id).ready(20_000);
    expect(core.services.hosts.get(moved!.id).state).toBe('connected');
  });
});
