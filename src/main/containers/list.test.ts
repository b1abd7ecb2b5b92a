import type Docker from 'dockerode';
import { describe, expect, it } from 'vitest';
import { stableStatus, summarize, taskSlot } from './list.js';

const task = (labels: Record<string, string>): Docker.ContainerInfo =>
  ({
    Id: 'c0ffee'.padEnd(64, '0'),
    Names: ['/web_nginx.3.k2j4h5g6f7d8s9a0q1w2e3r4t'],
    Image: `10.77.0.2:5000/nginx:lab@sha256:${'a'.repeat(64)}`,
    Created: 1_764_000_000,
    State: 'running',
    Status: 'Up 5 minutes',
    Labels: labels,
  }) as unknown as Docker.ContainerInfo;

describe('taskSlot', () => {
  it('reads the slot of a replicated task, none for global tasks or plain containers', () => {
    const service = 'com.docker.swarm.service.name';
    const name = 'com.docker.swarm.task.name';
    expect(taskSlot({ [service]: 'web_nginx', [name]: 'web_nginx.3.k2j4h5' })).toBe(3);
    expect(taskSlot({ [service]: 'mon_agent', [name]: 'mon_agent.x8dk2m.k2j4h5' })).toBeNull();
    expect(taskSlot({})).toBeNull();
  });
});

describe('stableStatus', () => {
  it("drops Docker's durations, which would go stale in the model, and keeps health and codes", () => {
    expect(stableStatus('Up 5 minutes (healthy)')).toBe('Up (healthy)');
    expect(stableStatus('Up Less than a second')).toBe('Up');
    expect(stableStatus('Up 2 hours (Paused)')).toBe('Up (Paused)');
    expect(stableStatus('Exited (137) 2 hours ago')).toBe('Exited (137)');
    expect(stableStatus('Restarting (1) 3 seconds ago')).toBe('Restarting (1)');
    expect(stableStatus('Created')).toBe('Created');
  });
});

describe('summarize', () => {
  it("maps Docker's fields and labels to the contract's summary", () => {
    const summary = summarize(
      task({
        'com.docker.stack.namespace': 'web',
        'com.docker.swarm.service.name': 'web_nginx',
        'com.docker.swarm.task.name': 'web_nginx.3.k2j4h5g6f7d8s9a0q1w2e3r4t',
      }),
      { id: 7, name: 'drvlab2' },
      '2025-11-24T16:00:00.123456789Z',
    );
    expect(summary).toEqual({
      id: 'c0ffee'.padEnd(64, '0'),
      name: 'web_nginx.3.k2j4h5g6f7d8s9a0q1w2e3r4t',
      hostId: 7,
      hostName: 'drvlab2',
      stack: 'web',
      service: 'web_nginx',
      taskSlot: 3,
      state: 'running',
      status: 'Up',
      image: '10.77.0.2:5000/nginx:lab',
      createdAt: new Date(1_764_000_000_000).toISOString(),
      startedAt: '2025-11-24T16:00:00.123456789Z',
      finishedAt: null,
    });
  });

  it('has no start time for a container that is not running, and keeps when it stopped', () => {
    const exited = { ...task({}), State: 'exited', Status: 'Exited (0) 1 minute ago' };
    expect(
      summarize(exited, { id: 1, name: 'h' }, '2025-11-24T16:00:00Z', '2025-11-24T16:05:00Z'),
    ).toMatchObject({
      stack: null,
      service: null,
      taskSlot: null,
      state: 'exited',
      status: 'Exited (0)',
      startedAt: null,
      finishedAt: '2025-11-24T16:05:00Z',
    });
  });

  it('has no finish time for a running container', () => {
    expect(
      summarize(task({}), { id: 1, name: 'h' }, null, '2025-11-24T16:05:00Z').finishedAt,
    ).toBeNull();
  });
});
