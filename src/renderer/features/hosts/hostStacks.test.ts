import { describe, expect, it } from 'vitest';
import type { ContainerSummary } from '../../../shared/types';
import { groupByStack } from './hostStacks';

const c = (over: Partial<ContainerSummary>): ContainerSummary => ({
  id: Math.random().toString(16).slice(2),
  name: 'x',
  hostId: 1,
  hostName: 'drvlab4',
  stack: null,
  service: null,
  taskSlot: null,
  state: 'running',
  status: 'Up',
  image: 'nginx:lab',
  createdAt: '2025-11-24T16:00:00Z',
  startedAt: null,
  ...over,
});

describe('groupByStack', () => {
  it("groups the host's containers by stack and service, others last, with state counts", () => {
    const web = { stack: 'web', service: 'web_nginx' };
    const nginx = [
      c({ ...web, name: 'web_nginx.2.b' }),
      c({ ...web, name: 'web_nginx.1.a' }),
      c({ ...web, name: 'web_nginx.3.c', state: 'exited' }),
    ];
    const db = c({ stack: 'web', service: 'web_db' });
    const portainer = c({ name: 'portainer' });
    const groups = groupByStack([...nginx, db, portainer, c({ ...web, hostId: 2 })], 1);
    // Each service lists its containers on this host by name.
    expect(groups[0]?.services[1]?.containers.map((x) => x.name)).toEqual([
      'web_nginx.1.a',
      'web_nginx.2.b',
      'web_nginx.3.c',
    ]);
    expect(
      groups.map((g) => g.services.map(({ containers: _containers, ...counts }) => counts)),
    ).toEqual([
      [
        { name: 'db', total: 1, running: 1, others: {} },
        { name: 'nginx', total: 3, running: 2, others: { exited: 1 } },
      ],
      [{ name: 'portainer', total: 1, running: 1, others: {} }],
    ]);
    expect(groups.map((g) => [g.stack, g.total])).toEqual([
      ['web', 4],
      [null, 1],
    ]);
    expect(groups[1]?.services[0]?.containers).toEqual([portainer]);
    expect(groups[0]?.services[0]?.containers).toEqual([db]);
  });
});
