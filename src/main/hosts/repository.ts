// Hosts as the console remembers them. Connection, preflight and Swarm membership build on this.
import type { Host, HostState, SwarmRole } from '../../shared/types.js';
import type { Database } from '../store/database.js';

interface HostRow {
  id: number;
  environment_id: number;
  name: string;
  address: string;
  port: number;
  user: string;
  state: HostState;
  role: SwarmRole;
  facts_json: string;
  labels_json: string;
}

interface HostFacts {
  dockerVersion?: string;
  os?: string;
  kernel?: string;
  cpus?: number;
  memoryBytes?: number;
}

const toHost = (row: HostRow): Host => {
  const facts = JSON.parse(row.facts_json) as HostFacts;
  return {
    id: row.id,
    environmentId: row.environment_id,
    name: row.name,
    address: row.address,
    port: row.port,
    user: row.user,
    state: row.state,
    role: row.role,
    dockerVersion: facts.dockerVersion ?? null,
    os: facts.os ?? null,
    kernel: facts.kernel ?? null,
    cpus: facts.cpus ?? null,
    memoryBytes: facts.memoryBytes ?? null,
    labels: JSON.parse(row.labels_json) as Record<string, string>,
  };
};

export class HostRepository {
  constructor(private readonly db: Database) {}

  list(environmentId?: number): Host[] {
    const rows = this.db
      .prepare('SELECT * FROM hosts WHERE (? IS NULL OR environment_id = ?) ORDER BY name')
      .all(environmentId ?? null, environmentId ?? null) as HostRow[];
    return rows.map(toHost);
  }
}
