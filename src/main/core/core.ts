// The core: the store, the services on it and the dispatcher, with no knowledge of any shell.
// Electron, web mode and the CLI each create one and bind it to their transport.
import type { AppInfo, ShellKind } from '../../shared/types.js';
import { AuditLog } from '../audit/log.js';
import { EnvironmentRepository } from '../environments/repository.js';
import { EventBus } from '../events/bus.js';
import { HostRepository } from '../hosts/repository.js';
import type { CallContext } from '../rpc/context.js';
import { createDispatcher, type Dispatch } from '../rpc/dispatcher.js';
import { SettingsRepository } from '../settings/repository.js';
import { latestVersion, openDatabase, type Database } from '../store/database.js';
import { appVersion } from './version.js';
import { createHandlers, auditTargets } from './handlers.js';

export interface CoreOptions {
  dataDir: string;
  shell: ShellKind;
  secretStorage: AppInfo['secretStorage'];
}

export interface Core {
  readonly dispatch: Dispatch;
  readonly events: EventBus;
  readonly info: AppInfo;
  /** Calls a request and unwraps the envelope: for the CLI and tests. */
  call<T = unknown>(method: string, args: unknown, ctx: CallContext): Promise<T>;
  close(): void;
}

export interface Services {
  db: Database;
  events: EventBus;
  audit: AuditLog;
  environments: EnvironmentRepository;
  hosts: HostRepository;
  settings: SettingsRepository;
  info: AppInfo;
}

export function createCore(options: CoreOptions): Core {
  const db = openDatabase(options.dataDir);
  const events = new EventBus();
  const services: Services = {
    db,
    events,
    audit: new AuditLog(db),
    environments: new EnvironmentRepository(db),
    hosts: new HostRepository(db),
    settings: new SettingsRepository(db),
    info: {
      version: appVersion,
      shell: options.shell,
      dataDir: options.dataDir,
      platform: process.platform,
      secretStorage: options.secretStorage,
      storeSchemaVersion: latestVersion,
    },
  };
  services.environments.ensureDefault();

  const dispatch = createDispatcher({
    handlers: createHandlers(services),
    targets: auditTargets(services),
    audit: (record) => events.publish('audit.appended', services.audit.append(record)),
  });

  return {
    dispatch,
    events,
    info: services.info,
    async call<T>(method: string, args: unknown, ctx: CallContext): Promise<T> {
      const envelope = await dispatch(method, args, ctx);
      if (!envelope.ok) throw Object.assign(new Error(envelope.error.message), envelope.error);
      return envelope.result as T;
    },
    close: () => db.close(),
  };
}
