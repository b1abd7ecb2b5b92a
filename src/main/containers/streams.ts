// Open log and exec streams, each owned by the shell connection (CallContext.sink) that opened
// it: its output goes there alone, only its owner may write to or close it, and it is closed
// when that connection goes away.
import crypto from 'node:crypto';
import { DroverError } from '../../shared/errors.js';
import type { CallContext } from '../rpc/context.js';
import type { EventSink } from '../rpc/sink.js';

/** What a running stream can do besides producing output. */
export interface StreamSource {
  /** Stop producing output and release what the stream holds (channels, processes). */
  close(): void;
  input?(data: string): void;
  resize?(cols: number, rows: number): Promise<void>;
  /** Stop reading for a while (the connection's reader is slow); the producer then waits. */
  pause?(): void;
  resume?(): void;
}

/**
 * Streams one connection may hold open at once (logs and shells). Each holds SSH channels and a
 * host-side process; a client opening them without end would exhaust both.
 */
export const MAX_STREAMS_PER_CONNECTION = 32;

/** Handed to a stream's producer. Calls after the stream ended are ignored. */
export interface StreamOutput {
  data(data: string, source?: string): void;
  /** The source finished (or failed, with the error in words). */
  end(error?: string): void;
}

interface Entry {
  sink: EventSink;
  source?: StreamSource;
  ended: boolean;
  /** Paused until the connection drains. */
  paused: boolean;
  /** Output held until the reply naming the stream has gone out. */
  held: (() => void)[] | null;
  unhook: () => void;
}

export class StreamRegistry {
  private readonly streams = new Map<string, Entry>();

  get size(): number {
    return this.streams.size;
  }

  /**
   * Opens a stream for the caller's connection. `begin` starts the producer and returns how to
   * steer it; if it throws, nothing stays open. Output produced before this call's reply has
   * reached the caller is held back, so no event ever names a stream id the caller has not seen.
   */
  async open(
    ctx: CallContext,
    begin: (output: StreamOutput, streamId: string) => Promise<StreamSource>,
  ): Promise<{ streamId: string }> {
    const sink = ctx.sink;
    if (!sink || sink.closed) {
      throw new DroverError(
        'PRECONDITION_FAILED',
        'Streams need a connection that receives their output (a window or a WebSocket)',
      );
    }
    const open = [...this.streams.values()].filter((e) => e.sink === sink).length;
    if (open >= MAX_STREAMS_PER_CONNECTION) {
      throw new DroverError(
        'PRECONDITION_FAILED',
        `This connection already has ${open} log and shell streams open, the most it may hold: close one first`,
      );
    }
    const streamId = crypto.randomUUID();
    const entry: Entry = { sink, ended: false, paused: false, held: [], unhook: () => undefined };
    this.streams.set(streamId, entry);
    const deliver = (send: () => void) => (entry.held ? entry.held.push(send) : send());
    const output: StreamOutput = {
      data: (data, source) => {
        if (entry.ended || data === '') return;
        deliver(() =>
          sink.send('stream.data', source ? { streamId, data, source } : { streamId, data }),
        );
        if (sink.congested) this.pauseUntilDrained(entry);
      },
      end: (error) => this.finish(streamId, entry, error),
    };
    try {
      entry.source = await begin(output, streamId);
    } catch (error) {
      entry.ended = true;
      this.streams.delete(streamId);
      throw error;
    }
    if (entry.ended) entry.source.close();
    // The connection may have gone while the stream was starting: onClose then runs at once.
    else entry.unhook = sink.onClose(() => this.shut(streamId, entry));
    // The reply is sent from the promise chain this call resolves; a macrotask runs after it.
    setImmediate(() => {
      const held = entry.held ?? [];
      entry.held = null;
      for (const send of held) send();
    });
    return { streamId };
  }

  input(streamId: string, data: string, ctx: CallContext): void {
    const source = this.owned(streamId, ctx).source;
    if (!source?.input) throw new DroverError('PRECONDITION_FAILED', 'This stream takes no input');
    source.input(data);
  }

  async resize(streamId: string, cols: number, rows: number, ctx: CallContext): Promise<void> {
    const source = this.owned(streamId, ctx).source;
    if (!source?.resize) throw new DroverError('PRECONDITION_FAILED', 'This stream has no size');
    await source.resize(cols, rows);
  }

  /** Closes a stream of the caller's connection; stream.end follows. */
  close(streamId: string, ctx: CallContext): void {
    this.shut(streamId, this.owned(streamId, ctx));
  }

  closeAll(): void {
    for (const [streamId, entry] of [...this.streams]) this.shut(streamId, entry);
  }

  private shut(streamId: string, entry: Entry): void {
    try {
      entry.source?.close();
    } finally {
      this.finish(streamId, entry);
    }
  }

  /** A slow reader slows the producer: its host-side output waits in SSH's flow control. */
  private pauseUntilDrained(entry: Entry): void {
    if (entry.paused || !entry.source?.pause) return;
    entry.paused = true;
    entry.source.pause();
    entry.sink.whenDrained(() => {
      entry.paused = false;
      if (!entry.ended) entry.source?.resume?.();
    });
  }

  private owned(streamId: string, ctx: CallContext): Entry {
    const entry = this.streams.get(streamId);
    // Another connection's stream is as unknown to the caller as one that never existed.
    if (!entry || entry.sink !== ctx.sink || entry.ended)
      throw new DroverError('NOT_FOUND', `No open stream ${streamId}`);
    return entry;
  }

  private finish(streamId: string, entry: Entry, error?: string): void {
    if (entry.ended) return;
    entry.ended = true;
    entry.unhook();
    this.streams.delete(streamId);
    const send = () => entry.sink.send('stream.end', error ? { streamId, error } : { streamId });
    if (entry.held) entry.held.push(send);
    else send();
  }
}
