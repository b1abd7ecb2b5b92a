// What a new user meets, against the real `drover web` and two lab hosts: a host that cannot be
// reached is said in words (the system error folded away), a host added by address is named
// after its own hostname, a key Drover pinned already says so, a Drover name that differs from
// the Swarm's hostname shows both, the stacks list is searched, a plan shows old -> new values,
// the load balancer dialog names its image, and forms show errors only once touched.
// Hosts: DROVER_E2E_UX_HOSTS (two indices into lab.json, default "0,1").
import net from 'node:net';
import { describe, expect, it } from 'vitest';
import type { Locator } from 'playwright-core';
import { screenshotPath } from './support/browser';
import { pickHosts, readLab, type LabHost } from './support/lab';
import { labSession } from './support/session';
import { settle } from './support/ui';
import { until } from './support/wait';

const ADD_TIMEOUT = 90_000;

describe('the console as a new user meets it (web mode, lab hosts)', () => {
  const lab = readLab();
  const [hostA, hostB] = pickHosts(lab, 'DROVER_E2E_UX_HOSTS', 2) as [LabHost, LabHost];

  const page = () => session.page;
  const main = () => page().getByRole('main');
  const wizard = () => page().getByRole('dialog', { name: /^Add a host to / });

  async function goTo(hash: string): Promise<void> {
    await page().evaluate((h) => {
      window.location.hash = h;
    }, hash);
  }

  async function shoot(name: string): Promise<void> {
    await settle(page());
    await page().screenshot({ path: screenshotPath(name) });
    await page().emulateMedia({ colorScheme: 'dark' });
    await settle(page());
    await page().screenshot({ path: screenshotPath(`${name}-dark`) });
    await page().emulateMedia({ colorScheme: 'light' });
  }

  async function openWizard(): Promise<Locator> {
    await main().getByRole('button', { name: 'Add host', exact: true }).first().click();
    await wizard().waitFor();
    return wizard();
  }

  async function connection(dialog: Locator, address: string, port: number): Promise<void> {
    await dialog.getByLabel('Address', { exact: true }).fill(address);
    await dialog.getByLabel('Port', { exact: true }).fill(String(port));
    await dialog.getByLabel('User', { exact: true }).fill('root');
    await dialog.getByLabel(/^Name/).fill('');
    await dialog.getByRole('radio', { name: 'Key file' }).check();
    await dialog.getByLabel('Private key file').fill(lab.sshKey);
    await dialog.getByRole('button', { name: 'Next: check the host key' }).click();
  }

  const session = labSession(lab, [hostA, hostB], {
    viewport: { width: 1440, height: 900 },
    timeout: 15_000,
    route: '',
    addHosts: false,
    ready: (p) => p.getByRole('heading', { level: 1, name: 'Environments & Hosts' }).waitFor(),
    removeHosts: true,
    stacks: ['shop', 'blog', 'failing'],
    setUpTimeout: 180_000,
  });

  it('says in words why a host cannot be reached, not as a system error code', async () => {
    // A port that was free a moment ago: nothing listens there.
    const free = net.createServer();
    await new Promise<void>((resolve) => free.listen(0, '127.0.0.1', resolve));
    const port = (free.address() as net.AddressInfo).port;
    await new Promise((resolve) => free.close(resolve));

    const dialog = await openWizard();
    await connection(dialog, '127.0.0.1', port);
    const alert = dialog.getByRole('alert').filter({ hasText: 'refused the connection' });
    await alert.waitFor({ timeout: 20_000 });
    expect(await alert.innerText()).toContain(
      `127.0.0.1 port ${port} refused the connection — is sshd running there, on port ${port}?`,
    );
    expect(await alert.innerText()).not.toContain('ECONNREFUSED');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });
  });

  it('names a host added by its address after its own hostname', async () => {
    const dialog = await openWizard();
    expect(await dialog.getByText('Empty: its own hostname').count()).toBe(1);
    await connection(dialog, hostA.address, hostA.port);
    await dialog.locator('.fingerprint--large').waitFor({ timeout: 20_000 });
    await dialog
      .getByRole('button', { name: 'I have checked this fingerprint — trust it' })
      .click();
    await dialog.getByRole('heading', { name: 'Host added' }).waitFor({ timeout: ADD_TIMEOUT });
    // The lab host's hostname is its lab name; the address is not the name.
    await dialog.getByText(`${hostA.name} added as a manager`).waitFor();
    await dialog.getByRole('button', { name: 'Close', exact: true }).last().click();
    await main().getByRole('article', { name: hostA.name, exact: true }).waitFor();
  }, 150_000);

  it('says a key Drover has pinned is pinned, and since when', async () => {
    const dialog = await openWizard();
    await connection(dialog, hostA.address, hostA.port);
    const pinned = dialog.getByText('Pinned in Drover', { exact: true });
    await pinned.waitFor({ timeout: 20_000 });
    const alert = dialog.locator('.alert').filter({ hasText: 'Pinned in Drover' });
    expect(await alert.innerText()).toMatch(
      new RegExp(
        // The date in the console's one format (the browser's locale: en-US here).
        `already trusts this key for ${hostA.address} port 22, pinned [A-Z][a-z]{2} \\d{1,2}, \\d{4}`,
      ),
    );
    expect(await dialog.getByText('Not in ~/.ssh/known_hosts').count()).toBe(0);
    await shoot('host-key-pinned');
    await dialog.getByRole('button', { name: 'Close', exact: true }).first().click();
    await dialog.waitFor({ state: 'detached' });
  });

  it('shows the Swarm hostname beside a Drover name that differs', async () => {
    const environmentId = (await session.api.call<{ id: number }[]>('env.list', {}))[0]!.id;
    await session.api.call(
      'host.add',
      {
        environmentId,
        name: 'edge-b',
        address: hostB.address,
        user: 'root',
        auth: { kind: 'key', keyPath: lab.sshKey },
        hostKey: hostB.hostKeyFingerprint,
      },
      ADD_TIMEOUT,
    );
    const card = main().getByRole('article', { name: /^edge-b/ });
    await card.waitFor({ timeout: 30_000 });
    const title = card.locator('.host-card__name');
    await until(async () => (await title.innerText()).includes(hostB.name), 'the hostname shows');
    expect(await title.locator('.host-name__name').innerText()).toBe('edge-b');
    expect(await title.locator('.host-name__swarm').getAttribute('title')).toBe(
      `Its hostname in the Swarm: ${hostB.name}`,
    );
    await shoot('host-card-hostname');
  }, 150_000);

  it('finds stacks by stack, service or image name; Escape clears the search', async () => {
    const environmentId = (await session.api.call<{ id: number }[]>('env.list', {}))[0]!.id;
    const deploy = (name: string, compose: string) =>
      session.api.call('stack.deploy', { environmentId, name, compose }, 240_000);
    await deploy('shop', `services:\n  storefront:\n    image: ${lab.images.whoami}\n`);
    await deploy('blog', `services:\n  cache:\n    image: ${lab.images.nginx}\n`);
    await goTo('#/stacks');
    const search = main().locator('[data-page-search]');
    await search.waitFor();
    const rows = () => main().getByRole('table').getByRole('row');
    await until(async () => (await rows().count()) === 3, 'both stacks listed');

    await search.fill('storefront');
    await until(async () => (await rows().count()) === 2, 'one stack found');
    expect(await rows().nth(1).innerText()).toMatch(/shop\s+service storefront/);
    await search.fill(lab.images.nginx.split('/').pop()!.split(':')[0]!);
    await until(async () => /blog/.test(await rows().nth(1).innerText()), 'found by image');
    expect(await rows().count()).toBe(2);
    await shoot('stacks-search');

    await search.fill('nothing-like-this');
    await main().getByText('No stack, service or image matches “nothing-like-this”.').waitFor();
    await search.press('Escape');
    expect(await search.inputValue()).toBe('');
    await until(async () => (await rows().count()) === 3, 'all stacks again');
  }, 300_000);

  it('shows an image change in the plan as old -> new, not as a spec path', async () => {
    await goTo('#/stacks/shop~edit');
    const editor = main().getByRole('textbox', { name: 'Compose file' });
    await editor.waitFor();
    await editor.fill(`services:\n  storefront:\n    image: ${lab.images.nginx}\n`);
    await main()
      .getByText(/Valid compose file · 1 service/)
      .waitFor();
    await main().getByRole('button', { name: 'Review & redeploy' }).click();
    const plan = page().getByRole('alertdialog', { name: 'Redeploy shop?' });
    const values = plan.locator('.plan-values');
    await values.waitFor({ timeout: 60_000 });
    const text = (await values.innerText()).replace(/\s+/g, ' ');
    expect(text).toContain('Image');
    expect(text).toContain(lab.images.whoami);
    expect(text).toContain(lab.images.nginx);
    expect(await plan.innerText()).not.toContain('TaskTemplate');
    await shoot('plan-values');
    await plan.getByRole('button', { name: 'Back to the editor' }).click();
  }, 120_000);

  it('names the load balancer image, the Settings default first, checked as typed', async () => {
    await goTo('#/stacks/shop~lbs');
    await main().getByRole('button', { name: 'Add load balancer', exact: true }).click();
    const dialog = page().getByRole('dialog', { name: 'Add a load balancer' });
    const image = dialog.getByLabel('Image', { exact: true });
    await image.waitFor();
    expect(await image.inputValue()).toBe('haproxy:lts');
    await dialog.getByText('The default from Settings → Load balancers').waitFor();
    await image.fill('haproxy lts');
    await image.blur();
    await dialog.getByText('An image reference has no spaces').waitFor();
    await shoot('lb-image');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
  });

  it('shows no error in the service-by-service form before anything is typed', async () => {
    await goTo('#/stacks/~new');
    await main().getByRole('tab', { name: 'Service by service' }).click();
    const image = main().getByLabel('Image', { exact: true });
    await image.waitFor();
    await settle(page());
    expect(await main().locator('.field__error').count()).toBe(0);
    expect(await main().getByRole('list', { name: 'Errors in the compose file' }).count()).toBe(0);
    // Left empty, the image field says so; the other fields still say nothing.
    await image.focus();
    await main().getByLabel('Replicas').focus();
    await main().getByText('Which image does it run?').waitFor();
    expect(await main().locator('.field__error').count()).toBe(1);
    await shoot('builder-touched');
  });

  it("says 'build: .' needs an image built and pushed first, at its line", async () => {
    await main().getByRole('tab', { name: 'Compose file' }).click();
    const editor = main().getByRole('textbox', { name: 'Compose file' });
    await editor.fill('services:\n  web:\n    build: .\n');
    const error = main()
      .getByRole('list', { name: 'Errors in the compose file' })
      .getByRole('button', { name: /^Line 3:\d+/ });
    await error.waitFor();
    expect(await error.innerText()).toMatch(
      /Swarm services run an image and are never built: build the image and push it/,
    );
    expect(await error.innerText()).not.toMatch(/string or object/);
  });

  it('groups a failing task error: one line with how many tasks and when last', async () => {
    const missing = `${lab.registry}/nginx:does-not-exist`;
    await main().getByLabel('Stack name').fill('failing');
    const editor = main().getByRole('textbox', { name: 'Compose file' });
    await editor.fill(`services:\n  web:\n    image: ${missing}\n    deploy:\n      replicas: 2\n`);
    await main()
      .getByText(/Valid compose file · 1 service/)
      .waitFor();
    await main().getByRole('button', { name: 'Review & deploy' }).click();
    await page()
      .getByRole('dialog', { name: 'Deploy failing?' })
      .getByRole('button', { name: 'Deploy failing' })
      .click();
    const failures = page().getByRole('list', { name: 'Task failures' });
    await failures.waitFor({ timeout: 60_000 });
    // Both replicas fail the same way (and again as Swarm restarts them): one line, counted.
    const items = failures.getByRole('listitem');
    await until(
      async () => /^([2-9]|\d{2,}) tasks · last \d/m.test(await items.first().innerText()),
      'two or more failed tasks counted on one line',
      60_000,
    );
    expect(await items.count()).toBe(1);
    expect(await items.first().innerText()).toMatch(/No such image|manifest unknown|not found/);
    await shoot('deploy-task-failures');
  }, 240_000);
});
