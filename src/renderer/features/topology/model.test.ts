import { describe, expect, it } from 'vitest';
import type {
  ContainerState,
  ContainerSummary,
  Host,
  StackDetail,
  TaskInfo,
} from '../../../shared/types';
import { buildGraph, loadBalancers, UNPLACED } from './model';

const host = (id: number, name: string, nodeId: string): Host =>
  ({ id, name, nodeId, role: id === 1 ? 'manager' : 'worker', state: 'connected' }) as Host;

const task = (slot: number, nodeId: string | null, state = 'running'): TaskInfo => ({
  id: `t${slot}${nodeId ?? ''}`,
  slot,
  nodeId,
  host: null,
  nodeHostname: null,
  state,
  desiredState: 'running',
  error: null,
  message: '',
  containerId: null,
  updatedAt: '',
});

const stack = (compose: string, tasks: TaskInfo[]): StackDetail =>
  ({
    name: 'web',
    compose,
    serviceDetails: [
      {
        name: 'web_nginx',
        shortName: 'nginx',
        image: 'nginx',
        replicas: tasks.length,
        runningTasks: tasks.filter((t) => t.state === 'running').length,
        desiredTasks: tasks.length,
        mode: 'replicated',
        tasks,
      },
    ],
  }) as unknown as StackDetail;

describe('loadBalancers', () => {
  it('finds services with an x-drover-lb block and the services they target', () => {
    const compose = [
      'services:',
      '  edge:',
      '    image: haproxy',
      '    x-drover-lb:',
      '      routes:',
      '        - {port: 80, service: "web:8080"}',
      '        - {port: 81, service: api}',
      '  web: {image: nginx}',
      '  api: {image: api}',
    ].join('\n');
    expect(loadBalancers(compose)).toEqual(new Map([['edge', ['web', 'api']]]));
    expect(loadBalancers('services: {web: {image: nginx}}').size).toBe(0);
    expect(loadBalancers('not: [yaml').size).toBe(0);
  });
});

describe('buildGraph', () => {
  const hosts = [host(1, 'a', 'n1'), host(2, 'b', 'n2')];

  it('puts tasks in their host by node id, and unplaced tasks apart', () => {
    const graph = buildGraph(
      hosts,
      [
        stack('services: {nginx: {image: nginx}}', [
          task(1, 'n1'),
          task(2, 'n2'),
          task(3, null, 'pending'),
        ]),
      ],
      null,
    );
    expect(graph.containers.map((c) => [c.label, c.hostKey, c.tone])).toEqual([
      ['nginx.1', 'host:1', 'ok'],
      ['nginx.2', 'host:2', 'ok'],
      ['nginx.3', UNPLACED, 'info'],
    ]);
    expect(graph.hosts.map((h) => h.id)).toEqual(['host:1', 'host:2', UNPLACED]);
  });

  it('uses container.list when present, one node per slot, running first', () => {
    const container = (
      id: string,
      slot: number,
      state: ContainerState,
      hostId = 1,
    ): ContainerSummary => ({
      id,
      name: `web_nginx.${slot}.${id}`,
      hostId,
      hostName: hostId === 1 ? 'a' : 'b',
      stack: 'web',
      service: 'web_nginx',
      taskSlot: slot,
      state,
      status: '',
      image: 'nginx',
      createdAt: '',
      startedAt: null,
    });
    const graph = buildGraph(
      hosts,
      [stack('services: {nginx: {image: nginx}}', [task(1, 'n1'), task(2, 'n2')])],
      [
        container('old', 1, 'created'),
        container('new', 1, 'running'),
        container('gone', 2, 'exited', 2),
        container('two', 2, 'running', 2),
      ],
    );
    expect(graph.containers.map((c) => [c.id, c.hostKey])).toEqual([
      ['c:new', 'host:1'],
      ['c:two', 'host:2'],
    ]);
  });

  it('draws a load balancer as one node: its rules tier joins the edge, edges go to the targets', () => {
    const lbStack = {
      name: 'shop',
      compose: [
        'services:',
        '  web: {image: nginx}',
        '  lb:',
        '    image: haproxy',
        '    x-drover-lb:',
        '      rules: [{listen: 8080, target: web, port: 80}]',
      ].join('\n'),
      serviceDetails: [
        { name: 'shop_web', shortName: 'web', lb: null, tasks: [task(1, 'n1')] },
        {
          name: 'shop_lb',
          shortName: 'lb',
          lb: { name: 'lb', tier: 'edge' },
          tasks: [task(7, 'n2')],
        },
        {
          name: 'shop_lb-rules',
          shortName: 'lb-rules',
          lb: { name: 'lb', tier: 'rules' },
          tasks: [task(1, 'n1')],
        },
      ],
    } as unknown as StackDetail;
    const graph = buildGraph(hosts, [lbStack], null);
    expect(graph.services.map((s) => [s.id, s.isLb, s.targets])).toEqual([
      ['shop_web', false, []],
      ['shop_lb', true, ['shop_web']],
    ]);
    expect(graph.containers.map((c) => [c.service, c.label])).toEqual([
      ['shop_lb', 'lb-rules.1'],
      ['shop_lb', 'lb.7'],
      ['shop_web', 'web.1'],
    ]);
  });

  it("shows the engine's task error on the service, and a rules tier's on its load balancer", () => {
    const problem = (message: string) => ({
      message,
      state: 'rejected',
      at: '2026-01-01T10:00:00Z',
      node: 'b',
      tasks: 3,
    });
    const lbStack = {
      name: 'shop',
      compose: 'services:\n  lb:\n    image: haproxy\n    x-drover-lb: {rules: []}\n',
      serviceDetails: [
        {
          name: 'shop_web',
          shortName: 'web',
          lb: null,
          problem: problem('No such image: web:nope'),
          tasks: [],
        },
        {
          name: 'shop_lb',
          shortName: 'lb',
          lb: { name: 'lb', tier: 'edge' },
          problem: null,
          tasks: [],
        },
        {
          name: 'shop_lb-rules',
          shortName: 'lb-rules',
          lb: { name: 'lb', tier: 'rules' },
          problem: problem('No such image: haproxy:nope'),
          tasks: [],
        },
      ],
    } as unknown as StackDetail;
    const graph = buildGraph(hosts, [lbStack], null);
    expect(graph.services.map((s) => [s.id, s.problem])).toEqual([
      ['shop_web', 'rejected on b: No such image: web:nope (3 tasks)'],
      ['shop_lb', 'rejected on b: No such image: haproxy:nope (3 tasks)'],
    ]);
  });
});
