// A host's page, a container's page and the command palette against the real `drover web` and two
// lab hosts in a Swarm: facts and containers by stack, a drain and activate, the inspect with a
// masked secret, a published port that opens, the logs tab, and jumping and scaling from the
// keyboard. Screenshots of each view, light and dark, go to docs/screenshots/.
//
// Uses only the lab hosts named by DROVER_E2E_PAGES_HOSTS (indices into lab.json, default "0,1").
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { repoRoot } from './support/console';
import { blockSsh, pickHosts, readLab, type LabHost } from './support/lab';
import { labSession } from './support/session';
import { settle } from './support/ui';
import { until } from './support/wait';

const STACK = 'pgtest';
const PORT = 18081;
const SECRET = 'hunter2-e2e-secret';

interface Host {
  id: number;
  name: string;
  availability: string | null;
}
interface Container {
  id: string;
  name: string;
  hostId: number;
  service: string | null;
  state: string;
}

/** Light and dark screenshots of what the page shows, for the docs. */
async function shoot(page: Page, name: string): Promise<void> {
  const dir = path.join(repoRoot, 'docs', 'screenshots');
  fs.mkdirSync(dir, { recursive: true });
  // Away from the charts, whose tooltips follow the pointer.
  const still = async () => {
    await settle(page);
    await page.mouse.move(120, 600);
    await page.waitForTimeout(250);
  };
  await still();
  await page.screenshot({ path: path.join(dir, `${name}-light.png`) });
  await page.emulateMedia({ colorScheme: 'dark' });
  await still();
  await page.screenshot({ path: path.join(dir, `${name}-dark.png`) });
  await page.emulateMedia({ colorScheme: 'light' });
}

describe('host page, container page and command palette (web mode, lab hosts)', () => {
  const lab = readLab();
  const hosts = pickHosts(lab, 'DROVER_E2E_PAGES_HOSTS', 2) as [LabHost, LabHost];

  const compose = [
    'services:',
    '  web:',
    `    image: ${lab.images.nginx}`,
    '    command:',
    '      - sh',
    '      - -c',
    `      - echo "drover-e2e web up on $$(hostname)" && exec nginx -g 'daemon off;'`,
    '    environment:',
    `      DB_PASSWORD: ${SECRET}`,
    '      APP_MODE: demo',
    '    ports:',
    `      - { target: 80, published: ${PORT}, mode: host }`,
    '    deploy:',
    '      replicas: 1',
    '  whoami:',
    `    image: ${lab.images.whoami}`,
    '    deploy:',
    '      replicas: 2',
    '',
  ].join('\n');

  const session = labSession(lab, hosts, {
    viewport: { width: 1440, height: 900 },
    timeout: 15_000,
    route: '#/hosts',
    prepare: ({ api, environmentId }) =>
      api.call('stack.deploy', { environmentId, name: STACK, compose }, 240_000),
    ready: (page) =>
      page.getByRole('heading', { level: 1, name: 'Environments & Hosts' }).waitFor(),
    stacks: [STACK],
    setUpTimeout: 420_000,
  });
  const page = () => session.page;

  async function listHosts(): Promise<Host[]> {
    return session.api.call<Host[]>('host.list', { environmentId: session.environmentId });
  }
  async function running(): Promise<Container[]> {
    const { containers } = await session.api.call<{ containers: Container[] }>('container.list', {
      environmentId: session.environmentId,
    });
    return containers.filter((c) => c.state === 'running');
  }

  it('opens a container from the Containers list: readable inspect, masked secret, port link, logs', async () => {
    await until(async () => (await running()).length === 3, 'three running containers', 120_000);
    const web = (await running()).find((c) => c.service === `${STACK}_web`)!;
    const host = (await listHosts()).find((h) => h.id === web.hostId)!;
    const address = hosts.find((h) => h.name === host.name)!.address;

    await page().goto(`${session.drover.url}#/containers`);
    await page()
      .getByRole('link', { name: new RegExp(`^${STACK}_web`) })
      .click();
    await page().getByRole('heading', { level: 1, name: web.name }).waitFor();
    expect(page().url()).toContain(`#/containers/${web.hostId}~${web.id}`);

    // The secret is masked by its name; an ordinary value is shown; Show reveals on request.
    const env = page().getByTestId('container-env');
    await env.waitFor();
    expect(await env.innerText()).not.toContain(SECRET);
    expect(await env.innerText()).toContain('demo');
    await shoot(page(), 'container-page');
    await env.getByRole('button', { name: 'Show the value of DB_PASSWORD' }).click();
    expect(await env.innerText()).toContain(SECRET);

    // The published port is a link to the host's address, and it answers.
    const link = page().getByTestId('container-ports').getByRole('link');
    const href = await link.getAttribute('href');
    expect(href).toBe(`http://${address}:${PORT}/`);
    expect(await link.getAttribute('target')).toBe('_blank');
    const answer = await page().request.get(href!);
    expect(answer.status()).toBe(200);

    // The slot's task history names this container as the running one.
    const history = page().getByTestId('task-history');
    expect(await history.innerText()).toMatch(/running\s+running/);

    await page().getByRole('link', { name: 'Logs', exact: true }).click();
    const logs = page().getByRole('region', { name: /^Logs/ });
    await until(
      async () => (await logs.innerText()).includes('drover-e2e web up on'),
      'the log line of the start',
    );
  });

  it('links a service’s published port on its stack page to a host that runs its task', async () => {
    const web = (await running()).find((c) => c.service === `${STACK}_web`)!;
    const host = (await listHosts()).find((h) => h.id === web.hostId)!;
    const address = hosts.find((h) => h.name === host.name)!.address;
    await page().goto(`${session.drover.url}#/stacks/${STACK}`);
    const card = page().getByRole('article', { name: 'web', exact: true });
    const link = card.getByRole('link', { name: new RegExp(`${PORT}:80/tcp`) });
    await link.waitFor();
    expect(await link.getAttribute('href')).toBe(`http://${address}:${PORT}/`);
  });

  it('shows a host page from the host card: facts, containers by stack and service', async () => {
    const [first] = await listHosts();
    await page().goto(`${session.drover.url}#/hosts`);
    await page().getByRole('link', { name: first!.name, exact: true }).click();
    await page().getByRole('heading', { level: 1, name: first!.name }).waitFor();
    expect(page().url()).toContain(`#/hosts/${first!.id}`);

    const facts = page().getByTestId('host-facts');
    const lab1 = hosts.find((h) => h.name === first!.name)!;
    await until(
      async () => /Swarm hostname\s+drvlab/i.test(await facts.innerText()),
      'the Swarm hostname is known',
    );
    const text = await facts.innerText();
    expect(text).toContain(`root@${lab1.address}:22`);
    expect(text).toContain(lab1.hostKeyFingerprint.slice(7));
    expect(text).toMatch(/Docker engine\s+\d+\.\d+/i);
    expect(text).toContain('Now (connected)');
    expect(text).toMatch(/Availability\s+active/i);

    // Its containers, grouped under the stack, each linking to its page.
    const mine = (await running()).filter((c) => c.hostId === first!.id);
    const stack = page().getByTestId('host-stack').filter({ hasText: STACK });
    await until(
      async () => (await stack.getByRole('link').count()) === mine.length,
      `${mine.length} containers of ${STACK} listed`,
    );
    for (const c of mine) await stack.getByRole('link', { name: c.name }).waitFor();
    await shoot(page(), 'host-page');
  });

  it('opens a container’s and a host’s page from the stack’s topology', async () => {
    const web = (await running()).find((c) => c.service === `${STACK}_web`)!;
    const host = (await listHosts()).find((h) => h.id === web.hostId)!;
    await page().goto(`${session.drover.url}#/stacks/${STACK}~topology`);
    const box = page().getByRole('link', { name: 'web.1', exact: true });
    await box.click();
    await page().getByRole('heading', { level: 1, name: web.name }).waitFor();
    await page().goBack();
    await page().getByRole('link', { name: host.name, exact: true }).click();
    await page().getByRole('heading', { level: 1, name: host.name }).waitFor();
    expect(page().url()).toContain(`#/hosts/${host.id}`);
  });

  it('jumps from the command palette and scales a service through its actions', async () => {
    const [, second] = await listHosts();
    await page().goto(`${session.drover.url}#/stacks`);
    await page().getByRole('heading', { level: 1 }).waitFor();
    await page()
      .locator('body')
      .click({ position: { x: 5, y: 880 } });

    await page().keyboard.press('Control+k');
    const dialog = page().getByRole('dialog', { name: 'Go to…' });
    const box = dialog.getByRole('combobox');
    await box.waitFor();
    await page().keyboard.type(second!.name);
    // The active option is the one the combobox points at, and it is the host.
    await until(async () => {
      const active = await box.getAttribute('aria-activedescendant');
      return (await dialog.locator(`[id="${active}"]`).innerText()).includes(second!.name);
    }, 'the host is the active option');
    await shoot(page(), 'command-palette');
    await page().keyboard.press('Enter');
    await page().getByRole('heading', { level: 1, name: second!.name }).waitFor();
    expect(page().url()).toContain(`#/hosts/${second!.id}`);

    // An action: whoami to 3 replicas, entirely from the keyboard.
    await page().keyboard.press('Control+k');
    await box.waitFor();
    await page().keyboard.type(`${STACK}_whoami`);
    await until(
      async () =>
        (await dialog.getByRole('option').first().innerText()).includes(`${STACK}_whoami`),
      'the service is the first result',
    );
    await page().keyboard.press('ArrowRight');
    const actions = page().getByRole('dialog', { name: `Actions for ${STACK}_whoami` });
    await actions.getByRole('option', { name: /Scale/ }).waitFor();
    await page().keyboard.press('ArrowDown');
    expect(await actions.getByRole('option', { selected: true }).innerText()).toContain('Scale');
    await page().keyboard.press('Enter');
    const replicas = page().getByRole('textbox', { name: 'Replicas' });
    await replicas.fill('3');
    await page().keyboard.press('Enter');
    await until(async () => {
      const list = await session.api.call<{ name: string; replicas: number }[]>('service.list', {
        environmentId: session.environmentId,
      });
      return list.find((s) => s.name === `${STACK}_whoami`)?.replicas === 3;
    }, 'whoami wants 3 replicas');
  });

  it('keeps keys for fields: "/" focuses the page search, "?" lists the shortcuts', async () => {
    await page().goto(`${session.drover.url}#/containers`);
    await page().getByRole('heading', { level: 1, name: 'Containers' }).waitFor();
    await page()
      .locator('body')
      .click({ position: { x: 5, y: 880 } });
    await page().keyboard.press('/');
    const search = page().getByRole('searchbox', { name: 'Filter containers' });
    expect(await search.evaluate((el) => el === document.activeElement)).toBe(true);
    // Typed into the search, "?" is a character, not a shortcut.
    await page().keyboard.type('?');
    expect(await search.inputValue()).toBe('?');
    expect(await page().getByRole('dialog').count()).toBe(0);
    await search.fill('');
    await page()
      .locator('body')
      .click({ position: { x: 5, y: 880 } });
    await page().keyboard.press('?');
    await page().getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor();
    await page().keyboard.press('Escape');
    await page().getByRole('dialog').waitFor({ state: 'detached' });
  });

  it('says when it cannot reach a host, and shows what it last knew and when', async () => {
    const [, second] = await listHosts();
    const lab2 = hosts.find((h) => h.name === second!.name)!;
    const mine = (await running()).filter((c) => c.hostId === second!.id);
    expect(mine.length).toBeGreaterThan(0);
    await page().goto(`${session.drover.url}#/hosts/${second!.id}`);
    await page().getByRole('heading', { level: 1, name: second!.name }).waitFor();
    blockSsh(lab2, true);
    try {
      // Unreachable or retrying, it says so above everything else.
      await page()
        .getByText(/Below is what it last knew/)
        .waitFor({ timeout: 60_000 });
      const unknown = page().getByTestId('host-containers-unknown');
      await unknown.waitFor({ timeout: 30_000 });
      expect(await unknown.innerText()).toMatch(/State unknown since \d\d:\d\d/);
      // Its containers stay listed as last seen, and the facts say when that was.
      for (const c of mine) await page().getByRole('link', { name: c.name }).waitFor();
      expect(await page().getByTestId('host-facts').innerText()).not.toContain('Now (connected)');
    } finally {
      blockSsh(lab2, false);
    }
    await page()
      .getByTestId('host-facts')
      .getByText('Now (connected)')
      .waitFor({ timeout: 90_000 });
  });

  it('drains a host from its page after a confirmation, and activates it again', async () => {
    const [first] = await listHosts();
    await page().goto(`${session.drover.url}#/hosts/${first!.id}`);
    await page().getByRole('heading', { level: 1, name: first!.name }).waitFor();
    await page()
      .getByRole('button', { name: `Actions for ${first!.name}` })
      .click();
    await page().getByRole('menuitem', { name: 'Drain…' }).click();
    const confirm = page().getByRole('alertdialog', { name: `Drain ${first!.name}?` });
    await confirm.getByRole('button', { name: 'Drain' }).click();
    await confirm.waitFor({ state: 'detached', timeout: 30_000 });
    await page().getByText('Drained', { exact: true }).first().waitFor();
    expect((await listHosts()).find((h) => h.id === first!.id)?.availability).toBe('drain');
    // Swarm moves its tasks away: its containers list empties of running tasks.
    await until(
      async () => (await running()).every((c) => c.hostId !== first!.id),
      `no task runs on ${first!.name}`,
      120_000,
    );

    await page()
      .getByRole('button', { name: `Actions for ${first!.name}` })
      .click();
    await page()
      .getByRole('menuitem', { name: /^Activate/ })
      .click();
    await until(
      async () => (await listHosts()).find((h) => h.id === first!.id)?.availability === 'active',
      `${first!.name} is active again`,
    );
  });
});
