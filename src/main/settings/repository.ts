// User preferences kept in the store, with defaults for what was never set; and settings that
// differ per environment (alert thresholds).
import {
  alertThresholdsSchema,
  defaultAlertThresholds,
  type AlertThresholds,
} from '../../shared/alerts.js';
import type { Settings } from '../../shared/types.js';
import type { Database } from '../store/database.js';

export const defaultSettings: Settings = { theme: 'system', auditRetentionDays: 365 };

/** Days of audit log kept: the setting, or the default for a value never set. */
export const auditRetentionDays = (settings: Settings): number =>
  settings.auditRetentionDays ?? (defaultSettings.auditRetentionDays as number);

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

  /** The environment's alert thresholds: stored values over the defaults. */
  alertThresholds(environmentId: number): AlertThresholds {
    const stored = this.environmentValue(environmentId, ALERT_THRESHOLDS) as
      Partial<AlertThresholds> | undefined;
    // A value an older or newer version wrote that no longer passes falls back to its default.
    const merged = { ...defaultAlertThresholds, ...stored };
    return alertThresholdsSchema.safeParse(merged).success ? merged : defaultAlertThresholds;
  }

  setAlertThresholds(environmentId: number, patch: Partial<AlertThresholds>): AlertThresholds {
    const next = alertThresholdsSchema.parse({ ...this.alertThresholds(environmentId), ...patch });
    this.setEnvironmentValue(environmentId, ALERT_THRESHOLDS, next);
    return next;
  }

  /** Host folders a restricted member's bind mounts may come from (none unless an owner adds). */
  bindPaths(environmentId: number): string[] {
    const stored = this.environmentValue(environmentId, BIND_PATHS) ?? [];
    return Array.isArray(stored) ? stored.filter((p): p is string => typeof p === 'string') : [];
  }

  setBindPaths(environmentId: number, paths: readonly string[]): string[] {
    const next = [...new Set(paths)].sort();
    this.setEnvironmentValue(environmentId, BIND_PATHS, next);
    return next;
  }

  /** An environment's stored setting as JSON wrote it; undefined where none is stored. */
  private environmentValue(environmentId: number, key: string): unknown {
    const row = this.db
      .prepare('SELECT value_json FROM environment_settings WHERE environment_id = ? AND key = ?')
      .get(environmentId, key) as { value_json: string } | undefined;
    return row ? (JSON.parse(row.value_json) as unknown) : undefined;
  }

  private setEnvironmentValue(environmentId: number, key: string, value: unknown): void {
    this.db
      .prepare(
        `INSERT INTO environment_settings (environment_id, key, value_json) VALUES (?, ?, ?)
         ON CONFLICT(environment_id, key) DO UPDATE SET value_json = excluded.value_json`,
      )
      .run(environmentId, key, JSON.stringify(value));
  }
}

const ALERT_THRESHOLDS = 'alertThresholds';
const BIND_PATHS = 'bindPaths';
