// Load balancers against the real `drover web` and three lab hosts: a stack with an LB shows its
// rules with live backend health on the stack's Load balancers tab; the rules editor adds a
// host rule (checked as it is typed: a rule that can never match is refused), moves it first and
// deploys it through the plan; the topology draws the LB with edges to both target services.
// Needs the lab. Hosts: DROVER_E2E_LB_HOSTS (indices into lab.json; CI default: the first three).
import { describe, expect, it } from 'vitest';
import { screenshotPath } from './support/browser';
import { pickHosts, readLab } from './support/lab';
import { labSession } from './support/session';
import { settle } from './support/ui';

describe('load balancers (web mode, lab hosts)', () => {
  const lab = readLab();
  const hosts = pickHosts(lab, 'DROVER_E2E_LB_HOSTS', 3);

  const main = () => session.page.getByRole('main');
  const rules = () => main().getByRole('table', { name: 'Rules of lb' });
  const compose = [
    'services:',
    '  web:',
    `    image: ${lab.images.whoami}`,
    '    deploy: {replicas: 3}',
    '  api:',
    `    image: ${lab.images.whoami}`,
    '    deploy: {replicas: 2}',
    '  lb:',
    `    image: ${lab.images.haproxy}`,
    '    x-drover-lb:',
    '      hosts: all',
    '      rules:',
    '        - {listen: 8080, protocol: http, target: web, port: 80}',
    '',
  ].join('\n');

  const goTo = (hash: string) =>
    session.page.evaluate((h) => {
      window.location.hash = h;
    }, hash);

  const session = labSession(lab, hosts, {
    viewport: { width: 1280, height: 860 },
    timeout: 20_000,
    route: '',
    prepare: ({ api, environmentId }) =>
      api.call('stack.deploy', { environmentId, name: 'shop', compose }, 240_000),
    ready: () => main().getByRole('heading', { level: 1, name: 'Environments & Hosts' }).waitFor(),
    stacks: ['shop'],
    setUpTimeout: 600_000,
  });

  it('marks the LB services on the stack page and lists the rules with every backend up', async () => {
    await goTo('#/stacks/shop');
    const rulesCard = main().getByRole('article', { name: 'lb-rules', exact: true });
    await rulesCard.getByText('load balancer lb · rules').waitFor({ timeout: 30_000 });
    // The rules tier's task count is the LB's: no scale control on its card.
    expect(await rulesCard.getByRole('slider').count()).toBe(0);
    await settle(session.page);
    await session.page.screenshot({ path: screenshotPath('lb-services') });

    await goTo('#/stacks/shop~lbs');
    await rules().waitFor();
    expect(await rules().innerText()).toMatch(/8080\/http\s+any request\s+web:80/);
    await rules().getByLabel('3 of 3 backends up').waitFor({ timeout: 60_000 });
    const card = main().getByRole('region', { name: 'Load balancer lb' });
    expect(await card.innerText()).toMatch(/edge 3\/3/);
    await settle(session.page);
    await session.page.screenshot({ path: screenshotPath('lb-rules') });
  }, 90_000);

  it('adds a host rule in the editor and deploys it through the plan', async () => {
    await main().getByRole('button', { name: 'Edit rules' }).click();
    const editor = session.page.getByRole('dialog', { name: 'Edit load balancer lb' });
    await editor.waitFor();
    await editor.getByRole('button', { name: 'Add a rule' }).click();
    // A second catch-all on the same port can never match: said on its row.
    await editor.getByText(/never used: rule 1 already takes every request/).waitFor();
    await editor.getByLabel('Rule 2 host').fill('api.test');
    await editor.getByLabel('Rule 2 target service').selectOption('api');
    await editor.getByRole('button', { name: 'Move rule 2 up' }).click();
    expect(await editor.getByLabel('Rule 1 host').inputValue()).toBe('api.test');
    expect(await editor.getByText(/never used/).count()).toBe(0);
    await settle(session.page);
    await session.page.screenshot({ path: screenshotPath('lb-editor') });
    await editor.getByRole('button', { name: 'Review and deploy…' }).click();

    const plan = session.page.getByRole('alertdialog', { name: 'Redeploy shop?' });
    await plan.waitFor();
    const changes = plan.getByRole('list', { name: 'Planned changes' });
    await changes.waitFor();
    const text = await changes.innerText();
    expect(text).toMatch(/Update\s+service\s+shop_lb-rules/);
    expect(text).not.toMatch(/service\s+shop_lb\n/);
    await plan.getByRole('button', { name: 'Apply these changes' }).click();
    await session.page
      .getByRole('dialog', { name: 'shop deployed' })
      .getByRole('button', { name: 'Open shop' })
      .click({ timeout: 240_000 });

    await rules().getByText('api.test').waitFor({ timeout: 30_000 });
    expect(await rules().innerText()).toMatch(/1\s+8080\/http\s+api\.test\s+api:80/);
    await rules().getByLabel('2 of 2 backends up').waitFor({ timeout: 60_000 });
    await settle(session.page);
    await session.page.screenshot({ path: screenshotPath('lb-rules-edited') });
  }, 300_000);

  it('draws the LB in the topology with edges to both targets', async () => {
    await goTo('#/stacks/shop~topology');
    const lbNode = main().locator('.topo-lb');
    await lbNode.waitFor();
    expect(await lbNode.innerText()).toMatch(/Load balancer\s+lb\s+3\/3 running/i);
    for (const target of ['shop_web', 'shop_api'])
      await main().getByTestId(`rf__edge-shop_lb=>${target}`).waitFor({ state: 'attached' });
    // The rules tier is part of the LB, not a service of its own.
    expect(
      await main()
        .locator('.topo-service__name', { hasText: /^lb-rules$/ })
        .count(),
    ).toBe(0);
    await settle(session.page);
    await session.page.screenshot({ path: screenshotPath('lb-topology') });
  }, 60_000);

  it('keeps the LB image setting', async () => {
    await goTo('#/settings');
    const field = main().getByLabel('Load balancer image');
    await field.waitFor();
    expect(await field.getAttribute('placeholder')).toBe('haproxy:lts');
    await field.fill(lab.images.haproxy);
    await main().getByRole('button', { name: 'Save' }).click();
    await main().getByRole('status').filter({ hasText: 'Saved' }).waitFor();
    expect(await session.api.call<{ lbImage?: string }>('settings.get', {})).toMatchObject({
      lbImage: lab.images.haproxy,
    });
    await settle(session.page);
    await session.page.screenshot({ path: screenshotPath('lb-settings') });
  }, 30_000);
});
