// Log streams: one container's output, or a service's merged from every task on every host.
// Each container is read from its own host's Docker (no manager needed, and the host's SSH
// connection carries it); multiplexed output (no TTY) is split into stdout/stderr first.
import { StringDecoder } from 'node:string_decoder';
import { Writable, type Readable } from 'node:stream';
import type Docker from 'dockerode';
import type Modem from 'docker-modem';
import { DroverError } from '../../shared/errors.js';
import type { StreamOutput } from './streams.js';

export interface LogOptions {
  follow: boolean;
  /** Lines from the end; null for all. */
  tail: number | null;
  timestamps: boolean;
  /** Unix seconds: only what was logged since (a container re-attached after a restart). */
  since?: number;
}

/** Where one container's raw output goes. `end` comes once, with the error if it failed. */
export interface LogSink {
  data(chunk: Buffer, stream: 'stdout' | 'stderr'): void;
  end(error?: Error): void;
}

/** Feeds a logs response to a sink, splitting Docker's multiplexed frames unless it is a TTY. */
export function pipeLogs(
  response: Readable,
  tty: boolean,
  sink: LogSink,
  modem: Pick<Modem, 'demuxStream'>,
): void {
  let ended = false;
  const end = (error?: Error) => {
    if (ended) return;
    ended = true;
    sink.end(error);
  };
  const writer = (stream: 'stdout' | 'stderr') =>
    new Writable({
      write(chunk: Buffer, _encoding, callback) {
        sink.data(chunk, stream);
        callback();
      },
    });
  if (tty) response.on('data', (chunk: Buffer) => sink.data(chunk, 'stdout'));
  else modem.demuxStream(response, writer('stdout'), writer('stderr'));
  response.on('error', end);
  response.on('end', () => end());
  response.on('close', () => end());
}

/** A container's log being read: stop (frees the SSH channel), or pause while a reader is slow. */
export interface LogReader {
  close(): void;
  pause(): void;
  resume(): void;
}

/**
 * Attaches to a container's logs; resolves once Docker answered, with how to steer the reading.
 * A missing container is NOT_FOUND.
 */
export async function attachLogs(
  docker: Docker,
  containerId: string,
  options: LogOptions,
  sink: LogSink,
): Promise<LogReader> {
  const container = docker.getContainer(containerId);
  let tty: boolean;
  try {
    tty = Boolean((await container.inspect()).Config?.Tty);
  } catch (error) {
    if ((error as { statusCode?: number }).statusCode === 404)
      throw new DroverError('NOT_FOUND', `No container ${containerId} on this host`);
    throw error;
  }
  // dockerode buffers (and may JSON-parse) logs without follow; dialing directly always
  // gives the response stream.
  const response = await new Promise<Readable>((resolve, reject) => {
    docker.modem.dial(
      {
        path: `/containers/${encodeURIComponent(containerId)}/logs?`,
        method: 'GET',
        isStream: true,
        statusCodes: { 200: true, 404: 'no such container', 500: 'server error' },
        options: {
          follow: options.follow,
          stdout: true,
          stderr: true,
          timestamps: options.timestamps,
          tail: options.tail === null ? 'all' : String(options.tail),
          ...(options.since !== undefined ? { since: options.since } : {}),
        },
      },
      (error, stream) => (error ? reject(error as Error) : resolve(stream as Readable)),
    );
  });
  pipeLogs(response, tty, sink, docker.modem);
  return {
    close: () => response.destroy(),
    // demuxStream reads on 'data': pausing the response stops it, and SSH's window stops Docker.
    pause: () => response.pause(),
    resume: () => response.resume(),
  };
}

/**
 * The longest line kept whole (characters). A task that prints without a newline (a progress
 * bar, binary output) would otherwise grow the partial line without end; longer lines are cut
 * into pieces of this size, as Docker itself cuts log lines (at 16 KiB).
 */
export const MAX_LINE_CHARS = 64 * 1024;

/** Cuts text into whole lines (a line never straddles two events), decoding UTF-8 safely. */
export class LineFramer {
  private readonly decoder = new StringDecoder('utf8');
  private rest = '';

  constructor(private readonly maxLine = MAX_LINE_CHARS) {}

  /** The complete lines the chunk finishes, each ending in a newline; '' if none. */
  push(chunk: Buffer): string {
    const text = this.rest + this.decoder.write(chunk);
    const cut = text.lastIndexOf('\n') + 1;
    let lines = text.slice(0, cut);
    this.rest = text.slice(cut);
    while (this.rest.length > this.maxLine) {
      lines += `${this.rest.slice(0, this.maxLine)}\n`;
      this.rest = this.rest.slice(this.maxLine);
    }
    return lines;
  }

  /** What is left at the end, as a line. */
  flush(): string {
    const text = this.rest + this.decoder.end();
    this.rest = '';
    return text ? `${text}\n` : '';
  }
}

/** A task's prefix as in `docker service logs`, without the task id: "web_nginx.3@drvlab2". */
export function taskLabel(
  service: string,
  slot: number | null,
  hostName: string,
  containerName: string,
): string {
  if (slot !== null) return `${service}.${slot}@${hostName}`;
  // Global services have one task per node: the host names it.
  return containerName.startsWith(`${service}.`) ? `${service}@${hostName}` : containerName;
}

/** Attaches one container's output to a sink (attachLogs bound to its host and options). */
export type Attach = (sink: LogSink) => Promise<LogReader>;

/**
 * Several containers' logs into one stream, a whole line at a time with each task's label as
 * the event's source. Without follow it ends when every container's log has been read; with
 * follow it stays open for tasks that start later (add) until closed.
 */
export class MergedLogs {
  private readonly readers = new Map<string, LogReader>();
  private readonly reading = new Set<string>();
  private closed = false;
  private started = false;
  private paused = false;

  constructor(
    private readonly output: StreamOutput,
    private readonly follow: boolean,
  ) {}

  /** Adds a container under a key (its id); a key already being read is left alone. */
  async add(key: string, label: string, attach: Attach): Promise<void> {
    if (this.closed || this.reading.has(key)) return;
    this.reading.add(key);
    const framers = { stdout: new LineFramer(), stderr: new LineFramer() };
    const emit = (text: string) => this.output.data(text, label);
    try {
      const reader = await attach({
        data: (chunk, stream) => emit(framers[stream].push(chunk)),
        end: () => {
          emit(framers.stdout.flush() + framers.stderr.flush());
          this.readers.delete(key);
          this.reading.delete(key);
          this.maybeEnd();
        },
      });
      if (this.closed) reader.close();
      else if (this.reading.has(key)) {
        this.readers.set(key, reader);
        if (this.paused) reader.pause();
      }
    } catch (error) {
      // A task removed between listing and attaching has nothing more to say.
      this.reading.delete(key);
      if (!(error instanceof DroverError && error.code === 'NOT_FOUND')) {
        emit(`[drover] cannot read these logs: ${(error as Error).message}\n`);
      }
      this.maybeEnd();
    }
  }

  /** Call once the initial set of containers has been added. */
  allAdded(): void {
    this.started = true;
    this.maybeEnd();
  }

  has(key: string): boolean {
    return this.reading.has(key);
  }

  close(): void {
    this.closed = true;
    for (const reader of this.readers.values()) reader.close();
    this.readers.clear();
    this.reading.clear();
  }

  /** Every container's reading waits (and those added meanwhile start paused). */
  pause(): void {
    this.paused = true;
    for (const reader of this.readers.values()) reader.pause();
  }

  resume(): void {
    this.paused = false;
    for (const reader of this.readers.values()) reader.resume();
  }

  private maybeEnd(): void {
    if (!this.follow && this.started && !this.closed && this.reading.size === 0) this.output.end();
  }
}
