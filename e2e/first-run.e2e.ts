// The first-run path of an empty console (web mode, as root): the offers under the empty hosts
// list, "Add this machine" opening the wizard for localhost, and "Start the lab" through the core
// with live progress. The lab script is a stand-in (DROVER_LAB_SCRIPT) that records how it was
// called and writes a lab.json naming one real lab host first and, after it, an address that
// refuses SSH: the real script would rebuild the shared lab. So the test sees a host added over
// SSH, then an honest failure for the next one.
// Hosts: DROVER_E2E_FIRSTRUN_HOSTS (one index into lab.json, default "0").
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { screenshotPath } from './support/browser';
import { pickHosts, readLab, type LabHost } from './support/lab';
import { labSession } from './support/session';
import { settle } from './support/ui';
import { until } from './support/wait';

describe('first run (web mode, lab host)', () => {
  const lab = readLab();
  const [host] = pickHosts(lab, 'DROVER_E2E_FIRSTRUN_HOSTS', 1) as [LabHost];
  const fake = fs.mkdtempSync(path.join(os.tmpdir(), 'drover-fake-lab-'));
  const labDir = path.join(fake, 'state');
  const refusing = { ...host, name: 'drvlab-gone', address: '127.0.0.1', port: 1 };
  const labFile = { sshKey: lab.sshKey, hosts: [host, refusing, { ...refusing, name: 'x' }] };
  fs.writeFileSync(
    path.join(fake, 'lab.sh'),
    [
      `printf '%s\\n' "$@" > '${fake}/args'`,
      `echo "==> Building images (hosts: $DROVER_LAB_HOSTS)"`,
      'sleep 1',
      `mkdir -p "$DROVER_LAB_DIR"`,
      `cat > "$DROVER_LAB_DIR/lab.json" <<'JSON'\n${JSON.stringify(labFile)}\nJSON`,
      `echo "lab up: 3 hosts"`,
    ].join('\n'),
  );
  // Read by the console this spec starts (it inherits the environment).
  process.env.DROVER_LAB_SCRIPT = path.join(fake, 'lab.sh');
  process.env.DROVER_LAB_DIR = labDir;

  const session = labSession(lab, [host], {
    viewport: { width: 1440, height: 900 },
    timeout: 15_000,
    route: '#/hosts',
    addHosts: false,
    removeHosts: true,
  });

  it('offers this machine and the lab under the empty hosts list', async () => {
    const page = session.page;
    const offers = page.getByRole('region', { name: 'Get a first Swarm in minutes' });
    await offers.waitFor();
    await page.getByRole('button', { name: 'Add this machine' }).click();
    const wizard = page.getByRole('dialog', { name: /^Add a host to/ });
    await wizard.waitFor();
    expect(await wizard.getByLabel('Address', { exact: true }).inputValue()).toBe('127.0.0.1');
    await page.keyboard.press('Escape');
    await wizard.waitFor({ state: 'detached' });
    await settle(page);
    await page.screenshot({ path: screenshotPath('first-run') });
  });

  it('starts the lab through the core, with progress, and adds its hosts', async () => {
    const page = session.page;
    await page.getByRole('button', { name: 'Start the lab' }).click();
    const steps = page.getByRole('list', { name: 'Starting the lab' });
    await steps.waitFor();
    await until(
      async () => (await steps.innerText()).includes(`Adding ${host.name}`),
      'the first host being added',
      30_000,
    );
    // The first lab host joins over SSH; the refusing one fails, and its step says why.
    const failed = steps.locator('.steps__item--failed');
    await failed.waitFor({ timeout: 120_000 });
    expect(await failed.innerText()).toMatch(
      /Adding drvlab-gone[\s\S]*127\.0\.0\.1 port 1 refused the connection/,
    );
    expect(await steps.locator('.steps__item--done .steps__label').allInnerTexts()).toEqual([
      'Start the lab’s Docker hosts',
      `Adding ${host.name} (${host.address})`,
    ]);
    expect(fs.readFileSync(path.join(fake, 'args'), 'utf8')).toBe('up\n');
    const hosts = await session.api.call<{ name: string }[]>('host.list', {});
    expect(hosts.map((h) => h.name)).toEqual([host.name]);
    await page.getByRole('button', { name: 'Try again' }).waitFor();
    await settle(page);
    await page.screenshot({ path: screenshotPath('first-run-lab') });
  }, 180_000);
});
