import { describe, expect, it } from 'vitest';
import { isCurrentTask, serviceProblem, stuckDetector } from './task-problems';
import type { RawService, RawTask } from '../swarm/objects';

// Shapes as the engine (20.10) returns them: the service spec carries defaults the task's copy
// of the template leaves out, and a rejected task waits for its replacement in desired "ready".
const IMAGE = '10.77.0.2:5000/nginx:does-not-exist';
const template = (image = IMAGE) => ({
  ContainerSpec: {
    Image: image,
    Init: false,
    StopGracePeriod: 10_000_000_000,
    DNSConfig: {},
    Isolation: 'default',
  },
  Resources: { Limits: {}, Reservations: {} },
  RestartPolicy: { Condition: 'any', Delay: 5_000_000_000, MaxAttempts: 0 },
  Placement: {},
  ForceUpdate: 0,
  Runtime: 'container',
});
const service = (replicas = 2, image = IMAGE): RawService => ({
  ID: 'svc',
  Version: { Index: 10 },
  Spec: {
    Name: 'shop_web',
    Mode: { Replicated: { Replicas: replicas } },
    TaskTemplate: template(image),
  },
});
let n = 0;
const task = (
  state: string,
  err: string | undefined,
  at: string,
  extra: { desired?: string; image?: string; node?: string } = {},
): RawTask => ({
  ID: `t${++n}`,
  ServiceID: 'svc',
  Slot: 1,
  NodeID: extra.node ?? (state === 'pending' ? undefined : 'node1'),
  DesiredState: extra.desired ?? (state === 'rejected' ? 'ready' : 'running'),
  Spec: {
    ContainerSpec: {
      Image: extra.image ?? IMAGE,
      Init: false,
      DNSConfig: {},
      Isolation: 'default',
    },
    Resources: { Limits: {}, Reservations: {} },
    Placement: {},
    ForceUpdate: 0,
  },
  Status: { Timestamp: at, State: state, Message: 'preparing', ...(err ? { Err: err } : {}) },
});
const NO_IMAGE = `No such image: ${IMAGE}`;
const hostOf = (id: string) => (id === 'node1' ? 'drvlab7' : null);

describe('serviceProblem', () => {
  it("names the latest error of the current spec's tasks, its state, host and count", () => {
    const tasks = [
      task('rejected', NO_IMAGE, '2026-01-01T10:00:01Z', { desired: 'shutdown' }),
      task('rejected', NO_IMAGE, '2026-01-01T10:00:06Z'),
      task('rejected', 'an older error', '2026-01-01T10:00:02Z', { desired: 'shutdown' }),
    ];
    expect(serviceProblem(service(), tasks, hostOf)).toEqual({
      message: NO_IMAGE,
      state: 'rejected',
      at: '2026-01-01T10:00:06Z',
      node: 'drvlab7',
      tasks: 3,
    });
  });

  it('takes the error of a pending task the scheduler cannot place', () => {
    const err = 'no suitable node (scheduling constraints not satisfied on 1 node)';
    const problem = serviceProblem(service(1), [task('pending', err, '2026-01-01T10:00:00Z')]);
    expect(problem).toMatchObject({ message: err, state: 'pending', node: null, tasks: 1 });
  });

  it("ignores errors of an earlier spec's tasks (an update since fixed the image)", () => {
    const old = task('rejected', NO_IMAGE, '2026-01-01T10:00:06Z', { desired: 'shutdown' });
    const starting = task('preparing', undefined, '2026-01-01T10:00:07Z', { image: 'nginx:lab' });
    const fixed = service(1, 'nginx:lab');
    expect(isCurrentTask(fixed, old)).toBe(false);
    expect(isCurrentTask(fixed, starting)).toBe(true);
    expect(serviceProblem(fixed, [old, starting])).toBeNull();
  });

  it('is null once every wanted task runs, whatever failed before', () => {
    const tasks = [
      task('rejected', NO_IMAGE, '2026-01-01T10:00:01Z', { desired: 'shutdown' }),
      task('running', undefined, '2026-01-01T10:00:09Z'),
    ];
    expect(serviceProblem(service(1), tasks)).toBeNull();
  });
});

describe('the stop rule of a wait for tasks', () => {
  const INVALID = 'create shop_data: invalid option: "foo"';

  it('stops at the third identical rejection while nothing runs', () => {
    const stuck = stuckDetector();
    const tasks = [task('rejected', INVALID, '2026-01-01T10:00:01Z', { desired: 'shutdown' })];
    tasks.push(task('rejected', INVALID, '2026-01-01T10:00:06Z', { desired: 'shutdown' }));
    expect(stuck(service(1), tasks, 0)).toBeNull();
    tasks.push(task('rejected', INVALID, '2026-01-01T10:00:11Z'));
    expect(stuck(service(1), tasks, 0)).toBe(INVALID);
  });

  it('keeps waiting while a task of the service runs, or the errors differ', () => {
    const stuck = stuckDetector();
    const errors = ['a', 'b', 'a', 'b'].map((e, i) =>
      task('failed', e, `2026-01-01T10:00:0${i}Z`, { desired: 'shutdown' }),
    );
    expect(stuck(service(2), errors, 0)).toBeNull();
    const three = [...errors, task('failed', 'a', '2026-01-01T10:00:05Z', { desired: 'shutdown' })];
    expect(stuck(service(2), three, 0)).toBe('a');
    expect(
      stuck(service(2), [...three, task('running', undefined, '2026-01-01T10:00:06Z')], 0),
    ).toBeNull();
  });

  it('stops for an unschedulable task only after the grace period', () => {
    const stuck = stuckDetector(15_000);
    const err = 'no suitable node (host-mode port already in use on 1 node)';
    const pending = [task('pending', err, '2026-01-01T10:00:00Z')];
    expect(stuck(service(1), pending, 1_000)).toBeNull();
    expect(stuck(service(1), pending, 15_000)).toBeNull();
    expect(stuck(service(1), pending, 16_000)).toBe(err);
  });

  it('starts the grace again when the scheduler gives another reason', () => {
    const stuck = stuckDetector(15_000);
    const pending = task(
      'pending',
      'no suitable node (1 node not available)',
      '2026-01-01T10:00:00Z',
    );
    expect(stuck(service(1), [pending], 0)).toBeNull();
    pending.Status!.Err = 'insufficient resources on 1 node';
    expect(stuck(service(1), [pending], 10_000)).toBeNull();
    expect(stuck(service(1), [pending], 20_000)).toBeNull();
    expect(stuck(service(1), [pending], 25_000)).toBe('insufficient resources on 1 node');
  });

  it('never stops a service that converged', () => {
    const stuck = stuckDetector(0);
    const tasks = [1, 2, 3].map((i) =>
      task('rejected', INVALID, `2026-01-01T10:00:0${i}Z`, { desired: 'shutdown' }),
    );
    expect(
      stuck(service(1), [...tasks, task('running', undefined, '2026-01-01T10:00:09Z')], 0),
    ).toBeNull();
  });
});
