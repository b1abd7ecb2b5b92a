// Environments: one Swarm each, and the unit of isolation and access control.
import type { Environment } from '../../shared/types.js';
import { DroverError } from '../../shared/errors.js';
import type { Database } from '../store/database.js';

export const DEFAULT_ENVIRONMENT = 'Default';

interface EnvironmentRow {
  id: number;
  name: string;
  description: string;
  created_at: string;
  host_count: number;
  swarm_id: string | null;
}

const SELECT = `SELECT e.*, (SELECT COUNT(*) FROM hosts h WHERE h.environment_id = e.id) AS host_count
                FROM environments e`;

const toEnvironment = (row: EnvironmentRow): Environment => ({
  id: row.id,
  name: row.name,
  description: row.description,
  createdAt: row.created_at,
  hostCount: row.host_count,
  swarmId: row.swarm_id,
});

export class EnvironmentRepository {
  constructor(private readonly db: Database) {}

  /** The first start has one environment to put hosts in. */
  ensureDefault(): void {
    const { n } = this.db.prepare('SELECT COUNT(*) AS n FROM environments').get() as { n: number };
    if (n === 0) this.create(DEFAULT_ENVIRONMENT, 'Created on first start');
  }

  list(): Environment[] {
    return (this.db.prepare(`${SELECT} ORDER BY e.id`).all() as EnvironmentRow[]).map(
      toEnvironment,
    );
  }

  get(id: number): Environment {
    const row = this.db.prepare(`${SELECT} WHERE e.id = ?`).get(id) as EnvironmentRow | undefined;
    if (!row) throw new DroverError('NOT_FOUND', `No environment with id ${id}`);
    return toEnvironment(row);
  }

  findByName(name: string): Environment | undefined {
    const row = this.db.prepare(`${SELECT} WHERE e.name = ?`).get(name) as
      EnvironmentRow | undefined;
    return row && toEnvironment(row);
  }

  create(name: string, description: string): Environment {
    this.assertNameFree(name);
    const { id } = this.db
      .prepare('INSERT INTO environments (name, description) VALUES (?, ?) RETURNING id')
      .get(name, description) as { id: number };
    return this.get(id);
  }

  update(id: number, changes: { name?: string; description?: string }): Environment {
    const current = this.get(id);
    if (changes.name !== undefined && changes.name.toLowerCase() !== current.name.toLowerCase()) {
      this.assertNameFree(changes.name);
    }
    this.db
      .prepare('UPDATE environments SET name = ?, description = ? WHERE id = ?')
      .run(changes.name ?? current.name, changes.description ?? current.description, id);
    return this.get(id);
  }

  setSwarm(id: number, swarmId: string | null): void {
    this.db.prepare('UPDATE environments SET swarm_id = ? WHERE id = ?').run(swarmId, id);
  }

  remove(id: number): void {
    const environment = this.get(id);
    if (environment.hostCount > 0) {
      throw new DroverError(
        'CONFLICT',
        `Environment "${environment.name}" still has ${environment.hostCount} host(s); remove them first`,
      );
    }
    this.db.prepare('DELETE FROM environments WHERE id = ?').run(id);
  }

  private assertNameFree(name: string): void {
    if (this.findByName(name)) {
      throw new DroverError('CONFLICT', `An environment named "${name}" already exists`);
    }
  }
}
