// Access control in the browser against the real `drover web`: the admin adds a user in the
// Users panel and makes them a member of one environment in its Members dialog; the new member,
// coming in with an API token of theirs, sees that environment only. Screenshots in light and
// dark of the panels used.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, screenshotPath } from './support/browser';
import { startConsole, type RunningConsole } from './support/console';
import { cliFor } from './support/core';
import { until } from './support/wait';

describe('users and members (web mode)', () => {
  let drover: RunningConsole;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    drover = await startConsole();
    const cli = cliFor(drover.dataDir);
    for (const env of ['dev', 'ops']) expect((await cli('env', 'create', env)).code).toBe(0);
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    page.setDefaultTimeout(15_000);
    await page.goto(`${drover.url}#/settings`);
    await page.getByRole('heading', { name: 'Users', exact: true }).waitFor();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await drover?.stop();
  });

  it('adds a user and a membership through the UI; the member sees only that environment', async () => {
    await page.getByRole('button', { name: 'Add user' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add a user' });
    await dialog.getByLabel('Name').fill('dana');
    await dialog.getByLabel('Password').fill('short');
    await dialog.getByRole('button', { name: 'Add user' }).click();
    // A bad input is said at the field, and what was typed stays.
    await dialog.getByText('At least 12 characters', { exact: true }).waitFor();
    expect(await dialog.getByLabel('Name').inputValue()).toBe('dana');
    await dialog.getByLabel('Password').fill('a long enough password');
    await dialog.getByRole('button', { name: 'Add user' }).press('Enter');
    await dialog.waitFor({ state: 'detached' });
    const users = page.getByRole('table', { name: 'Users' });
    await users.getByText('dana', { exact: true }).waitFor();
    for (const dismiss of await page.getByRole('button', { name: 'Dismiss notification' }).all()) {
      await dismiss.click().catch(() => undefined);
    }
    await users.scrollIntoViewIfNeeded();
    await page.screenshot({ path: screenshotPath('access-users-light') });

    await page.goto(`${drover.origin}/#/hosts/environments`);
    await page.getByRole('button', { name: 'Members of dev' }).click();
    const members = page.getByRole('dialog', { name: 'Members of dev' });
    await members.getByLabel('User').fill('dana');
    await members.getByLabel('Role').selectOption('member');
    await members.getByRole('button', { name: 'Add or change member' }).click();
    await members.getByRole('table', { name: 'Members of dev' }).getByText('dana').waitFor();
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.screenshot({ path: screenshotPath('access-members-dark') });
    await members.getByRole('button', { name: 'Done' }).click();

    // A token for dana, made in the Tokens panel and shown once.
    await page.emulateMedia({ colorScheme: 'light' });
    await page.goto(`${drover.origin}/#/settings`);
    await page.getByRole('button', { name: 'New token' }).click();
    const create = page.getByRole('dialog', { name: 'New API token' });
    await create.getByLabel('User').fill('dana');
    await create.getByLabel(/^Name/).fill('laptop');
    await create.getByRole('button', { name: 'Create token' }).click();
    const shown = page.getByRole('dialog', { name: /^Token #1 for dana$/ });
    const token = await shown.getByLabel('The new token').inputValue();
    expect(token).toMatch(/^drv_[A-Za-z0-9_-]{43}$/);
    await page.screenshot({ path: screenshotPath('access-token-once') });
    await shown.getByRole('button', { name: 'Done' }).click();
    await page.getByRole('table', { name: 'API tokens' }).getByText('laptop').waitFor();
    expect(await page.content()).not.toContain(token);

    const context = await browser.newContext({
      viewport: { width: 1280, height: 800 },
      extraHTTPHeaders: { authorization: `Bearer ${token}` },
    });
    const member = await context.newPage();
    member.setDefaultTimeout(15_000);
    await member.goto(`${drover.origin}/#/hosts/environments`);
    const table = member.getByRole('table', { name: 'Environments' });
    await table.getByText('dev', { exact: true }).waitFor();
    const names = await until(async () => {
      const rows = await table.locator('tbody tr td:first-child').allInnerTexts();
      return rows.length > 0 ? rows.map((r) => r.replace(/Current/, '').trim()) : undefined;
    }, 'the member sees the environments list');
    expect(names).toEqual(['dev']);
    await member.screenshot({ path: screenshotPath('access-member-view') });
    // Settings: their own tokens (this one used just now), no Users panel.
    await member.goto(`${drover.origin}/#/settings`);
    const mine = member.getByRole('table', { name: 'API tokens' });
    await mine.getByText('laptop').waitFor();
    // It expires in 30 days and was used just now: both are dates, neither says "never".
    expect(await mine.getByText('never').count()).toBe(0);
    await member.getByRole('heading', { name: 'My API tokens' }).waitFor();
    expect(await member.getByRole('heading', { name: 'Users', exact: true }).count()).toBe(0);
    await context.close();
  }, 120_000);
});
