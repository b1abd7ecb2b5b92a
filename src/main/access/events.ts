// Events leave the core only for principals that may see them: the same grants as requests.
import type { AnyEvent } from '../events/bus.js';
import type { Decision } from './authorize.js';
import { auditVisible, metricsBatchFor, stackVisible } from './filters.js';

/** The event as this principal may receive it, or null when it is none of its business. */
export function eventFor(d: Decision, event: AnyEvent): AnyEvent | null {
  if (d.siteAdmin) return event;
  const envVisible = (id: number) => d.grant(id) !== null;
  switch (event.event) {
    case 'env.changed':
      return { event: event.event, payload: event.payload.filter((e) => envVisible(e.id)) };
    case 'host.changed':
      return {
        event: event.event,
        payload: event.payload.filter((h) => envVisible(h.environmentId)),
      };
    case 'audit.appended':
      return auditVisible(d, event.payload) ? event : null;
    case 'settings.changed':
      return event;
    case 'operation.progress':
      // Progress without an environment is console-wide work: the site admin's.
      return event.payload.environmentId !== undefined && envVisible(event.payload.environmentId)
        ? event
        : null;
    case 'stack.changed':
    case 'registry.changed':
      return envVisible(event.payload) ? event : null;
    case 'container.changed':
    case 'alert.thresholds':
      return envVisible(event.payload.environmentId) ? event : null;
    case 'alert.changed': {
      const { alert } = event.payload;
      const grant = d.grant(alert.environmentId);
      const hostWide = grant?.stacks === null && alert.subject.stack === null;
      return stackVisible(grant, alert.subject.stack) || hostWide ? event : null;
    }
    case 'metrics.batch': {
      const batch = metricsBatchFor(event.payload, d.grant(event.payload.environmentId));
      return batch ? { event: event.event, payload: batch } : null;
    }
    // Stream output goes through the sink of the connection that opened it, never the bus.
    case 'stream.data':
    case 'stream.end':
      return null;
  }
}
