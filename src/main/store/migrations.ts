// Versioned schema migrations. Append only: a released migration is never edited, because users'
// databases already ran it. PRAGMA user_version holds the number of the last one applied.
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const migrations: readonly Migration[] = [
  {
    version: 1,
    name: 'environments, hosts, audit log, settings',
    sql: `
      CREATE TABLE environments (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE COLLATE NOCASE,
        description TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
      );
      CREATE TABLE hosts (
        id INTEGER PRIMARY KEY,
        environment_id INTEGER NOT NULL REFERENCES environments(id) ON DELETE RESTRICT,
        name TEXT NOT NULL,
        address TEXT NOT NULL,
        port INTEGER NOT NULL DEFAULT 22,
        user TEXT NOT NULL,
        state TEXT NOT NULL DEFAULT 'new',
        role TEXT NOT NULL DEFAULT 'none',
        facts_json TEXT NOT NULL DEFAULT '{}',
        labels_json TEXT NOT NULL DEFAULT '{}',
        created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
        UNIQUE (environment_id, name)
      );
      CREATE TABLE audit_log (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
        actor TEXT NOT NULL,
        shell TEXT NOT NULL,
        action TEXT NOT NULL,
        target TEXT NOT NULL DEFAULT '',
        details_json TEXT NOT NULL DEFAULT '{}',
        result TEXT NOT NULL CHECK (result IN ('ok', 'error')),
        error TEXT
      );
      CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value_json TEXT NOT NULL
      );
    `,
  },
  {
    version: 2,
    name: 'host connections, pinned keys, swarm membership',
    sql: `
      -- How to log in (no secret in auth_json: secrets are sealed in secret).
      ALTER TABLE hosts ADD COLUMN auth_json TEXT NOT NULL DEFAULT '{"kind":"agent"}';
      ALTER TABLE hosts ADD COLUMN secret TEXT;
      ALTER TABLE hosts ADD COLUMN host_key TEXT;
      ALTER TABLE hosts ADD COLUMN jump_json TEXT;
      ALTER TABLE hosts ADD COLUMN node_id TEXT;
      ALTER TABLE hosts ADD COLUMN state_error TEXT;
      ALTER TABLE hosts ADD COLUMN preflight_json TEXT NOT NULL DEFAULT '[]';
      ALTER TABLE environments ADD COLUMN swarm_id TEXT;
      CREATE UNIQUE INDEX hosts_address ON hosts (environment_id, address, port);
    `,
  },
  {
    version: 3,
    name: 'stacks and their deploy history',
    sql: `
      -- The compose document as last applied, and every applied version. The cluster keeps a
      -- copy too (Swarm configs <stack>_drover-compose-v<N>), so an empty database re-adopts.
      CREATE TABLE stacks (
        id INTEGER PRIMARY KEY,
        environment_id INTEGER NOT NULL REFERENCES environments(id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        compose TEXT NOT NULL,
        created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
        UNIQUE (environment_id, name)
      );
      CREATE TABLE stack_versions (
        stack_id INTEGER NOT NULL REFERENCES stacks(id) ON DELETE CASCADE,
        version INTEGER NOT NULL,
        compose TEXT NOT NULL,
        applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
        actor TEXT NOT NULL,
        PRIMARY KEY (stack_id, version)
      );
    `,
  },
  {
    version: 4,
    name: 'what a stack version needs to be redeployed',
    sql: `
      -- Rollback redeploys a version's document: it needs the variables and folder it was
      -- deployed with. note: why a version was made without a deploy ("scaled web to 3").
      ALTER TABLE stack_versions ADD COLUMN env_json TEXT NOT NULL DEFAULT '{}';
      ALTER TABLE stack_versions ADD COLUMN working_dir TEXT;
      ALTER TABLE stack_versions ADD COLUMN note TEXT;
    `,
  },
  {
    version: 5,
    name: 'the key a host offers when it no longer matches its pin',
    sql: `ALTER TABLE hosts ADD COLUMN offered_host_key TEXT;`,
  },
  {
    version: 6,
    name: 'alerts and per-environment settings',
    sql: `
      -- One row per alert: raised when a threshold was crossed long enough, resolved when back.
      -- At most one open alert per rule and subject (kind, subject_id) in an environment.
      CREATE TABLE alerts (
        id INTEGER PRIMARY KEY,
        environment_id INTEGER NOT NULL REFERENCES environments(id) ON DELETE CASCADE,
        kind TEXT NOT NULL,
        severity TEXT NOT NULL CHECK (severity IN ('critical', 'warning')),
        subject_type TEXT NOT NULL,
        subject_id TEXT NOT NULL,
        subject_name TEXT NOT NULL,
        subject_stack TEXT,
        message TEXT NOT NULL,
        since TEXT NOT NULL,
        raised_at TEXT NOT NULL,
        resolved_at TEXT,
        acknowledged_at TEXT,
        acknowledged_by TEXT
      );
      CREATE UNIQUE INDEX alerts_open ON alerts (environment_id, kind, subject_id)
        WHERE resolved_at IS NULL;
      -- Settings that differ per environment (alert thresholds), JSON per key.
      CREATE TABLE environment_settings (
        environment_id INTEGER NOT NULL REFERENCES environments(id) ON DELETE CASCADE,
        key TEXT NOT NULL,
        value_json TEXT NOT NULL,
        PRIMARY KEY (environment_id, key)
      );
    `,
  },
  {
    version: 7,
    name: 'registry credentials per environment',
    sql: `
      -- Logins for private registries, sent with deploys so every node can pull. The password
      -- (or token) is sealed in secret; address is how docker names the registry (host[:port]).
      CREATE TABLE registry_credentials (
        id INTEGER PRIMARY KEY,
        environment_id INTEGER NOT NULL REFERENCES environments(id) ON DELETE CASCADE,
        address TEXT NOT NULL,
        username TEXT NOT NULL,
        secret TEXT NOT NULL,
        created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
        updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
        UNIQUE (environment_id, address)
      );
    `,
  },
  {
    version: 8,
    name: 'metrics rollups',
    sql: `
      -- Averages per bucket for live-chart history: entity is h:<host id>, c:<container id>,
      -- s:<environment id>:<service> or k:<environment id>:<stack>; resolution and bucket (its
      -- start) in seconds; avg_json the averages in the field order of the entity's kind.
      CREATE TABLE metric_rollups (
        entity TEXT NOT NULL,
        resolution INTEGER NOT NULL,
        bucket INTEGER NOT NULL,
        samples INTEGER NOT NULL,
        avg_json TEXT NOT NULL,
        PRIMARY KEY (entity, resolution, bucket)
      ) WITHOUT ROWID;
      CREATE INDEX metric_rollups_age ON metric_rollups (resolution, bucket);
    `,
  },
  {
    version: 9,
    name: 'when long operations ended',
    sql: `
      -- audit_log.at and stack_versions.applied_at hold when the operation started from now on;
      -- rows written before this migration only know when they were written (they ended), so
      -- their ended_at stays NULL: not known, rather than a made-up duration.
      ALTER TABLE audit_log ADD COLUMN ended_at TEXT;
      ALTER TABLE stack_versions ADD COLUMN ended_at TEXT;
    `,
  },
  {
    version: 10,
    name: 'users, environment memberships, API tokens',
    sql: `
      -- Local accounts for team mode. password_hash: "scrypt$N$r$p$salt$hash" (base64url).
      CREATE TABLE users (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE COLLATE NOCASE,
        password_hash TEXT NOT NULL,
        site_admin INTEGER NOT NULL DEFAULT 0 CHECK (site_admin IN (0, 1)),
        created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
      );
      -- A user's role in an environment, optionally limited to stacks matching a glob.
      CREATE TABLE memberships (
        environment_id INTEGER NOT NULL REFERENCES environments(id) ON DELETE CASCADE,
        user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        role TEXT NOT NULL CHECK (role IN ('owner', 'member', 'restricted', 'read-only')),
        stacks TEXT,
        created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
        PRIMARY KEY (user_id, environment_id)
      ) WITHOUT ROWID;
      -- API tokens: only the SHA-256 digest of the token is kept (it is shown once).
      -- environment_ids_json: null = every environment of the user; role_ceiling: null = none.
      CREATE TABLE api_tokens (
        id INTEGER PRIMARY KEY,
        user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        name TEXT NOT NULL DEFAULT '',
        digest TEXT NOT NULL UNIQUE,
        environment_ids_json TEXT,
        role_ceiling TEXT CHECK (role_ceiling IN ('owner', 'member', 'restricted', 'read-only')),
        created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
        expires_at TEXT,
        last_used_at TEXT,
        revoked_at TEXT
      );
    `,
  },
  {
    version: 11,
    name: 'audit log: client, environment, refusals, digest chain',
    sql: `
      -- Rebuilt to allow results 'denied' and 'unknown' (a change whose answer was lost: it may or
      -- may not have happened); a CHECK cannot be altered in place. prev_digest and
      -- digest chain every row to the one before (SHA-256 over the previous digest and the
      -- row's canonical JSON); rows written before this migration are sealed by the first
      -- Drover that opens the database (AuditLog.sealUnchained).
      CREATE TABLE audit_log_chained (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
        ended_at TEXT,
        actor TEXT NOT NULL,
        shell TEXT NOT NULL,
        client_address TEXT,
        environment_id INTEGER,
        action TEXT NOT NULL,
        target TEXT NOT NULL DEFAULT '',
        details_json TEXT NOT NULL DEFAULT '{}',
        result TEXT NOT NULL CHECK (result IN ('ok', 'error', 'denied', 'unknown')),
        error TEXT,
        prev_digest TEXT,
        digest TEXT
      );
      INSERT INTO audit_log_chained
        (id, at, ended_at, actor, shell, action, target, details_json, result, error)
        SELECT id, at, ended_at, actor, shell, action, target, details_json, result, error
        FROM audit_log;
      DROP TABLE audit_log;
      ALTER TABLE audit_log_chained RENAME TO audit_log;
      CREATE INDEX audit_log_environment ON audit_log (environment_id, id);
    `,
  },
  {
    version: 12,
    name: 'hosts: the raw system error behind the state error in words',
    sql: `
      ALTER TABLE hosts ADD COLUMN state_error_detail TEXT;
      -- When the pinned key was pinned (NULL for keys pinned before this was kept).
      ALTER TABLE hosts ADD COLUMN host_key_pinned_at TEXT;
      `,
  },
  {
    version: 13,
    name: 'team-mode login sessions',
    sql: `
      -- A browser's login. Only the SHA-256 digest of the session id is kept: the id itself lives
      -- in the browser's cookie alone, so a copy of the database opens no session.
      CREATE TABLE sessions (
        id INTEGER PRIMARY KEY,
        user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        digest TEXT NOT NULL UNIQUE,
        client_address TEXT,
        user_agent TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL,
        last_seen_at TEXT NOT NULL,
        revoked_at TEXT
      );
      CREATE INDEX sessions_user ON sessions (user_id);
    `,
  },
  {
    version: 14,
    name: 'audit log retention: the anchor the chain continues from after pruning',
    sql: `
      -- One row once old audit rows have been pruned: the last pruned row's id and digest. The
      -- first kept row's prev_digest is that digest, so verification starts from it.
      CREATE TABLE audit_anchor (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        through_id INTEGER NOT NULL,
        digest TEXT NOT NULL,
        pruned_at TEXT NOT NULL
      );
      CREATE INDEX audit_log_actor ON audit_log (actor, id);
    `,
  },
];

export const latestVersion = migrations.reduce((max, m) => Math.max(max, m.version), 0);
