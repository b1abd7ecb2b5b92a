// The engine's task errors on the lab's real Swarm: a tag the registry does not have shows its
// error in service.list and `drover service ls` within seconds, and ends the deploy's wait with
// that error; a bind mount of a folder the host does not have (every task rejected at once, which
// no plan can know) ends the deploy with the engine's reason instead of waiting until its timeout.
// Hosts: DROVER_TASK_ERRORS_HOSTS (indices into lab.json, default "0").
import { describe, expect, it } from 'vitest';
import { cliFor, testerContext as ctx } from '../../../e2e/support/core';
import { pickHosts, readLab, type LabHost } from '../../../e2e/support/lab';
import { labCore } from '../../../e2e/support/lab-core';
import type { StackServiceInfo } from '../../shared/types';
import type { Core } from '../core/core';
import { pollUntil } from '../swarm/poll';

const lab = readLab();
const [host] = pickHosts(lab, 'DROVER_TASK_ERRORS_HOSTS', 1) as [LabHost];
let core: Core;
let environmentId: number;
const { dataDir } = labCore(lab, [host], {
  name: 'drover-task-errors-int-',
  ready: (session) => {
    ({ core, environmentId } = session);
  },
});
const drover = cliFor(dataDir);

const missingImage = `${lab.registry}/nginx:does-not-exist`;
const PULL_ERROR = /No such image|manifest unknown|not found/i;
const timing = (what: string, seconds: number) => console.warn(`${what}: ${seconds.toFixed(1)} s`);

const deploy = (name: string, compose: string) =>
  core.call('stack.deploy', { environmentId, name, compose }, ctx);

describe("the engine's task errors", () => {
  it('shows a missing image tag within 5 s, in service.list and the CLI, and the deploy ends with it', async () => {
    const started = Date.now();
    const deployed = deploy(
      'pullfail',
      `services:\n  web:\n    image: ${missingImage}\n    deploy:\n      replicas: 2\n`,
    );
    const seen: StackServiceInfo | undefined = await pollUntil(
      async () =>
        (await core.call('service.list', { environmentId, stack: 'pullfail' }, ctx)).find(
          (s) => s.problem,
        ),
      { timeoutMs: 30_000 },
    );
    const shownAfter = (Date.now() - started) / 1000;
    timing('missing image: error shown by service.list after the deploy call', shownAfter);
    expect(seen?.problem?.message).toMatch(PULL_ERROR);
    expect(seen?.problem).toMatchObject({ node: host.name });
    expect(['rejected', 'failed']).toContain(seen?.problem?.state);
    expect(shownAfter).toBeLessThan(5);

    const listed = await drover('service', 'ls');
    expect(listed.out).toMatch(/pullfail_web .*0\/2/);
    expect(listed.out).toMatch(PULL_ERROR);

    const result = await deployed;
    const endedAfter = (Date.now() - started) / 1000;
    timing('missing image: deploy ended', endedAfter);
    expect(result.converged).toBe(false);
    expect(result.unconverged).toEqual([
      { service: 'pullfail_web', reason: expect.stringMatching(PULL_ERROR) },
    ]);
    expect(endedAfter).toBeLessThan(60);
  });

  it("ends the deploy of a bind mount the host lacks with the engine's reason", async () => {
    const started = Date.now();
    const result = await deploy(
      'badmount',
      `services:
  web:
    image: ${lab.images.nginx}
    volumes: ['/srv/drover-test-no-such-folder:/data']
`,
    );
    const seconds = (Date.now() - started) / 1000;
    timing('bind mount of a missing folder: deploy ended', seconds);
    expect(result.converged).toBe(false);
    expect(result.unconverged).toEqual([
      {
        service: 'badmount_web',
        reason: expect.stringContaining('bind source path does not exist'),
      },
    ]);
    expect(result.warnings.join('\n')).toContain('bind source path does not exist');
    expect(seconds).toBeLessThan(60);
  });
});
