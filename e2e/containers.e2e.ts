// The Containers view against the real `drover web` and two lab hosts in a Swarm: the live list
// (filter, sort), a container's logs, a service's merged logs, an exec shell, and a container
// removed behind the console's back being replaced. Needs the lab (`sudo npm run lab:up`).
//
// Lab hosts are shared between test files that may run at the same time, so this file uses only
// the hosts named by DROVER_E2E_CONTAINER_HOSTS (indices into lab.json, default "0,1").
import { describe, expect, it } from 'vitest';
import { screenshotPath } from './support/browser';
import { labSsh, pickHosts, readLab, type LabHost } from './support/lab';
import { labSession } from './support/session';
import { settle } from './support/ui';
import { until } from './support/wait';

const STACK = 'ctrtest';

interface Container {
  id: string;
  name: string;
  hostId: number;
  hostName: string;
  service: string | null;
  state: string;
}

describe('containers (web mode, lab hosts)', () => {
  const lab = readLab();
  const [hostA, hostB] = pickHosts(lab, 'DROVER_E2E_CONTAINER_HOSTS', 2) as [LabHost, LabHost];
  /** Requests the page sent over its WebSocket, by method. */
  const sent: string[] = [];

  // The lab's nginx says nothing when it starts; this one does, so its logs have a known line.
  const compose = [
    'services:',
    '  whoami:',
    `    image: ${lab.images.whoami}`,
    '    deploy:',
    '      replicas: 4',
    '  nginx:',
    `    image: ${lab.images.nginx}`,
    '    command:',
    '      - sh',
    '      - -c',
    `      - echo "drover-e2e nginx starting on $$(hostname)" && exec nginx -g 'daemon off;'`,
    '    deploy:',
    '      replicas: 2',
    '',
  ].join('\n');

  const table = () => session.page.getByRole('table', { name: 'Containers' });
  const bodyRows = () => table().locator('.vtable__canvas > [role="row"]');
  const row = (name: string) => bodyRows().filter({ hasText: name });
  const dock = () => session.page.locator('.containers__dock');

  async function listed(): Promise<Container[]> {
    const { containers } = await session.api.call<{ containers: Container[] }>('container.list', {
      environmentId: session.environmentId,
    });
    return containers;
  }

  async function columnTexts(column: number): Promise<string[]> {
    return bodyRows().evaluateAll(
      (rows, index) =>
        rows
          .map((r) => ({
            top: new DOMMatrix(getComputedStyle(r).transform).m42,
            text: (r.children[index] as HTMLElement | undefined)?.innerText.trim() ?? '',
          }))
          .sort((a, b) => a.top - b.top)
          .map((r) => r.text),
      column,
    );
  }

  async function terminalText(): Promise<string> {
    return session.page.locator('.shell .xterm-rows').innerText();
  }

  const session = labSession(lab, [hostA, hostB], {
    viewport: { width: 1280, height: 800 },
    timeout: 10_000,
    route: '#/containers',
    prepare: ({ api, environmentId }) =>
      api.call('stack.deploy', { environmentId, name: STACK, compose }, 240_000),
    watch: (page) =>
      page.on('websocket', (socket) =>
        socket.on('framesent', ({ payload }) => {
          const method = (JSON.parse(String(payload)) as { method?: string }).method;
          if (method) sent.push(method);
        }),
      ),
    ready: (page) => page.getByRole('heading', { level: 1, name: 'Containers' }).waitFor(),
    stacks: [STACK],
    setUpTimeout: 420_000,
  });

  it('lists the six running containers with their stack, service and host', async () => {
    await table().waitFor();
    await until(
      async () =>
        (await bodyRows().count()) === 6 &&
        (await bodyRows().filter({ hasText: 'Running' }).count()) === 6,
      'six running containers are listed',
      60_000,
    );
    const services = await columnTexts(2);
    expect(services.filter((s) => s === 'nginx')).toHaveLength(2);
    expect(services.filter((s) => s === 'whoami')).toHaveLength(4);
    expect(new Set(await columnTexts(1))).toEqual(new Set([STACK]));
    expect(new Set(await columnTexts(3))).toEqual(new Set([hostA.name, hostB.name]));
    expect(await session.page.locator('.toolbar__count').innerText()).toBe(
      '6 containers on 2 hosts',
    );

    await settle(session.page);
    await session.page.screenshot({ path: screenshotPath('containers') });
  });

  it('filters as you type and sorts by host from the keyboard', async () => {
    const filter = session.page.getByRole('searchbox', { name: 'Filter containers' });
    await filter.fill('nginx');
    await until(async () => (await bodyRows().count()) === 2, 'two nginx containers are shown');
    expect(await columnTexts(2)).toEqual(['nginx', 'nginx']);
    await filter.fill('');
    await until(async () => (await bodyRows().count()) === 6, 'all six are back');

    const hostHeader = table().getByRole('columnheader', { name: 'Host' });
    expect(await hostHeader.getAttribute('aria-sort')).toBe('none');
    await hostHeader.getByRole('button').focus();
    await session.page.keyboard.press('Enter');
    await until(
      async () => (await hostHeader.getAttribute('aria-sort')) === 'ascending',
      'sorted by host, ascending',
    );
    const ascending = await columnTexts(3);
    expect(ascending).toEqual([...ascending].sort((a, b) => a.localeCompare(b)));
    expect(ascending[0]).not.toBe(ascending[5]);
    await session.page.keyboard.press('Enter');
    await until(
      async () => (await hostHeader.getAttribute('aria-sort')) === 'descending',
      'sorted by host, descending',
    );
    expect(await columnTexts(3)).toEqual([...ascending].reverse());
    // Back to names, as the rest of the test expects.
    await table().getByRole('columnheader', { name: 'Name' }).getByRole('button').click();
  });

  it('follows the logs of one container, then of a whole service', async () => {
    const nginx = (await listed()).find((c) => c.service === `${STACK}_nginx`);
    expect(nginx).toBeDefined();
    await row(nginx!.name)
      .getByRole('button', { name: `Logs of ${nginx!.name}` })
      .click();
    const panel = dock().getByRole('region', { name: /^Logs/ });
    await panel.waitFor();
    await panel
      .getByText(`drover-e2e nginx starting on ${nginx!.id.slice(0, 12)}`)
      .waitFor({ timeout: 20_000 });
    await panel.getByRole('status').getByText('Following').waitFor();

    // Merged service logs: every line has its task, and both hosts speak.
    const whoami = (await listed()).find((c) => c.service === `${STACK}_whoami`);
    await row(whoami!.name)
      .getByRole('button', { name: `Service logs of ${STACK}_whoami` })
      .click();
    const merged = dock().getByRole('region', { name: /^Service logs/ });
    await merged.waitFor();
    await until(
      async () => {
        const sources = await merged.locator('.log__source').allInnerTexts();
        return (
          sources.length >= 4 &&
          sources.some((s) => s.endsWith(`@${hostA.name}`)) &&
          sources.some((s) => s.endsWith(`@${hostB.name}`))
        );
      },
      'service log lines come from both hosts',
      20_000,
    );
    await merged.getByRole('searchbox', { name: 'Search the log' }).fill('listening');
    await until(
      async () => (await merged.locator('.log__match').count()) >= 4,
      'search highlights the matches',
    );
    await settle(session.page);
    await session.page.screenshot({ path: screenshotPath('logs') });

    // Closing the panel closes its stream; so does leaving the page.
    const closes = () => sent.filter((m) => m === 'stream.close').length;
    let before = closes();
    await merged.getByRole('button', { name: 'Close service logs' }).click();
    await merged.waitFor({ state: 'detached' });
    await until(async () => closes() === before + 1, 'stream.close is sent on close');

    await row(nginx!.name)
      .getByRole('button', { name: `Logs of ${nginx!.name}` })
      .click();
    await panel.getByRole('status').getByText('Following').waitFor();
    before = closes();
    await session.page.locator('nav').getByRole('link', { name: 'Stacks', exact: true }).click();
    await until(async () => closes() === before + 1, 'stream.close is sent on leaving the page');
    await session.page
      .locator('nav')
      .getByRole('link', { name: 'Containers', exact: true })
      .click();
    await table().waitFor();
  });

  it('opens a shell into a container, runs a command, and closes it', async () => {
    const nginx = (await listed()).find((c) => c.service === `${STACK}_nginx`)!;
    await row(nginx.name)
      .getByRole('button', { name: `Shell into ${nginx.name}` })
      .click();
    const shell = dock().getByRole('region', { name: /^Shell/ });
    await shell.waitFor();
    await shell.getByRole('status').getByText('Connected').waitFor({ timeout: 20_000 });
    // Keyboard focus is in the terminal.
    await until(
      async () =>
        await session.page.evaluate(() =>
          Boolean(document.activeElement?.closest('.shell__terminal')),
        ),
      'the terminal has focus',
    );
    await until(async () => /[#$]\s*$/m.test(await terminalText()), 'a prompt', 20_000);
    await session.page.keyboard.type('hostname');
    await session.page.keyboard.press('Enter');
    const shortId = nginx.id.slice(0, 12);
    await until(
      async () => (await terminalText()).split('\n').some((l) => l.trim() === shortId),
      `the terminal shows ${shortId}`,
    );
    // Esc belongs to the shell: the panel stays.
    await session.page.keyboard.press('Escape');
    await session.page.waitForTimeout(300);
    expect(await shell.isVisible()).toBe(true);

    await settle(session.page);
    await session.page.screenshot({ path: screenshotPath('shell') });
    await session.page.emulateMedia({ colorScheme: 'dark' });
    await settle(session.page);
    await session.page.screenshot({ path: screenshotPath('containers-dark') });
    await session.page.emulateMedia({ colorScheme: 'light' });

    await shell.locator('.xterm').click();
    await session.page.keyboard.press('Control+Shift+W');
    await shell.waitFor({ state: 'detached' });
  });

  it('shows the replacement of a container removed behind the console’s back', async () => {
    const before = await listed();
    const victim = before.find((c) => c.service === `${STACK}_nginx`)!;
    const host = [hostA, hostB].find((h) => h.name === victim.hostName)!;
    await row(victim.name).waitFor();
    const removedAt = Date.now();
    labSsh(lab, host, `docker rm -f ${victim.id}`);

    await until(async () => (await row(victim.name).count()) === 0, 'the removed one is gone');
    const nginxRows = () => bodyRows().filter({ hasText: `${STACK}_nginx.` });
    await until(
      async () =>
        (await nginxRows().count()) === 2 &&
        (await nginxRows().filter({ hasText: 'Running' }).count()) === 2,
      'a replacement nginx container is listed and running',
      20_000,
    );
    const after = await listed();
    const replacement = after.find(
      (c) => c.service === `${STACK}_nginx` && !before.some((b) => b.id === c.id),
    );
    expect(replacement).toBeDefined();
    await row(replacement!.name).waitFor();
    // Swarm replaces it within a few seconds (Drover's restart delay), and the list follows.
    expect(Date.now() - removedAt).toBeLessThan(20_000);
  });

  it('says how long ago a stopped container stopped, and keeps counting', async () => {
    const victim = (await listed()).find(
      (c) => c.service === `${STACK}_nginx` && c.state === 'running',
    )!;
    const host = [hostA, hostB].find((h) => h.name === victim.hostName)!;
    labSsh(lab, host, `docker stop -t 1 ${victim.id}`);
    // The status column: "Exited (…) · 7 seconds ago", the time from the engine's die event.
    const stopped = row(victim.name).locator('time');
    await until(async () => (await stopped.count()) === 1, 'its stop time is shown', 20_000);
    expect(await row(victim.name).textContent()).toMatch(/Exited \(\d+\) · /);
    const first = await stopped.textContent();
    await until(
      async () => (await stopped.textContent()) !== first,
      'the time keeps counting without a reload',
      20_000,
    );
  });
});
