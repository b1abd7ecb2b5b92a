// Live metrics of the environments on screen: the latest batch (one `metrics.batch` per tick
// carries every host, container, service and stack) and a short history per entity for
// sparklines and live charts. Histories are mutable rings outside React state; `version` bumps
// once per batch, so a page re-renders once per tick, not once per series.
import { useEffect, useState } from 'react';
import { create } from 'zustand';
import type {
  EntityRef,
  MetricsBatch,
  MetricsRange,
  MetricsSeries,
  MetricsWindow,
  SeriesPoint,
} from '../../shared/metrics';
import { api } from '../lib/api';
import { errorMessage } from '../lib/errors';

/** 5 minutes at the default 2 s tick. */
const LIVE_POINTS = 150;

interface MetricsState {
  latest: Record<number, MetricsBatch | undefined>;
  /** Bumps on every batch of the environment. */
  version: Record<number, number>;
}

export const useMetrics = create<MetricsState>()(() => ({ latest: {}, version: {} }));

export const entityKeyOf = (ref: EntityRef) => `${ref.kind}:${ref.id}`;

const histories = new Map<number, Map<string, SeriesPoint[]>>();
const watchers = new Map<number, number>();

function historyOf(environmentId: number): Map<string, SeriesPoint[]> {
  let map = histories.get(environmentId);
  if (!map) {
    map = new Map();
    histories.set(environmentId, map);
  }
  return map;
}

function append(history: Map<string, SeriesPoint[]>, key: string, point: SeriesPoint): void {
  let points = history.get(key);
  if (!points) {
    points = [];
    history.set(key, points);
  }
  if (points.length > 0 && points[points.length - 1]!.t >= point.t) return;
  points.push(point);
  if (points.length > LIVE_POINTS) points.splice(0, points.length - LIVE_POINTS);
}

function receive(batch: MetricsBatch): void {
  const history = historyOf(batch.environmentId);
  for (const h of batch.hosts) append(history, `host:${h.hostId}`, h.point);
  for (const c of batch.containers) append(history, `container:${c.id}`, c.point);
  for (const s of batch.services) append(history, `service:${s.name}`, s.point);
  for (const s of batch.stacks) append(history, `stack:${s.name}`, s.point);
  useMetrics.setState((s) => ({
    latest: { ...s.latest, [batch.environmentId]: batch },
    version: { ...s.version, [batch.environmentId]: (s.version[batch.environmentId] ?? 0) + 1 },
  }));
}

/** Subscribes to the core's batches; returns the unsubscribe. */
export function startMetricsSync(): () => void {
  return api.on('metrics.batch', (batch) => {
    if (watchers.has(batch.environmentId)) receive(batch);
  });
}

/** The latest batch of an environment, kept live while the calling component is mounted. */
export function useLatestMetrics(environmentId: number | undefined): MetricsBatch | undefined {
  useEffect(() => {
    if (environmentId === undefined) return;
    watchers.set(environmentId, (watchers.get(environmentId) ?? 0) + 1);
    if (!useMetrics.getState().latest[environmentId]) {
      void api
        .invoke('metrics.latest', { environmentId })
        .then(receive)
        .catch(() => undefined);
    }
    return () => {
      const left = (watchers.get(environmentId) ?? 1) - 1;
      if (left > 0) watchers.set(environmentId, left);
      else watchers.delete(environmentId);
    };
  }, [environmentId]);
  return useMetrics((s) => (environmentId === undefined ? undefined : s.latest[environmentId]));
}

/** The recent points of one entity (for sparklines): a new array once per tick. */
export function useRecentPoints(environmentId: number | undefined, key: string): SeriesPoint[] {
  useLatestMetrics(environmentId);
  const version = useMetrics((s) =>
    environmentId === undefined ? 0 : (s.version[environmentId] ?? 0),
  );
  // The ring is copied only when a batch came, so memoized charts see a new array per tick.
  return useVersioned(environmentId, key, version);
}

const snapshots = new Map<string, { version: number; points: SeriesPoint[] }>();

function useVersioned(environmentId: number | undefined, key: string, version: number) {
  if (environmentId === undefined) return [];
  const id = `${environmentId}|${key}`;
  const cached = snapshots.get(id);
  if (cached && cached.version === version) return cached.points;
  const points = [...(histories.get(environmentId)?.get(key) ?? [])];
  snapshots.set(id, { version, points });
  return points;
}

export interface SeriesState {
  points: SeriesPoint[];
  step: number;
  /** The span a non-live range covers, as the core read it. */
  window?: MetricsWindow;
  loading: boolean;
  error: string | null;
}

/**
 * One entity's chart data. Live: the 5 minutes the core keeps, then every batch appended.
 * Longer ranges: the rollups, read again every 30 s.
 */
export function useSeries(
  environmentId: number,
  entity: EntityRef,
  range: MetricsRange,
  /** The span of a custom range. */
  custom?: MetricsWindow,
): SeriesState {
  const [state, setState] = useState<SeriesState>({
    points: [],
    step: 2,
    loading: true,
    error: null,
  });
  const key = entityKeyOf(entity);
  const live = useRecentPoints(environmentId, key);
  useEffect(() => {
    let cancelled = false;
    const load = () =>
      api
        .invoke('metrics.series', {
          environmentId,
          entity,
          range,
          ...(range === 'custom' ? { window: custom } : {}),
        })
        .then((series: MetricsSeries) => {
          if (cancelled) return;
          if (range === 'live') {
            // Seed the ring with what the core kept from before this page was opened.
            const history = historyOf(environmentId);
            const known = history.get(key) ?? [];
            const merged = [
              ...series.points.filter((p) => p.t < (known[0]?.t ?? Infinity)),
              ...known,
            ];
            history.set(key, merged.slice(-LIVE_POINTS));
            snapshots.delete(`${environmentId}|${key}`);
          }
          setState({
            points: series.points,
            step: series.step,
            window: series.window,
            loading: false,
            error: null,
          });
        })
        .catch((error: unknown) => {
          if (!cancelled)
            setState({ points: [], step: 0, loading: false, error: errorMessage(error) });
        });
    setState((s) => ({ ...s, loading: true }));
    void load();
    // A custom span is fixed in time: read once. The presets move with the clock.
    const timer =
      range === 'live' || range === 'custom' ? undefined : setInterval(() => void load(), 30_000);
    return () => {
      cancelled = true;
      clearInterval(timer);
    };
    // entity is compared by its key
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [environmentId, key, range, custom?.from, custom?.to]);
  return range === 'live' ? { ...state, points: live.length > 0 ? live : state.points } : state;
}
