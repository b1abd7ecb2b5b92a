// Team mode in Chromium against the real `drover web`: with a user account the console asks
// for a sign-in, refuses a wrong password, lets the user in, and signs out back to the form.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, screenshotPath } from './support/browser';
import { repoRoot, startConsole, type RunningConsole } from './support/console';

const PASSWORD = 'correct horse battery';

describe('team mode (web mode with user accounts)', () => {
  let drover: RunningConsole;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'drover-e2e-team-'));
    execFileSync(
      process.execPath,
      [
        path.join(repoRoot, 'bin', 'drover.js'),
        '--data-dir',
        dataDir,
        'user',
        'add',
        'alice',
        '--password-stdin',
      ],
      { input: `${PASSWORD}\n` },
    );
    drover = await startConsole(dataDir);
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  });

  afterAll(async () => {
    await browser?.close();
    await drover?.stop();
    if (drover) fs.rmSync(drover.dataDir, { recursive: true, force: true });
  });

  it('asks for a sign-in instead of showing a bare Unauthorized', async () => {
    await page.goto(`${drover.origin}/`);
    await page.getByRole('heading', { name: 'Sign in to this console' }).waitFor();
    await page.screenshot({ path: screenshotPath('team-signin-light') });
    await page.evaluate(() => {
      document.documentElement.dataset.theme = 'dark';
    });
    await page.screenshot({ path: screenshotPath('team-signin-dark') });
  });

  it('refuses a wrong password, keeps the name and clears the password', async () => {
    await page.getByLabel('User name').fill('alice');
    await page.getByLabel('Password').fill('not the password at all');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').filter({ hasText: 'Wrong user name or password' }).waitFor();
    expect(await page.getByLabel('User name').inputValue()).toBe('alice');
    expect(await page.getByLabel('Password').inputValue()).toBe('');
  });

  it('signs in and shows the console as alice', async () => {
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
    await page.getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('heading', { name: 'My sessions' }).waitFor();
    await page.getByText('This browser').waitFor();
    await page.screenshot({ path: screenshotPath('team-my-sessions') });
    const cookies = await page.context().cookies();
    const session = cookies.find((c) => c.name === 'drover_session');
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Strict' });
  });

  it('signs out back to the sign-in form, and the old cookie opens nothing', async () => {
    const panel = page.getByRole('region', { name: 'My sessions' });
    await panel.getByRole('button', { name: 'Sign out' }).first().click();
    await page.getByRole('heading', { name: 'Sign in to this console' }).waitFor();
    const state = await page.evaluate(async () => (await fetch('/auth/session')).json());
    expect(state).toMatchObject({ teamMode: true, signedIn: false });
  });

  it('returns an open page to the sign-in at once when its session is ended elsewhere', async () => {
    await page.getByLabel('User name').fill('alice');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
    // Another client ends this browser's session (as an admin's "End" or a logout elsewhere).
    const cookie = (await page.context().cookies()).find((c) => c.name === 'drover_session');
    const ended = await fetch(`${drover.origin}/auth/logout`, {
      method: 'POST',
      headers: { cookie: `drover_session=${cookie?.value}`, origin: drover.origin },
    });
    expect(ended.status).toBe(200);
    await page.getByText('Your session ended. Sign in again to continue.').waitFor();
    await page.getByRole('heading', { name: 'Sign in to this console' }).waitFor();
  });
});
