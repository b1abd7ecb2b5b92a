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
}

export interface OwnedSink {
  sink: EventSink;
  /** The binding calls this when its connection ends: every stream on it is closed. */
  close(): void;
}

export function createSink(deliver: (event: AnyEvent) => void): OwnedSink {
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
