// Private registry logins of an environment: stored with the password sealed, tested from a
// manager's Docker (POST /auth, as `docker login` does through the daemon), and handed to deploys
// as X-Registry-Auth so that every node can pull (docker stack deploy --with-registry-auth).
import { DroverError } from '../../shared/errors.js';
import type { RegistryCredential, RegistryLoginResult } from '../../shared/types.js';
import type { EventBus } from '../events/bus.js';
import type { SecretBox } from '../secrets/secret-box.js';
import type { ManagerAccess } from '../swarm/gateway.js';
import { normalizeRegistry, registryAuth, registryOf, type RegistryAuth } from './reference.js';
import { publicView, type RegistryRepository, type StoredRegistry } from './repository.js';

export interface RegistryServiceDeps {
  registries: RegistryRepository;
  box: SecretBox;
  events: EventBus;
  /** A connected manager of the environment (throws when there is none). */
  swarm: ManagerAccess;
}

/** The login a deploy sends for an image, and where it came from (for clear errors). */
export interface ImageAuth {
  registry: string;
  auth?: RegistryAuth;
  /** When the stored login last changed (services deployed before hold the older one). */
  changedAt?: string;
}

export class RegistryService {
  constructor(private readonly d: RegistryServiceDeps) {}

  list(environmentId: number): RegistryCredential[] {
    return this.d.registries.list(environmentId).map(publicView);
  }

  async add(args: {
    environmentId: number;
    address: string;
    username: string;
    password: string;
    verify: boolean;
  }): Promise<RegistryCredential> {
    const address = normalizeRegistry(args.address);
    if (this.d.registries.find(args.environmentId, address)) {
      throw new DroverError(
        'CONFLICT',
        `This environment already has a login for ${address}: change or remove that one`,
      );
    }
    const auth = registryAuth(address, args.username, args.password);
    if (args.verify) await this.login(args.environmentId, address, auth);
    const stored = this.d.registries.add(
      args.environmentId,
      address,
      args.username,
      this.d.box.seal(args.password),
    );
    this.changed(args.environmentId);
    return publicView(stored);
  }

  async update(args: {
    id: number;
    username?: string;
    password?: string;
    verify: boolean;
  }): Promise<RegistryCredential> {
    const current = this.d.registries.get(args.id);
    const username = args.username ?? current.username;
    if (args.verify) {
      const password = args.password ?? this.password(current);
      await this.login(
        current.environmentId,
        current.address,
        registryAuth(current.address, username, password),
      );
    }
    const stored = this.d.registries.update(args.id, {
      username,
      secret: args.password !== undefined ? this.d.box.seal(args.password) : undefined,
    });
    this.changed(current.environmentId);
    return publicView(stored);
  }

  remove(id: number): void {
    const { environmentId } = this.d.registries.get(id);
    this.d.registries.remove(id);
    this.changed(environmentId);
  }

  /** Logs in with the stored login; a refused login is an error that says so. */
  async test(id: number): Promise<RegistryLoginResult> {
    const stored = this.d.registries.get(id);
    return this.login(stored.environmentId, stored.address, this.authOf(stored));
  }

  /** The stored login for the image's registry, if the environment has one. */
  authFor(environmentId: number, image: string): ImageAuth {
    const registry = registryOf(image);
    const stored = this.d.registries.find(environmentId, registry);
    return { registry, auth: stored && this.authOf(stored), changedAt: stored?.updatedAt };
  }

  private async login(
    environmentId: number,
    address: string,
    auth: RegistryAuth,
  ): Promise<RegistryLoginResult> {
    const docker = this.d.swarm.manager(environmentId);
    try {
      const answer = (await docker.checkAuth(auth)) as { Status?: string } | undefined;
      return { address, status: answer?.Status || 'Login Succeeded' };
    } catch (error) {
      throw loginError(address, auth.username, error);
    }
  }

  private authOf(stored: StoredRegistry): RegistryAuth {
    return registryAuth(stored.address, stored.username, this.password(stored));
  }

  private password(stored: StoredRegistry): string {
    return this.d.box.open(stored.secret);
  }

  private changed(environmentId: number): void {
    this.d.events.publish('registry.changed', environmentId);
  }
}

/** The engine's own words from a dockerode error ("login attempt ... 401 Unauthorized"). */
export function engineMessage(error: unknown): string {
  const e = error as { json?: { message?: string } | null; message?: string };
  return (e.json?.message ?? e.message ?? String(error)).trim();
}

/** The engine answered that the registry wants (other) credentials. */
export function isAuthError(message: string): boolean {
  return /\b401\b|unauthorized|no basic auth credentials|authentication required|access to the resource is denied|incorrect username or password/i.test(
    message,
  );
}

function loginError(address: string, username: string, error: unknown): DroverError {
  const message = engineMessage(error);
  if (isAuthError(message)) {
    return new DroverError(
      'PRECONDITION_FAILED',
      `${address} refused the login of "${username}" (401 Unauthorized): check the user name and password or token`,
    );
  }
  return new DroverError(
    'UNAVAILABLE',
    `Could not log in to ${address} from the environment's manager: ${message}`,
  );
}
