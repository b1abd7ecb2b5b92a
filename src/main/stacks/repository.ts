// Stacks as the console remembers them: the compose document and its applied versions. The
// cluster is the truth for what runs; this is the history only the console knows.
import type { Database } from '../store/database.js';

export interface StoredStack {
  id: number;
  environmentId: number;
  name: string;
  compose: string;
  createdAt: string;
  version: number;
}

export interface StackVersion {
  version: number;
  compose: string;
  /** When its deploy started, and ended (null where not known: see migration 9). */
  appliedAt: string;
  endedAt: string | null;
  actor: string;
  /** Why the version was made without a deploy ("scaled web to 3"), else null. */
  note: string | null;
  /** The ${VAR} values and the folder it was deployed with (a rollback needs them). */
  env: Record<string, string>;
  workingDir: string | null;
}

export interface NewVersion {
  version: number;
  compose: string;
  actor: string;
  /** When its deploy started and ended; default: now and not known. */
  appliedAt?: string;
  endedAt?: string;
  env?: Record<string, string>;
  workingDir?: string;
  note?: string;
}

interface Row {
  id: number;
  environment_id: number;
  name: string;
  compose: string;
  created_at: string;
  version: number | null;
}

const toStack = (row: Row): StoredStack => ({
  id: row.id,
  environmentId: row.environment_id,
  name: row.name,
  compose: row.compose,
  createdAt: row.created_at,
  version: row.version ?? 0,
});

const SELECT = `SELECT s.*, (SELECT MAX(version) FROM stack_versions v WHERE v.stack_id = s.id) AS version
  FROM stacks s`;

export class StackRepository {
  constructor(private readonly db: Database) {}

  list(environmentId: number): StoredStack[] {
    return (
      this.db
        .prepare(`${SELECT} WHERE s.environment_id = ? ORDER BY s.name`)
        .all(environmentId) as Row[]
    ).map(toStack);
  }

  find(environmentId: number, name: string): StoredStack | undefined {
    const row = this.db
      .prepare(`${SELECT} WHERE s.environment_id = ? AND s.name = ?`)
      .get(environmentId, name) as Row | undefined;
    return row && toStack(row);
  }

  /** Records an applied version (creating the stack on its first), returning the stack. */
  recordVersion(environmentId: number, name: string, version: NewVersion): StoredStack {
    this.db.transaction(() => {
      this.db
        .prepare(
          `INSERT INTO stacks (environment_id, name, compose) VALUES (?, ?, ?)
           ON CONFLICT (environment_id, name) DO NOTHING`,
        )
        .run(environmentId, name, version.compose);
      const { id } = this.db
        .prepare('SELECT id FROM stacks WHERE environment_id = ? AND name = ?')
        .get(environmentId, name) as { id: number };
      this.db
        .prepare(
          `INSERT OR REPLACE INTO stack_versions
             (stack_id, version, compose, applied_at, ended_at, actor, env_json, working_dir, note)
           VALUES (?, ?, ?, COALESCE(?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now')), ?, ?, ?, ?, ?)`,
        )
        .run(
          id,
          version.version,
          version.compose,
          version.appliedAt ?? null,
          version.endedAt ?? null,
          version.actor,
          JSON.stringify(version.env ?? {}),
          version.workingDir ?? null,
          version.note ?? null,
        );
      // The stack's document is its latest version's (an adopted older one must not replace it).
      this.db
        .prepare(
          `UPDATE stacks SET compose = (SELECT compose FROM stack_versions
             WHERE stack_id = ? ORDER BY version DESC LIMIT 1) WHERE id = ?`,
        )
        .run(id, id);
    })();
    return this.find(environmentId, name)!;
  }

  /** Every applied version, oldest first. */
  versions(stackId: number): StackVersion[] {
    const rows = this.db
      .prepare(
        `SELECT version, compose, applied_at AS appliedAt, ended_at AS endedAt, actor, note,
           env_json, working_dir
         FROM stack_versions WHERE stack_id = ? ORDER BY version`,
      )
      .all(stackId) as (Omit<StackVersion, 'env' | 'workingDir'> & {
      env_json: string;
      working_dir: string | null;
    })[];
    return rows.map(({ env_json, working_dir, ...row }) => ({
      ...row,
      env: JSON.parse(env_json) as Record<string, string>,
      workingDir: working_dir,
    }));
  }

  remove(environmentId: number, name: string): void {
    this.db
      .prepare('DELETE FROM stacks WHERE environment_id = ? AND name = ?')
      .run(environmentId, name);
  }
}
