// The one contract between the core and its shells. Every request the renderer (or the CLI) can
// make is listed here with the schema its arguments must pass; every event the core can push is
// in EventMap. Bindings (Electron IPC, WebSocket) are generic over this table.
import { z } from 'zod';
import type { AppInfo, AuditEntry, Environment, Host, Settings } from './types.js';

interface RequestSpec<A extends z.ZodType, R> {
  args: A;
  /** State-changing requests are written to the audit log. */
  mutates: boolean;
  /** Phantom: carries the result type. */
  result?: R;
}

const query = <A extends z.ZodType>(args: A) => ({
  returns: <R>(): RequestSpec<A, R> => ({ args, mutates: false }),
});
const mutation = <A extends z.ZodType>(args: A) => ({
  returns: <R>(): RequestSpec<A, R> => ({ args, mutates: true }),
});

const noArgs = z.object({}).strict();
const id = z.number().int().positive();

/** Names people type: letters, digits, space, dot, dash, underscore. No shell metacharacters. */
export const displayName = z
  .string()
  .trim()
  .min(1, 'Name is required')
  .max(64, 'Name is at most 64 characters')
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9 ._-]*$/,
    'Use letters, digits, spaces, dots, dashes and underscores, starting with a letter or digit',
  );

export const requests = {
  'app.info': query(noArgs).returns<AppInfo>(),
  'env.list': query(noArgs).returns<Environment[]>(),
  'env.create': mutation(
    z.object({ name: displayName, description: z.string().max(500).default('') }).strict(),
  ).returns<Environment>(),
  'env.update': mutation(
    z
      .object({ id, name: displayName.optional(), description: z.string().max(500).optional() })
      .strict(),
  ).returns<Environment>(),
  'env.remove': mutation(z.object({ id }).strict()).returns<null>(),
  'host.list': query(z.object({ environmentId: id.optional() }).strict()).returns<Host[]>(),
  'audit.list': query(
    z
      .object({
        limit: z.number().int().min(1).max(5000).default(200),
        beforeId: id.optional(),
      })
      .strict(),
  ).returns<AuditEntry[]>(),
  'settings.get': query(noArgs).returns<Settings>(),
  'settings.update': mutation(
    z.object({ theme: z.enum(['system', 'light', 'dark']).optional() }).strict(),
  ).returns<Settings>(),
} as const;

export type Requests = typeof requests;
export type Method = keyof Requests;
/** Arguments as the caller writes them (defaults may be omitted). */
export type ArgsOf<M extends Method> = z.input<Requests[M]['args']>;
/** Arguments as a handler receives them (validated, defaults applied). */
export type ParsedArgsOf<M extends Method> = z.output<Requests[M]['args']>;
export type ResultOf<M extends Method> = Exclude<Requests[M]['result'], undefined>;

export function isMethod(name: unknown): name is Method {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(requests, name);
}

/** Events the core pushes to every shell. Payloads are the new state, so stores can replace. */
export interface EventMap {
  'env.changed': Environment[];
  'host.changed': Host[];
  'audit.appended': AuditEntry;
  'settings.changed': Settings;
}
export type EventName = keyof EventMap;
export const eventNames: readonly EventName[] = [
  'env.changed',
  'host.changed',
  'audit.appended',
  'settings.changed',
];

/** The surface the preload exposes as `window.api` and the web client implements. */
export interface DroverApi {
  invoke<M extends Method>(method: M, args: ArgsOf<M>): Promise<ResultOf<M>>;
  on<E extends EventName>(event: E, listener: (payload: EventMap[E]) => void): () => void;
}
