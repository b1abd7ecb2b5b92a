// A real gap in a host's data: the sampler on a lab host is frozen (SIGSTOP) for longer than the
// gap threshold, then resumed. The live CPU chart must lift the pen over the silence (a second
// move-to in its line) rather than draw a line or a curve through time it has no samples for.
// Hosts: DROVER_E2E_GAP_HOSTS (one index into lab.json, default "0").
import { describe, expect, it } from 'vitest';
import { screenshotPath } from './support/browser';
import { labSsh, pickHosts, readLab, type LabHost } from './support/lab';
import { labSession } from './support/session';
import { settle } from './support/ui';
import { until } from './support/wait';

// '[d]' keeps the pattern from matching the remote shell that runs pkill itself.
const SAMPLER = "'[d]rover-sampler'";

describe('monitoring: a gap in the data (web mode, lab host)', () => {
  const lab = readLab();
  const [host] = pickHosts(lab, 'DROVER_E2E_GAP_HOSTS', 1) as [LabHost];
  const resume = () => labSsh(lab, host, `pkill -CONT -f ${SAMPLER} || true`);

  const session = labSession(lab, [host], {
    viewport: { width: 1440, height: 900 },
    timeout: 15_000,
    route: '#/monitoring',
    // A sampler left frozen by a failed run would look like this bug to the next one.
    clean: resume,
  });

  const cpuLine = () =>
    session.page
      .locator('.time-chart')
      .filter({ hasText: 'CPU' })
      .first()
      .locator('.recharts-area-curve');
  const moveTos = async () => ((await cpuLine().getAttribute('d')) ?? '').match(/M/g)?.length ?? 0;

  it('draws the silence of a frozen sampler as a gap, not a line', async () => {
    const page = session.page;
    await page.locator('.host-tile').filter({ hasText: host.name }).getByRole('button').click();
    await page.getByRole('heading', { name: `Charts of ${host.name}` }).waitFor();
    await until(async () => (await cpuLine().count()) > 0, 'the CPU line', 30_000);
    expect(await moveTos()).toBe(1);

    // The live tick is 2 s: 12 s without samples is well past 2.5 ticks.
    labSsh(lab, host, `pkill -STOP -f ${SAMPLER}`);
    try {
      await page.waitForTimeout(12_000);
    } finally {
      resume();
    }
    await until(async () => (await moveTos()) >= 2, 'a second segment after the gap', 30_000);
    await page.getByRole('heading', { name: `Charts of ${host.name}` }).scrollIntoViewIfNeeded();
    await page.getByRole('radio', { name: 'Custom' }).check();
    await page.getByRole('button', { name: 'Show' }).waitFor();
    await page.getByRole('radio', { name: 'Live 5 min' }).check();
    await settle(page);
    await page.locator('.entity-charts').screenshot({ path: screenshotPath('monitoring-gap') });
  }, 90_000);
});
