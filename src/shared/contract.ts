// The one contract between the core and its shells. Every request the renderer (or the CLI) can
// make is listed here with the schema its arguments must pass; every event the core can push is
// in EventMap. Bindings (Electron IPC, WebSocket) are generic over this table.
import { z } from 'zod';
import {
  alertThresholdsSchema,
  type Alert,
  type AlertChanged,
  type AlertThresholds,
} from './alerts.js';
import type {
  AppInfo,
  AuditEntry,
  BackupEntry,
  ClusterSummary,
  Environment,
  Host,
  HostAddResult,
  HostProbe,
  OperationProgress,
  RegistryCredential,
  RegistryLoginResult,
  SessionInfo,
  Settings,
  WhoAmI,
  ComposeValidation,
  ContainerList,
  RenderedTemplate,
  Stack,
  StackDeployResult,
  StackDetail,
  StackPlan,
  StackServiceInfo,
  StackTemplate,
  StackVersionInfo,
  StreamData,
  StreamEnd,
  LoadBalancerInfo,
} from './types.js';
import { IMAGE_REFERENCE } from './image-reference.js';
import type { ContainerDetails } from './container-details.js';
import { SESSION_IDLE_MINUTES, SESSION_MAX_HOURS } from './sessions.js';
import type { ContainerMetrics, GroupMetrics, MetricsBatch, MetricsSeries } from './metrics.js';
import { windowProblem } from './metrics.js';
import type { FirstRunOffer, LabStartResult } from './first-run.js';
import { accessRequests } from './contract-access.js';
import { id, mutation, noArgs, query } from './request-spec.js';

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

/** A host's name in Drover: hostname-like (its own hostname by default). */
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
/** An image reference: registry/name:tag or @digest. */
const imageRef = z.string().max(512).regex(IMAGE_REFERENCE, 'Not an image reference');
/**
 * A registry as images name it: host[:port] (a DNS name, IPv4 or [IPv6]), no scheme, no path.
 * Docker Hub is "docker.io".
 */
export const registryAddress = z
  .string()
  .trim()
  .min(1, 'Registry address is required')
  .max(255)
  .refine((a) => !/^[a-z][a-z0-9+.-]*:\/\//i.test(a), {
    message: 'Leave out the scheme (https://): give the registry as host[:port]',
  })
  .refine((a) => !a.includes('/'), {
    message: 'Give the registry as host[:port], without a path (images name the path)',
  })
  .refine(
    (a) =>
      /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*|\[[0-9A-Fa-f:.]+\])(?::(?:[1-9][0-9]{0,4}))?$/.test(
        a,
      ) && Number(a.match(/:(\d+)$/)?.[1] ?? 1) <= 65535,
    { message: 'Enter the registry as host[:port], e.g. registry.example.com or 10.0.0.2:5000' },
  );
const registryUser = z
  .string()
  .trim()
  .min(1, 'User name is required')
  .max(255)
  // eslint-disable-next-line no-control-regex -- rejecting control characters is the point
  .regex(/^[^\u0000-\u001f\u007f]+$/, 'No control characters');
/** A password or access token; travels renderer → core only, sealed at rest. */
const registryPassword = z.string().min(1, 'Password or token is required').max(8192);
/** A host folder restricted members may bind-mount from: absolute, already in its plain form. */
export const bindPath = z
  .string()
  .max(1024)
  .regex(
    // eslint-disable-next-line no-control-regex -- rejecting control characters is the point
    /^(\/(?!\.\.?(?:\/|$))[^/\u0000-\u001f\u007f]+)+$/,
    'An absolute folder without "..", "." or a trailing slash, e.g. /srv/data',
  );
const serviceAction = z.object({ environmentId: id, service: serviceName, operationId }).strict();

/** A container id (full or a unique prefix) or name, as Docker accepts it in its API paths. */
const containerRef = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/, 'Not a container id');
const streamId = z.string().regex(/^[A-Za-z0-9-]{1,64}$/, 'Not a stream id');
const termSize = z.number().int().min(1).max(1000);

/** A host id, container id, or service/stack name whose series is asked for. */
/** A custom chart span (the rules in windowProblem, which the form shows as you type). */
const metricsWindow = z
  .object({ from: z.number().int().nonnegative(), to: z.number().int().nonnegative() })
  .strict()
  .superRefine((w, ctx) => {
    const problem = windowProblem(w);
    if (problem) ctx.addIssue({ code: 'custom', message: problem.message, path: [problem.field] });
  });

const entityRef = z
  .object({
    kind: z.enum(['host', 'container', 'service', 'stack']),
    id: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/, 'Not a host, container, service or stack'),
  })
  .strict();

export const requests = {
  ...accessRequests,
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
  /** Drain moves the host's tasks to other nodes; active lets it take tasks again. */
  'host.setAvailability': mutation(
    z.object({ id, availability: z.enum(['active', 'drain']) }).strict(),
  ).returns<Host>(),
  'host.repin': mutation(z.object({ id, hostKey: fingerprintSchema }).strict()).returns<Host>(),
  'host.preflight': mutation(z.object({ id }).strict()).returns<Host>(),
  'env.cluster': query(z.object({ environmentId: id }).strict()).returns<ClusterSummary>(),
  'audit.list': query(
    z
      .object({
        limit: z.number().int().min(1).max(5000).default(200),
        beforeId: id.optional(),
        /** Only this principal's rows (its name; rows of its tokens included). */
        principal: z.string().min(1).max(128).optional(),
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
  /** Load balancers (x-drover-lb services) with their tiers and each rule's backend health. */
  'lb.list': query(z.object({ environmentId: id, stack: stackName.optional() }).strict()).returns<
    LoadBalancerInfo[]
  >(),
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
  /** What a deploy would change (diff, objects, spec paths); changes nothing. */
  'stack.plan': query(
    z
      .object({
        environmentId: id,
        name: stackName,
        compose: composeText,
        env: composeEnv,
        workingDir,
      })
      .strict(),
  ).returns<StackPlan>(),
  /** Applied versions, newest first. */
  'stack.history': query(z.object({ environmentId: id, name: stackName }).strict()).returns<
    StackVersionInfo[]
  >(),
  /** Redeploys a version's document as a new version. */
  'stack.rollback': mutation(
    z
      .object({
        environmentId: id,
        name: stackName,
        version: z.number().int().positive(),
        operationId,
      })
      .strict(),
  ).returns<StackDeployResult>(),
  /** Scale to 0, remembering the count (label com.drover.stopped-replicas). */
  'service.stop': mutation(serviceAction).returns<StackServiceInfo>(),
  /** Back to the remembered count. */
  'service.start': mutation(serviceAction).returns<StackServiceInfo>(),
  /** Every task replaced, rolling per the service's update config. */
  'service.restart': mutation(serviceAction).returns<StackServiceInfo>(),
  /** Rolling upgrade to another image; fails (with the engine's error) if Swarm rolls it back. */
  'service.update': mutation(
    z.object({ environmentId: id, service: serviceName, image: imageRef, operationId }).strict(),
  ).returns<StackServiceInfo>(),
  /** Swarm's own rollback to the service's previous spec. */
  'service.rollback': mutation(serviceAction).returns<StackServiceInfo>(),
  /** Private registry logins of an environment (no passwords in the answer). */
  'registry.list': query(z.object({ environmentId: id }).strict()).returns<RegistryCredential[]>(),
  /** Stores a login; with `verify`, only after the registry accepted it (a manager's Docker). */
  'registry.add': mutation(
    z
      .object({
        environmentId: id,
        address: registryAddress,
        username: registryUser,
        password: registryPassword,
        verify: z.boolean().default(false),
      })
      .strict(),
  ).returns<RegistryCredential>(),
  /** A new user and/or password; an omitted password keeps the stored one. */
  'registry.update': mutation(
    z
      .object({
        id,
        username: registryUser.optional(),
        password: registryPassword.optional(),
        verify: z.boolean().default(false),
      })
      .strict(),
  ).returns<RegistryCredential>(),
  'registry.remove': mutation(z.object({ id }).strict()).returns<null>(),
  /** Logs in to the registry with the stored login from a manager's Docker (POST /auth). */
  'registry.test': mutation(z.object({ id }).strict()).returns<RegistryLoginResult>(),
  'template.list': query(noArgs).returns<StackTemplate[]>(),
  /** The compose document a template makes of the answers (deploy it like any other). */
  'template.render': query(
    z
      .object({
        id: z.string().regex(/^[a-z0-9-]{1,64}$/),
        answers: z.record(z.string(), z.union([z.string().max(4096), z.number()])),
      })
      .strict(),
  ).returns<RenderedTemplate>(),
  'settings.get': query(noArgs).returns<Settings>(),
  'settings.update': mutation(
    z
      .object({
        theme: z.enum(['system', 'light', 'dark']).optional(),
        nginxImage: imageRef.optional(),
        lbImage: imageRef.optional(),
        sessionIdleMinutes: z
          .number()
          .int()
          .min(SESSION_IDLE_MINUTES.min)
          .max(SESSION_IDLE_MINUTES.max)
          .optional(),
        sessionMaxHours: z
          .number()
          .int()
          .min(SESSION_MAX_HOURS.min)
          .max(SESSION_MAX_HOURS.max)
          .optional(),
        auditRetentionDays: z.number().int().min(1).max(36_500).optional(),
      })
      .strict(),
  ).returns<Settings>(),
  /** Who the caller is, and through which login session (team mode). */
  'session.whoami': query(noArgs).returns<WhoAmI>(),
  /** Live login sessions: the caller's own, or (site admin) everyone's. */
  'session.list': query(z.object({ all: z.boolean().default(false) }).strict()).returns<
    SessionInfo[]
  >(),
  /** Ends a session at once; its open sockets close. One's own, or (site admin) anyone's. */
  'session.revoke': mutation(z.object({ id }).strict()).returns<SessionInfo>(),
  /** Backups of the console's database in its data folder, newest first. */
  'backup.list': query(noArgs).returns<BackupEntry[]>(),
  /** A backup now (kept with the automatic ones: the last 7 are kept). */
  'backup.create': mutation(noArgs).returns<BackupEntry>(),
  /** What a newcomer's empty console can offer: this machine's Docker over SSH, or the lab. */
  'firstRun.offer': query(noArgs).returns<FirstRunOffer>(),
  /** Starts the lab's three hosts on this machine (Linux, root) and adds them to an environment. */
  'lab.start': mutation(
    z.object({ environmentId: id, operationId }).strict(),
  ).returns<LabStartResult>(),
  /**
   * Containers on every host of the environment, from the core's model (no Docker call), with
   * each host's state: a host that is not live keeps its last known containers, never none.
   */
  'container.list': query(z.object({ environmentId: id }).strict()).returns<ContainerList>(),
  /** One container inspected on its host, with its Swarm task history (see ContainerDetails). */
  'container.inspect': query(
    z.object({ environmentId: id, hostId: id, id: containerRef }).strict(),
  ).returns<ContainerDetails>(),
  /**
   * One container's logs, or a service's merged from all its tasks on all hosts (stream.data
   * carries the task as `source`). Audited: who read which logs. The stream belongs to the
   * calling connection.
   */
  'logs.open': mutation(
    z
      .object({
        environmentId: id,
        container: z.object({ hostId: id, id: containerRef }).strict().optional(),
        service: serviceName.optional(),
        follow: z.boolean().default(true),
        tail: z.number().int().min(0).max(100_000).default(200),
        timestamps: z.boolean().default(false),
      })
      .strict()
      .refine((a) => Boolean(a.container) !== Boolean(a.service), {
        message: 'Give either a container or a service',
      }),
  ).returns<{ streamId: string }>(),
  /** An interactive TTY shell in a container. Audited (who opened a shell where). */
  'exec.open': mutation(
    z
      .object({
        environmentId: id,
        hostId: id,
        containerId: containerRef,
        /** Default: bash where the image has it, else sh. */
        command: z.array(z.string().min(1).max(4096)).min(1).max(64).optional(),
        cols: termSize,
        rows: termSize,
      })
      .strict(),
  ).returns<{ streamId: string }>(),
  /**
   * Removes one container as `docker rm -f` does; a Swarm task's container is then replaced by
   * Swarm. Audited.
   */
  'container.remove': mutation(
    z.object({ environmentId: id, hostId: id, containerId: containerRef }).strict(),
  ).returns<null>(),
  /** Keystrokes: never audited (they may hold passwords), hence not a mutation. */
  'exec.input': query(
    z.object({ streamId, data: z.string().max(64 * 1024) }).strict(),
  ).returns<null>(),
  'exec.resize': query(
    z.object({ streamId, cols: termSize, rows: termSize }).strict(),
  ).returns<null>(),
  'stream.close': query(z.object({ streamId }).strict()).returns<null>(),
  /** Alerts, newest first: open ones, resolved ones (history) or all; page with beforeId. */
  'alert.list': query(
    z
      .object({
        environmentId: id.optional(),
        state: z.enum(['open', 'resolved', 'all']).default('all'),
        limit: z.number().int().min(1).max(5000).default(500),
        beforeId: id.optional(),
      })
      .strict(),
  ).returns<Alert[]>(),
  /** Marks alerts as seen; returns the ones this call acknowledged. */
  'alert.acknowledge': mutation(z.object({ ids: z.array(id).min(1).max(1000) }).strict()).returns<
    Alert[]
  >(),
  'alert.thresholds': query(z.object({ environmentId: id }).strict()).returns<AlertThresholds>(),
  /** The host folders a restricted member's bind mounts may come from (the owner's list). */
  'env.bindPaths': query(z.object({ environmentId: id }).strict()).returns<string[]>(),
  'env.setBindPaths': mutation(
    z.object({ environmentId: id, paths: z.array(bindPath).max(100) }).strict(),
  ).returns<string[]>(),
  'alert.setThresholds': mutation(
    z.object({ environmentId: id, thresholds: alertThresholdsSchema.partial() }).strict(),
  ).returns<AlertThresholds>(),
  /** The latest figures of every connected host, container, service and stack. */
  'metrics.latest': query(z.object({ environmentId: id }).strict()).returns<MetricsBatch>(),
  /** One entity's history: the live ring (5 min) or the rollups for 1 h, 24 h or 7 days. */
  'metrics.series': query(
    z
      .object({
        environmentId: id,
        entity: entityRef,
        range: z.enum(['live', '1h', '24h', '7d', 'custom']).default('live'),
        /** The span of a custom range, epoch ms. */
        window: metricsWindow.optional(),
      })
      .strict()
      .refine((a) => (a.range === 'custom') === Boolean(a.window), {
        message: 'A custom range takes a from and a to; the other ranges take neither',
        path: ['window'],
      }),
  ).returns<MetricsSeries>(),
  /** The biggest consumers right now. */
  'metrics.top': query(
    z
      .object({
        environmentId: id,
        metric: z.enum(['cpu', 'memory', 'network', 'disk']),
        kind: z.enum(['container', 'service', 'stack']).default('container'),
        limit: z.number().int().min(1).max(100).default(10),
      })
      .strict(),
  ).returns<(ContainerMetrics | GroupMetrics)[]>(),
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
  /** The registry logins of this environment changed: refetch. */
  'registry.changed': number;
  /** A container of this environment was created, started, stopped or removed: refetch. */
  'container.changed': { environmentId: number };
  /** Stream events go only to the connection that opened the stream (CallContext.sink). */
  'stream.data': StreamData;
  'stream.end': StreamEnd;
  /** An alert was raised, resolved or acknowledged. */
  'alert.changed': AlertChanged;
  /** An environment's alert thresholds changed. */
  'alert.thresholds': { environmentId: number; thresholds: AlertThresholds };
  /** The latest figures of an environment, once per tick (all series in one batch). */
  'metrics.batch': MetricsBatch;
}
export type EventName = keyof EventMap;
export const eventNames: readonly EventName[] = [
  'env.changed',
  'host.changed',
  'audit.appended',
  'settings.changed',
  'operation.progress',
  'stack.changed',
  'registry.changed',
  'container.changed',
  'stream.data',
  'stream.end',
  'alert.changed',
  'alert.thresholds',
  'metrics.batch',
];

/** The surface the preload exposes as `window.api` and the web client implements. */
export interface DroverApi {
  invoke<M extends Method>(method: M, args: ArgsOf<M>): Promise<ResultOf<M>>;
  on<E extends EventName>(event: E, listener: (payload: EventMap[E]) => void): () => void;
}
