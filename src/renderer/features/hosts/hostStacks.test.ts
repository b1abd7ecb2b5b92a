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
    const groups = groupByStack(
      [
        c(web),
        c(web),
        c({ ...web, state: 'exited' }),
        c({ stack: 'web', service: 'web_db' }),
        c({ name: 'portainer' }),
        c({ ...web, hostId: 2 }),
      ],
      1,
    );
    expect(groups).toEqual([
      {
        stack: 'web',
        total: 4,
        services: [
          { name: 'db', total: 1, running: 1, others: {} },
          { name: 'nginx', total: 3, running: 2, others: { exited: 1 } },
        ],
      },
      {
        stack: null,
        total: 1,
        services: [{ name: 'portainer', total: 1, running: 1, others: {} }],
      },
    ]);
  });
});
