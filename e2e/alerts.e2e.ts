// Alerts in web mode against the real `drover web` and one lab host in a Swarm: a service whose
// container exits at once raises alerts that show as in-app notifications and a count on the
// Alerts nav item; the Alerts page lists them, filters, acknowledges from the keyboard, and shows
// them resolved once the service is scaled to 0. Needs the lab (`sudo npm run lab:up`).
// Host: DROVER_E2E_ALERT_HOSTS (an index into lab.json, default "0").
import { describe, expect, it } from 'vitest';
import { screenshotPath } from './support/browser';
import { labSsh, pickHosts, readLab, type LabHost } from './support/lab';
import { labSession } from './support/session';
import { settle } from './support/ui';
import { until } from './support/wait';

const SERVICE = 'drv-e2e-crash';

describe('alerts (web mode, a lab host)', () => {
  const lab = readLab();
  const [host] = pickHosts(lab, 'DROVER_E2E_ALERT_HOSTS', 1) as [LabHost];

  const table = () => session.page.getByRole('table', { name: 'Alerts' });
  const bodyRows = () => table().locator('.vtable__canvas > [role="row"]');
  const navLink = () =>
    session.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: /Alerts/ });

  const session = labSession(lab, [host], {
    viewport: { width: 1280, height: 800 },
    timeout: 10_000,
    route: '#/hosts',
    prepare: ({ api, environmentId }) =>
      api.call('alert.setThresholds', {
        environmentId,
        thresholds: { restartCount: 3, restartWindowSeconds: 30, belowDesiredSeconds: 8 },
      }),
    ready: (page) => page.getByRole('heading', { level: 1 }).waitFor(),
    clean: () => labSsh(lab, host, `docker service rm ${SERVICE} >/dev/null 2>&1 || true`),
    tearDownTimeout: 120_000,
  });

  it('notifies in the app when a crash-looping service raises alerts, and counts them', async () => {
    labSsh(
      lab,
      host,
      `docker service create --detach --name ${SERVICE} --restart-delay 2s --endpoint-mode dnsrr ${lab.images.whoami} sh -c 'exit 1' >/dev/null`,
    );
    const toasts = session.page.getByRole('status', { name: 'Notifications' });
    await toasts.getByText(`Restarting in a loop: ${SERVICE}`).waitFor({ timeout: 60_000 });
    await toasts.getByText(`Below desired replicas: ${SERVICE}`).waitFor({ timeout: 60_000 });
    await until(
      async () => (await navLink().innerText()).includes('2'),
      'the Alerts nav item counts 2 open alerts',
    );
    expect(await navLink().getAttribute('href')).toBe('#/alerts');
    await session.page.screenshot({ path: screenshotPath('alerts-toasts') });
  }, 120_000);

  it('lists them on the Alerts page; filters by severity; acknowledges from the keyboard', async () => {
    await toastsLink().click();
    await session.page.getByRole('heading', { level: 1, name: 'Alerts' }).waitFor();
    await until(async () => (await bodyRows().count()) === 2, 'two alerts are listed');
    const text = await table().innerText();
    expect(text).toContain('Restarting in a loop');
    expect(text).toContain('Below desired replicas');
    expect(text).toContain(`${SERVICE}: 0 of 1 tasks running for 8 s or more`);

    await session.page.getByRole('radio', { name: 'Critical' }).check();
    await until(async () => (await bodyRows().count()) === 1, 'one critical event is shown');
    expect(await bodyRows().first().innerText()).toContain('Below desired replicas');
    await session.page.getByRole('radio', { name: 'Any severity' }).check();
    await until(async () => (await bodyRows().count()) === 2, 'both are shown again');

    await settle(session.page);
    await session.page.screenshot({ path: screenshotPath('alerts-events') });

    const ack = session.page.getByRole('button', {
      name: `Acknowledge Below desired replicas: ${SERVICE}`,
    });
    await ack.focus();
    await session.page.keyboard.press('Enter');
    await until(
      async () => (await navLink().innerText()).replace(/\D/g, '') === '1',
      'the count drops to 1',
    );
    expect(await bodyRows().filter({ hasText: 'Below desired' }).innerText()).toMatch(
      /root|tester|\w+/,
    );
    const [acked] = await session.api
      .call<{ acknowledgedBy: string | null; kind: string }[]>('alert.list', {
        environmentId: session.environmentId,
        state: 'open',
      })
      .then((list) => list.filter((a) => a.kind === 'service-below-desired'));
    expect(acked?.acknowledgedBy).toBeTruthy();
  }, 60_000);

  it("opens an alert's details from the keyboard, untruncated", async () => {
    const open = session.page.getByRole('button', {
      name: /^Restarting in a loop: .* show details$/,
    });
    await open.focus();
    await session.page.keyboard.press('Enter');
    const dialog = session.page.getByRole('dialog', { name: `Restarting in a loop: ${SERVICE}` });
    await dialog.waitFor();
    const text = await dialog.innerText();
    expect(text).toMatch(
      new RegExp(
        `${SERVICE}: 3 or more task exits within 30 s \\(last: ${SERVICE}\\.1\\.\\w+ on ${host.name}, exit code 1\\)`,
      ),
    );
    expect(text).toContain('Not yet'); // neither resolved nor acknowledged
    await settle(session.page);
    await session.page.screenshot({ path: screenshotPath('alerts-details') });
    await session.page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
  });

  it('edits the thresholds of the environment, refusing what the core would refuse', async () => {
    await session.page.getByRole('button', { name: 'Thresholds…' }).click();
    const dialog = session.page.getByRole('dialog', { name: 'Alert thresholds of Default' });
    const below = dialog.getByRole('group', { name: 'Below desired replicas' });
    const seconds = below.getByRole('textbox', { name: 'For at least (s)' });
    await until(async () => (await seconds.inputValue()) === '8', 'the stored value is shown');
    await seconds.fill('soon');
    await dialog
      .getByRole('group', { name: 'Host CPU' })
      .getByRole('textbox', { name: 'Above (%)' })
      .fill('120');
    await session.page.keyboard.press('Enter');
    await dialog.getByText('Enter a number').waitFor();
    await dialog.getByText('At most 100 %').waitFor();
    await settle(session.page);
    await session.page.screenshot({ path: screenshotPath('alerts-thresholds') });
    await dialog
      .getByRole('group', { name: 'Host CPU' })
      .getByRole('textbox', { name: 'Above (%)' })
      .fill('85');
    await seconds.fill('20');
    await dialog.getByRole('button', { name: 'Save thresholds' }).click();
    await dialog.waitFor({ state: 'detached' });
    const saved = await session.api.call<{ cpuPercent: number; belowDesiredSeconds: number }>(
      'alert.thresholds',
      { environmentId: session.environmentId },
    );
    expect(saved).toMatchObject({ cpuPercent: 85, belowDesiredSeconds: 20, restartCount: 3 });
  }, 60_000);

  it('shows them resolved after the service is scaled to 0', async () => {
    await session.api.call('service.scale', {
      environmentId: session.environmentId,
      service: SERVICE,
      replicas: 0,
    });
    await session.page.getByRole('radio', { name: 'Resolved' }).check();
    await until(async () => (await bodyRows().count()) === 2, 'both alerts resolved', 90_000);
    expect(await navLink().innerText()).toBe('Alerts');
    await session.page.getByRole('radio', { name: 'All' }).check();
    await settle(session.page);
    await session.page.screenshot({ path: screenshotPath('alerts-events-resolved') });
    await session.page.emulateMedia({ colorScheme: 'dark' });
    await settle(session.page);
    await session.page.screenshot({ path: screenshotPath('alerts-events-dark') });
    await session.page.emulateMedia({ colorScheme: 'light' });
  }, 120_000);

  function toastsLink() {
    return session.page
      .getByRole('status', { name: 'Notifications' })
      .getByRole('link', { name: 'Show in alerts' })
      .first();
  }
});
