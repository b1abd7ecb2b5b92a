// A WebSocket's unsent output, watched. A client that reads slowly slows the streams it opened
// (they pause, and their hosts' output waits in SSH's flow control, until it has drained); a
// client that stops reading is dropped before the core holds more than `dropBytes` for it.
// Without this, ws queues every message for a client that never reads: memory without end.
import type { WebSocket } from 'ws';
import type { FlowControl } from '../rpc/sink.js';

export interface FlowLimits {
  /** Unsent bytes above which the connection counts as congested (its streams pause). */
  highWaterBytes: number;
  /** Unsent bytes below which paused streams go on. */
  lowWaterBytes: number;
  /** Unsent bytes at which the client is dropped: it is not reading. */
  dropBytes: number;
  /** How often a congested connection is looked at again. */
  checkMs: number;
}

export const DEFAULT_FLOW_LIMITS: FlowLimits = {
  highWaterBytes: 1024 * 1024,
  lowWaterBytes: 256 * 1024,
  dropBytes: 16 * 1024 * 1024,
  checkMs: 25,
};

/** The close code a dropped client sees: a policy violation (it did not read its output). */
export const SLOW_CLIENT_CLOSE_CODE = 1008;
/** After the close frame, how long a client may take to read up to it before the cut. */
const CLOSE_GRACE_MS = 5_000;

export interface WatchedFlow extends FlowControl {
  /** False (and the client dropped) when nothing more may be queued for it. */
  admit(): boolean;
  stop(): void;
}

export function watchFlow(
  ws: WebSocket,
  describe: string,
  limits: FlowLimits = DEFAULT_FLOW_LIMITS,
): WatchedFlow {
  let waiting: (() => void)[] = [];
  let timer: NodeJS.Timeout | undefined;
  let dropped = false;
  const open = () => ws.readyState === ws.OPEN && !dropped;

  const release = () => {
    clearInterval(timer);
    timer = undefined;
    const callbacks = waiting;
    waiting = [];
    for (const callback of callbacks) callback();
  };

  const drop = () => {
    dropped = true;
    const mib = (ws.bufferedAmount / 1024 / 1024).toFixed(1);
    console.warn(`Drover web: dropped ${describe}: it stopped reading (${mib} MiB unsent)`);
    ws.close(SLOW_CLIENT_CLOSE_CODE, 'Too slow: output not read');
    setTimeout(() => ws.terminate(), CLOSE_GRACE_MS).unref();
    release();
  };

  return {
    admit() {
      if (!open()) return false;
      if (ws.bufferedAmount < limits.dropBytes) return true;
      drop();
      return false;
    },
    congested: () => open() && ws.bufferedAmount > limits.highWaterBytes,
    whenDrained(callback) {
      if (!open()) return callback();
      waiting.push(callback);
      timer ??= setInterval(() => {
        if (!open() || ws.bufferedAmount <= limits.lowWaterBytes) release();
      }, limits.checkMs);
    },
    stop: release,
  };
}
