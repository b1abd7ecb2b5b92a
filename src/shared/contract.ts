// The one contract between the core and its shells. Every request the renderer (or the CLI) can
// make is listed here with the schema its arguments must pass; every event the core can push is
// in EventMap. Bindings (Electron IPC, WebSocket) are generic over this table.
import { z } from 'zod';
import type {
  AppInfo,
  AuditEntry,
  ClusterSummary,
  Environment,
  Host,
  HostAddResult,
  HostProbe,
  OperationProgress,
  Settings,
  ComposeValidation,
  Stack,
  StackDeployResult,
  StackDetail,
  StackServiceInfo,
} from './types.js';

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

/** A host's name in Drover and in Swarm: hostname-like. */
export const hostName = z
  .string()
  .trim()
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/,
    'Use letters, digits, dots, dashes and underscores (at most 63), starting with a letter or digit',
  );

/** An IP address, a DNS name or an ~/.ssh/config alias. Never passed to a shell unquoted. */
export const address = z
  .string()
  .trim()
  .min(1, 'Address is required')
  .max(253)
  .regex(/^[A-Za-z0-9_][A-Za-z0-9._:-]*$/, 'Enter an IP address or a host name');

export const sshUser = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,31}$/, 'Enter a valid user name');

export const port = z.number().int().min(1).max(65535);

export const fingerprintSchema = z
  .string()
  .trim()
  .regex(
    /^SHA256:[A-Za-z0-9+/]{43}$/,
    'A fingerprint looks like SHA256: followed by 43 characters',
  );

/** Label keys as Docker accepts them; values are data, sent through the API, never a shell. */
export const labelKey = z
  .string()
  .regex(
    /^[A-Za-z0-9]([A-Za-z0-9._/-]{0,126}[A-Za-z0-9])?$/,
    'Use letters, digits, dots, dashes, slashes and underscores',
  );
export const labelValue = z
  .string()
  .max(256)
  // eslint-disable-next-line no-control-regex -- rejecting control characters is the point
  .regex(/^[^\u0000-\u001f\u007f]*$/, 'No control characters');

/** How to log in. The secrets here travel renderer → core only, and are sealed at rest. */
export const authInput = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('agent') }).strict(),
  z
    .object({
      kind: z.literal('key'),
      keyPath: z.string().min(1).max(4096).optional(),
      privateKey: z
        .string()
        .min(1)
        .max(64 * 1024)
        .optional(),
      passphrase: z.string().max(1024).optional(),
    })
    .strict()
    .refine((a) => Boolean(a.keyPath) !== Boolean(a.privateKey), {
      message: 'Give either a key file path or the key itself',
    }),
  z.object({ kind: z.literal('password'), password: z.string().min(1).max(1024) }).strict(),
]);

const jumpInput = z
  .object({ address, port: port.default(22), user: sshUser, hostKey: fingerprintSchema.optional() })
  .strict();
const operationId = z
  .string()
  .regex(/^[A-Za-z0-9-]{1,64}$/)
  .optional();

/** A stack's name as Swarm accepts it in <stack>_<service> service names. */
export const stackName = z
  .string()
  .trim()
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$/,
    'Use letters, digits, dashes and underscores (at most 40), starting with a letter or digit',
  );
/** A Swarm service name (<stack>_<service>) or id. */
const serviceName = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/, 'Not a service name');
const composeText = z.string().max(1024 * 1024, 'A compose file is at most 1 MiB');
/** Values for ${VAR} in the compose file (the CLI passes its own environment). */
const composeEnv = z.record(z.string(), z.string()).optional();
/** Folder of the compose file on this machine: configs and secrets name files relative to it. */
const workingDir = z.string().min(1).max(4096).optional();

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
  /** Connects far enough to see the host's key (and resolves ~/.ssh/config aliases). */
  'host.probe': query(
    z
      .object({
        address,
        port: port.optional(),
        user: sshUser.optional(),
        /** Through a jump host (its key accepted), logging in to it with `auth`. */
        jump: jumpInput.optional(),
        auth: authInput.optional(),
      })
      .strict(),
  ).returns<HostProbe>(),
  'host.add': mutation(
    z
      .object({
        environmentId: id,
        name: hostName.optional(),
        address,
        port: port.optional(),
        user: sshUser.optional(),
        auth: authInput,
        /** The fingerprint the user accepted. */
        hostKey: fingerprintSchema.optional(),
        trustOnFirstUse: z.boolean().default(false),
        jump: jumpInput.optional(),
        operationId,
      })
      .strict(),
  ).returns<HostAddResult>(),
  'host.remove': mutation(z.object({ id, operationId }).strict()).returns<null>(),
  'host.label': mutation(
    z
      .object({
        id,
        set: z.record(labelKey, labelValue).default({}),
        remove: z.array(labelKey).default([]),
      })
      .strict(),
  ).returns<Host>(),
  'host.setRole': mutation(
    z.object({ id, role: z.enum(['manager', 'worker']) }).strict(),
  ).returns<Host>(),
  /** Accept a changed host key, after the user has checked why it changed. */
  'host.repin': mutation(z.object({ id, hostKey: fingerprintSchema }).strict()).returns<Host>(),
  'host.preflight': mutation(z.object({ id }).strict()).returns<Host>(),
  'env.cluster': query(z.object({ environmentId: id }).strict()).returns<ClusterSummary>(),
  'audit.list': query(
    z
      .object({
        limit: z.number().int().min(1).max(5000).default(200),
        beforeId: id.optional(),
      })
      .strict(),
  ).returns<AuditEntry[]>(),
  'stack.list': query(z.object({ environmentId: id }).strict()).returns<Stack[]>(),
  'stack.get': query(
    z.object({ environmentId: id, name: stackName }).strict(),
  ).returns<StackDetail>(),
  'stack.validate': query(
    z.object({ compose: composeText, env: composeEnv, workingDir }).strict(),
  ).returns<ComposeValidation>(),
  'stack.deploy': mutation(
    z
      .object({
        environmentId: id,
        name: stackName,
        compose: composeText,
        env: composeEnv,
        workingDir,
        operationId,
      })
      .strict(),
  ).returns<StackDeployResult>(),
  'stack.remove': mutation(
    z.object({ environmentId: id, name: stackName, operationId }).strict(),
  ).returns<null>(),
  'stack.export': query(
    z.object({ environmentId: id, name: stackName }).strict(),
  ).returns<string>(),
  'service.list': query(
    z.object({ environmentId: id, stack: stackName.optional() }).strict(),
  ).returns<StackServiceInfo[]>(),
  'service.scale': mutation(
    z
      .object({
        environmentId: id,
        service: serviceName,
        replicas: z.number().int().min(0).max(10_000),
        operationId,
      })
      .strict(),
  ).returns<StackServiceInfo>(),
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
  'operation.progress': OperationProgress;
  /** A stack of this environment was deployed, removed or scaled: refetch. */
  'stack.changed': number;
}
export type EventName = keyof EventMap;
export const eventNames: readonly EventName[] = [
  'env.changed',
  'host.changed',
  'audit.appended',
  'settings.changed',
  'operation.progress',
  'stack.changed',
];

/** The surface the preload exposes as `window.api` and the web client implements. */
export interface DroverApi {
  invoke<M extends Method>(method: M, args: ArgsOf<M>): Promise<ResultOf<M>>;
  on<E extends EventName>(event: E, listener: (payload: EventMap[E]) => void): () => void;
}
