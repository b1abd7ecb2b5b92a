// Hosts as the console remembers them: how to reach them (secrets sealed), their pinned key,
// their facts and their Swarm membership. The cluster stays the truth for what runs on them.
import type {
  AuthKind,
  Host,
  HostCapabilities,
  HostState,
  JumpHost,
  PreflightCheck,
  SwarmRole,
} from '../../shared/types.js';
import { DroverError } from '../../shared/errors.js';
import type { Database } from '../store/database.js';

/** Login details without secrets; the secret (password, passphrase, key) is sealed apart. */
export interface StoredAuth {
  kind: AuthKind;
  keyPath?: string;
  /** The private key itself was given (sealed in the secret column with its passphrase). */
  inlineKey?: boolean;
}

export interface HostFacts {
  dockerVersion?: string;
  os?: string;
  kernel?: string;
  cpus?: number;
  memoryBytes?: number;
  diskBytes?: number;
  diskFreeBytes?: number;
  capabilities?: HostCapabilities;
  availability?: Host['availability'];
  /** The Docker engine's ID (GET /info `ID`): the same engine is never added twice. */
  engineId?: string;
  /** The host's own hostname (GET /info `Name`), the name Swarm gives its node. */
  hostname?: string;
}

export interface NewHost {
  environmentId: number;
  name: string;
  address: string;
  port: number;
  user: string;
  auth: StoredAuth;
  secret: string | null;
  hostKey: string;
  jump: JumpHost | null;
}

interface HostRow {
  id: number;
  environment_id: number;
  name: string;
  address: string;
  port: number;
  user: string;
  state: HostState;
  state_error: string | null;
  state_error_detail: string | null;
  role: SwarmRole;
  facts_json: string;
  labels_json: string;
  auth_json: string;
  secret: string | null;
  host_key: string | null;
  offered_host_key: string | null;
  jump_json: string | null;
  node_id: string | null;
  preflight_json: string;
}

const toHost = (row: HostRow): Host => {
  const facts = JSON.parse(row.facts_json) as HostFacts;
  const auth = JSON.parse(row.auth_json) as StoredAuth;
  return {
    id: row.id,
    environmentId: row.environment_id,
    name: row.name,
    address: row.address,
    port: row.port,
    user: row.user,
    authKind: auth.kind,
    keyPath: auth.keyPath ?? null,
    jump: row.jump_json ? (JSON.parse(row.jump_json) as JumpHost) : null,
    hostKey: row.host_key,
    offeredHostKey: row.offered_host_key,
    state: row.state,
    stateError: row.state_error,
    stateErrorDetail: row.state_error_detail,
    role: row.role,
    nodeId: row.node_id,
    availability: facts.availability ?? null,
    dockerVersion: facts.dockerVersion ?? null,
    os: facts.os ?? null,
    kernel: facts.kernel ?? null,
    cpus: facts.cpus ?? null,
    memoryBytes: facts.memoryBytes ?? null,
    diskBytes: facts.diskBytes ?? null,
    diskFreeBytes: facts.diskFreeBytes ?? null,
    capabilities: facts.capabilities ?? null,
    hostname: facts.hostname ?? null,
    labels: JSON.parse(row.labels_json) as Record<string, string>,
    preflight: JSON.parse(row.preflight_json) as PreflightCheck[],
  };
};

/** What the core needs to log in; never leaves the main process. */
export interface HostLogin {
  host: Host;
  auth: StoredAuth;
  secret: string | null;
}

export class HostRepository {
  constructor(private readonly db: Database) {}

  list(environmentId?: number): Host[] {
    const rows = this.db
      .prepare('SELECT * FROM hosts WHERE (? IS NULL OR environment_id = ?) ORDER BY name')
      .all(environmentId ?? null, environmentId ?? null) as HostRow[];
    return rows.map(toHost);
  }

  get(id: number): Host {
    return toHost(this.row(id));
  }

  /** The host whose Docker engine has this ID, in any environment. */
  withEngine(engineId: string): Host | undefined {
    const row = this.db
      .prepare("SELECT * FROM hosts WHERE json_extract(facts_json, '$.engineId') = ?")
      .get(engineId) as HostRow | undefined;
    return row && toHost(row);
  }

  login(id: number): HostLogin {
    const row = this.row(id);
    return { host: toHost(row), auth: JSON.parse(row.auth_json) as StoredAuth, secret: row.secret };
  }

  insert(host: NewHost): Host {
    this.assertFree(host);
    const { id } = this.db
      .prepare(
        `INSERT INTO hosts (environment_id, name, address, port, user, auth_json, secret, host_key, jump_json, state, host_key_pinned_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'connecting', ?) RETURNING id`,
      )
      .get(
        host.environmentId,
        host.name,
        host.address,
        host.port,
        host.user,
        JSON.stringify(host.auth),
        host.secret,
        host.hostKey,
        host.jump ? JSON.stringify(host.jump) : null,
        host.hostKey ? new Date().toISOString() : null,
      ) as { id: number };
    return this.get(id);
  }

  setState(
    id: number,
    state: HostState,
    error: string | null,
    offeredHostKey: string | null = null,
    errorDetail: string | null = null,
  ): boolean {
    const result = this.db
      .prepare(
        `UPDATE hosts SET state = ?, state_error = ?, offered_host_key = ?, state_error_detail = ?
         WHERE id = ? AND (state IS NOT ? OR state_error IS NOT ? OR offered_host_key IS NOT ?
           OR state_error_detail IS NOT ?)`,
      )
      .run(
        state,
        error,
        offeredHostKey,
        errorDetail,
        id,
        state,
        error,
        offeredHostKey,
        errorDetail,
      );
    return result.changes > 0;
  }

  updateFacts(id: number, facts: HostFacts): void {
    const merged = { ...(JSON.parse(this.row(id).facts_json) as HostFacts), ...facts };
    this.db.prepare('UPDATE hosts SET facts_json = ? WHERE id = ?').run(JSON.stringify(merged), id);
  }

  setPreflight(id: number, checks: PreflightCheck[]): void {
    this.db
      .prepare('UPDATE hosts SET preflight_json = ? WHERE id = ?')
      .run(JSON.stringify(checks), id);
  }

  setMembership(id: number, membership: { nodeId: string | null; role: SwarmRole }): void {
    this.db
      .prepare('UPDATE hosts SET node_id = ?, role = ? WHERE id = ?')
      .run(membership.nodeId, membership.role, id);
  }

  setLabels(id: number, labels: Record<string, string>): void {
    this.db
      .prepare('UPDATE hosts SET labels_json = ? WHERE id = ?')
      .run(JSON.stringify(labels), id);
  }

  setHostKey(id: number, hostKey: string): void {
    this.db
      .prepare('UPDATE hosts SET host_key = ?, host_key_pinned_at = ? WHERE id = ?')
      .run(hostKey, new Date().toISOString(), id);
  }

  /**
   * Whether a host at this address and port has this key pinned, and since when (null: pinned
   * before the time was kept). Only the fact and the time: the host may be in an environment
   * the asker is not a member of.
   */
  keyPinned(address: string, port: number, hostKey: string): { since: string | null } | null {
    const row = this.db
      .prepare(
        `SELECT host_key_pinned_at AS since FROM hosts
         WHERE address = ? AND port = ? AND host_key = ? ORDER BY host_key_pinned_at LIMIT 1`,
      )
      .get(address, port, hostKey) as { since: string | null } | undefined;
    return row ? { since: row.since } : null;
  }

  remove(id: number): void {
    this.db.prepare('DELETE FROM hosts WHERE id = ?').run(id);
  }

  private row(id: number): HostRow {
    const row = this.db.prepare('SELECT * FROM hosts WHERE id = ?').get(id) as HostRow | undefined;
    if (!row) throw new DroverError('NOT_FOUND', `No host with id ${id}`);
    return row;
  }

  assertFree(host: Pick<NewHost, 'environmentId' | 'name' | 'address' | 'port'>): void {
    const clash = this.db
      .prepare(
        'SELECT name FROM hosts WHERE environment_id = ? AND (name = ? OR (address = ? AND port = ?))',
      )
      .get(host.environmentId, host.name, host.address, host.port) as { name: string } | undefined;
    if (clash) {
      throw new DroverError(
        'CONFLICT',
        clash.name === host.name
          ? `A host named "${host.name}" is already in this environment`
          : `${host.address}:${host.port} is already in this environment as "${clash.name}"`,
      );
    }
  }

  /** Whether a host of the environment has this name. */
  nameTaken(environmentId: number, name: string): boolean {
    return (
      this.db
        .prepare('SELECT 1 FROM hosts WHERE environment_id = ? AND name = ?')
        .get(environmentId, name) !== undefined
    );
  }
}
