// Registry logins as stored: the address and user in clear, the password sealed (secret-box).
import { DroverError } from '../../shared/errors.js';
import type { RegistryCredential } from '../../shared/types.js';
import type { Database } from '../store/database.js';

export interface StoredRegistry extends RegistryCredential {
  /** The sealed password or token: opened only to log in or deploy. */
  secret: string;
}

interface Row {
  id: number;
  environment_id: number;
  address: string;
  username: string;
  secret: string;
  created_at: string;
  updated_at: string;
}

const toStored = (row: Row): StoredRegistry => ({
  id: row.id,
  environmentId: row.environment_id,
  address: row.address,
  username: row.username,
  passwordSet: true,
  secret: row.secret,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

/** What leaves the core: everything but the sealed secret. */
export function publicView({ secret: _secret, ...credential }: StoredRegistry): RegistryCredential {
  return credential;
}

export class RegistryRepository {
  constructor(private readonly db: Database) {}

  list(environmentId: number): StoredRegistry[] {
    return (
      this.db
        .prepare('SELECT * FROM registry_credentials WHERE environment_id = ? ORDER BY address')
        .all(environmentId) as Row[]
    ).map(toStored);
  }

  get(id: number): StoredRegistry {
    const row = this.db.prepare('SELECT * FROM registry_credentials WHERE id = ?').get(id) as
      Row | undefined;
    if (!row) throw new DroverError('NOT_FOUND', `No registry login with id ${id}`);
    return toStored(row);
  }

  find(environmentId: number, address: string): StoredRegistry | undefined {
    const row = this.db
      .prepare('SELECT * FROM registry_credentials WHERE environment_id = ? AND address = ?')
      .get(environmentId, address) as Row | undefined;
    return row && toStored(row);
  }

  add(environmentId: number, address: string, username: string, secret: string): StoredRegistry {
    if (this.find(environmentId, address)) {
      throw new DroverError(
        'CONFLICT',
        `This environment already has a login for ${address}: change or remove that one`,
      );
    }
    const { lastInsertRowid } = this.db
      .prepare(
        'INSERT INTO registry_credentials (environment_id, address, username, secret) VALUES (?, ?, ?, ?)',
      )
      .run(environmentId, address, username, secret);
    return this.get(Number(lastInsertRowid));
  }

  update(id: number, changes: { username?: string; secret?: string }): StoredRegistry {
    const current = this.get(id);
    this.db
      .prepare(
        `UPDATE registry_credentials SET username = ?, secret = ?,
           updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = ?`,
      )
      .run(changes.username ?? current.username, changes.secret ?? current.secret, id);
    return this.get(id);
  }

  remove(id: number): void {
    this.get(id);
    this.db.prepare('DELETE FROM registry_credentials WHERE id = ?').run(id);
  }
}
