import { afterEach, describe, expect, it } from 'vitest';
import { EnvironmentRepository } from '../environments/repository.js';
import { openDatabase } from '../store/database.js';
import { TempDirs } from '../test-support.js';
import type { AlertDescription } from './rules.js';
import { AlertStore } from './store.js';

const dirs = new TempDirs();
afterEach(() => dirs.cleanup());

describe('AlertStore', () => {
  it('keeps one open alert per rule and subject, even from two consoles on one database', () => {
    const dir = dirs.make('drover-alert-store-');
    const [a, b] = [openDatabase(dir), openDatabase(dir)];
    try {
      const environments = new EnvironmentRepository(a);
      environments.ensureDefault();
      const d: AlertDescription = {
        kind: 'host-unreachable',
        environmentId: environments.list()[0]!.id,
        severity: 'critical',
        subject: { type: 'host', id: '4', name: 'drvlab4', stack: null },
        message: 'drvlab4 is unreachable',
      };
      const first = new AlertStore(a).raise(d, 0, 15_000);
      const second = new AlertStore(b).raise(d, 1_000, 16_000);
      expect(first.created).toBe(true);
      expect(second).toEqual({ alert: first.alert, created: false });
      expect(new AlertStore(a).resolve(d, 20_000)?.resolvedAt).toBe('1970-01-01T00:00:20.000Z');
      // Once resolved, the same condition raises a new alert (history keeps both).
      expect(new AlertStore(b).raise(d, 30_000, 45_000).created).toBe(true);
      expect(new AlertStore(a).list({ limit: 10 }).map((x) => x.state)).toEqual([
        'open',
        'resolved',
      ]);
    } finally {
      a.close();
      b.close();
    }
  });
});
