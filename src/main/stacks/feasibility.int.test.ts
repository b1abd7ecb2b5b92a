// What the engine would refuse or could never schedule is refused by the plan, on the lab's real
// Swarm (hosts without IPVS): 10 host-mode replicas on 3 hosts, and a file whose second service
// reserves 0.0001 CPU (SwarmKit refuses it only after the first service exists). Either deploy
// must change nothing. And every built-in template deploys to a converged state out of the box.
// Hosts: DROVER_FEASIBILITY_HOSTS (indices into lab.json, default "0,1,2").
import { describe, expect, it } from 'vitest';
import { testerContext } from '../../../e2e/support/core';
import { pickHosts, readLab, type LabHost } from '../../../e2e/support/lab';
import { labCore } from '../../../e2e/support/lab-core';
import type { Core } from '../core/core';
import { LABEL_NAMESPACE } from '../swarm/labels';

const lab = readLab();
const hosts = pickHosts(lab, 'DROVER_FEASIBILITY_HOSTS', 3) as [LabHost, LabHost, LabHost];
const ctx = testerContext;
let core: Core;
let environmentId: number;

labCore(lab, hosts, {
  name: 'drover-feasibility-int-',
  ready: async (session) => {
    ({ core, environmentId } = session);
    await core.call('settings.update', { lbImage: lab.images.haproxy }, ctx);
  },
});

/** Every object the stack's label names on the cluster: services, networks, configs, secrets. */
async function stackObjects(stack: string): Promise<string[]> {
  const docker = core.services.swarm.manager(environmentId);
  const filters = { label: [`${LABEL_NAMESPACE}=${stack}`] };
  const named = (list: unknown[], kind: string) =>
    (list as { Name?: string; Spec?: { Name: string } }[]).map(
      (o) => `${kind} ${o.Spec?.Name ?? o.Name}`,
    );
  return [
    ...named(await docker.listServices({ filters }), 'service'),
    ...named(await docker.listNetworks({ filters }), 'network'),
    ...named(await docker.listConfigs({ filters }), 'config'),
    ...named(await docker.listSecrets({ filters }), 'secret'),
  ];
}

async function expectRefusedAndNothingCreated(stack: string, compose: string) {
  const plan = await core.call('stack.plan', { environmentId, name: stack, compose }, ctx);
  const deploy = core.call('stack.deploy', { environmentId, name: stack, compose }, ctx);
  await expect(deploy).rejects.toMatchObject({ code: 'PRECONDITION_FAILED' });
  expect(await stackObjects(stack)).toEqual([]);
  return plan;
}

describe('the plan refuses what cannot run, and the refused deploy changes nothing', () => {
  it('refuses 10 replicas of a host-mode port on 3 hosts, naming the service, field and way out', async () => {
    const plan = await expectRefusedAndNothingCreated(
      'feas-ports',
      `services:
  web:
    image: ${lab.images.nginx}
    ports: ["8080:80"]
    deploy:
      replicas: 10
`,
    );
    expect(plan.refusals).toEqual([
      {
        service: 'web',
        field: 'deploy.replicas',
        line: 6,
        message: expect.stringMatching(
          /port 8080 .*host mode.*3 nodes.*x-drover-lb.*lower replicas to 3/s,
        ),
      },
    ]);
  });

  it('refuses a second service reserving 0.0001 CPU before the first one is created', async () => {
    const plan = await expectRefusedAndNothingCreated(
      'feas-cpus',
      `services:
  first:
    image: ${lab.images.nginx}
  second:
    image: ${lab.images.nginx}
    deploy:
      resources:
        reservations:
          cpus: '0.0001'
`,
    );
    expect(plan.refusals).toEqual([
      {
        service: 'second',
        field: 'deploy.resources.reservations.cpus',
        line: 9,
        message: expect.stringContaining('at least 0.001'),
      },
    ]);
  });
});

describe('built-in templates on the lab', () => {
  /** Lab stand-ins for images the lab's registry does not hold (its hosts have no internet). */
  const labAnswers: Record<string, Record<string, string>> = {
    'nginx-cluster': { image: lab.images.nginx },
    wordpress: {
      wordpressImage: lab.images.nginx,
      mariadbImage: lab.images.nginx,
      dbPassword: 'lab-Pa55',
    },
  };

  it('deploys every template to a converged state and removes it', async () => {
    const templates = await core.call('template.list', {}, ctx);
    expect(templates.map((t) => t.id).sort()).toEqual(Object.keys(labAnswers).sort());
    for (const template of templates) {
      const rendered = await core.call(
        'template.render',
        { id: template.id, answers: labAnswers[template.id]! },
        ctx,
      );
      const args = {
        environmentId,
        name: rendered.name,
        compose: rendered.compose,
        env: rendered.env,
      };
      const plan = await core.call('stack.plan', args, ctx);
      expect([template.id, plan.errors, plan.refusals]).toEqual([template.id, [], []]);
      const result = await core.call('stack.deploy', args, ctx);
      expect([template.id, result.converged]).toEqual([template.id, true]);
      await core.call('stack.remove', { environmentId, name: rendered.name }, ctx);
    }
  }, 600_000);
});
