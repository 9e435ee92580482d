import { TABLES, type Store } from '@watchllm/collector';
import { readRows } from '../compat/read-rows.js';
import { SqlParams } from '../compat/sql-params.js';
import { NANOS_PER_SECOND } from '../compat/time-params.js';
import { rankedPoints } from '../compat/ranked.js';
import { windowCondition, type SpanWindow } from '../compat/window.js';
import { fieldText, type MetricsQuery } from './traceql/ast.js';
import { compileFilter, fieldGroupSql, fieldMeasureSql } from './traceql/compile.js';

/** A series label as Tempo sends it (OTLP AnyValue). */
export type SeriesLabel = { key: string; value: { stringValue: string } | { doubleValue: number } };

/** A span standing for a sample (its trace opens from the chart). */
export interface Exemplar {
  traceId: string;
  /** The span's start. */
  timestampMs: number;
  value: number;
}

export interface MetricsSeries {
  labels: SeriesLabel[];
  /** Bucket start in unix ms → value. */
  samples: Map<number, number>;
  exemplars: Exemplar[];
}

// Exemplars per series at most (Tempo's default limit is of this order).
const MAX_EXEMPLARS = 100;

/**
 * TraceQL metrics over otel_traces: spans matching the filter, bucketed by `stepNs` from
 * `originNs` (the epoch for range queries, as Tempo aligns them; the window's start for an
 * instant query, one bucket), grouped by the `by` fields.
 */
export class TraceMetricsReader {
  constructor(private readonly store: Store) {}

  async evaluate(w: SpanWindow, q: MetricsQuery, bucket: { originNs: bigint; stepNs: bigint }): Promise<MetricsSeries[]> {
    const params = new SqlParams();
    const table = this.store.table(TABLES.traces);
    const scope = windowCondition(w, params);
    const where = [scope, compileFilter(q.filter, { params, table, scope })];
    const groups = q.by.map((f) => fieldGroupSql(f, params));
    const groupSql = `[${groups.map((g) => `if(${g.exists}, toNullable(toString(${g.value})), NULL)`).join(', ')}]::Array(Nullable(String))`;
    const origin = params.add(bucket.originNs.toString(), 'Int64');
    const step = params.add(bucket.stepNs.toString(), 'Int64');
    let value = 'toFloat64(count())';
    let extraGroup = "''";
    // The exemplar of a bucket: its slowest span, or the one with the largest measured value.
    let exemplarBy = 'Duration';
    if (q.measure) {
      const m = fieldMeasureSql(q.measure, params);
      exemplarBy = m;
      where.push(`(${m}) IS NOT NULL`);
      if (q.fn === 'quantile_over_time') value = `quantiles(${q.quantiles.map((x) => params.add(x, 'Float64')).join(', ')})(${m})`;
      else if (q.fn === 'histogram_over_time') extraGroup = `toString(if(${m} <= 0, 0, pow(2, ceil(log2(${m})))))`;
      else value = `${{ min_over_time: 'min', max_over_time: 'max', sum_over_time: 'sum', avg_over_time: 'avg' }[q.fn as 'min_over_time']}(${m})`;
    }
    const rows = await readRows<{ b: string; g: (string | null)[]; h: string; v: number | number[]; n: string; ex: [string, string, number] }>(
      this.store,
      `SELECT toString(intDiv(toUnixTimestamp64Nano(Timestamp) - ${origin}, ${step})) AS b, ${groupSql} AS g, ${extraGroup} AS h,
              count() AS n, ${value} AS v,
              argMax(tuple(TraceId, toString(intDiv(toUnixTimestamp64Nano(Timestamp), 1000000)), toFloat64(${exemplarBy})), ${exemplarBy}) AS ex
         FROM ${table}
        WHERE ${where.join(' AND ')}
        GROUP BY b, g, h`,
      params,
    );
    const stepSeconds = Number(bucket.stepNs) / Number(NANOS_PER_SECOND);
    const series = new Map<string, MetricsSeries>();
    // The exemplar's value: the sample's for counts (as Tempo fills it in), the span's own measure otherwise.
    const add = (labels: SeriesLabel[], ms: number, v: number, ex: [string, string, number] | undefined, exValue = v) => {
      const key = JSON.stringify(labels);
      let s = series.get(key);
      if (!s) series.set(key, (s = { labels, samples: new Map(), exemplars: [] }));
      s.samples.set(ms, v);
      if (ex && s.exemplars.length < MAX_EXEMPLARS) s.exemplars.push({ traceId: ex[0], timestampMs: Number(ex[1]), value: exValue });
    };
    for (const r of rows) {
      const ms = Number((BigInt(r.b) * bucket.stepNs + bucket.originNs) / 1_000_000n);
      const labels: SeriesLabel[] = [];
      q.by.forEach((f, i) => {
        const v = r.g[i];
        if (v !== null) labels.push({ key: fieldText(f), value: { stringValue: v } });
      });
      if (q.fn === 'rate') add(labels, ms, Number(r.n) / stepSeconds, r.ex);
      else if (q.fn === 'count_over_time') add(labels, ms, Number(r.n), r.ex);
      else if (q.fn === 'histogram_over_time') add([...labels, { key: '__bucket', value: { doubleValue: Number(r.h) } }], ms, Number(r.n), r.ex);
      else if (q.fn === 'quantile_over_time') {
        // The exemplar (the largest value) goes with the highest quantile's series only.
        const last = q.quantiles.length - 1;
        q.quantiles.forEach((p, i) => add([...labels, { key: 'p', value: { doubleValue: p } }], ms, (r.v as number[])[i], i === last ? r.ex : undefined, r.ex[2]));
      } else add(labels, ms, r.v as number, r.ex, r.ex[2]);
    }
    return [...series.values()].sort((a, b) => (JSON.stringify(a.labels) < JSON.stringify(b.labels) ? -1 : 1));
  }
}

/** Prometheus' spelling of a series' labels, which Tempo returns beside them. */
export function promLabels(labels: SeriesLabel[]): string {
  const text = (v: SeriesLabel['value']) => ('stringValue' in v ? v.stringValue : String(v.doubleValue));
  return `{${labels.map((l) => `${l.key}=${JSON.stringify(text(l.value))}`).join(', ')}}`;
}

const COMPARE: Record<NonNullable<MetricsQuery['threshold']>['op'], (a: number, b: number) => boolean> = {
  '=': (a, b) => a === b,
  '!=': (a, b) => a !== b,
  '>': (a, b) => a > b,
  '>=': (a, b) => a >= b,
  '<': (a, b) => a < b,
  '<=': (a, b) => a <= b,
  '=~': () => false,
  '!~': () => false,
};

/** Only the samples that compare with the threshold so; series left without any are dropped. */
export function thresholded(series: MetricsSeries[], threshold: NonNullable<MetricsQuery['threshold']>): MetricsSeries[] {
  const keep = COMPARE[threshold.op];
  return series
    .map((s) => ({ ...s, samples: new Map([...s.samples].filter(([, v]) => keep(v, threshold.value))) }))
    .filter((s) => s.samples.size > 0);
}

/** Prometheus' topk / bottomk over time: at each timestamp, only the `n` highest (lowest) series keep their sample. */
export function ranked(series: MetricsSeries[], rank: NonNullable<MetricsQuery['rank']>): MetricsSeries[] {
  const kept = rankedPoints(series, (s) => s.samples, rank.fn, rank.n);
  return series.map((s, i) => ({ ...s, samples: kept[i] })).filter((s) => s.samples.size > 0);
}
