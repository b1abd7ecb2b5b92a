// Typed in-process event bus: services publish state changes, every shell binding subscribes.
import { EventEmitter } from 'node:events';
import type { EventMap, EventName } from '../../shared/contract.js';

export type AnyEvent = { [E in EventName]: { event: E; payload: EventMap[E] } }[EventName];

export class EventBus {
  private readonly emitter = new EventEmitter();

  constructor() {
    // Every connected window or WebSocket is one subscriber; many are expected.
    this.emitter.setMaxListeners(0);
  }

  publish<E extends EventName>(event: E, payload: EventMap[E]): void {
    this.emitter.emit('event', { event, payload });
  }

  /** Returns the unsubscribe function. */
  subscribe(listener: (event: AnyEvent) => void): () => void {
    this.emitter.on('event', listener);
    return () => this.emitter.off('event', listener);
  }
}
