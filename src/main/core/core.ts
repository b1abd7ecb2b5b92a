// The core: the store, the services on it and the dispatcher, with no knowledge of any shell.
// Electron, web mode and the CLI each create one and bind it to their transport.
import path from 'node:path';
import type { AppInfo, ShellKind } from '../../shared/types.js';
import type { ArgsOf, Method, ResultOf } from '../../shared/contract.js';
import type { HostUsageSource } from '../alerts/inputs.js';
import { AlertService, type Notifier } from '../alerts/service.js';
import { AlertStore } from '../alerts/store.js';
import { Authorizer } from '../access/authorize.js';
import { storeLookups } from '../access/lookups.js';
import { UserStore } from '../access/users.js';
import type { PasswordCost } from '../access/passwords.js';
import { SessionStore, sessionLimits } from '../access/sessions.js';
import { AuditLog } from '../audit/log.js';
import { keepAuditRetention } from '../audit/retention.js';
import { ContainerService } from '../containers/service.js';
import { EnvironmentRepository } from '../environments/repository.js';
import { EventBus } from '../events/bus.js';
import { HostConnections } from '../hosts/connections.js';
import { HostRepository } from '../hosts/repository.js';
import { HostService } from '../hosts/service.js';
import {
  KeyFileSecretBox,
  OsSecretBox,
  type OsEncryption,
  type SecretBox,
} from '../secrets/secret-box.js';
import { RegistryRepository } from '../registries/repository.js';
import { RegistryService } from '../registries/service.js';
import type { CallContext } from '../rpc/context.js';
import { createDispatcher, type Dispatch } from '../rpc/dispatcher.js';
import { LbService } from '../lb/service.js';
import { auditRetentionDays, SettingsRepository } from '../settings/repository.js';
import { StackRepository } from '../stacks/repository.js';
import { StackService } from '../stacks/stack-service.js';
import { SwarmGateway } from '../swarm/gateway.js';
import { noteWaiting } from '../operations/progress.js';
import { BackupService } from '../backup/service.js';
import { busyGuarded } from './busy-guard.js';
import { acquireConsoleLock } from '../store/console-lock.js';
import { removeStalePartials } from '../store/backup-files.js';
import { DATABASE_FILE, latestVersion, openDatabase, type Database } from '../store/database.js';
import { hostUsageOf, MetricsService, type MetricsOptions } from '../metrics/service.js';
import { appVersion } from './version.js';
import { DroverError } from '../../shared/errors.js';
import { createHandlers, auditTargets } from './handlers.js';

export interface CoreOptions {
  dataDir: string;
  shell: ShellKind;
  /** The OS keychain (Electron's safeStorage) where available; otherwise a key file. */
  osEncryption?: OsEncryption;
  /** With the key file: opens secrets safeStorage sealed before it was given up (basic_text). */
  earlierOsEncryption?: OsEncryption;
  /** Why this secret storage, for Settings (the Electron shell's choice, see chooseSecretStorage). */
  secretStorageReason?: string;
  /** Connect to every stored host at start (the app); the CLI connects on demand. */
  connectHosts?: boolean;
  /**
   * Watch thresholds and raise alerts (default: with connectHosts, i.e. the app and web mode;
   * the CLI only reads them).
   */
  monitorAlerts?: boolean;
  /**
   * Hold the data directory as its one console (default: with connectHosts); a second console
   * on the same folder is refused, naming the first.
   */
  holdDataDir?: boolean;
  /** Desktop notifications for alerts (the Electron shell's). */
  notifier?: Notifier;
  /** For tests: a source of host CPU/memory samples instead of the metrics sampler. */
  hostUsage?: HostUsageSource;
  /** For tests: where known_hosts and ssh_config are read. */
  knownHostsFile?: string;
  sshConfigPath?: string;
  /** For tests: the metrics tick and clock. */
  metrics?: MetricsOptions;
  /** For tests: a cheaper Argon2id cost for user passwords (TEST_COST). */
  passwordCost?: PasswordCost;
  /** For tests: the clock login sessions expire by. */
  now?: () => Date;
}

export interface Core {
  readonly dispatch: Dispatch;
  readonly events: EventBus;
  readonly info: AppInfo;
  /** The services behind the contract, for the CLI's progress output and for tests. */
  readonly services: Services;
  /** Calls a request and unwraps the envelope (a DroverError on failure): CLI and tests. */
  call<M extends Method>(method: M, args: ArgsOf<M>, ctx: CallContext): Promise<ResultOf<M>>;
  close(): void;
}

export interface Services {
  db: Database;
  events: EventBus;
  audit: AuditLog;
  environments: EnvironmentRepository;
  hosts: HostRepository;
  connections: HostConnections;
  hostService: HostService;
  swarm: SwarmGateway;
  stacks: StackService;
  containers: ContainerService;
  registryStore: RegistryRepository;
  registries: RegistryService;
  lbs: LbService;
  metrics: MetricsService;
  settings: SettingsRepository;
  alerts: AlertService;
  users: UserStore;
  sessions: SessionStore;
  access: Authorizer;
  backups: BackupService;
  info: AppInfo;
}

export function createCore(options: CoreOptions): Core {
  const lock =
    (options.holdDataDir ?? options.connectHosts)
      ? acquireConsoleLock(options.dataDir, options.shell)
      : undefined;
  // Only the console holding the folder sweeps: a one-shot CLI may be the one writing a copy.
  if (lock) removeStalePartials(options.dataDir);
  let db: Database;
  try {
    db = openDatabase(options.dataDir);
  } catch (error) {
    lock?.release();
    throw error;
  }
  const events = new EventBus();
  const backups = new BackupService({ db, dataDir: options.dataDir });
  const box: SecretBox = options.osEncryption
    ? new OsSecretBox(options.osEncryption)
    : new KeyFileSecretBox(
        options.dataDir,
        options.earlierOsEncryption && new OsSecretBox(options.earlierOsEncryption),
      );
  const environments = new EnvironmentRepository(db);
  const hosts = new HostRepository(db);
  // The connections call back into the host service on every connect; the service needs the
  // connections: the callback looks the service up late.
  const late: {
    hostService?: HostService;
    containers?: ContainerService;
    metrics?: MetricsService;
  } = {};
  const connections = new HostConnections(hosts, box, events, (id) => {
    // A manager that reconnects is trusted again by the gateway.
    swarm.hostConnected(id);
    // Facts and membership as the daemon reports them; a failure leaves the last known ones.
    void late.hostService?.refresh(id).catch(() => undefined);
    // Each host's container events, from every (re)connect on.
    late.containers?.hostConnected(id);
    // Its sampler, over the new connection.
    late.metrics?.hostConnected(id);
  });
  const swarm = new SwarmGateway({
    hosts,
    connections,
    // A change held up by a Raft election says so in the step it belongs to.
    leaderWait: (_environmentId, since) => {
      if (since !== null)
        noteWaiting(
          'Waiting for the Swarm to elect a leader (more than half of the managers must be up)...',
        );
    },
  });
  const hostService = new HostService({
    swarm,
    hosts,
    environments,
    connections,
    events,
    box,
    backups,
    knownHostsFile: options.knownHostsFile,
    sshConfigPath: options.sshConfigPath,
  });
  late.hostService = hostService;
  const containers = new ContainerService({ hosts, connections, events });
  late.containers = containers;
  const metrics = new MetricsService(
    { db, hosts, connections, events, monitor: containers.monitor },
    options.metrics,
  );
  late.metrics = metrics;
  const settings = new SettingsRepository(db);
  const alertStore = new AlertStore(db);
  const alerts = new AlertService({
    store: alertStore,
    events,
    hosts,
    thresholds: (environmentId) => settings.alertThresholds(environmentId),
    containerEvents: containers.monitor,
    swarmEnvironments: () =>
      environments
        .list()
        .filter((e) => e.swarmId)
        .map((e) => e.id),
    swarm,
    usage: options.hostUsage ?? hostUsageOf(metrics),
    notifier: options.notifier,
  });
  const registryStore = new RegistryRepository(db);
  const registries = new RegistryService({
    registries: registryStore,
    box,
    events,
    swarm,
  });
  const users = new UserStore(db, { passwordCost: options.passwordCost, now: options.now });
  const sessions = new SessionStore(db, {
    limits: () => sessionLimits(settings.get()),
    now: options.now,
  });
  const access = new Authorizer(
    users,
    storeLookups({
      hosts,
      registries: registryStore,
      alerts: alertStore,
      containers,
      swarm,
      users,
      sessions,
    }),
  );
  const services: Services = {
    db,
    events,
    audit: new AuditLog(db),
    environments,
    hosts,
    connections,
    hostService,
    swarm,
    stacks: new StackService({
      stacks: new StackRepository(db),
      hosts,
      swarm,
      events,
      registries,
      lbImage: () => settings.get().lbImage,
      backups,
    }),
    containers,
    registryStore,
    registries,
    lbs: new LbService({ hosts, swarm, connections }),
    settings,
    alerts,
    backups,
    metrics,
    users,
    sessions,
    access,
    info: {
      version: appVersion,
      shell: options.shell,
      dataDir: options.dataDir,
      platform: process.platform,
      secretStorage: box.scheme === 'os' ? 'os-keychain' : 'key-file',
      secretStorageReason: options.secretStorageReason,
      storeSchemaVersion: latestVersion,
    },
  };
  environments.ensureDefault();
  if (options.monitorAlerts ?? options.connectHosts) alerts.start();
  if (options.connectHosts) connections.startAll();
  if (lock) backups.startDaily();
  const stopRetention = lock
    ? keepAuditRetention({
        log: services.audit,
        days: () => auditRetentionDays(settings.get()),
        shell: options.shell,
        appended: (entry) => events.publish('audit.appended', entry),
      })
    : undefined;

  const dispatch = createDispatcher({
    handlers: busyGuarded(createHandlers(services), path.join(options.dataDir, DATABASE_FILE)),
    targets: auditTargets(services),
    access,
    audit: (record) => events.publish('audit.appended', services.audit.append(record)),
  });

  return {
    dispatch,
    events,
    info: services.info,
    services,
    async call(method: Method, args: unknown, ctx: CallContext): Promise<never> {
      const envelope = await dispatch(method, args, ctx);
      if (!envelope.ok) throw DroverError.from(envelope.error);
      return envelope.result as never;
    },
    close: () => {
      backups.stop();
      stopRetention?.();
      alerts.close();
      metrics.close();
      containers.close();
      connections.closeAll();
      db.close();
      lock?.release();
    },
  };
}
