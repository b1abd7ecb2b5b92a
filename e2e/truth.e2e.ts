// The console tells one truth on every page: while a 60-task stack starts over three hosts, the
// stack's topology and the Containers page (two windows on the same console) never count more
// running containers than exist, agree once it has converged, match `docker ps` on the hosts, and the
// host cards' "Containers by stack" add up to the same number of running tasks.
// Hosts: DROVER_E2E_TRUTH_HOSTS (indices into lab.json, CI default: the first three).
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { screenshotPath } from './support/browser';
import { labSsh, pickHosts, readLab, type LabHost } from './support/lab';
import { labSession } from './support/session';
import { until } from './support/wait';

const TASKS = 60;
const STACK = 'many';

describe('one truth across pages (web mode, lab hosts)', () => {
  const lab = readLab();
  const hosts = pickHosts(lab, 'DROVER_E2E_TRUTH_HOSTS', 3) as [LabHost, LabHost, LabHost];
  const session = labSession(lab, hosts, {
    viewport: { width: 1440, height: 900 },
    timeout: 15_000,
    route: `#/stacks/${STACK}~topology`,
    stacks: [STACK],
    setUpTimeout: 300_000,
  });

  const number = async (page: Page, selector: string, pattern: RegExp): Promise<number | null> => {
    const text = await page
      .locator(selector)
      .first()
      .innerText({ timeout: 1_000 })
      .catch(() => '');
    const match = pattern.exec(text);
    return match ? Number(match[1]) : null;
  };
  const onTopology = () => number(session.page, '[data-testid="topology-containers"]', /^(\d+)/);

  it('counts the same containers on the topology, the Containers page and the host cards', async () => {
    const containersPage = await session.browser.newPage({
      viewport: { width: 1440, height: 900 },
    });
    await containersPage.goto(`${session.drover.url}#/containers`);
    const onContainersPage = () =>
      number(containersPage, '.filter-chip:has-text("Running")', /(\d+)\s*$/);

    const compose = `services:\n  swarm:\n    image: ${lab.images.whoami}\n    deploy: {replicas: ${TASKS}}\n`;
    const deploy = session.api.call(
      'stack.deploy',
      { environmentId: session.environmentId, name: STACK, compose },
      300_000,
    );
    const samples: [number | null, number | null][] = [];
    await until(
      async () => {
        const sample: [number | null, number | null] = [
          await onTopology(),
          await onContainersPage(),
        ];
        samples.push(sample);
        return sample[0] === TASKS && sample[1] === TASKS;
      },
      `both pages count ${TASKS} containers`,
      240_000,
    ).catch(async (error: Error) => {
      await session.page.screenshot({ path: screenshotPath('truth-failed-topology.png') });
      await containersPage.screenshot({ path: screenshotPath('truth-failed-containers.png') });
      const last = JSON.stringify(samples.at(-1));
      throw new Error(`${error.message}; last (topology, containers page): ${last}`);
    });
    await deploy;
    // Never more than exist (the stack is the only thing on these hosts).
    for (const [topology, containers] of samples) {
      expect(topology ?? 0).toBeLessThanOrEqual(TASKS);
      expect(containers ?? 0).toBeLessThanOrEqual(TASKS);
    }
    const onHosts = hosts
      .map((h) =>
        Number(
          labSsh(lab, h, `docker ps -q --filter label=com.docker.stack.namespace=${STACK} | wc -l`),
        ),
      )
      .reduce((a, b) => a + b, 0);
    expect(onHosts).toBe(TASKS);
    await session.page.screenshot({ path: screenshotPath('truth-topology-60.png') });

    await containersPage.goto(`${session.drover.url}#/hosts`);
    let perHost: number[] = [];
    await until(
      async () => {
        const groups = await containersPage
          .locator('[data-testid="host-stack"]', { hasText: `${STACK} ·` })
          .allInnerTexts();
        // "swarm: 20 running, 1 exited": the running tasks of the stack's one service.
        perHost = groups.map((t) => Number(/: (\d+) running/.exec(t)?.[1] ?? 0));
        return perHost.length === hosts.length && perHost.reduce((a, b) => a + b, 0) === TASKS;
      },
      `the host cards list ${TASKS} containers of ${STACK}`,
      30_000,
    );
    expect(perHost.every((n) => n > 0)).toBe(true);
    await containersPage.screenshot({ path: screenshotPath('truth-host-cards.png') });
    await containersPage.close();
  }, 420_000);
});
