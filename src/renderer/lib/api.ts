// The renderer's only door to the core. In Electron the preload exposes `window.api`; in a
// browser (web mode) the same contract runs over a WebSocket authenticated by the session token.
import type {
  ArgsOf,
  DroverApi,
  EventMap,
  EventName,
  Method,
  ResultOf,
} from '../../shared/contract';
import { DroverError, decodeErrorMessage, type Envelope } from '../../shared/errors';
import { reloadIfSignedOut } from './auth';

/** The server's close code for "the login session ended" (web/session-sockets.ts). */
const SESSION_ENDED = 4401;

declare global {
  interface Window {
    api?: DroverApi;
  }
}

type Listener = (payload: unknown) => void;

/**
 * How the renderer reaches the core. In Electron it is local IPC and always `connected`; in web
 * mode it follows the WebSocket: `connecting` until the first open, `reconnecting` after a drop.
 */
export type ConnectionState = 'connecting' | 'connected' | 'reconnecting';

export interface ConnectionStatus {
  transport: 'ipc' | 'websocket';
  state: ConnectionState;
  /** Failed attempts since the last successful open (0 while connected). */
  failures: number;
  /** Increments on every successful open; stores re-sync when it changes after a drop. */
  generation: number;
}

/** A tiny observable for the connection status (suits React's useSyncExternalStore). */
class ConnectionObservable {
  private status: ConnectionStatus;
  private readonly listeners = new Set<() => void>();

  constructor(initial: ConnectionStatus) {
    this.status = initial;
  }

  get = (): ConnectionStatus => this.status;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  set(patch: Partial<ConnectionStatus>): void {
    this.status = { ...this.status, ...patch };
    for (const listener of this.listeners) listener();
  }
}

interface Pending {
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
}

/** Web-mode client: one WebSocket, request ids, reconnect with backoff, events fanned out. */
class WebSocketApi implements DroverApi {
  private socket: WebSocket | null = null;
  private opening: Promise<WebSocket> | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly listeners = new Map<string, Set<Listener>>();
  private retryMs = 250;
  readonly status = new ConnectionObservable({
    transport: 'websocket',
    state: 'connecting',
    failures: 0,
    generation: 0,
  });

  constructor(private readonly url: string) {
    void this.connect().catch(() => undefined);
  }

  async invoke<M extends Method>(method: M, args: ArgsOf<M>): Promise<ResultOf<M>> {
    const socket = await this.connect();
    const id = this.nextId++;
    return new Promise<ResultOf<M>>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      socket.send(JSON.stringify({ id, method, args }));
    });
  }

  on<E extends EventName>(event: E, listener: (payload: EventMap[E]) => void): () => void {
    const set = this.listeners.get(event) ?? new Set<Listener>();
    set.add(listener as Listener);
    this.listeners.set(event, set);
    return () => set.delete(listener as Listener);
  }

  private connect(): Promise<WebSocket> {
    if (this.socket?.readyState === WebSocket.OPEN) return Promise.resolve(this.socket);
    this.opening ??= new Promise<WebSocket>((resolve, reject) => {
      const socket = new WebSocket(this.url);
      socket.onopen = () => {
        this.socket = socket;
        this.opening = null;
        this.retryMs = 250;
        const { generation } = this.status.get();
        this.status.set({ state: 'connected', failures: 0, generation: generation + 1 });
        resolve(socket);
      };
      socket.onmessage = (message) => this.receive(String(message.data));
      socket.onclose = (event) => {
        const wasOpen = this.socket === socket;
        // The session was revoked or expired, or a reopen was refused: back to the sign-in page.
        if (event.code === SESSION_ENDED || !wasOpen) void reloadIfSignedOut();
        this.socket = null;
        this.opening = null;
        for (const pending of this.pending.values()) {
          pending.reject(new DroverError('UNAVAILABLE', 'Connection to the console was lost'));
        }
        this.pending.clear();
        if (!wasOpen) reject(new DroverError('UNAVAILABLE', 'Cannot reach the console'));
        const status = this.status.get();
        this.status.set({
          state: status.generation > 0 ? 'reconnecting' : 'connecting',
          failures: wasOpen ? 0 : status.failures + 1,
        });
        // Reconnect so events keep flowing after the server comes back.
        setTimeout(() => void this.connect().catch(() => undefined), this.retryMs);
        this.retryMs = Math.min(this.retryMs * 2, 5000);
      };
    });
    return this.opening;
  }

  private receive(text: string): void {
    const message = JSON.parse(text) as
      ({ id: number } & Envelope<unknown>) | { event: string; payload: unknown };
    if ('event' in message) {
      for (const listener of this.listeners.get(message.event) ?? []) listener(message.payload);
      return;
    }
    const pending = this.pending.get(message.id);
    if (!pending) return;
    this.pending.delete(message.id);
    if (message.ok) pending.resolve(message.result);
    else pending.reject(DroverError.from(message.error));
  }
}

const TOKEN_KEY = 'drover.token';

/** Takes the token from the URL once, keeps it for reloads, and removes it from the address bar. */
function webSocketUrl(): string {
  const params = new URLSearchParams(window.location.search);
  const fromUrl = params.get('token');
  if (fromUrl) {
    sessionStorage.setItem(TOKEN_KEY, fromUrl);
    params.delete('token');
    const query = params.toString();
    window.history.replaceState(
      null,
      '',
      window.location.pathname + (query ? `?${query}` : '') + window.location.hash,
    );
  }
  const token = sessionStorage.getItem(TOKEN_KEY) ?? '';
  const scheme = window.location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${window.location.host}/ws?token=${encodeURIComponent(token)}`;
}

/** Electron: the preload's api, with errors turned back into DroverErrors with their codes. */
function electronApi(bridge: DroverApi): DroverApi {
  return {
    invoke: (method, args) =>
      bridge.invoke(method, args).catch((error: unknown) => {
        throw decodeErrorMessage(error instanceof Error ? error.message : String(error));
      }),
    on: (event, listener) => bridge.on(event, listener),
  };
}

const webSocketApi = window.api ? null : new WebSocketApi(webSocketUrl());

export const api: DroverApi = window.api ? electronApi(window.api) : (webSocketApi as WebSocketApi);

/** Connection to the core: observe with `connection.subscribe`, read with `connection.get`. */
export const connection: Pick<ConnectionObservable, 'get' | 'subscribe'> =
  webSocketApi?.status ??
  new ConnectionObservable({ transport: 'ipc', state: 'connected', failures: 0, generation: 1 });
