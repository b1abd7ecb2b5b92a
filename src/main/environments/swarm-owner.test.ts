import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../store/database.js';
import { TempDirs } from '../test-support.js';
import { EnvironmentRepository } from './repository.js';
import { assertSwarmFree } from './swarm-owner.js';

const dirs = new TempDirs();
afterEach(() => dirs.cleanup());

describe('one Swarm, one environment', () => {
  it('refuses a Swarm another environment holds, naming it; allows its own and new ones', () => {
    const db = openDatabase(dirs.make());
    const environments = new EnvironmentRepository(db);
    const ops = environments.create('ops', '');
    const dev = environments.create('dev', '');
    environments.setSwarm(ops.id, 'swarm-a');

    expect(() => assertSwarmFree(environments, 'swarm-a', dev.id)).toThrow(
      expect.objectContaining({ code: 'CONFLICT', message: expect.stringContaining('"ops"') }),
    );
    expect(() => assertSwarmFree(environments, 'swarm-a', ops.id)).not.toThrow();
    expect(() => assertSwarmFree(environments, 'swarm-b', dev.id)).not.toThrow();
    expect(() => assertSwarmFree(environments, undefined, dev.id)).not.toThrow();
    db.close();
  });
});
