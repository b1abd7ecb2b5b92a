// Alerts through the contract and the CLI: thresholds (validated, per environment, audited),
// listing open and resolved alerts, acknowledging, and `drover alerts`.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultAlertThresholds, type Alert, type AlertThresholds } from '../../shared/alerts.js';
import type { AuditEntry } from '../../shared/types.js';
import { createCore, type Core } from '../core/core.js';
import { cliFor } from '../../../e2e/support/core.js';
import { TempDirs, testContext } from '../test-support.js';
import type { AlertDescription } from './rules.js';
import { AlertStore } from './store.js';
import type { Method } from '../../shared/contract.js';

const dirs = new TempDirs();
let dataDir: string;
let core: Core;
let environmentId: number;

beforeEach(() => {
  dataDir = dirs.make('drover-alerts-contract-');
  core = createCore({ dataDir, shell: 'web' });
  environmentId = core.services.environments.list()[0]!.id;
});

afterEach(() => {
  core.close();
  dirs.cleanup();
});

const call = <T>(method: string, args: unknown) =>
  core.call(method as Method, args as never, testContext) as Promise<T>;

function raise(subject: string, at: number): AlertDescription {
  const d: AlertDescription = {
    kind: 'service-below-desired',
    environmentId,
    severity: 'warning',
    subject: { type: 'service', id: subject, name: subject, stack: 'shop' },
    message: `${subject}: 1 of 3 tasks running for 60 s or more`,
  };
  new AlertStore(core.services.db).raise(d, at - 60_000, at);
  return d;
}

describe('alert thresholds', () => {
  it('defaults per environment, partial updates kept, pushed and audited', async () => {
    const other = core.services.environments.create('dev', '').id;
    expect(await call('alert.thresholds', { environmentId })).toEqual(defaultAlertThresholds);
    const pushed: unknown[] = [];
    core.events.subscribe((e) => e.event === 'alert.thresholds' && pushed.push(e.payload));
    const saved = await call<AlertThresholds>('alert.setThresholds', {
      environmentId,
      thresholds: { cpuPercent: 75, belowDesiredSeconds: 30 },
    });
    expect(saved).toEqual({ ...defaultAlertThresholds, cpuPercent: 75, belowDesiredSeconds: 30 });
    expect(await call('alert.thresholds', { environmentId })).toEqual(saved);
    expect(await call('alert.thresholds', { environmentId: other })).toEqual(
      defaultAlertThresholds,
    );
    expect(pushed).toEqual([{ environmentId, thresholds: saved }]);
    const [entry] = await call<AuditEntry[]>('audit.list', { limit: 1 });
    expect(entry).toMatchObject({
      action: 'alert.setThresholds',
      target: 'Default',
      actor: 'alice',
      result: 'ok',
    });
  });

  it('refuses values out of range and unknown keys, changing nothing', async () => {
    for (const thresholds of [
      { cpuPercent: 150 },
      { restartCount: 1 },
      { hostUnreachableSeconds: 0 },
      { belowDesiredSeconds: 2.5 },
      { cpuLimit: 50 },
    ]) {
      await expect(
        call('alert.setThresholds', { environmentId, thresholds }),
      ).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    }
    await expect(
      call('alert.setThresholds', { environmentId: 999, thresholds: { cpuPercent: 50 } }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await call('alert.thresholds', { environmentId })).toEqual(defaultAlertThresholds);
  });
});

describe('alert list and acknowledgement', () => {
  it('lists open and resolved alerts newest first, acknowledges with who did it', async () => {
    const t = Date.parse('2026-11-25T10:00:00Z');
    const first = raise('shop_api', t);
    raise('shop_web', t + 1000);
    new AlertStore(core.services.db).resolve(first, t + 5000);
    const all = await call<Alert[]>('alert.list', { environmentId });
    expect(all.map((a) => [a.subject.name, a.state])).toEqual([
      ['shop_web', 'open'],
      ['shop_api', 'resolved'],
    ]);
    expect(
      (await call<Alert[]>('alert.list', { state: 'open' })).map((a) => a.subject.name),
    ).toEqual(['shop_web']);
    expect(await call<Alert[]>('alert.list', { beforeId: all[0]!.id })).toHaveLength(1);
    const acked = await call<Alert[]>('alert.acknowledge', { ids: [all[0]!.id] });
    expect(acked).toMatchObject([{ acknowledgedBy: 'alice', state: 'open' }]);
    const [entry] = await call<AuditEntry[]>('audit.list', { limit: 1 });
    expect(entry).toMatchObject({
      action: 'alert.acknowledge',
      target: `Below desired replicas: shop_web (#${all[0]!.id})`,
    });
    await expect(call('alert.acknowledge', { ids: [] })).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
    });
  });

  it('drover alerts lists them (open only with --open, JSON with --json) and acks; drover events is its old name', async () => {
    const t = Date.parse('2026-11-25T10:00:00Z');
    const first = raise('shop_api', t);
    raise('shop_web', t + 1000);
    new AlertStore(core.services.db).resolve(first, t + 5000);
    core.close();
    const drover = cliFor(dataDir);

    const table = await drover('alerts');
    expect(table.code).toBe(0);
    const lines = table.out.split('\n');
    expect(lines[0]).toMatch(
      /^ID\s+STATE\s+SEVERITY\s+ALERT\s+SUBJECT\s+RAISED\s+RESOLVED\s+MESSAGE$/,
    );
    expect(lines.slice(1).map((l) => l.split(/\s{2,}/).slice(1, 5))).toEqual([
      ['open', 'warning', 'Below desired replicas', 'shop_web'],
      ['resolved', 'warning', 'Below desired replicas', 'shop_api'],
    ]);
    const open = JSON.parse((await drover('alerts', '--open', '--json')).out) as Alert[];
    expect(open.map((a) => a.subject.name)).toEqual(['shop_web']);

    expect((await drover('alerts', 'ack', String(open[0]!.id))).out).toBe('Acknowledged 1 of 1');
    expect((await drover('alerts', '--open')).out).toContain('open (ack)');
    expect((await drover('events')).out).toBe((await drover('alerts')).out);
    const bad = await drover('alerts', 'ack', 'x');
    expect(bad.code).toBe(2);
    expect((await drover('events', 'ack', '999')).code).toBe(1);
    core = createCore({ dataDir, shell: 'web' });
  });
});
