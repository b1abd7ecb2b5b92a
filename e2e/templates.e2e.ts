// The WordPress template in the stack editor against the real `drover web` and one lab manager:
// the password typed in the template never appears in the rendered compose file, which says it
// becomes a Swarm secret, and the plan the deploy dialog shows creates that secret (the password
// reaches the plan as a variable, not through the document). A file that could never run (two
// replicas of a host-mode port on one host) shows its refusal, by line, and Deploy stays
// disabled. Nothing is deployed.
// Hosts: DROVER_E2E_TEMPLATE_HOSTS (an index into lab.json, default "0").
import { describe, expect, it } from 'vitest';
import { screenshotPath } from './support/browser';
import { pickHosts, readLab, type LabHost } from './support/lab';
import { labSession } from './support/session';
import { settle } from './support/ui';

describe('stack templates (web mode, a lab manager)', () => {
  const lab = readLab();
  const [host] = pickHosts(lab, 'DROVER_E2E_TEMPLATE_HOSTS', 1) as [LabHost];
  const password = 'Tpl-s3cret$value';
  const main = () => session.page.getByRole('main');

  const session = labSession(lab, [host], {
    viewport: { width: 1280, height: 900 },
    timeout: 20_000,
    route: '#/stacks',
    setUpTimeout: 180_000,
    tearDownTimeout: 120_000,
  });

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
    const dialog = session.page.getByRole('dialog', { name: 'Deploy wordpress?' });
    const changes = dialog.getByRole('list', { name: 'Planned changes' });
    await changes.waitFor();
    expect(await changes.innerText()).toMatch(/Create\s+secret\s+wordpress_db_password/);
    expect(await dialog.innerText()).not.toContain('is not set');
    expect(await session.page.content()).not.toContain(password);
    await settle(session.page);
    await session.page.screenshot({ path: screenshotPath('template-secret-plan') });
    await dialog.getByRole('button', { name: 'Back to the editor' }).click();
    await dialog.waitFor({ state: 'detached' });
  });

  it('shows why a file could never run, by service, field and line, and keeps Deploy disabled', async () => {
    await main().getByLabel('Stack name').fill('impossible');
    await main()
      .getByRole('textbox', { name: 'Compose file' })
      .fill(
        `services:\n  web:\n    image: ${lab.images.nginx}\n    ports: ["8080:80"]\n    deploy:\n      replicas: 2\n`,
      );
    await main().getByRole('button', { name: 'Review & deploy' }).click();
    const dialog = session.page.getByRole('dialog', { name: 'Deploy impossible?' });
    const refusals = dialog.getByRole('list', { name: 'Refusals' });
    await refusals.waitFor();
    expect(await refusals.innerText()).toMatch(
      /^Line 6: web › deploy\.replicas: 2 replicas can never all run: port 8080 is published in host mode.*x-drover-lb.*lower replicas to 1$/s,
    );
    expect(await dialog.getByRole('button', { name: 'Deploy impossible' }).isDisabled()).toBe(true);
    await settle(session.page);
    await session.page.screenshot({ path: screenshotPath('plan-refused') });
    await dialog.getByRole('button', { name: 'Back to the editor' }).click();
    await dialog.waitFor({ state: 'detached' });
  });
});
