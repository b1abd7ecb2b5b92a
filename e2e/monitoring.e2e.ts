// The Metrics page against the real `drover web` and two lab hosts: live host tiles read by
// the SSH sampler, a CPU burner at the top of the consumers, its charts, a service summed over
// its containers, the range switch, and the sparkline on the host cards. Needs the lab.
// Hosts: DROVER_E2E_METRICS_HOSTS (indices into lab.json, default "0,1").
import { describe, expect, it } from 'vitest';
import { screenshotPath } from './support/browser';
import { labSsh, pickHosts, readLab, type LabHost } from './support/lab';
import { labSession } from './support/session';
import { settle } from './support/ui';
import { until } from './support/wait';

const PREFIX = 'drv-e2e-metrics-';

describe('monitoring (web mode, lab hosts)', () => {
  const lab = readLab();
  const [hostA, hostB] = pickHosts(lab, 'DROVER_E2E_METRICS_HOSTS', 2) as [LabHost, LabHost];

  const clean = (host: LabHost) =>
    labSsh(lab, host, `docker ps -aq --filter name=${PREFIX} | xargs -r docker rm -f >/dev/null`);

  const session = labSession(lab, [hostA, hostB], {
    viewport: { width: 1400, height: 900 },
    timeout: 15_000,
    route: '#/metrics',
    prepare: () => {
      const labels = `-l com.docker.swarm.service.name=${PREFIX}web -l com.docker.stack.namespace=${PREFIX}shop`;
      labSsh(
        lab,
        hostA,
        `docker run -d --name ${PREFIX}burner ${lab.images.nginx} sh -c 'while :; do :; done'`,
      );
      labSsh(lab, hostA, `docker run -d ${labels} --name ${PREFIX}web1 ${lab.images.nginx}`);
      labSsh(lab, hostB, `docker run -d ${labels} --name ${PREFIX}web2 ${lab.images.nginx}`);
    },
    clean: () => {
      for (const host of [hostA, hostB]) clean(host);
    },
    tearDownTimeout: 120_000,
  });

  const tile = (name: string) => session.page.locator('.host-tile').filter({ hasText: name });

  it('shows each host live, read by the SSH sampler', async () => {
    for (const host of [hostA, hostB]) {
      await until(
        async () => (await tile(host.name).innerText()).includes('CPU'),
        `${host.name} has figures`,
        30_000,
      );
      expect(await tile(host.name).locator('.badge').innerText()).toBe('SSH sampler');
    }
  }, 60_000);

  it('ranks the CPU burner first and charts it when picked', async () => {
    const first = session.page.locator('.top-row').first();
    await until(
      async () => (await first.innerText()).includes(`${PREFIX}burner`),
      'the burner at the top',
      30_000,
    );
    await first.getByRole('button').click();
    await session.page.getByRole('heading', { name: `Charts of ${PREFIX}burner` }).waitFor();
    // Live charts fill as batches come: CPU, memory, network and block I/O.
    for (const title of ['CPU', 'Memory', 'Network', 'Block I/O'])
      await session.page.locator('.time-chart').filter({ hasText: title }).first().waitFor();
    await until(
      async () => (await session.page.locator('.time-chart .recharts-area').count()) >= 4,
      'areas drawn',
      20_000,
    );
    await settle(session.page);
    await session.page.screenshot({ path: screenshotPath('monitoring-light') });
    await session.page.locator('.time-chart').last().scrollIntoViewIfNeeded();
    await session.page.screenshot({ path: screenshotPath('monitoring-charts') });
  }, 60_000);

  it('finds any container by name to chart it', async () => {
    await session.page.getByRole('searchbox', { name: 'Find a consumer' }).fill('web2');
    const rows = session.page.locator('.top-row');
    await until(async () => (await rows.count()) === 1, 'one match', 10_000);
    await rows.first().getByRole('button').click();
    await session.page.getByRole('heading', { name: `Charts of ${PREFIX}web2` }).waitFor();
    await session.page.getByRole('searchbox', { name: 'Find a consumer' }).fill('');
  }, 30_000);

  it('sums a service over its containers on both hosts', async () => {
    await session.page.getByRole('radio', { name: 'Services' }).check();
    await session.page.getByRole('radio', { name: 'Memory' }).check();
    const row = session.page.locator('.top-row').filter({ hasText: `${PREFIX}web` });
    await until(
      async () => (await row.innerText()).includes('2 containers'),
      'the service row',
      20_000,
    );
    await row.getByRole('button').click();
    await session.page.getByRole('heading', { name: `Charts of service ${PREFIX}web` }).waitFor();
    // Another range reads the rollups (none older than this run yet, but the call must work).
    await session.page.getByRole('radio', { name: '1 hour' }).check();
    await session.page.locator('.time-chart').first().waitFor();
    await session.page.emulateMedia({ colorScheme: 'dark' });
    await settle(session.page);
    await session.page.screenshot({ path: screenshotPath('monitoring-dark') });
    await session.page.emulateMedia({ colorScheme: 'light' });
  }, 60_000);

  it('draws a CPU sparkline on the host cards', async () => {
    await session.page.goto(`${session.drover.url}#/hosts`);
    const spark = session.page.locator('.host-card .sparkline').first();
    await until(async () => (await spark.locator('path').count()) > 0, 'a sparkline', 20_000);
    await settle(session.page);
    await session.page.screenshot({ path: screenshotPath('monitoring-host-cards') });
  }, 60_000);
});
