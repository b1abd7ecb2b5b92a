// User preferences kept in the store, with defaults for what was never set.
import type { Settings } from '../../shared/types.js';
import type { Database } from '../store/database.js';

export const defaultSettings: Settings = { theme: 'system' };

export class SettingsRepository {
  constructor(private readonly db: Database) {}

  get(): Settings {
    const rows = this.db.prepare('SELECT key, value_json FROM settings').all() as {
      key: string;
      value_json: string;
    }[];
    const stored = Object.fromEntries(
      rows.map((r) => [r.key, JSON.parse(r.value_json) as unknown]),
    );
    return { ...defaultSettings, ...(stored as Partial<Settings>) };
  }

  update(patch: Partial<Settings>): Settings {
    const upsert = this.db.prepare(
      'INSERT INTO settings (key, value_json) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value_json = excluded.value_json',
    );
    this.db.transaction(() => {
      for (const [key, value] of Object.entries(patch)) {
        if (value !== undefined) upsert.run(key, JSON.stringify(value));
      }
    })();
    return this.get();
  }
}
