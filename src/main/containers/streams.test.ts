import { describe, expect, it, vi } from 'vitest';
import { DroverError } from '../../shared/errors.js';
import type { AnyEvent } from '../events/bus.js';
import type { CallContext } from '../rpc/context.js';
import { createSink } from '../rpc/sink.js';
import {
  MAX_STREAMS_PER_CONNECTION,
  StreamRegistry,
  type StreamOutput,
  type StreamSource,
} from './streams.js';
import { adminContext } from '../test-support.js';

function connection() {
  const events: AnyEvent[] = [];
  const owned = createSink((e) => events.push(e));
  const ctx: CallContext = { ...adminContext('alice', 'web'), sink: owned.sink };
  return { events, owned, ctx };
}

const tick = () => new Promise((r) => setImmediate(r));

function fakeSource(): StreamSource & { closed: number; typed: string[] } {
  const source = {
    closed: 0,
    typed: [] as string[],
    close: () => void source.closed++,
    input: (data: string) => void source.typed.push(data),
    resize: () => Promise.resolve(),
  };
  return source;
}

describe('StreamRegistry', () => {
  it("sends a stream's output to the connection that opened it and to no other", async () => {
    const registry = new StreamRegistry();
    const a = connection();
    const b = connection();
    let output!: StreamOutput;
    const { streamId } = await registry.open(a.ctx, async (o) => ((output = o), fakeSource()));
    await tick();
    output.data('hello', 'web.1@h1');
    output.end();
    expect(a.events).toEqual([
      { event: 'stream.data', payload: { streamId, data: 'hello', source: 'web.1@h1' } },
      { event: 'stream.end', payload: { streamId } },
    ]);
    expect(b.events).toEqual([]);
    expect(registry.size).toBe(0);
  });

  it('holds output made while opening until the reply naming the stream is out', async () => {
    const registry = new StreamRegistry();
    const a = connection();
    const opened = registry.open(a.ctx, async (o) => {
      o.data('early');
      o.end();
      return fakeSource();
    });
    const { streamId } = await opened;
    // The caller has the id before any event mentions it.
    expect(a.events).toEqual([]);
    await tick();
    expect(a.events.map((e) => e.event)).toEqual(['stream.data', 'stream.end']);
    expect(a.events[0]?.payload).toEqual({ streamId, data: 'early' });
  });

  it('lets only the owner write, resize or close; others get NOT_FOUND', async () => {
    const registry = new StreamRegistry();
    const a = connection();
    const b = connection();
    const source = fakeSource();
    const { streamId } = await registry.open(a.ctx, async () => source);
    expect(() => registry.input(streamId, 'ls\n', b.ctx)).toThrow(DroverError);
    expect(() => registry.close(streamId, b.ctx)).toThrow(/No open stream/);
    await expect(registry.resize(streamId, 80, 24, b.ctx)).rejects.toThrow(/No open stream/);
    registry.input(streamId, 'ls\n', a.ctx);
    expect(source.typed).toEqual(['ls\n']);
    registry.close(streamId, a.ctx);
    await tick();
    expect(source.closed).toBe(1);
    expect(a.events).toEqual([{ event: 'stream.end', payload: { streamId } }]);
    expect(() => registry.close(streamId, a.ctx)).toThrow(/No open stream/);
  });

  it("closes a connection's streams when it closes, and no one else's", async () => {
    const registry = new StreamRegistry();
    const a = connection();
    const b = connection();
    const mine = [fakeSource(), fakeSource()];
    const theirs = fakeSource();
    for (const s of mine) await registry.open(a.ctx, async () => s);
    await registry.open(b.ctx, async () => theirs);
    a.owned.close();
    expect(mine.map((s) => s.closed)).toEqual([1, 1]);
    expect(theirs.closed).toBe(0);
    expect(registry.size).toBe(1);
  });

  it('closes a stream at once when its connection went away while it was opening', async () => {
    const registry = new StreamRegistry();
    const a = connection();
    const source = fakeSource();
    await registry.open(a.ctx, async () => {
      a.owned.close();
      return source;
    });
    expect(source.closed).toBe(1);
    expect(registry.size).toBe(0);
  });

  it('keeps nothing open when the stream cannot start, and refuses callers without a sink', async () => {
    const registry = new StreamRegistry();
    const a = connection();
    const onClose = vi.spyOn(a.owned.sink, 'onClose');
    await expect(
      registry.open(a.ctx, async () => {
        throw new DroverError('NOT_FOUND', 'No container x');
      }),
    ).rejects.toThrow('No container x');
    expect(registry.size).toBe(0);
    expect(onClose).not.toHaveBeenCalled();
    await expect(
      registry.open(adminContext('cli', 'cli'), async () => fakeSource()),
    ).rejects.toMatchObject({ code: 'PRECONDITION_FAILED' });
  });

  it('ignores output after the end and sends stream.end once, with the error', async () => {
    const registry = new StreamRegistry();
    const a = connection();
    let output!: StreamOutput;
    const { streamId } = await registry.open(a.ctx, async (o) => ((output = o), fakeSource()));
    await tick();
    output.end('the host went away');
    output.end();
    output.data('late');
    expect(a.events).toEqual([
      { event: 'stream.end', payload: { streamId, error: 'the host went away' } },
    ]);
  });

  it('refuses a stream over the per-connection cap, with words, and counts each connection alone', async () => {
    const registry = new StreamRegistry();
    const a = connection();
    const b = connection();
    for (let i = 0; i < MAX_STREAMS_PER_CONNECTION; i++)
      await registry.open(a.ctx, async () => fakeSource());
    const refused = await registry.open(a.ctx, async () => fakeSource()).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(DroverError);
    expect((refused as DroverError).message).toMatch(/32 log and shell streams open.*close one/);
    // Another connection is not limited by the first one's streams.
    await expect(registry.open(b.ctx, async () => fakeSource())).resolves.toBeDefined();
    // Closing one makes room again.
    const first = (await registry.open(b.ctx, async () => fakeSource())).streamId;
    registry.close(first, b.ctx);
    a.owned.close();
    await expect(registry.open(a.ctx, async () => fakeSource())).rejects.toThrow();
    expect(registry.size).toBe(1);
  });

  it("pauses a stream's producer while its connection is congested, and resumes it once drained", async () => {
    let congested = false;
    const drained: (() => void)[] = [];
    const owned = createSink(() => undefined, {
      congested: () => congested,
      whenDrained: (callback) => drained.push(callback),
    });
    const ctx: CallContext = { ...adminContext('alice', 'web'), sink: owned.sink };
    const registry = new StreamRegistry();
    const state = { paused: 0, resumed: 0 };
    let output!: StreamOutput;
    await registry.open(ctx, async (o) => {
      output = o;
      return {
        ...fakeSource(),
        pause: () => void state.paused++,
        resume: () => void state.resumed++,
      };
    });
    await tick();
    output.data('fine');
    expect(state).toEqual({ paused: 0, resumed: 0 });
    congested = true;
    output.data('a lot');
    output.data('more, already on its way');
    expect(state).toEqual({ paused: 1, resumed: 0 });
    congested = false;
    drained.splice(0).forEach((callback) => callback());
    expect(state).toEqual({ paused: 1, resumed: 1 });
  });
});
