// The app shell against the real `drover web`: navigation, each page's empty state, the
// environment switcher, creating (and refusing) environments, the audit log, the theme.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import { connectApi } from './support/api';
import { launchBrowser, screenshotPath } from './support/browser';
import { startConsole } from './support/console';
import { until } from './support/wait';

type Console = Awaited<ReturnType<typeof startConsole>>;

const NAME_RULE =
  'Use letters, digits, spaces, dots, dashes and underscores, starting with a letter or digit';

const pages = [
  { link: 'Environments & Hosts', title: 'Environments & Hosts' },
  { link: 'Stacks', title: 'Stacks' },
  { link: 'Containers', title: 'Containers' },
  { link: 'Metrics', title: 'Metrics' },
  { link: 'Alerts', title: 'Alerts' },
  { link: 'Audit', title: 'Audit log' },
  { link: 'Settings', title: 'Settings' },
] as const;

/** Screenshots without transient toasts or hover effects. */
async function settle(page: Page): Promise<void> {
  for (const dismiss of await page.getByRole('button', { name: 'Dismiss notification' }).all()) {
    await dismiss.click().catch(() => undefined);
  }
  await page.mouse.move(1270, 790);
  await page.waitForTimeout(200); // hover styles and toast exit settle on the next frames
}

describe('app shell (web mode)', () => {
  let drover: Console;
  let browser: Browser;
  let page: Page;

  const nav = () => page.getByRole('navigation', { name: 'Main' });
  const switcher = () => page.getByRole('button', { name: /^Environment\b/ });
  const heading = (name: string) => page.getByRole('heading', { level: 1, name, exact: true });

  async function go(link: (typeof pages)[number]['link']): Promise<Locator> {
    const item = nav().getByRole('link', { name: link, exact: true });
    await item.click();
    await until(
      async () => (await item.getAttribute('aria-current')) === 'page',
      `${link} is current`,
      10_000,
      100,
    );
    const title = pages.find((p) => p.link === link)?.title ?? link;
    await heading(title).waitFor();
    return page.getByRole('main');
  }

  beforeAll(async () => {
    drover = await startConsole();
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    page.setDefaultTimeout(10_000);
    await page.goto(drover.url);
    await heading('Environments & Hosts').waitFor();
  });

  afterAll(async () => {
    await browser?.close();
    await drover?.stop();
  });

  it('shows the shell: landmarks, navigation, default environment, connection', async () => {
    await page.getByRole('banner').waitFor();
    await page.getByRole('main').waitFor();
    for (const { link } of pages) {
      expect(await nav().getByRole('link', { name: link, exact: true }).count()).toBe(1);
    }
    const current = nav().getByRole('link', { name: 'Environments & Hosts' });
    expect(await current.getAttribute('aria-current')).toBe('page');

    await until(
      async () => /default/i.test(await switcher().innerText()),
      'default env shown',
      10_000,
      100,
    );
    expect(await switcher().getAttribute('aria-haspopup')).toBe('listbox');
    await page.getByText('Connected to the core').waitFor();
  });

  it('keeps the old links of renamed pages (#/events, #/monitoring) working', async () => {
    for (const [old, title] of [
      ['#/events', 'Alerts'],
      ['#/monitoring', 'Metrics'],
    ]) {
      await page.evaluate((hash) => (window.location.hash = hash), old as string);
      await heading(title as string).waitFor();
      const current = nav().getByRole('link', { name: title as string, exact: true });
      expect(await current.getAttribute('aria-current')).toBe('page');
    }
  });

  it('shows an honest empty state on every page', async () => {
    let main = await go('Environments & Hosts');
    await main.getByRole('heading', { name: /^No hosts in .+ yet$/ }).waitFor();
    await main.getByText(/Hosts are added over SSH/).waitFor();
    await main.getByRole('heading', { name: 'Environments', exact: true }).waitFor();

    main = await go('Stacks');
    await main.getByRole('heading', { name: /^No hosts in .+ yet$/ }).waitFor();
    await main.getByText(/Stacks run on the environment.s Swarm/).waitFor();
    await main.getByRole('link', { name: 'Go to Environments & Hosts' }).waitFor();

    main = await go('Containers');
    await main.getByRole('heading', { name: /^No hosts in .+ yet$/ }).waitFor();
    await main.getByText(/Containers run on the environment.s hosts/).waitFor();

    main = await go('Metrics');
    await main.getByRole('heading', { name: /^No hosts in .+ yet$/ }).waitFor();
    // The link leads back to the hosts page.
    await main.getByRole('link', { name: 'Go to Environments & Hosts' }).click();
    await heading('Environments & Hosts').waitFor();

    main = await go('Alerts');
    await main.getByRole('heading', { name: 'No alerts so far' }).waitFor();

    main = await go('Audit');
    await main.getByRole('table', { name: 'Audit entries' }).waitFor();

    main = await go('Settings');
    await main.getByRole('heading', { name: 'About this console' }).waitFor();
    await main.getByText(drover.dataDir, { exact: true }).waitFor();
    await main.getByText('Web mode (browser)').waitFor();
    await main.getByText(/^(OS keychain|A key file readable only by you)$/).waitFor();
    await main.getByRole('radio', { name: /^System/ }).waitFor();
  });

  it('refuses an invalid environment name inline, then creates one', async () => {
    const main = await go('Environments & Hosts');
    await main.getByRole('button', { name: 'New environment' }).click();
    const dialog = page.getByRole('dialog', { name: 'New environment' });
    await dialog.waitFor();

    const name = dialog.getByLabel('Name');
    // Focus starts in the dialog, on the first field.
    expect(await name.evaluate((el) => el === document.activeElement)).toBe(true);
    await name.fill('bad;rm -rf');
    await dialog.getByRole('button', { name: 'Create environment' }).click();
    await dialog.getByText(NAME_RULE).waitFor();
    expect(await name.getAttribute('aria-invalid')).toBe('true');

    await name.fill('staging');
    await dialog.getByLabel('Description').fill('Pre-production hosts');
    await dialog.getByRole('button', { name: 'Create environment' }).click();
    await dialog.waitFor({ state: 'detached' });
    await main.getByRole('cell', { name: 'staging', exact: true }).waitFor();

    // The new environment is in the switcher; choosing it makes it the current one.
    await switcher().click();
    const option = page.getByRole('option', { name: /^staging/ });
    await option.waitFor();
    await option.click();
    await until(
      async () => /staging/.test(await switcher().innerText()),
      'staging is current',
      10_000,
      100,
    );
    await main.getByRole('heading', { name: 'Hosts in staging', exact: true }).waitFor();
    expect(await switcher().evaluate((el) => el === document.activeElement)).toBe(true);

    // By keyboard: ArrowDown opens on the current one, a letter jumps, Enter chooses, Esc cancels.
    await page.keyboard.press('ArrowDown');
    const listbox = page.getByRole('listbox');
    await listbox.waitFor();
    await page.keyboard.press('d');
    await page.keyboard.press('Enter');
    await listbox.waitFor({ state: 'detached' });
    await until(
      async () => /default/i.test(await switcher().innerText()),
      'default by keyboard',
      10_000,
      100,
    );
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('s');
    await page.keyboard.press('Escape');
    await listbox.waitFor({ state: 'detached' });
    expect(await switcher().innerText()).toMatch(/default/i);
    await switcher().click();
    await page.getByRole('option', { name: /^staging/ }).click();
    await until(
      async () => /staging/.test(await switcher().innerText()),
      'staging again',
      10_000,
      100,
    );

    // A taken name comes back from the core and is shown on the field.
    await main.getByRole('button', { name: 'New environment' }).click();
    await dialog.waitFor();
    await dialog.getByLabel('Name').fill('staging');
    await dialog.getByRole('button', { name: 'Create environment' }).click();
    await until(
      async () => (await dialog.getByLabel('Name').getAttribute('aria-invalid')) === 'true',
      'the duplicate name is refused',
      10_000,
      100,
    );
    // Esc closes the dialog and gives focus back to the button that opened it.
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    const opener = main.getByRole('button', { name: 'New environment' });
    expect(await opener.evaluate((el) => el === document.activeElement)).toBe(true);
  });

  it('records the creation in the audit log, filterable as you type', async () => {
    const main = await go('Audit');
    const table = main.getByRole('table', { name: 'Audit entries' });
    await table
      .getByRole('row', { name: /env\.create/ })
      .first()
      .waitFor();

    const filter = main.getByLabel('Filter', { exact: true });
    await filter.fill('env.create');
    await table
      .getByRole('row', { name: /env\.create/ })
      .first()
      .waitFor();
    await filter.fill('no-such-entry-xyz');
    await main.getByText('No entries match this filter').waitFor();
    await filter.fill('');
    await table
      .getByRole('row', { name: /env\.create/ })
      .first()
      .waitFor();

    await go('Environments & Hosts');
    await settle(page);
    await page.screenshot({ path: screenshotPath('shell-light') });
  });

  it('scrolls only the main area: the sidebar stays, the document does not move', async () => {
    // Enough environments that the table (and its hidden "Actions" header) lies far below.
    const api = await connectApi(drover);
    try {
      for (let i = 1; i <= 20; i++) await api.call('env.create', { name: `long-${i}` });
    } finally {
      api.close();
    }
    await page.setViewportSize({ width: 1024, height: 700 });
    const main = await go('Environments & Hosts');
    await main.getByRole('cell', { name: 'long-20', exact: true }).waitFor();
    await main.evaluate((el) => el.scrollTo({ top: el.scrollHeight }));
    await page.evaluate(() => window.scrollTo({ top: 10_000 }));
    expect(await main.evaluate((el) => el.scrollTop)).toBeGreaterThan(0);
    const documentScroll = await page.evaluate(() => {
      const root = document.scrollingElement ?? document.documentElement;
      return { top: root.scrollTop, overflow: root.scrollHeight - root.clientHeight };
    });
    expect(documentScroll).toEqual({ top: 0, overflow: 0 });
    const logo = await page.locator('.sidebar__brand').boundingBox();
    expect(logo?.y).toBeGreaterThanOrEqual(0);
    expect(await switcher().isVisible()).toBe(true);
    expect(await switcher().evaluate((el) => el.getBoundingClientRect().bottom)).toBeLessThan(700);
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  it('switches to the dark theme and keeps it', async () => {
    const main = await go('Settings');
    await main.getByRole('radio', { name: /^Dark/ }).check();
    await until(
      async () => (await page.locator('html').getAttribute('data-theme')) === 'dark',
      'the dark theme is applied',
      10_000,
      100,
    );

    // Saved in the core: a fresh browser context (no local storage) opens dark.
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    try {
      const fresh = await context.newPage();
      await fresh.goto(drover.url);
      await fresh.getByRole('heading', { level: 1, name: 'Environments & Hosts' }).waitFor();
      await until(
        async () => (await fresh.locator('html').getAttribute('data-theme')) === 'dark',
        'a new window opens dark',
        10_000,
        100,
      );
    } finally {
      await context.close();
    }

    await go('Environments & Hosts');
    await settle(page);
    await page.screenshot({ path: screenshotPath('shell-dark') });
  });
});
