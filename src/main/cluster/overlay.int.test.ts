// A host whose Swarm gossip does not get through (its port 7946 closed while it joins, as a host
// that kept an old Swarm's keys cannot decrypt it): the cluster's advice names who does not hear
// whom, and says nothing once the gossip flows again.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addLabHosts, testerContext } from '../../../e2e/support/core';
import {
  blockGossip,
  leaveSwarm,
  pickHosts,
  readLab,
  type LabHost,
} from '../../../e2e/support/lab';
import { waitFor } from '../swarm/poll';
import { createCore, type Core } from '../core/core';
import { TempDirs } from '../test-support';

const lab = readLab();
const [first, second] = pickHosts(lab, 'DROVER_OVERLAY_HOSTS', 2) as [LabHost, LabHost];
const dirs = new TempDirs();
let core: Core | undefined;

beforeAll(() => leaveSwarm(lab, [first, second]));

afterAll(() => {
  blockGossip(second, false);
  core?.close();
  leaveSwarm(lab, [first, second]);
  dirs.cleanup();
});

describe('overlay gossip between hosts', () => {
  it('says which host does not hear which, and stops once gossip flows', async () => {
    core = createCore({ dataDir: dirs.make(), shell: 'cli' });
    blockGossip(second, true);
    const environmentId = await addLabHosts(core, lab, [first, second]);
    const advice = async () =>
      (await core!.call('env.cluster', { environmentId }, testerContext)).advice.find((a) =>
        a.startsWith('Overlay networking between hosts is broken'),
      );
    // Gossip is given 30 s to settle after a join before a missing peer counts.
    let said: string | undefined;
    expect(
      await waitFor(async () => (said = await advice()) !== undefined, {
        timeoutMs: 90_000,
        intervalMs: 2_000,
      }),
    ).toBe(true);
    expect(said).toContain(`${first.name} does not hear ${second.name}`);

    blockGossip(second, false);
    expect(
      await waitFor(async () => (await advice()) === undefined, {
        timeoutMs: 60_000,
        intervalMs: 2_000,
      }),
    ).toBe(true);
  }, 180_000);
});
