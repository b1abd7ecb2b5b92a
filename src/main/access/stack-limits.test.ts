// Memberships limited to stacks decide by the stack label (com.docker.stack.namespace) of the
// service, container or metrics group acted on or listed, never by splitting a service's name.
import { describe, expect, it } from 'vitest';
import type { MetricsBatch } from '../../shared/metrics.js';
import type { StackServiceInfo } from '../../shared/types.js';
import { Authorizer, type Grant } from './authorize.js';
import { applyFilter, metricsBatchFor } from './filters.js';
import type { Lookups } from './policy.js';
import type { Principal } from './principal.js';

const ENV = 1;
const shopOnly: Grant = { role: 'restricted', stacks: 'shop-*' };
const rita: Principal = { kind: 'user', userId: 7, name: 'rita', siteAdmin: false };

/** Services as the cluster labels them; the names are chosen to mislead a name split. */
const labels: Record<string, string | null> = {
  'shop-eu_web': 'shop-eu',
  'shop-eu_web_v2': 'shop-eu',
  'shop-eu_x': 'blog', // named like shop-eu's, labelled blog (made by hand or by docker)
  web: 'shop-us', // no `_` at all: a service created with the label by `docker service create`
  shop_evil_web: 'shop_evil',
  loner: null, // outside any stack
};

function authorizer(asked: string[] = []) {
  const lookups: Lookups = {
    hostEnvironment: () => ENV,
    registryEnvironment: () => ENV,
    alerts: () => [],
    containerStack: () => null,
    tokenOwner: () => null,
    sessionUser: () => null,
    serviceStack: (environmentId, service) => {
      asked.push(`${environmentId}/${service}`);
      return Promise.resolve(labels[service] ?? null);
    },
  };
  const grant = (userId: number, environmentId: number) =>
    userId === 7 && environmentId === ENV ? shopOnly : undefined;
  return new Authorizer(
    {
      membership: grant,
      memberships: () => new Map([[ENV, shopOnly]]),
    },
    lookups,
  );
}

const scale = (service: string) =>
  authorizer().authorize(rita, 'service.scale', { environmentId: ENV, service, replicas: 2 });

describe('a membership limited to shop-*', () => {
  it.each([
    ['shop-eu_web', true],
    ['shop-eu_web_v2', true],
    ['web', true],
    ['shop-eu_x', false],
    ['shop_evil_web', false],
    ['loner', false],
    ['no-such-service', false],
  ])('acts on service %s by its stack label: %s', async (service, allowed) => {
    const outcome = await scale(service).then(
      () => 'allowed',
      (e: { code: string; details: { reason: string } }) => `${e.code} ${e.details.reason}`,
    );
    expect(outcome).toBe(allowed ? 'allowed' : 'FORBIDDEN stacks');
  });

  it('reads logs of a service by its label too', async () => {
    const logs = (service: string) =>
      authorizer().authorize(rita, 'logs.open', { environmentId: ENV, service, tail: 10 });
    await expect(logs('web')).resolves.toBeTruthy();
    await expect(logs('shop-eu_x')).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('does not ask the cluster for memberships over all stacks', async () => {
    const asked: string[] = [];
    const owner: Principal = { kind: 'user', userId: 8, name: 'olga', siteAdmin: true };
    await authorizer(asked).authorize(owner, 'service.scale', {
      environmentId: ENV,
      service: 'shop-eu_x',
      replicas: 1,
    });
    expect(asked).toEqual([]);
  });

  it('lists services and metrics groups by their stack label', () => {
    const decision = authorizer().decision(rita);
    const info = (name: string) => ({ name, stack: labels[name] ?? null }) as StackServiceInfo;
    const listed = applyFilter(
      'services',
      Object.keys(labels).map(info),
      decision,
      ENV,
    ) as StackServiceInfo[];
    expect(listed.map((s) => s.name)).toEqual(['shop-eu_web', 'shop-eu_web_v2', 'web']);

    const group = (name: string, stack: string | null) => ({
      name,
      stack,
      containers: 1,
      point: {} as never,
    });
    const batch: MetricsBatch = {
      environmentId: ENV,
      t: 1,
      hosts: [],
      containers: [],
      services: [group('shop-eu_x', 'blog'), group('web', 'shop-us')],
      stacks: [group('blog', 'blog'), group('shop-us', 'shop-us')],
      sources: [],
    };
    const seen = metricsBatchFor(batch, shopOnly);
    expect(seen?.services.map((s) => s.name)).toEqual(['web']);
    expect(seen?.stacks.map((s) => s.name)).toEqual(['shop-us']);
    const top = applyFilter('metricsTop', batch.services, decision, ENV) as { name: string }[];
    expect(top.map((s) => s.name)).toEqual(['web']);
  });
});
