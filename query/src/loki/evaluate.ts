import { putOwn } from '@watchllm/collector';
import { ApiError } from '../routes/errors.js';
import { rankedPoints } from '../compat/ranked.js';
import { applyArithmetic, compareSamples, isComparison, type BinaryOperation, type Grouping, type MetricQuery, type RangeAggregation, type VectorFunction } from './logql.js';
import type { LokiReader, LokiWindow } from './loki-reader.js';
import { outputLabels, type SeriesLabels } from './pipeline-sql.js';
import { labelsKey, type MetricRow, type Steps } from './windows.js';

/** A metric result: values at some of the evaluation points (k → value), under one label set. */
export interface Series {
  labels: Record<string, string>;
  values: Map<number, number>;
}

const NANOS_PER_SECOND = 1e9;

/**
 * Evaluates a metric query at every point of `steps`. A `sum` directly over a range
 * aggregation (what Grafana's log volume sends) is grouped by the store; other aggregations
 * are applied here over the range aggregation's series.
 */
export async function evaluateMetric(reader: LokiReader, w: LokiWindow, q: MetricQuery, steps: Steps): Promise<Series[]> {
  if (q.kind === 'constant') {
    const values = new Map<number, number>();
    for (let k = 0; k < steps.points; k++) values.set(k, q.value);
    return [{ labels: {}, values }];
  }
  if (q.kind === 'binary') return combine(q, ...(await Promise.all([evaluateMetric(reader, w, q.left, steps), evaluateMetric(reader, w, q.right, steps)])));
  if (q.kind === 'range') {
    const shown = outputLabels(q.log);
    const labels: SeriesLabels = q.grouping ? { kind: 'grouping', grouping: q.grouping } : { kind: 'all', drop: [...shown.drop, ...(q.unwrap ? [q.unwrap] : [])], keep: shown.keep };
    return rangeSeries(reader, w, q, steps, labels);
  }
  // Summing the store's groups is the sum of the series only for totals that add up (not averages, minima, maxima).
  if (q.fn === 'sum' && q.inner.kind === 'range' && ADDITIVE.has(q.inner.fn)) return rangeSeries(reader, w, q.inner, steps, { kind: 'grouping', grouping: q.grouping ?? { without: false, labels: [] } });
  const input = await evaluateMetric(reader, w, q.inner, steps);
  if (q.fn === 'topk' || q.fn === 'bottomk') return ranked(q.fn, q.n ?? 1, q.grouping, input);
  return aggregate(q.fn, q.grouping, input);
}

async function rangeSeries(reader: LokiReader, w: LokiWindow, agg: RangeAggregation, steps: Steps, labels: SeriesLabels): Promise<Series[]> {
  if (agg.fn === 'quantile_over_time') return toSeries(await reader.rangeQuantile(w, agg, steps, labels));
  const rows = await reader.rangeAggregation(w, agg, steps, labels);
  const rangeSeconds = Number(agg.rangeNs) / NANOS_PER_SECOND;
  const value = (r: MetricRow) => {
    switch (agg.fn) {
      case 'count_over_time':
        return r.count;
      case 'rate':
        // Unwrapped: the samples' sum per second.
        return (agg.unwrap === undefined ? r.count : r.sum) / rangeSeconds;
      case 'bytes_over_time':
        return r.bytes;
      case 'bytes_rate':
        return r.bytes / rangeSeconds;
      case 'sum_over_time':
        return r.sum;
      case 'avg_over_time':
        return r.sum / r.count;
      case 'min_over_time':
        return r.min;
      case 'max_over_time':
        return r.max;
      case 'stdvar_over_time':
        return variance(r);
      case 'stddev_over_time':
        return Math.sqrt(variance(r));
      case 'first_over_time':
        return r.first;
      case 'last_over_time':
        return r.last;
      default:
        throw new Error(`${agg.fn} is not read from bucket totals`);
    }
  };
  return toSeries(rows.map((r) => ({ k: r.k, labels: r.labels, value: value(r) })));
}

/** The population variance of a window's samples (as Prometheus' stdvar_over_time), never below 0 from rounding. */
function variance(r: MetricRow): number {
  const mean = r.sum / r.count;
  return Math.max(0, r.sumSquares / r.count - mean * mean);
}

/** Points into series by label set. */
function toSeries(points: { k: number; labels: Record<string, string>; value: number }[]): Series[] {
  const series = new Map<string, Series>();
  for (const p of points) {
    const key = labelsKey(p.labels);
    let s = series.get(key);
    if (!s) {
      // Loki's max_query_series: every record its own series (trace_id is a label) helps nobody.
      if (series.size >= MAX_SERIES) throw new ApiError(400, `maximum of series (${MAX_SERIES}) reached for a single query; aggregate with sum by (…) or drop labels`);
      series.set(key, (s = { labels: p.labels, values: new Map() }));
    }
    s.values.set(p.k, p.value);
  }
  return [...series.values()];
}

const MAX_SERIES = 500;
const ADDITIVE = new Set<RangeAggregation['fn']>(['count_over_time', 'rate', 'bytes_over_time', 'bytes_rate', 'sum_over_time']);

function groupLabels(labels: Record<string, string>, grouping: Grouping | undefined): Record<string, string> {
  if (!grouping) return {};
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(labels)) if (grouping.labels.includes(k) !== grouping.without) putOwn(out, k, v);
  return out;
}

/**
 * Two results combined point by point: with a constant side, every series of the other; otherwise
 * the series with the same labels on both sides, at the points both have (PromQL's one-to-one matching).
 */
function combine(q: BinaryOperation, left: Series[], right: Series[]): Series[] {
  const { op, bool } = q;
  // A comparison keeps the query side's sample where it holds (the left one between two queries); with bool, 1 or 0.
  const keptSide = q.right.kind !== 'constant' && q.left.kind === 'constant' ? 'right' : 'left';
  const apply = (a: Series, b: Series, labels: Record<string, string>): Series => {
    const values = new Map<number, number>();
    for (const [k, x] of a.values) {
      const y = b.values.get(k);
      if (y === undefined) continue;
      if (!isComparison(op)) values.set(k, applyArithmetic(op, x, y));
      else if (bool) values.set(k, compareSamples(op, x, y) ? 1 : 0);
      else if (compareSamples(op, x, y)) values.set(k, keptSide === 'left' ? x : y);
    }
    return { labels, values };
  };
  if (q.right.kind === 'constant') return left.map((s) => apply(s, right[0], s.labels)).filter((s) => s.values.size > 0);
  if (q.left.kind === 'constant') return right.map((s) => apply(left[0], s, s.labels)).filter((s) => s.values.size > 0);
  // One-to-one: series whose matched labels are equal; arithmetic results carry the matched labels, comparisons the left's.
  const matched = (labels: Record<string, string>) => groupLabels(labels, q.matching ?? { without: true, labels: [] });
  const byKey = new Map<string, Series>();
  for (const s of right) {
    const key = labelsKey(matched(s.labels));
    if (byKey.has(key)) throw new ApiError(400, `many series on the right side of ${op} match ${key}: match them one to one with on (…) or ignoring (…)`);
    byKey.set(key, s);
  }
  return left
    .flatMap((s) => {
      const other = byKey.get(labelsKey(matched(s.labels)));
      return other ? [apply(s, other, isComparison(op) && !bool ? s.labels : matched(s.labels))] : [];
    })
    .filter((s) => s.values.size > 0);
}

/** sum / count / min / max / avg of the series' values at each point, per group. */
/** topk / bottomk: the series keep their labels and, at each point, their value if among the n highest (lowest) of their group. */
function ranked(fn: 'topk' | 'bottomk', n: number, grouping: Grouping | undefined, input: Series[]): Series[] {
  const groups = new Map<string, Series[]>();
  for (const s of input) {
    const key = labelsKey(groupLabels(s.labels, grouping));
    groups.set(key, [...(groups.get(key) ?? []), s]);
  }
  return [...groups.values()].flatMap((members) => {
    const kept = rankedPoints(members, (s) => s.values, fn, n);
    return members.map((s, i) => ({ labels: s.labels, values: kept[i] })).filter((s) => s.values.size > 0);
  });
}

function aggregate(fn: Exclude<VectorFunction, 'topk' | 'bottomk'>, grouping: Grouping | undefined, input: Series[]): Series[] {
  const groups = new Map<string, { labels: Record<string, string>; acc: Map<number, { sum: number; n: number; min: number; max: number }> }>();
  for (const s of input) {
    const labels = groupLabels(s.labels, grouping);
    const key = labelsKey(labels);
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { labels, acc: new Map() }));
    for (const [k, v] of s.values) {
      const a = g.acc.get(k);
      if (!a) g.acc.set(k, { sum: v, n: 1, min: v, max: v });
      else {
        a.sum += v;
        a.n++;
        a.min = Math.min(a.min, v);
        a.max = Math.max(a.max, v);
      }
    }
  }
  const pick = { sum: (a: Acc) => a.sum, count: (a: Acc) => a.n, min: (a: Acc) => a.min, max: (a: Acc) => a.max, avg: (a: Acc) => a.sum / a.n }[fn];
  return [...groups.values()].map((g) => ({ labels: g.labels, values: new Map([...g.acc].map(([k, a]) => [k, pick(a)])) }));
}

type Acc = { sum: number; n: number; min: number; max: number };

/** Prometheus' number text: integers plainly, others as JavaScript prints them; infinities and NaN spelled as Prometheus does. */
export function sampleText(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (!Number.isFinite(v)) return v > 0 ? '+Inf' : '-Inf';
  return String(v);
}

/** The point's time in unix seconds, as Loki's matrix and vector results carry it. */
export function pointSeconds(steps: Steps, k: number): number {
  return Number(steps.startNs + BigInt(k) * steps.stepNs) / NANOS_PER_SECOND;
}

export function toMatrix(series: Series[], steps: Steps) {
  return sortSeries(series)
    .filter((s) => s.values.size > 0)
    .map((s) => ({
      metric: s.labels,
      values: [...s.values].sort((a, b) => a[0] - b[0]).map(([k, v]) => [pointSeconds(steps, k), sampleText(v)] as const),
    }));
}

/** An instant query's result: the value at its one point. */
export function toVector(series: Series[], steps: Steps) {
  return sortSeries(series)
    .filter((s) => s.values.has(0))
    .map((s) => ({ metric: s.labels, value: [pointSeconds(steps, 0), sampleText(s.values.get(0)!)] as const }));
}

function sortSeries(series: Series[]): Series[] {
  return [...series].sort((a, b) => (labelsKey(a.labels) < labelsKey(b.labels) ? -1 : 1));
}
