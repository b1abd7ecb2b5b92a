import { describe, expect, it } from 'vitest';
import type { OperationProgress } from '../../shared/types.js';
import { EventBus, type AnyEvent } from '../events/bus.js';
import { noteWaiting, progressReporter, step } from './progress.js';

function recorder() {
  const events = new EventBus();
  const seen: AnyEvent[] = [];
  events.subscribe((event) => seen.push(event));
  const progress = () =>
    seen.filter((e) => e.event === 'operation.progress').map((e) => e.payload as OperationProgress);
  return { events, seen, progress };
}

describe('step', () => {
  it('reports the step running, then done, and returns its result', async () => {
    const { events, progress } = recorder();
    const report = progressReporter(events, 'op-1', 7);
    const result = await step(report, 'login', 'Logging in as ops', async () => {
      expect(progress()).toEqual([
        {
          operationId: 'op-1',
          environmentId: 7,
          step: 'login',
          state: 'running',
          message: 'Logging in as ops',
        },
      ]);
      return 42;
    });
    expect(result).toBe(42);
    expect(progress().map((p) => [p.step, p.state, p.message])).toEqual([
      ['login', 'running', 'Logging in as ops'],
      ['login', 'done', 'Logging in as ops'],
    ]);
  });

  it('reports a failure with its message and rethrows the same error', async () => {
    const { events, progress } = recorder();
    const failure = new Error('Permission denied (publickey)');
    const run = step(progressReporter(events, 'op-2'), 'login', 'Logging in', async () => {
      throw failure;
    });
    await expect(run).rejects.toBe(failure);
    expect(progress()).toEqual([
      { operationId: 'op-2', step: 'login', state: 'running', message: 'Logging in' },
      {
        operationId: 'op-2',
        step: 'login',
        state: 'failed',
        message: 'Permission denied (publickey)',
      },
    ]);
  });

  it('reports a thrown non-Error as text', async () => {
    const { events, progress } = recorder();
    await expect(
      step(progressReporter(events, 'op-3'), 'x', 'X', () => Promise.reject('plain reason')),
    ).rejects.toBe('plain reason');
    expect(progress().at(-1)).toMatchObject({ state: 'failed', message: 'plain reason' });
  });

  it('publishes nothing without an operation id, but still runs and rethrows', async () => {
    const { events, seen } = recorder();
    const report = progressReporter(events, undefined);
    await expect(step(report, 'a', 'A', async () => 'ok')).resolves.toBe('ok');
    await expect(
      step(report, 'b', 'B', async () => {
        throw new Error('nope');
      }),
    ).rejects.toThrow('nope');
    expect(seen).toEqual([]);
  });

  it('passes a fraction through for steps that can tell', () => {
    const { events, progress } = recorder();
    progressReporter(events, 'op-4')('pull', 'running', 'Pulling', 0.5);
    expect(progress()).toEqual([
      { operationId: 'op-4', step: 'pull', state: 'running', message: 'Pulling', fraction: 0.5 },
    ]);
  });
});

describe('noteWaiting', () => {
  it('tells the step under way what it waits for, however deep the call', async () => {
    const { events, progress } = recorder();
    const report = progressReporter(events, 'op-2', 7);
    const deep = async () => {
      await Promise.resolve();
      noteWaiting('Waiting for a leader');
    };
    await step(report, 'deploy', 'Deploying web', deep);
    expect(progress().map((p) => [p.step, p.state, p.message])).toEqual([
      ['deploy', 'running', 'Deploying web'],
      ['deploy', 'running', 'Waiting for a leader'],
      ['deploy', 'done', 'Deploying web'],
    ]);
  });
});
