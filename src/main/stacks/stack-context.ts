// What every stack operation works with: the stack domain's dependencies and the helpers they
// all use (registry logins, the environment's routing mesh, the convergence wait, change events).
import type { BackupService } from '../backup/service.js';
import type { EventBus } from '../events/bus.js';
import type { HostRepository } from '../hosts/repository.js';
import type { RegistryService } from '../registries/service.js';
import type { ManagerAccess } from '../swarm/gateway.js';
import type { DeployGuard } from './guardrails.js';
import type { ImageLogins } from './images.js';
import type { Env } from './interpolate.js';
import type { StackRepository } from './repository.js';

export interface StackServiceDeps {
  stacks: StackRepository;
  hosts: HostRepository;
  /** The environment's managers (leader first, with failover). */
  swarm: ManagerAccess;
  events: EventBus;
  /** The environment's private registry logins, sent with deploys and image updates. */
  registries: RegistryService;
  /** How long a deploy waits for its tasks to run. */
  convergeTimeoutMs?: number;
  /** The LB image setting (unset: the documented default). */
  lbImage?: () => string | undefined;
  backups?: Pick<BackupService, 'beforeRemoving'>;
}

export interface DeployArgs {
  environmentId: number;
  name: string;
  compose: string;
  env?: Env;
  workingDir?: string;
  /**
   * The folder whose files `file:` configs and secrets may read: a CLI deploy's compose folder
   * (recorded with its version), never a folder named by a window or a browser.
   */
  filesFrom?: string;
  operationId?: string;
  actor: string;
  /** Why this version is made (a rollback says which version it restores). */
  note?: string;
  /** A restricted member's deploy: the guardrails it must pass (unset: none apply). */
  guard?: DeployGuard;
}

export type PlanArgs = Omit<DeployArgs, 'operationId' | 'actor' | 'note'>;

export type ServiceAction = 'stop' | 'start' | 'restart' | 'rollback';

export interface StackContext {
  readonly d: StackServiceDeps;
  /** How long an operation waits for its tasks to run. */
  readonly convergeTimeoutMs: number;
  /** The environment's private registry logins, sent with deploys and image updates. */
  logins(environmentId: number): ImageLogins;
  /** False if any host of the environment lacks IPVS (VIPs and the routing mesh fail there). */
  routingMesh(environmentId: number): boolean;
  /** Tells every shell that the environment's stacks changed. */
  changed(environmentId: number): void;
}

export function stackContext(d: StackServiceDeps): StackContext {
  return {
    d,
    convergeTimeoutMs: d.convergeTimeoutMs ?? 180_000,
    logins: (environmentId) => (image) => d.registries.authFor(environmentId, image),
    routingMesh: (environmentId) =>
      d.hosts.list(environmentId).every((h) => h.capabilities?.routingMesh !== false),
    changed: (environmentId) => d.events.publish('stack.changed', environmentId),
  };
}
