// A WebSocket message as a contract request: `{ id: number, method, args }`. The method and args
// are the dispatcher's to check (it answers an error envelope); a message without an id cannot be
// answered at all, so the socket is closed instead.

export interface WireRequest {
  id: number;
  method: unknown;
  args: unknown;
}

/** The request, or why the message is not one (the close reason). */
export function parseRequest(text: string): WireRequest | string {
  let message: unknown;
  try {
    message = JSON.parse(text);
  } catch {
    return 'Messages must be JSON';
  }
  if (typeof message !== 'object' || message === null || Array.isArray(message)) {
    return 'Requests need a numeric id';
  }
  const { id, method, args } = message as Record<string, unknown>;
  if (typeof id !== 'number' || !Number.isFinite(id)) return 'Requests need a numeric id';
  return { id, method, args };
}
