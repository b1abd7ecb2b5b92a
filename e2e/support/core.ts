// Integration-test helpers that drive Drover's own core and CLI in-process against the lab.
import { main } from '../../src/main/cli/main';
import type { Core } from '../../src/main/core/core';
import type { CallContext } from '../../src/main/rpc/context';
import type { Lab, LabHost } from './lab';
import { adminContext } from '../../src/main/test-support.js';

export interface CliRun {
  code: number;
  out: string;
  err: string;
}

/** `drover --data-dir DIR ...` in this process, with its output captured (and `stdin` piped). */
export function cliFor(dataDir: string, stdin?: string): (...args: string[]) => Promise<CliRun> {
  return async (...args) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await main(['--data-dir', dataDir, ...args], {
      out: (t) => out.push(t),
      err: (t) => err.push(t),
      stdin: stdin === undefined ? undefined : () => Promise.resolve(stdin),
    });
    return { code, out: out.join('\n'), err: err.join('\n') };
  };
}

export const testerContext: CallContext = adminContext('tester', 'cli');

/** Adds lab hosts (root, the lab key, pinned keys) to the core's first environment; returns its id. */
export async function addLabHosts(
  core: Core,
  lab: Lab,
  hosts: LabHost[],
  ctx: CallContext = testerContext,
): Promise<number> {
  const environmentId = core.services.environments.list()[0]!.id;
  for (const host of hosts) {
    await core.call(
      'host.add',
      {
        environmentId,
        name: host.name,
        address: host.address,
        user: 'root',
        auth: { kind: 'key', keyPath: lab.sshKey },
        hostKey: host.hostKeyFingerprint,
      },
      ctx,
    );
  }
  return environmentId;
}
