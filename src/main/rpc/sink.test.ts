import { describe, expect, it, vi } from 'vitest';
import type { AnyEvent } from '../events/bus.js';
import { createSink } from './sink.js';

describe('createSink', () => {
  it('delivers events until closed, then drops them', () => {
    const got: AnyEvent[] = [];
    const owned = createSink((e) => got.push(e));
    owned.sink.send('stream.data', { streamId: 's1', data: 'a' });
    owned.close();
    owned.sink.send('stream.data', { streamId: 's1', data: 'b' });
    expect(got).toEqual([{ event: 'stream.data', payload: { streamId: 's1', data: 'a' } }]);
    expect(owned.sink.closed).toBe(true);
  });

  it('runs close callbacks once, skips undone ones, and runs late ones at once', () => {
    const owned = createSink(() => undefined);
    const first = vi.fn();
    const undone = vi.fn();
    owned.sink.onClose(first);
    owned.sink.onClose(undone)();
    owned.close();
    owned.close();
    expect(first).toHaveBeenCalledTimes(1);
    expect(undone).not.toHaveBeenCalled();
    const late = vi.fn();
    owned.sink.onClose(late);
    expect(late).toHaveBeenCalledTimes(1);
  });

  it('keeps closing the other streams when one close callback throws', () => {
    const owned = createSink(() => undefined);
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const after = vi.fn();
    owned.sink.onClose(() => {
      throw new Error('boom');
    });
    owned.sink.onClose(after);
    owned.close();
    expect(after).toHaveBeenCalled();
    expect(error).toHaveBeenCalled();
    error.mockRestore();
  });
});
