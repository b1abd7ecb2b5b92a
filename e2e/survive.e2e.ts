// One console per data directory, and backups from Settings, against the real `drover web`.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from './support/browser';
import { repoRoot, startConsole, type RunningConsole } from './support/console';

const run = promisify(execFile);

describe('survive and restore (web mode)', () => {
  let drover: RunningConsole;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    drover = await startConsole();
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(drover.url);
  });

  afterAll(async () => {
    await browser?.close();
    await drover?.stop();
  });

  it('refuses a second `drover web` on the same data directory, naming the first', async () => {
    const second = await run(
      process.execPath,
      [
        path.join(repoRoot, 'bin', 'drover.js'),
        '--data-dir',
        drover.dataDir,
        'web',
        '--port',
        '0',
        '--no-open',
      ],
      { timeout: 30_000 },
    ).then(
      () => undefined,
      (error: { code: number; stderr: string }) => error,
    );
    expect(second?.code).toBe(1);
    expect(second?.stderr).toMatch(/already used by a Drover console \(web mode, pid \d+, since /);
    // A one-shot command works beside it.
    const ls = await run(process.execPath, [
      path.join(repoRoot, 'bin', 'drover.js'),
      '--data-dir',
      drover.dataDir,
      'env',
      'ls',
    ]);
    expect(ls.stdout).toContain('Default');
  });

  it('shows the last backup in Settings and backs up on request', async () => {
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Settings' })
      .click();
    const status = page.getByRole('status', { name: 'Last backup' });
    await status.getByText('No backup yet').waitFor();

    await page.getByRole('button', { name: 'Back up now' }).click();

    await status.getByText(/^Last backup .*\(manual, /).waitFor();
    expect(await page.getByText(path.join(drover.dataDir, 'backups')).count()).toBe(1);
  });
});
