// Registry logins in the Environments & Hosts page against the real `drover web` and one lab host
// (a one-node Swarm manager) logging in to the lab's private registry: a bad address explained at
// the field, a wrong password refused by the registry and nothing stored, the right one stored
// and tested, the password never shown again, and the login removed. Needs the lab.
// Hosts: DROVER_E2E_REGISTRY_HOSTS (index into lab.json, default "0").
import { describe, expect, it } from 'vitest';
import { screenshotPath } from './support/browser';
import { pickHosts, readLab, type LabHost } from './support/lab';
import { labSession } from './support/session';
import { settle } from './support/ui';
import { until } from './support/wait';

describe('registry logins (web mode, a lab manager)', () => {
  const lab = readLab();
  const [host] = pickHosts(lab, 'DROVER_E2E_REGISTRY_HOSTS', 1) as [LabHost];
  const registry = lab.privateRegistry;

  const panel = () => session.page.locator('#registries');
  const dialog = () => session.page.getByRole('dialog');
  const stored = () =>
    session.api.call<unknown[]>('registry.list', { environmentId: session.environmentId });

  const session = labSession(lab, [host], {
    viewport: { width: 1280, height: 900 },
    timeout: 15_000,
    route: '#/hosts',
    ready: () =>
      panel()
        .getByRole('heading', { name: /Registry logins in/ })
        .waitFor(),
    setUpTimeout: 180_000,
    tearDownTimeout: 120_000,
  });

  it('explains a bad address at the field and a refused password in the dialog, storing nothing', async () => {
    await panel().getByText('No registry logins').waitFor();
    await panel().getByRole('button', { name: 'Add registry login' }).click();
    await dialog().getByLabel('Registry').fill(`https://${registry.address}`);
    await dialog().getByLabel('User').fill(registry.user);
    await dialog().getByLabel('Password or access token').fill('not-the-password');
    await dialog().getByRole('button', { name: 'Test and save' }).click();
    await dialog().getByText('Leave out the scheme').waitFor();

    await dialog().getByLabel('Registry').fill(registry.address);
    await dialog().getByRole('button', { name: 'Test and save' }).click();
    const alert = dialog().getByRole('alert');
    await until(async () => (await alert.innerText()).includes('401 Unauthorized'), 'refused');
    expect(await alert.innerText()).toContain(`refused the login of "${registry.user}"`);
    await settle(session.page);
    await session.page.screenshot({ path: screenshotPath('registry-login-refused') });
    expect(await stored()).toEqual([]);
  });

  it('stores the right password after the registry accepted it, and never shows it again', async () => {
    await dialog().getByLabel('Password or access token').fill(registry.password);
    await dialog().getByRole('button', { name: 'Test and save' }).click();
    await dialog().waitFor({ state: 'detached' });
    const row = panel().getByRole('row').filter({ hasText: registry.address });
    await row.waitFor();
    expect(await row.innerText()).toContain(registry.user);
    expect(await session.page.content()).not.toContain(registry.password);

    await row.getByRole('button', { name: `Test the login for ${registry.address}` }).click();
    await row.getByText('Login OK').waitFor();
    await settle(session.page);
    await panel().screenshot({ path: screenshotPath('registry-logins') });

    await row.getByRole('button', { name: `Change the login for ${registry.address}` }).click();
    expect(await dialog().getByLabel('Password or access token').inputValue()).toBe('');
    expect(await dialog().getByLabel('Registry').isDisabled()).toBe(true);
    await dialog().getByRole('button', { name: 'Cancel' }).click();
    await dialog().waitFor({ state: 'detached' });
  });

  it('removes the login after confirming', async () => {
    const row = panel().getByRole('row').filter({ hasText: registry.address });
    await row.getByRole('button', { name: `Remove the login for ${registry.address}` }).focus();
    await session.page.keyboard.press('Enter');
    await session.page
      .getByRole('alertdialog')
      .getByRole('button', { name: 'Remove login' })
      .click();
    await panel().getByText('No registry logins').waitFor();
    expect(await stored()).toEqual([]);
  });
});
