// One WebSocket of web mode: contract requests in, envelopes and the principal's events out.
import type { RawData, WebSocket } from 'ws';
import type { Core } from '../core/core.js';
import { eventFor } from '../access/events.js';
import type { Principal } from '../access/principal.js';
import { principalContext } from '../rpc/context.js';
import { toDroverError } from '../rpc/dispatcher.js';
import { createSink } from '../rpc/sink.js';
import { DroverError } from '../../shared/errors.js';
import { guarded } from './entry.js';
import { parseRequest } from './request.js';
import { SESSION_ENDED } from './session-sockets.js';
import { watchFlow, type FlowLimits } from './flow.js';

export interface SocketCaller {
  principal: Principal;
  clientAddress: string | undefined;
  /** The login session the socket was opened under: every request checks it is still live. */
  sessionId?: number;
  /** When a slow client's streams pause and when it is dropped. */
  flowLimits: FlowLimits;
}

export function serveContract(ws: WebSocket, core: Core, caller: SocketCaller): void {
  const { principal, clientAddress, sessionId } = caller;
  const flow = watchFlow(
    ws,
    `client ${clientAddress ?? 'unknown'} (${principal.name})`,
    caller.flowLimits,
  );
  /** Sends a message; false when JSON cannot carry it (a BigInt, a cycle): a bug, not a crash. */
  const deliver = (message: unknown): boolean => {
    if (!flow.admit()) return true;
    try {
      ws.send(JSON.stringify(message));
      return true;
    } catch (error) {
      console.error('Drover web: a message could not be sent', error);
      return false;
    }
  };
  // Streams opened through this socket report to it alone and close with it.
  const connection = createSink(deliver, flow);
  const ctx = {
    ...principalContext(principal, 'web', clientAddress),
    sink: connection.sink,
    sessionId,
  };
  // Events, metrics batches and alerts of environments the principal may not see stop here.
  const decision = core.services.access.decision(principal);
  const unsubscribe = core.events.subscribe((event) => {
    const visible = eventFor(decision, event);
    if (visible) deliver(visible);
  });
  ws.on('close', () => {
    unsubscribe();
    connection.close();
    flow.stop();
  });
  // Protocol errors (a frame over maxPayload, bad UTF-8, bad opcodes): ws has already closed the
  // socket with the fitting code (1009, 1007, 1002); without this listener the event would throw.
  ws.on('error', (error) => console.error('Drover web: WebSocket closed on', error.message));
  ws.on(
    'message',
    guarded(
      'a WebSocket message',
      (data: RawData) => {
        if (ws.readyState !== ws.OPEN) return; // closing: a session that ended acts no more
        // A request counts as activity; one after the session ended is not served.
        if (sessionId !== undefined && !core.services.sessions.touch(sessionId)) {
          return ws.close(SESSION_ENDED, 'The login session ended');
        }
        const request = parseRequest(String(data));
        if (typeof request === 'string') return ws.close(1003, request);
        void core
          .dispatch(request.method, request.args, ctx)
          .catch((error: unknown) => ({
            ok: false as const,
            error: toDroverError(error).payload(),
          }))
          .then((envelope) => {
            if (deliver({ id: request.id, ...envelope })) return;
            const error = new DroverError('INTERNAL', 'The answer could not be encoded');
            deliver({ id: request.id, ok: false, error: error.payload() });
          });
      },
      () => ws.close(1011, 'Internal error'),
    ),
  );
}
