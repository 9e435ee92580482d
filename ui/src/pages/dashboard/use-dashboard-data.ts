// Everything the dashboard reads, fetched in parallel for one time range and grouping.

import { useEffect, useState } from 'preact/hooks';
import { apiGet, apiUrl } from '../../api/client.js';
import type { CostsResponse, EvaluationsResponse, LatencyResponse, TimeSeries, TimeSeriesResponse, TraceSearchResponse, TraceSummary } from '../../api/types.js';
import { ratioSeries } from '../../lib/series.js';

export const METRICS = ['cost', 'tokens', 'calls', 'errors', 'latency_p50', 'latency_p95', 'latency_p99'] as const;
export type Metric = (typeof METRICS)[number];

export interface DashboardData {
  series: Record<Metric | 'error_rate', TimeSeries[]>;
  costsByGroup: CostsResponse | null;
  costsByService: CostsResponse | null;
  costsByUser: CostsResponse | null;
  /** By trace tag (a trace under each of its tags). */
  costsByTag: CostsResponse | null;
  latency: LatencyResponse | null;
  topTraces: TraceSummary[];
  /** Evaluation scores by name. */
  evaluations: EvaluationsResponse | null;
  /** Average evaluation score over time, one series per evaluation name. */
  evaluationTrend: TimeSeries[];
}

export interface DashboardState {
  data: DashboardData | null;
  errors: string[];
  loading: boolean;
}

/** Each request may fail on its own: the page shows what loaded plus the errors, never nothing. */
async function settle<T>(p: Promise<T>, errors: string[], what: string): Promise<T | null> {
  try {
    return await p;
  } catch (err) {
    errors.push(`${what}: ${(err as Error).message}`);
    return null;
  }
}

export function useDashboardData(start: number, end: number, step: number, groupBy: string, tick: number): DashboardState {
  const [state, setState] = useState<DashboardState>({ data: null, errors: [], loading: true });
  useEffect(() => {
    let cancelled = false;
    setState((s) => ({ ...s, loading: true }));
    const errors: string[] = [];
    const range = { start, end };
    const ts = (metric: Metric) =>
      settle(apiGet<TimeSeriesResponse>(apiUrl('/api/v1/metrics/timeseries', { metric, step, groupBy, ...range })), errors, `${metric} over time`).then((r) => r?.series ?? []);
    const costs = (by: string) => settle(apiGet<CostsResponse>(apiUrl('/api/v1/costs', { groupBy: by, ...range })), errors, `cost by ${by}`);
    Promise.all([
      Promise.all(METRICS.map(ts)),
      costs(groupBy),
      costs('service'),
      costs('user'),
      costs('tag'),
      settle(apiGet<LatencyResponse>(apiUrl('/api/v1/metrics/latency', { groupBy, ...range })), errors, 'latency'),
      // The search API has no cost ordering: rank the most recent traces of the range by cost here.
      settle(apiGet<TraceSearchResponse>(apiUrl('/api/v1/traces', { ...range, limit: 500 })), errors, 'top traces'),
      settle(apiGet<EvaluationsResponse>(apiUrl('/api/v1/evaluations', range)), errors, 'evaluations'),
      settle(apiGet<TimeSeriesResponse>(apiUrl('/api/v1/evaluations/trend', { step, ...range })), errors, 'evaluation trend').then((r) => r?.series ?? []),
    ]).then(([seriesList, costsByGroup, costsByService, costsByUser, costsByTag, latency, traces, evaluations, evaluationTrend]) => {
      if (cancelled) return;
      const series = Object.fromEntries(METRICS.map((m, i) => [m, seriesList[i]])) as DashboardData['series'];
      series.error_rate = ratioSeries(series.errors, series.calls);
      const topTraces = [...(traces?.traces ?? [])].filter((t) => t.costUsd != null).sort((a, b) => (b.costUsd ?? 0) - (a.costUsd ?? 0)).slice(0, 10);
      setState({ data: { series, costsByGroup, costsByService, costsByUser, costsByTag, latency, topTraces, evaluations, evaluationTrend }, errors, loading: false });
    });
    return () => {
      cancelled = true;
    };
  }, [start, end, step, groupBy, tick]);
  return state;
}
