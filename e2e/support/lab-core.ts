// The integration tests' shared set-up, as labSession is for e2e: the hosts out of any Swarm, a
// core on a fresh data folder connected to them, the hosts added; afterwards the core closed, the
// stacks removed, the hosts out of the Swarm again (as they were found) and the folder removed.
import { afterAll, beforeAll } from 'vitest';
import { createCore, type Core } from '../../src/main/core/core';
import { TempDirs } from '../../src/main/test-support';
import { addLabHosts, testerContext } from './core';
import { labSsh, leaveSwarm, type Lab, type LabHost } from './lab';

export interface LabCore {
  readonly core: Core;
  readonly environmentId: number;
  readonly dataDir: string;
}

export interface LabCoreOptions {
  /** The data folder's name prefix ("drover-secrets-int-"). */
  name: string;
  /** Runs once the hosts are added (deploy what every test needs, promote managers...). */
  ready?(session: LabCore): Promise<void> | void;
  /** Runs first in the tear-down (restore links cut by the test...). */
  beforeTearDown?(): void;
  /** Removes every stack from the first host's Swarm before leaving it (default true). */
  removeStacks?: boolean;
  setUpTimeout?: number;
}

export function labCore(lab: Lab, hosts: LabHost[], options: LabCoreOptions): LabCore {
  const dirs = new TempDirs();
  const dataDir = dirs.make(options.name);
  let core: Core | undefined;
  let environmentId: number | undefined;
  const started = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`The lab core has no ${what} (set-up failed?)`);
    return value;
  };
  const session: LabCore = {
    get core() {
      return started(core, 'core');
    },
    get environmentId() {
      return started(environmentId, 'environment');
    },
    dataDir,
  };

  beforeAll(async () => {
    // Hosts left in a Swarm by an interrupted run would be adopted or refused.
    leaveSwarm(lab, hosts);
    core = createCore({ dataDir, shell: 'cli', connectHosts: true });
    environmentId = await addLabHosts(core, lab, hosts, testerContext);
    await options.ready?.(session);
  }, options.setUpTimeout);

  afterAll(() => {
    options.beforeTearDown?.();
    core?.close();
    if (options.removeStacks !== false && hosts[0]) {
      try {
        labSsh(
          lab,
          hosts[0],
          'for s in $(docker stack ls --format "{{.Name}}" 2>/dev/null); do docker stack rm $s; done',
        );
      } catch {
        // The Swarm goes away with the hosts leaving it.
      }
    }
    leaveSwarm(lab, hosts);
    dirs.cleanup();
  });

  return session;
}
