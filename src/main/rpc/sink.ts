// Per-connection event delivery. The EventBus reaches every shell; a stream's output must reach
// only the connection that opened it, and must stop when that connection goes away.
import type { EventMap, EventName } from '../../shared/contract.js';
import type { AnyEvent } from '../events/bus.js';

export interface EventSink {
  /** Delivers an event to this connection only (dropped once it has closed). */
  send<E extends EventName>(event: E, payload: EventMap[E]): void;
  /** Runs `callback` once when the connection closes (at once if it has). Returns an undo. */
  onClose(callback: () => void): () => void;
  readonly closed: boolean;
  /** True while the connection holds more unsent output than it should (a slow reader). */
  readonly congested: boolean;
  /** Runs `callback` once the connection's unsent output has drained (or it closed). */
  whenDrained(callback: () => void): void;
}

/** How a transport reports its unsent output; a window's IPC has none to report. */
export interface FlowControl {
  congested(): boolean;
  whenDrained(callback: () => void): void;
}

export interface OwnedSink {
  sink: EventSink;
  /** The binding calls this when its connection ends: every stream on it is closed. */
  close(): void;
}

export function createSink(deliver: (event: AnyEvent) => void, flow?: FlowControl): OwnedSink {
  const callbacks = new Set<() => void>();
  let closed = false;
  const sink: EventSink = {
    send(event, payload) {
      if (!closed) deliver({ event, payload } as AnyEvent);
    },
    onClose(callback) {
      if (closed) {
        callback();
        return () => undefined;
      }
      callbacks.add(callback);
      return () => callbacks.delete(callback);
    },
    get closed() {
      return closed;
    },
    get congested() {
      return !closed && (flow?.congested() ?? false);
    },
    whenDrained(callback) {
      if (closed || !flow) callback();
      else flow.whenDrained(callback);
    },
  };
  return {
    sink,
    close() {
      if (closed) return;
      closed = true;
      for (const callback of [...callbacks]) {
        try {
          callback();
        } catch (error) {
          // One stream failing to close must not keep the others open.
          console.error('Drover: closing a stream failed', error);
        }
      }
      callbacks.clear();
    },
  };
}
