// Data transfer objects shared by the core and the renderer. Plain data only: no secrets ever
// appear in these types, because everything here may be sent to the renderer.

import type { FieldValueChange } from './plan-values.js';

export type ShellKind = 'electron' | 'web' | 'cli';

export interface AppInfo {
  version: string;
  shell: ShellKind;
  dataDir: string;
  platform: string;
  /** How secrets (passwords, passphrases) are protected at rest in this shell. */
  secretStorage: 'os-keychain' | 'key-file';
  /** Why that storage (the desktop app's choice, e.g. no keyring on a Linux desktop). */
  secretStorageReason?: string;
  storeSchemaVersion: number;
}

export interface Environment {
  id: number;
  name: string;
  description: string;
  createdAt: string;
  hostCount: number;
  swarmId: string | null;
}

export type HostState =
  'new' | 'connecting' | 'connected' | 'unreachable' | 'auth-failed' | 'host-key-mismatch';

export type SwarmRole = 'manager' | 'worker' | 'none';

export type AuthKind = 'agent' | 'key' | 'password';

export type CheckStatus = 'ok' | 'warn' | 'fail' | 'skipped';

/** One line of a host's preflight checklist; `fix` says what to do when it is not ok. */
export interface PreflightCheck {
  id: string;
  label: string;
  status: CheckStatus;
  detail: string;
  fix?: string;
}

/** What a host's kernel lets Swarm do; decides port publishing and endpoint modes. */
export interface HostCapabilities {
  overlay: boolean;
  routingMesh: boolean;
  encryptedOverlay: boolean;
}

export interface JumpHost {
  address: string;
  port: number;
  user: string;
  /** Pinned key of the jump host itself. */
  hostKey: string | null;
}

export interface Host {
  id: number;
  environmentId: number;
  name: string;
  address: string;
  port: number;
  user: string;
  authKind: AuthKind;
  /** Key file used to log in, when authKind is 'key' and the key is a file (never its content). */
  keyPath: string | null;
  jump: JumpHost | null;
  /** Pinned SHA256 fingerprint of the host's SSH key. */
  hostKey: string | null;
  /** When the host offers another key than the pinned one (state host-key-mismatch): that key. */
  offeredHostKey: string | null;
  state: HostState;
  /** Why the host is not connected, in words a user can act on. */
  stateError: string | null;
  /** The raw system error behind those words ("connect EHOSTUNREACH 10.0.0.5:22"), if any. */
  stateErrorDetail: string | null;
  role: SwarmRole;
  nodeId: string | null;
  availability: 'active' | 'pause' | 'drain' | null;
  dockerVersion: string | null;
  os: string | null;
  kernel: string | null;
  cpus: number | null;
  memoryBytes: number | null;
  diskBytes: number | null;
  diskFreeBytes: number | null;
  capabilities: HostCapabilities | null;
  /** The host's own hostname, which Swarm names its node by; null until first connected. */
  hostname: string | null;
  labels: Record<string, string>;
  preflight: PreflightCheck[];
}

/** A Swarm node as the environment's managers see it, matched to a host where one is known. */
export interface ClusterNode {
  nodeId: string;
  hostname: string;
  address: string;
  role: 'manager' | 'worker';
  availability: 'active' | 'pause' | 'drain';
  state: string;
  leader: boolean;
  /** When the node joined the Swarm (Swarm's CreatedAt), if known. */
  joinedAt?: string | null;
  hostId: number | null;
}

export interface ClusterSummary {
  environmentId: number;
  swarmId: string | null;
  nodes: ClusterNode[];
  /** Quorum and membership advice, e.g. "2 managers tolerate no failure: use 3". */
  advice: string[];
}

export type StepState = 'running' | 'done' | 'warn' | 'failed';

/** Progress of a long operation (adding or removing a host, ...), keyed by the caller's id. */
export interface OperationProgress {
  operationId: string;
  /** The environment the operation acts on. */
  environmentId?: number;
  step: string;
  state: StepState;
  message: string;
  /** 0..1 where the step can tell. */
  fraction?: number;
  /** A failed task's error as the engine words it (the same for every repeat). */
  error?: string;
}

export interface HostProbe {
  address: string;
  port: number;
  user: string;
  fingerprint: string;
  /** What ~/.ssh/known_hosts says of this key. */
  knownHosts: 'match' | 'mismatch' | 'revoked' | 'unknown';
  /** Drover has this key pinned for this address and port already (since: null when unknown). */
  pinned: { since: string | null } | null;
}

export interface HostAddResult {
  host: Host;
  preflight: PreflightCheck[];
}

/**
 * denied: refused by access control before anything ran; unknown: a change whose answer was lost
 * on the way (it may or may not have happened).
 */
export type AuditResult = 'ok' | 'error' | 'denied' | 'unknown';

export interface AuditEntry {
  id: number;
  /** When the request started (for entries written before end times were kept: when it ended). */
  at: string;
  /** When it ended; null where not known (entries written before end times were kept). */
  endedAt: string | null;
  actor: string;
  shell: ShellKind;
  /** The web client's address; null for the desktop window and the CLI. */
  clientAddress: string | null;
  /** The environment the request acted on; null for console-wide requests. */
  environmentId: number | null;
  action: string;
  target: string;
  details: Record<string, unknown>;
  result: AuditResult;
  error: string | null;
}

export type ThemePreference = 'system' | 'light' | 'dark';

/** A private registry's login, as the renderer sees it: never the password itself. */
export interface RegistryCredential {
  id: number;
  environmentId: number;
  /** host[:port] as images name it; "docker.io" for Docker Hub. */
  address: string;
  username: string;
  /** A password or token is stored (sealed); it is never sent back. */
  passwordSet: true;
  createdAt: string;
  updatedAt: string;
}

/** The registry accepted the login (through a manager's Docker). */
export interface RegistryLoginResult {
  address: string;
  status: string;
}

export interface Settings {
  theme: ThemePreference;
  /** Default image of the "nginx cluster" template (e.g. a private registry's copy). */
  nginxImage?: string;
  /** HAProxy image of load balancers whose compose service names none (default haproxy:lts). */
  lbImage?: string;
  /** Team mode: a login session ends after this many minutes without a request (default 60). */
  sessionIdleMinutes?: number;
  /** Team mode: and this many hours after the login at the latest (default 12). */
  sessionMaxHours?: number;
  /** Audit rows older than this many days are pruned (the chain stays verifiable); 365 unset. */
  auditRetentionDays?: number;
}

/** The caller as the console sees it. */
export interface WhoAmI {
  /** 'local-admin': the OS user owning the data dir (desktop, the console's own URL). */
  kind: 'local-admin' | 'user';
  name: string;
  siteAdmin: boolean;
  /** The login session the request came through; null without one (desktop, URL, token). */
  sessionId: number | null;
  /** Whether user accounts exist, i.e. web mode asks for a login. */
  teamMode: boolean;
}

/** A team-mode login session (the browser's cookie holds its secret id; never sent here). */
export interface SessionInfo {
  id: number;
  userId: number;
  user: string;
  clientAddress: string | null;
  userAgent: string;
  createdAt: string;
  lastSeenAt: string;
  /** When it ends unless used again (the earlier of the idle and absolute limits). */
  expiresAt: string;
  revokedAt: string | null;
  /** The session the asking request came through. */
  current: boolean;
}

/** Where a stack's compose document comes from: Drover's own, or rebuilt from service specs. */
export type StackSource = 'drover' | 'docker-cli';

export interface Stack {
  environmentId: number;
  name: string;
  source: StackSource;
  /** The last applied version (Drover stacks); null for stacks deployed by the docker CLI. */
  version: number | null;
  services: number;
  desiredTasks: number;
  runningTasks: number;
  /** Its services' names in the stack ("web", not "shop_web") and their images, to search by. */
  serviceNames: string[];
  images: string[];
}

export interface TaskInfo {
  id: string;
  slot: number | null;
  nodeId: string | null;
  /** The Drover host the task runs on, when known; else the node's hostname. */
  host: string | null;
  /** The node's hostname in the Swarm (shown beside a Drover name that differs). */
  nodeHostname: string | null;
  state: string;
  desiredState: string;
  /** The engine's error, e.g. why a pull failed. */
  error: string | null;
  message: string;
  containerId: string | null;
  updatedAt: string;
}

export interface StackServiceInfo {
  id: string;
  /** The Swarm service name, <stack>_<service>. */
  name: string;
  stack: string | null;
  /** The name within its stack (the compose file's). */
  shortName: string;
  image: string;
  mode: 'replicated' | 'global' | 'replicated-job' | 'global-job';
  /** Wanted replicas (replicated), null for global services. */
  replicas: number | null;
  desiredTasks: number;
  runningTasks: number;
  endpointMode: string;
  ports: string[];
  updatedAt: string;
  /** Part of a Drover load balancer: its name and tier (the edge holds the host ports). */
  lb: { name: string; tier: 'edge' | 'rules' } | null;
  /** Swarm's last rolling update of the service (state as Swarm names it), if any. */
  updateStatus: { state: string; message: string | null } | null;
  /** Replicas remembered by a stop (service.start restores them); null unless stopped. */
  stoppedReplicas: number | null;
  /** The engine's latest task error while the service is not converged; null once it is. */
  problem: ServiceProblem | null;
}

/** Why a service's tasks do not run, as the engine said it (pull denied, no suitable node, ...). */
export interface ServiceProblem {
  /** The engine's error, verbatim. */
  message: string;
  /** The task's state: failed, rejected, pending, ... */
  state: string;
  /** When the task reached that state (ISO time). */
  at: string;
  /** The host of the task, if it was placed on one. */
  node: string | null;
  /** How many tasks of the current spec have an error. */
  tasks: number;
}

export interface StackDetail extends Stack {
  compose: string;
  /** The stored document, or one rebuilt from the service specs (docker-cli stacks). */
  composeOrigin: 'stored' | 'rebuilt';
  serviceDetails: (StackServiceInfo & { tasks: TaskInfo[] })[];
}

export interface StackObjectRef {
  kind: 'network' | 'config' | 'secret' | 'service';
  name: string;
}

export interface StackDeployResult {
  stack: string;
  version: number;
  created: StackObjectRef[];
  updated: StackObjectRef[];
  unchanged: StackObjectRef[];
  removed: StackObjectRef[];
  warnings: string[];
  /** Every service has its wanted tasks running (when the deploy waited). */
  converged: boolean;
  /** Services that did not converge, with the reason the wait ended for each. */
  unconverged: { service: string; reason: string }[];
}

export interface ComposeError {
  message: string;
  path: string;
  line: number | null;
  column: number | null;
}

export interface ComposeValidation {
  valid: boolean;
  errors: ComposeError[];
  warnings: string[];
}

export type ContainerState =
  'running' | 'exited' | 'created' | 'restarting' | 'paused' | 'dead' | 'removing';

/** A container on one host of an environment, as that host's own Docker reports it. */
export interface ContainerSummary {
  id: string;
  name: string;
  hostId: number;
  hostName: string;
  /** com.docker.stack.namespace, null for containers outside any stack. */
  stack: string | null;
  /** com.docker.swarm.service.name, null for containers that are not Swarm tasks. */
  service: string | null;
  /** The task's slot (replicated services); null for global services and plain containers. */
  taskSlot: number | null;
  state: ContainerState;
  /** Docker's words, e.g. "Up 5 minutes" or "Exited (0) 2 hours ago". */
  status: string;
  image: string;
  createdAt: string;
  /** When it last started, while it is running (or paused/restarting); else null. */
  startedAt: string | null;
  /** When it stopped, while it is exited or dead (unknown: null or absent). */
  finishedAt?: string | null;
}

/**
 * How well the console knows one host's containers: `live` (listed since it last connected and
 * its event stream flows), `loading` (its first list is running), `unknown` (not connected, or
 * its list or event stream failed: its last known containers are shown as of `lastSeenAt`).
 */
export type ContainerHostState = 'live' | 'loading' | 'unknown';

export interface ContainerHostStatus {
  hostId: number;
  hostName: string;
  state: ContainerHostState;
  /** When its containers were last known to be as listed (now, while live); null if never. */
  lastSeenAt: string | null;
  /** Why the state is not live, naming the host. */
  error: string | null;
}

/** container.list: every container of the environment, and how current each host's part is. */
export interface ContainerList {
  containers: ContainerSummary[];
  hosts: ContainerHostStatus[];
}

/** Output of a log or exec stream, sent only to the shell connection that opened it. */
export interface StreamData {
  streamId: string;
  data: string;
  /** Which task the lines come from in merged service logs, e.g. "web_nginx.3@drvlab2". */
  source?: string;
}

/** A stream has ended: its source finished, it was closed, or it failed (error). */
export interface StreamEnd {
  streamId: string;
  error?: string;
}

export type StackPlanKind = 'service' | 'network' | 'volume' | 'config' | 'secret';
export type StackPlanAction = 'create' | 'update' | 'remove' | 'unchanged';

export interface StackPlanChange {
  kind: StackPlanKind;
  /** The object's name on the cluster (<stack>_<name> for the stack's own). */
  name: string;
  action: StackPlanAction;
  /** Spec paths that change (updates), e.g. "TaskTemplate.ContainerSpec.Image". */
  fields: string[];
  /** The same changes as people read them: a label and the old and new values. */
  values: FieldValueChange[];
}

/** What a deploy of a compose document would do, worked out without changing anything. */
export interface StackPlan {
  /** Validation errors; when there are any, the rest is empty. */
  errors: { line: number | null; column: number | null; message: string }[];
  /** Unified diff of the stack's current document and the new one; empty for a new stack. */
  diff: string;
  changes: StackPlanChange[];
  /** Why the deploy would be refused; Deploy is disabled while there is any. */
  refusals: StackPlanRefusal[];
  warnings: string[];
}

/** A reason the deploy is refused before anything changes, and what to do about it. */
export interface StackPlanRefusal {
  /** The service's name in the file, when the reason is one service's. */
  service: string | null;
  /** The compose field at fault under the service, e.g. "deploy.resources.reservations.cpus". */
  field: string | null;
  message: string;
  /** Where that field stands in the compose document, when known. */
  line: number | null;
}

/** One applied version of a stack's compose document, newest first in stack.history. */
export interface StackVersionInfo {
  version: number;
  /** When its deploy started (for versions recorded before end times were kept: when it ended). */
  appliedAt: string;
  /** When its deploy ended; null where not known (older versions, adopted from the cluster). */
  endedAt: string | null;
  actor: string;
  compose: string;
  /** Why the version exists when it was not a deploy: "scaled web to 3", "rollback to 2". */
  note: string | null;
}

export type TemplateQuestionType = 'string' | 'number' | 'password' | 'image';

export interface TemplateQuestion {
  id: string;
  label: string;
  type: TemplateQuestionType;
  default?: string | number;
  required: boolean;
}

export interface StackTemplate {
  id: string;
  name: string;
  description: string;
  questions: TemplateQuestion[];
}

export interface RenderedTemplate {
  /** The compose document to deploy (validate it and show the plan like any other). */
  compose: string;
  /** A suggested stack name. */
  name: string;
  /**
   * Variables to deploy it with: the passwords, which become Swarm secrets (never written into
   * the document). Pass them as stack.plan/stack.deploy `env`.
   */
  env: Record<string, string>;
}

/** One backend server of a load balancer rule, as HAProxy's health checks see it. */
export interface LbServerHealth {
  /** HAProxy's slot name (e.g. web3). */
  server: string;
  /** The task's address on the overlay (ip:port). */
  address: string;
  /** UP, DOWN, NOLB, MAINT, ... (HAProxy's words). */
  status: string;
}

export interface LbRuleInfo {
  listen: number;
  protocol: 'http' | 'tcp';
  target: string;
  port: number;
  host: string | null;
  path: string | null;
  /** The secret whose certificate terminates HTTPS on this port, if any. */
  certificate: string | null;
  /** Backends up / known (slots without a task are left out); null when health is unknown. */
  up: number | null;
  total: number | null;
  servers: LbServerHealth[];
}

export interface LbTierInfo {
  service: string;
  running: number;
  desired: number;
}

export interface LoadBalancerInfo {
  stack: string;
  name: string;
  image: string;
  /** "all" or <label>=<value>. */
  hosts: string;
  ports: number[];
  stickyCookie: string | null;
  statsPort: number | null;
  /** The global service holding the host ports. */
  edge: LbTierInfo | null;
  /** The service applying the rules. */
  rules: LbTierInfo | null;
  ruleInfo: LbRuleInfo[];
  /** Why backend health could not be read (no running rules task, exec failed). */
  healthError: string | null;
}

/** A backup of the console's database in its data directory's backups folder. */
export interface BackupEntry {
  file: string;
  /** Why it was taken: daily, manual, before-migration-v9, before-stack-remove, ... */
  reason: string;
  createdAt: string;
  bytes: number;
}

export type {
  ApiTokenInfo,
  AuditChainState,
  CreatedApiToken,
  EnvironmentRole,
  Membership,
  User,
} from './access-types.js';
