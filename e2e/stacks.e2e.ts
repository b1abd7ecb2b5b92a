// Stacks against the real `drover web` and three lab hosts: a compose file pasted into the New
// stack editor (an invalid one first: line-numbered error, Deploy disabled), the plan, the
// deploy of "web-server" (nginx-cluster at 10 replicas) to 10/10 running, scaling by dragging
// the service card's handle (3, then 10) and the topology's handle, and the topology itself:
// 10 container nodes in 3 host groups. Needs the lab (`sudo npm run lab:up`).
//
// Lab hosts are shared between test files that may run at the same time: this file uses the
// hosts named by DROVER_E2E_STACK_HOSTS (indices into lab.json; CI default: the first three).
import { describe, expect, it } from 'vitest';
import type { Locator } from 'playwright-core';
import { screenshotPath } from './support/browser';
import { pickHosts, readLab, type LabHost } from './support/lab';
import { labSession } from './support/session';
import { settle } from './support/ui';
import { until } from './support/wait';

const DEPLOY_TIMEOUT = 240_000;

describe('stacks (web mode, lab hosts)', () => {
  const lab = readLab();
  const hosts = pickHosts(lab, 'DROVER_E2E_STACK_HOSTS', 3) as [LabHost, LabHost, LabHost];

  const main = () => session.page.getByRole('main');
  const card = () => main().getByRole('article', { name: 'nginx-cluster', exact: true });
  const running = () => card().getByLabel('Running tasks');
  const compose = (replicas: string) =>
    [
      'services:',
      '  nginx-cluster:',
      `    image: ${lab.images.nginx}`,
      '    deploy:',
      `      replicas: ${replicas}`,
      '',
    ].join('\n');

  async function goTo(hash: string): Promise<void> {
    await session.page.evaluate((h) => {
      window.location.hash = h;
    }, hash);
  }

  /** Drags a slider's handle to `value` on its track (the handle sits on a linear track). */
  async function dragSlider(slider: Locator, track: Locator, value: number): Promise<void> {
    const max = Number(await slider.getAttribute('aria-valuemax'));
    const handle = await slider.boundingBox();
    const box = await track.boundingBox();
    if (!handle || !box) throw new Error('The scale control is not visible');
    const x = box.x + (box.width * value) / max;
    const y = handle.y + handle.height / 2;
    await session.page.mouse.move(handle.x + handle.width / 2, y);
    await session.page.mouse.down();
    await session.page.mouse.move(x, y, { steps: 12 });
    expect(Number(await slider.getAttribute('aria-valuenow'))).toBe(value);
    await session.page.mouse.up();
  }

  const session = labSession(lab, hosts, {
    viewport: { width: 1280, height: 800 },
    timeout: 15_000,
    route: '',
    ready: () => main().getByRole('heading', { level: 1, name: 'Environments & Hosts' }).waitFor(),
    stacks: ['web-server', 'pull-fail'],
    setUpTimeout: 600_000,
  });

  it('shows an invalid compose file’s error by line, and Deploy stays disabled', async () => {
    await goTo('#/stacks');
    await main()
      .getByRole('heading', { name: /^No stacks on .+ yet$/ })
      .waitFor({ timeout: 30_000 });
    await main().getByRole('link', { name: 'New stack' }).first().click();
    await main().getByRole('heading', { name: 'New stack' }).waitFor();

    await main().getByLabel('Stack name').fill('web-server');
    const editor = main().getByRole('textbox', { name: 'Compose file' });
    await editor.fill(compose('ten'));
    const error = main()
      .getByRole('list', { name: 'Errors in the compose file' })
      .getByRole('button', { name: /^Line 5:\d+/ });
    await error.waitFor();
    expect(await error.innerText()).toMatch(/replicas/);
    const deploy = main().getByRole('button', { name: 'Review & deploy' });
    expect(await deploy.isDisabled()).toBe(true);

    // Clicking the error selects its line in the editor.
    await error.click();
    const selected = await editor.evaluate((el) => {
      const area = el as HTMLTextAreaElement;
      return area.value.slice(area.selectionStart, area.selectionEnd);
    });
    expect(selected).toContain('ten');
    expect(await main().locator('.compose-editor__number.is-error').innerText()).toBe('5');
  });

  it('shows the plan, deploys web-server and reaches 10/10 running', async () => {
    const editor = main().getByRole('textbox', { name: 'Compose file' });
    await editor.fill(compose('10'));
    await main()
      .getByText(/Valid compose file · 1 service/)
      .waitFor();
    await main().getByRole('button', { name: 'Review & deploy' }).click();

    const dialog = session.page.getByRole('dialog', { name: 'Deploy web-server?' });
    await dialog.waitFor();
    const changes = dialog.getByRole('list', { name: 'Planned changes' });
    await changes.waitFor();
    expect(await changes.innerText()).toMatch(/Create\s+service\s+web-server_nginx-cluster/);
    await settle(session.page);
    await session.page.screenshot({ path: screenshotPath('stack-plan') });

    await dialog.getByRole('button', { name: 'Deploy web-server' }).click();
    // Progress per task while it deploys; the stack's page once it is done.
    await session.page
      .getByRole('dialog', { name: /Deploying web-server/ })
      .getByText(/nginx-cluster: \d+\/10 running/)
      .first()
      .waitFor({ timeout: 60_000 })
      .catch(() => undefined);
    await main().getByRole('heading', { name: 'web-server', level: 2 }).waitFor({
      timeout: DEPLOY_TIMEOUT,
    });
    await until(
      async () => (await running().innerText()) === '10/10',
      'nginx-cluster runs 10/10',
      DEPLOY_TIMEOUT,
    );
    await settle(session.page);
    await session.page.screenshot({ path: screenshotPath('stack-detail') });

    await goTo('#/stacks');
    const row = main().getByRole('row', { name: /web-server/ });
    await until(async () => /10\/10/.test(await row.innerText()), 'the list shows 10/10');
    expect(await row.innerText()).toMatch(/Drover/);
    await settle(session.page);
    await session.page.screenshot({ path: screenshotPath('stacks-list') });
    await session.page.emulateMedia({ colorScheme: 'dark' });
    await settle(session.page);
    await session.page.screenshot({ path: screenshotPath('stacks-list-dark') });
    await session.page.emulateMedia({ colorScheme: 'light' });
  }, 300_000);

  it('scales by dragging the service card’s handle to 3 and back to 10', async () => {
    await goTo('#/stacks/web-server');
    const slider = card().getByRole('slider', { name: 'Replicas of nginx-cluster' });
    await slider.waitFor();
    const track = card().locator('.scale__track');

    // The keyboard moves it too; Esc drops the change before it is applied.
    await slider.focus();
    await session.page.keyboard.press('ArrowLeft');
    expect(await slider.getAttribute('aria-valuenow')).toBe('9');
    await session.page.keyboard.press('Escape');
    expect(await slider.getAttribute('aria-valuenow')).toBe('10');

    await dragSlider(slider, track, 3);
    // Shown at once (optimistic), then confirmed by the tasks.
    expect(await running().innerText()).toMatch(/\/3$/);
    await until(
      async () => (await running().innerText()) === '3/3',
      'nginx-cluster runs 3/3',
      120_000,
    );

    await dragSlider(slider, track, 10);
    await until(
      async () => (await running().innerText()) === '10/10',
      'nginx-cluster runs 10/10 again',
      DEPLOY_TIMEOUT,
    );
  }, 300_000);

  it('draws the topology: 10 containers in 3 host groups; its handle scales', async () => {
    await goTo('#/stacks/web-server~topology');
    const containers = main().locator('.react-flow__node-container');
    const groups = main().locator('.react-flow__node-host');
    await until(async () => (await containers.count()) === 10, '10 container nodes', 30_000);
    expect(await groups.count()).toBe(3);
    for (const host of hosts) {
      const group = main().getByLabel(`Host ${host.name}`);
      // Swarm spreads the 10 tasks over every host.
      expect(await group.innerText()).toMatch(/[1-9]\d* containers?/);
    }
    await settle(session.page);
    await session.page.screenshot({ path: screenshotPath('topology') });
    await session.page.emulateMedia({ colorScheme: 'dark' });
    await settle(session.page);
    await session.page.screenshot({ path: screenshotPath('topology-dark') });
    await session.page.emulateMedia({ colorScheme: 'light' });

    // Dragging the service node's handle sideways changes the count it shows; release applies.
    const node = main().locator('.react-flow__node-service');
    const handle = node.getByRole('slider', { name: 'Scale nginx-cluster' });
    const box = await handle.boundingBox();
    if (!box) throw new Error('The topology handle is not visible');
    const y = box.y + box.height / 2;
    await session.page.mouse.move(box.x + box.width / 2, y);
    await session.page.mouse.down();
    await session.page.mouse.move(box.x + box.width / 2 - 14 * 4 - 2, y, { steps: 8 });
    // 14 px per replica, whatever the zoom: four fewer.
    expect(await handle.getAttribute('aria-valuenow')).toBe('6');
    expect(await node.innerText()).toMatch(/\/6\b/);
    await session.page.mouse.up();
    const wanted = Number(await handle.getAttribute('aria-valuenow'));
    expect(wanted).toBeGreaterThan(0);
    await until(
      async () => (await containers.count()) === wanted,
      `${wanted} container nodes`,
      120_000,
    );
    await until(
      async () => (await node.innerText()).includes(`${wanted}/${wanted}`),
      `the service node shows ${wanted}/${wanted}`,
    );
  }, 300_000);

  it("shows the engine's error on the card of a service whose image tag does not exist", async () => {
    const missing = `${lab.registry}/nginx:does-not-exist`;
    const result = await session.api.call<{ converged: boolean }>(
      'stack.deploy',
      {
        environmentId: session.environmentId,
        name: 'pull-fail',
        compose: `services:\n  web:\n    image: ${missing}\n    deploy:\n      replicas: 2\n`,
      },
      120_000,
    );
    expect(result.converged).toBe(false);
    await goTo('#/stacks/pull-fail');
    const web = main().getByRole('article', { name: 'web', exact: true });
    const problem = web.getByRole('status').filter({ hasText: /No such image|manifest unknown/ });
    await problem.waitFor({ timeout: 10_000 });
    expect(await problem.innerText()).toContain(missing);
    // Not "Converging": the card says the tasks fail.
    expect(await web.innerText()).toMatch(/Failing/);
    expect(await web.innerText()).not.toMatch(/Converging|starting/);
    await settle(session.page);
    await session.page.screenshot({ path: screenshotPath('service-task-error') });
  }, 180_000);
});
