// The hosts view against the real `drover web` and real lab hosts: the Add Host wizard (key file
// and password logins, the fingerprint check, the live preflight and Swarm join), host cards,
// labels, and removal with live progress. Needs the lab (`sudo npm run lab:up`).
//
// Lab hosts are shared between test files that may run at the same time, so this file uses only
// the hosts named by DROVER_E2E_HOSTS (comma-separated indices into lab.json, default "0,1").
import { describe, expect, it } from 'vitest';
import type { Locator } from 'playwright-core';
import { screenshotPath } from './support/browser';
import { settle } from './support/ui';
import { until } from './support/wait';
import { pickHosts, readLab, type LabHost } from './support/lab';
import { labSession } from './support/session';

const ADD_TIMEOUT = 90_000;

describe('hosts (web mode, lab hosts)', () => {
  const lab = readLab();
  const [hostA, hostB] = pickHosts(lab, 'DROVER_E2E_HOSTS', 2) as [LabHost, LabHost];

  const main = () => session.page.getByRole('main');
  const wizard = () => session.page.getByRole('dialog', { name: /^Add a host to / });
  const card = (host: LabHost) => main().getByRole('article', { name: host.name, exact: true });

  async function openWizard(): Promise<Locator> {
    await main().getByRole('button', { name: 'Add host', exact: true }).first().click();
    const dialog = wizard();
    await dialog.waitFor();
    return dialog;
  }

  async function fillConnection(
    dialog: Locator,
    host: LabHost,
    login: { user: string; keyFile?: string; password?: string },
  ): Promise<void> {
    await dialog.getByLabel('Address', { exact: true }).fill(host.address);
    await dialog.getByLabel('User', { exact: true }).fill(login.user);
    await dialog.getByLabel(/^Name/).fill(host.name);
    if (login.keyFile) {
      await dialog.getByRole('radio', { name: 'Key file' }).check();
      await dialog.getByLabel('Private key file').fill(login.keyFile);
    } else {
      await dialog.getByRole('radio', { name: 'Password' }).check();
      await dialog
        .getByRole('textbox', { name: 'Password', exact: true })
        .fill(login.password ?? '');
    }
  }

  /** From the Connection step to the Host key step; returns the fingerprint shown. */
  async function checkFingerprint(dialog: Locator): Promise<string> {
    await dialog.getByRole('button', { name: 'Next: check the host key' }).click();
    const shown = dialog.locator('.fingerprint--large');
    const refused = dialog.getByRole('alert');
    await Promise.race([
      shown.waitFor({ timeout: 20_000 }),
      refused.waitFor({ timeout: 20_000 }).then(async () => {
        throw new Error(`The host key could not be read: ${await refused.innerText()}`);
      }),
    ]);
    return (await shown.getAttribute('data-fingerprint')) ?? '';
  }

  async function addHost(
    host: LabHost,
    login: { user: string; keyFile?: string; password?: string },
    role: 'manager' | 'worker',
    shots?: { fingerprint: string; preflight: string },
  ): Promise<Locator> {
    const dialog = wizard();
    await fillConnection(dialog, host, login);
    const fingerprint = await checkFingerprint(dialog);
    expect(fingerprint).toBe(host.hostKeyFingerprint);
    await dialog.getByText('ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub').waitFor();
    if (shots) {
      await settle(session.page);
      await session.page.screenshot({ path: screenshotPath(shots.fingerprint) });
    }

    await dialog
      .getByRole('button', { name: 'I have checked this fingerprint — trust it' })
      .click();
    // The live checklist: this machine has neither IPVS nor ESP, so the kernel check warns.
    const kernel = dialog.getByText(/Missing: .*IPVS.*ESP/).first();
    await kernel.waitFor({ timeout: ADD_TIMEOUT });
    if (shots) await session.page.screenshot({ path: screenshotPath(shots.preflight) });

    await dialog.getByRole('heading', { name: 'Host added' }).waitFor({ timeout: ADD_TIMEOUT });
    await dialog.getByText(`${host.name} added as a ${role}`).waitFor();
    const warnings = dialog.getByRole('list', { name: 'Preflight warnings' });
    expect(await warnings.innerText()).toMatch(/IPVS/);
    expect(await warnings.innerText()).toMatch(/ESP/);
    return dialog;
  }

  const session = labSession(lab, [hostA, hostB], {
    viewport: { width: 1280, height: 800 },
    timeout: 10_000,
    route: '',
    addHosts: false,
    ready: (page) =>
      page.getByRole('heading', { level: 1, name: 'Environments & Hosts' }).waitFor(),
    removeHosts: true,
    setUpTimeout: 120_000,
  });

  it('refuses a wrong password inline and keeps what was typed', async () => {
    await main()
      .getByRole('heading', { name: /^No hosts in .+ yet$/ })
      .waitFor();
    const dialog = await openWizard();
    // Focus starts on the first field.
    expect(
      await dialog
        .getByLabel('Address', { exact: true })
        .evaluate((el) => el === document.activeElement),
    ).toBe(true);

    // Inline validation uses the contract's rules.
    await dialog.getByLabel('Address', { exact: true }).fill('bad host;');
    await dialog.getByRole('button', { name: 'Next: check the host key' }).click();
    await dialog.getByText('Enter an IP address or a host name').waitFor();

    const login = { user: lab.passwordUser.user, password: 'not-the-password' };
    await fillConnection(dialog, hostB, login);
    const fingerprint = await checkFingerprint(dialog);
    expect(fingerprint).toBe(hostB.hostKeyFingerprint);
    await dialog
      .getByRole('button', { name: 'I have checked this fingerprint — trust it' })
      .click();

    await dialog
      .getByText(/refused the login \(password not accepted\)/)
      .first()
      .waitFor({ timeout: 30_000 });
    await dialog.getByRole('button', { name: 'Back' }).click();
    await dialog.getByText('The host refused the login').waitFor();
    expect(await dialog.getByLabel('Address', { exact: true }).inputValue()).toBe(hostB.address);
    expect(await dialog.getByLabel('User', { exact: true }).inputValue()).toBe(login.user);
    expect(await dialog.getByLabel(/^Name/).inputValue()).toBe(hostB.name);
    expect(await dialog.getByRole('radio', { name: 'Password' }).isChecked()).toBe(true);
    expect(await dialog.getByRole('textbox', { name: 'Password', exact: true }).inputValue()).toBe(
      login.password,
    );

    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(await main().getByRole('article').count()).toBe(0);
  });

  it('adds a manager with a key file and a worker with a password', async () => {
    let dialog = await openWizard();
    dialog = await addHost(hostA, { user: 'root', keyFile: lab.sshKey }, 'manager', {
      fingerprint: 'hosts-wizard-fingerprint',
      preflight: 'hosts-wizard-preflight',
    });

    // "Add another" starts over with the connection, secrets cleared.
    await dialog.getByRole('button', { name: 'Add another' }).click();
    await dialog.getByRole('heading', { name: 'How does Drover reach the host?' }).waitFor();
    expect(await dialog.getByLabel('Address', { exact: true }).inputValue()).toBe('');

    dialog = await addHost(hostB, { ...lab.passwordUser, keyFile: undefined }, 'worker');
    await dialog.getByRole('button', { name: 'Close' }).last().click();
    await dialog.waitFor({ state: 'detached' });

    for (const host of [hostA, hostB]) {
      await until(
        async () => (await card(host).innerText()).includes('Connected'),
        `${host.name} is connected`,
        30_000,
      );
    }
    expect(await card(hostA).innerText()).toContain('Manager');
    expect(await card(hostB).innerText()).toContain('Worker');
    expect(await card(hostA).innerText()).toContain(`root@${hostA.address}:22`);
    expect(await card(hostB).innerText()).toContain(`${lab.passwordUser.user}@${hostB.address}:22`);
    // The cluster summary (env.cluster) names the leader, on the card too.
    await until(
      async () => (await card(hostA).innerText()).includes('Leader'),
      'the leader is shown',
    );
    const swarm = main().getByRole('region', { name: /^Swarm of / });
    await until(
      async () => /Managers\s*1\s*Workers\s*1/i.test(await swarm.innerText()),
      'the summary counts 1 manager and 1 worker',
    );
    expect(await card(hostA).innerText()).toMatch(/No routing mesh: host-mode ports/);

    await settle(session.page);
    await session.page.screenshot({ path: screenshotPath('hosts-cards') });
    await session.page.emulateMedia({ colorScheme: 'dark' });
    await settle(session.page);
    await session.page.screenshot({ path: screenshotPath('hosts-cards-dark') });
    await session.page.emulateMedia({ colorScheme: 'light' });
  });

  it('edits labels from the keyboard-reachable card menu', async () => {
    const actions = card(hostB).getByRole('button', { name: `Actions for ${hostB.name}` });
    await actions.focus();
    await session.page.keyboard.press('Enter');
    const menu = session.page.getByRole('menu', { name: `Actions for ${hostB.name}` });
    await menu.waitFor();
    const first = menu.getByRole('menuitem', { name: 'Edit labels…' });
    expect(await first.evaluate((el) => el === document.activeElement)).toBe(true);
    await session.page.keyboard.press('Escape');
    await menu.waitFor({ state: 'detached' });
    expect(await actions.evaluate((el) => el === document.activeElement)).toBe(true);

    await session.page.keyboard.press('Enter');
    await menu.waitFor();
    await until(
      async () => await first.evaluate((el) => el === document.activeElement),
      'the first item has focus',
    );
    await session.page.keyboard.press('Enter');
    const dialog = session.page.getByRole('dialog', { name: `Labels of ${hostB.name}` });
    await dialog.waitFor();
    await dialog.getByLabel('Key', { exact: true }).fill('bad key!');
    await dialog.getByRole('button', { name: 'Add', exact: true }).click();
    await dialog
      .getByText('Use letters, digits, dots, dashes, slashes and underscores', { exact: true })
      .waitFor();
    await dialog.getByLabel('Key', { exact: true }).fill('zone');
    await dialog.getByLabel('Value', { exact: true }).fill('eu-1');
    await dialog.getByRole('button', { name: 'Save labels' }).click();
    await dialog.waitFor({ state: 'detached', timeout: 20_000 });
    await card(hostB).getByText('zone=eu-1').waitFor();
  });

  it('removes the worker, then the manager, with live progress', async () => {
    for (const host of [hostB, hostA]) {
      await card(host)
        .getByRole('button', { name: `Actions for ${host.name}` })
        .click();
      await session.page.getByRole('menuitem', { name: 'Remove host…' }).click();
      const confirm = session.page.getByRole('alertdialog', { name: `Remove ${host.name}?` });
      await confirm.waitFor();
      await confirm.getByRole('button', { name: 'Remove host' }).click();
      // Drain, leave, remove: each step live; the dialog closes when the host is gone.
      const running = session.page.getByRole('alertdialog', { name: `Removing ${host.name}…` });
      const steps = running.getByRole('list', { name: `Removing ${host.name}` });
      if (host === hostB) {
        await steps.waitFor();
        await steps.getByText(/All tasks of .+ run elsewhere/).waitFor({ timeout: ADD_TIMEOUT });
      }
      await session.page
        .getByRole('alertdialog')
        .waitFor({ state: 'detached', timeout: ADD_TIMEOUT });
      await until(async () => (await card(host).count()) === 0, `${host.name} is gone`);
    }
    await main()
      .getByRole('heading', { name: /^No hosts in .+ yet$/ })
      .waitFor();
  });
});
