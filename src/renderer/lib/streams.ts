// Streams from the core (container logs, exec shells): open one, receive its `stream.data` and
// `stream.end` events, close it. Events are routed by streamId; ones that arrive before the open
// request has answered are held briefly and replayed, so no output is lost. A stream that is
// closed before its id is known is closed on the core as soon as the id arrives.
import { useEffect, useRef, useState } from 'react';
import { api, connection } from './api';
import { errorMessage } from './errors';

export interface StreamHandlers {
  /** The core has opened the stream (before any data). */
  onOpen?(streamId: string): void;
  onData(data: string, source: string | undefined): void;
  /** Once, when the stream ends by itself or fails (not after close()): error says why. */
  onEnd(error: string | null): void;
}

export interface StreamHandle {
  /** The core's id once the stream is open, else null. */
  readonly streamId: string | null;
  /** Stops delivery and closes the stream on the core (stream.close). Safe to call twice. */
  close(): void;
}

export interface LogStreamArgs {
  environmentId: number;
  /** One container, or … */
  container?: { hostId: number; id: string };
  /** … a whole Swarm service (<stack>_<service>), merged, each line with its task as source. */
  service?: string;
  follow?: boolean;
  tail?: number;
  timestamps?: boolean;
}

export interface ExecStreamArgs {
  environmentId: number;
  hostId: number;
  containerId: string;
  command?: string[];
  cols: number;
  rows: number;
}

type Opener = () => Promise<{ streamId: string }>;

export const openLogs =
  (args: LogStreamArgs): Opener =>
  () =>
    api.invoke('logs.open', args);

export const openExec =
  (args: ExecStreamArgs): Opener =>
  () =>
    api.invoke('exec.open', args);

export function sendExecInput(streamId: string, data: string): Promise<unknown> {
  return api.invoke('exec.input', { streamId, data });
}

export function resizeExec(streamId: string, cols: number, rows: number): Promise<unknown> {
  return api.invoke('exec.resize', { streamId, cols, rows });
}

// --- Routing -------------------------------------------------------------------------------

type Parked =
  | { kind: 'data'; data: string; source: string | undefined }
  | { kind: 'end'; error: string | null };

const routes = new Map<string, StreamHandlers>();
const parked = new Map<string, { at: number; events: Parked[] }>();
const PARK_MS = 10_000;
const PARK_MAX_EVENTS = 5_000;
let routing = false;

function park(streamId: string, event: Parked): void {
  const now = Date.now();
  for (const [id, entry] of parked) if (now - entry.at > PARK_MS) parked.delete(id);
  const entry = parked.get(streamId) ?? { at: now, events: [] };
  if (entry.events.length < PARK_MAX_EVENTS) entry.events.push(event);
  parked.set(streamId, entry);
}

function startRouting(): void {
  if (routing) return;
  routing = true;
  api.on('stream.data', ({ streamId, data, source }) => {
    const route = routes.get(streamId);
    if (route) route.onData(data, source);
    else park(streamId, { kind: 'data', data, source });
  });
  api.on('stream.end', ({ streamId, error }) => {
    const route = routes.get(streamId);
    if (route) route.onEnd(error ?? null);
    else park(streamId, { kind: 'end', error: error ?? null });
  });
  // Streams live on the connection that opened them: when it drops, they are gone.
  connection.subscribe(() => {
    if (connection.get().state === 'connected') return;
    for (const route of [...routes.values()]) route.onEnd('The connection to the console was lost');
  });
}

/** Opens a stream and routes its events to `handlers` until it ends or is closed. */
export function openStream(open: Opener, handlers: StreamHandlers): StreamHandle {
  startRouting();
  let streamId: string | null = null;
  let closed = false;
  let ended = false;

  const route: StreamHandlers = {
    onData: (data, source) => {
      if (!closed && !ended) handlers.onData(data, source);
    },
    onEnd: (error) => {
      if (ended) return;
      ended = true;
      if (streamId !== null) routes.delete(streamId);
      if (!closed) handlers.onEnd(error);
    },
  };

  open().then(
    (result) => {
      streamId = result.streamId;
      if (closed) {
        void api.invoke('stream.close', { streamId }).catch(() => undefined);
        return;
      }
      routes.set(streamId, route);
      handlers.onOpen?.(streamId);
      const early = parked.get(streamId);
      parked.delete(streamId);
      for (const event of early?.events ?? []) {
        if (event.kind === 'data') route.onData(event.data, event.source);
        else route.onEnd(event.error);
      }
    },
    (error: unknown) => route.onEnd(errorMessage(error)),
  );

  return {
    get streamId() {
      return streamId;
    },
    close() {
      if (closed) return;
      closed = true;
      if (streamId === null) return;
      routes.delete(streamId);
      if (!ended) void api.invoke('stream.close', { streamId }).catch(() => undefined);
    },
  };
}

export type StreamStatus = 'opening' | 'open' | 'ended';

export interface StreamState {
  status: StreamStatus;
  /** Why the stream failed or ended early; null when it ended normally. */
  error: string | null;
  /** Current stream handle (null before the first open), e.g. to send exec input. */
  handle: StreamHandle | null;
  /** Closes the current stream and opens a new one. */
  reopen(): void;
}

/**
 * Keeps one stream open while the calling component is mounted: opens it, reopens it when
 * `key` changes, and closes it on unmount. `open` null means "nothing to stream".
 *
 *   const { status } = useStream(`${env}/${service}`, openLogs({ environmentId: env, service }), {
 *     onData: (text, source) => append(text, source),
 *     onEnd: () => {},
 *   });
 *
 * Handlers may change between renders without reopening the stream.
 */
export function useStream(
  key: string | null,
  open: Opener | null,
  handlers: StreamHandlers,
): StreamState {
  const [status, setStatus] = useState<StreamStatus>('opening');
  const [error, setError] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);
  const [handle, setHandle] = useState<StreamHandle | null>(null);
  const handlersRef = useRef(handlers);
  handlersRef.current = handlers;
  const openRef = useRef(open);
  openRef.current = open;

  useEffect(() => {
    const opener = openRef.current;
    if (key === null || opener === null) return;
    setStatus('opening');
    setError(null);
    const stream = openStream(opener, {
      onOpen: (streamId) => {
        setStatus((s) => (s === 'opening' ? 'open' : s));
        handlersRef.current.onOpen?.(streamId);
      },
      onData: (data, source) => handlersRef.current.onData(data, source),
      onEnd: (reason) => {
        setStatus('ended');
        setError(reason);
        handlersRef.current.onEnd(reason);
      },
    });
    setHandle(stream);
    return () => stream.close();
  }, [key, attempt]);

  return { status, error, handle, reopen: () => setAttempt((n) => n + 1) };
}
