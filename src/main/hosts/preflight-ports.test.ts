// The Swarm port probe's script run by a real bash: a manager address is an argument of the
// probe, never code, and an address that is not a host name is not probed at all.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { HostConnection } from '../ssh/host-connection';
import { TempDirs } from '../test-support';
import { swarmPortChecks } from './preflight';

const dirs = new TempDirs();
afterEach(() => dirs.cleanup());

/** A connection whose exec runs the command with this machine's bash, as sshd would. */
const localBash = {
  exec: (command: string) =>
    new Promise((resolve) => {
      execFile('bash', ['-c', command], (error, stdout, stderr) =>
        resolve({ stdout, stderr, code: error ? 1 : 0 }),
      );
    }),
} as unknown as HostConnection;

describe('swarm port probe', () => {
  it('runs nothing an address holds, and says which addresses it did not probe', async () => {
    const dir = dirs.make();
    const marker = path.join(dir, 'pwned');
    const hostile = [
      `$(touch ${marker})`,
      `127.0.0.1/1;touch ${marker};`,
      `\`touch ${marker}\``,
      `x'; touch ${marker}; '`,
    ];
    const [check] = await swarmPortChecks(localBash, ['127.0.0.1', ...hostile], true);
    expect(fs.existsSync(marker)).toBe(false);
    // Nothing listens on 127.0.0.1:2377 here: the probe ran, and failed, for the real address.
    expect(check?.status).toBe('fail');
    expect(check?.detail).toContain('Not reachable from this host: 127.0.0.1:2377/tcp');
    expect(check?.detail).toContain('not probed (not a host name or IP address)');
    expect(check?.detail).toContain(JSON.stringify(hostile[0]));
  });
});
