// What happened to the channel of one Docker API call: whether the request can have reached the
// engine. A call whose channel never opened was never sent, so it may go to another manager
// whatever its method; one that was written may have been applied.
//
// Node's http.Agent picks or creates the socket synchronously inside http.request(), so the
// caller marks the trace current around its dial and the agent attaches it to that socket.

export type ChannelState = 'none' | 'opening' | 'open' | 'reused' | 'failed';

export interface CallTrace {
  channel: ChannelState;
}

let current: CallTrace | undefined;

/** Runs `dial` with `trace` attached to the socket the agent picks or opens for it. */
export function traced<T>(trace: CallTrace, dial: () => T): T {
  const previous = current;
  current = trace;
  try {
    return dial();
  } finally {
    current = previous;
  }
}

/** The trace of the call being dialled now (read by the agent), if any. */
export function currentTrace(): CallTrace | undefined {
  return current;
}

/** Whether the request can have reached the engine. */
export function maybeSent(trace: CallTrace): boolean {
  return trace.channel === 'open' || trace.channel === 'reused';
}
