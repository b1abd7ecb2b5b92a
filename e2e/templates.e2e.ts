// The WordPress template in the stack editor against the real `drover web` and one lab manager:
// the password typed in the template never appears in the rendered compose file, which says it
// becomes a Swarm secret, and the plan the deploy dialog shows creates that secret (the password
// reaches the plan as a variable, not through the document). Nothing is deployed.
// Hosts: DROVER_E2E_TEMPLATE_HOSTS (an index into lab.json, default "0").
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { addLabHosts, connectApi, type ConsoleApi } from './support/api';
import { launchBrowser, screenshotPath } from './support/browser';
import { startConsole, type RunningConsole } from './support/console';
import { leaveSwarm, pickHosts, readLab, type LabHost } from './support/lab';
import { settle } from './support/ui';

describe('stack templates (web mode, a lab manager)', () => {
  const lab = readLab();
  const [host] = pickHosts(lab, 'DROVER_E2E_TEMPLATE_HOSTS', 1) as [LabHost];
  const password = 'Tpl-s3cret$value';
  let drover: RunningConsole;
  let api: ConsoleApi;
  let browser: Browser;
  let page: Page;
  const main = () => page.getByRole('main');

  beforeAll(async () => {
    leaveSwarm(lab, host);
    drover = await startConsole();
    api = await connectApi(drover);
    await addLabHosts(api, lab, [host]);
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.setDefaultTimeout(20_000);
    await page.goto(`${drover.url}#/stacks`);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    api?.close();
    await drover?.stop();
    leaveSwarm(lab, host);
  }, 120_000);

  it('renders WordPress with its password as a secret, planned but not in the file', async () => {
    await main().getByRole('link', { name: 'New stack' }).first().click();
    await main().getByRole('tab', { name: 'Template' }).click();
    await main()
      .getByRole('button', { name: /WordPress \+ MariaDB/ })
      .click();
    await main().getByLabel('Database password').fill(password);
    await main().getByRole('button', { name: 'Render compose file' }).click();

    const editor = main().getByRole('textbox', { name: 'Compose file' });
    await editor.waitFor();
    const text = await editor.inputValue();
    expect(text).toContain('MARIADB_PASSWORD_FILE: /run/secrets/db_password');
    expect(text).not.toContain(password);
    await main().getByText('the deploy makes them Swarm secrets').waitFor();

    await main().getByRole('button', { name: 'Review & deploy' }).click();
    const dialog = page.getByRole('dialog', { name: 'Deploy wordpress?' });
    const changes = dialog.getByRole('list', { name: 'Planned changes' });
    await changes.waitFor();
    expect(await changes.innerText()).toMatch(/Create\s+secret\s+wordpress_db_password/);
    expect(await dialog.innerText()).not.toContain('is not set');
    expect(await page.content()).not.toContain(password);
    await settle(page);
    await page.screenshot({ path: screenshotPath('template-secret-plan') });
    await dialog.getByRole('button', { name: 'Back to the editor' }).click();
    await dialog.waitFor({ state: 'detached' });
  });
});
