import { ROLLUP_QUANTILES, ROLLUP_TABLES, type Store } from '@watchllm/collector';
import { msToNanos, Predicates, readRows, utcDay } from './query.js';
import { USAGE_DIMENSIONS, usageSource, type UsageFilter } from './usage-source.js';

export const COST_GROUP_BY = ['model', 'provider', 'service', 'operation', 'user', 'session', 'tag', 'agent', 'day', 'hour'] as const;
/** Groupings read from the per-trace summaries (too many values, or a list per trace, for the rollups' key). */
export const TRACE_KEYED_GROUP_BY = ['session', 'tag'] as const;
export type CostGroupBy = (typeof COST_GROUP_BY)[number];
export const LATENCY_GROUP_BY = ['model', 'provider', 'service', 'operation', 'user', 'agent', 'day', 'hour'] as const;
export type LatencyGroupBy = (typeof LATENCY_GROUP_BY)[number];
export const SERIES_GROUP_BY = ['model', 'provider', 'service', 'operation', 'user', 'agent'] as const;
export type SeriesGroupBy = (typeof SERIES_GROUP_BY)[number];
export const SERIES_METRICS = ['cost', 'tokens', 'calls', 'errors', 'latency_p50', 'latency_p95', 'latency_p99'] as const;
export type SeriesMetric = (typeof SERIES_METRICS)[number];

export interface UsageTotals {
  costUsd: number | null;
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  reasoningTokens: number;
  calls: number;
  errors: number;
  unpricedCalls: number;
}
export interface CostRow extends UsageTotals {
  key: string | null;
}

export interface LatencyRow {
  key: string | null;
  count: number;
  p50Ms: number | null;
  p95Ms: number | null;
  p99Ms: number | null;
  ttftCount: number;
  ttftP50Ms: number | null;
  ttftP95Ms: number | null;
  ttftP99Ms: number | null;
}

export interface Series {
  key: string | null;
  points: [number, number | null][];
}

/** Key expressions over rollup columns; day/hour keys are unix seconds, formatted by the caller. */
function keyExpr(groupBy: Exclude<CostGroupBy, (typeof TRACE_KEYED_GROUP_BY)[number]>): string {
  if (groupBy === 'day') return "toString(toUnixTimestamp(toStartOfDay(Time, 'UTC')))";
  if (groupBy === 'hour') return "toString(toUnixTimestamp(toStartOfHour(Time, 'UTC')))";
  return USAGE_DIMENSIONS[groupBy];
}

const isTimeKey = (g: string) => g === 'day' || g === 'hour';

function keyOf(groupBy: string, raw: string): string | null {
  if (isTimeKey(groupBy)) return new Date(Number(raw) * 1000).toISOString();
  return raw === '' ? null : raw;
}

const COST_AGGREGATES = `sum(CostUsdSum) AS Cost, sum(PricedCalls) AS Priced, sum(InputTokens) AS InputTokens, sum(OutputTokens) AS OutputTokens,
  sum(CacheReadTokens) AS CacheReadTokens, sum(ReasoningTokens) AS ReasoningTokens, sum(Calls) AS Calls, sum(Errors) AS Errors,
  sum(UnpricedCalls) AS Unpriced`;

interface CostAggRow {
  K: string;
  Cost: number;
  Priced: string | number;
  InputTokens: string | number;
  OutputTokens: string | number;
  CacheReadTokens: string | number;
  ReasoningTokens: string | number;
  Calls: string | number;
  Errors: string | number;
  Unpriced: string | number;
}

function costRow(groupBy: string, r: CostAggRow): CostRow {
  return {
    key: keyOf(groupBy, r.K),
    // Unknown cost stays null, never 0: only priced calls make a sum.
    costUsd: Number(r.Priced) > 0 ? Number(r.Cost) : null,
    inputTokens: Number(r.InputTokens),
    outputTokens: Number(r.OutputTokens),
    cacheReadTokens: Number(r.CacheReadTokens),
    reasoningTokens: Number(r.ReasoningTokens),
    calls: Number(r.Calls),
    errors: Number(r.Errors),
    unpricedCalls: Number(r.Unpriced),
  };
}

export function totalOf(rows: UsageTotals[]): UsageTotals {
  const total: UsageTotals = { costUsd: null, inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, reasoningTokens: 0, calls: 0, errors: 0, unpricedCalls: 0 };
  for (const r of rows) {
    if (r.costUsd !== null) total.costUsd = (total.costUsd ?? 0) + r.costUsd;
    total.inputTokens += r.inputTokens;
    total.outputTokens += r.outputTokens;
    total.cacheReadTokens += r.cacheReadTokens;
    total.reasoningTokens += r.reasoningTokens;
    total.calls += r.calls;
    total.errors += r.errors;
    total.unpricedCalls += r.unpricedCalls;
  }
  return total;
}

/** Groupings whose key is a model-call property: wrapper spans would only add a null-key row. */
const MODEL_KEYED = new Set<string>(['model', 'provider']);
const PER_TRACE_SUMS = `sum(C) AS Cost, sum(P) AS Priced, sum(I) AS InputTokens, sum(O) AS OutputTokens, sum(CR) AS CacheReadTokens,
              sum(R) AS ReasoningTokens, sum(N) AS Calls, sum(E) AS Errors, sum(UP) AS Unpriced`;
/** Series that count model calls (cost and tokens live only on them; calls means LLM/embedding calls). */
const MODEL_METRICS = new Set<string>(['cost', 'tokens', 'calls']);

const quantiles = (v: unknown): (number | null)[] => (Array.isArray(v) ? v.map((x) => (Number.isFinite(Number(x)) ? Number(x) : null)) : [null, null, null]);
const MAX_GROUPS = 1000;

export class UsageReader {
  constructor(private readonly store: Store) {}

  async costs(filter: UsageFilter, groupBy: CostGroupBy): Promise<CostRow[]> {
    if (groupBy === 'session' || groupBy === 'tag') return this.costsByTrace(filter, groupBy);
    const params: Record<string, unknown> = {};
    const rows = await readRows<CostAggRow>(
      this.store,
      `SELECT ${keyExpr(groupBy)} AS K, ${COST_AGGREGATES}
       FROM ${usageSource(this.store, filter, params, { byUser: groupBy === 'user', modelCallsOnly: MODEL_KEYED.has(groupBy) })}
       GROUP BY K ORDER BY ${isTimeKey(groupBy) ? 'K' : 'Cost DESC, Calls DESC, K'} LIMIT ${MAX_GROUPS}`,
      params,
    );
    return rows.map((r) => costRow(groupBy, r));
  }

  /**
   * Sessions are too many for the usage rollups' key, and a trace has a list of tags: both come from
   * the per-trace summaries. A trace counts once for each of its tags.
   */
  private async costsByTrace(filter: UsageFilter, groupBy: 'session' | 'tag'): Promise<CostRow[]> {
    const { sql, params } = this.perTrace(filter, groupBy === 'tag' ? 'notEmpty(T)' : "S != ''");
    const rows = await readRows<CostAggRow>(
      this.store,
      `SELECT ${groupBy === 'tag' ? 'Tag' : 'S'} AS K, ${PER_TRACE_SUMS}
       FROM (${sql}) ${groupBy === 'tag' ? 'ARRAY JOIN T AS Tag' : ''}
       GROUP BY K ORDER BY Cost DESC, Calls DESC, K LIMIT ${MAX_GROUPS}`,
      params,
    );
    return rows.map((r) => costRow(groupBy, r));
  }

  /** What the traces with any tag cost together: by tag, a trace with two tags is in two rows. */
  async taggedTotal(filter: UsageFilter): Promise<UsageTotals> {
    const { sql, params } = this.perTrace(filter, 'notEmpty(T)');
    const rows = await readRows<CostAggRow>(this.store, `SELECT '' AS K, ${PER_TRACE_SUMS} FROM (${sql})`, params);
    return totalOf(rows.map((r) => costRow('tag', r)));
  }

  /** One row per trace starting in the range (its session, user, tags and sums), keeping those `having` accepts. */
  private perTrace(filter: UsageFilter, keep: string): { sql: string; params: Record<string, unknown> } {
    const where = new Predicates({})
      .add('ProjectId = {}', ['String', filter.projectId])
      .add('Day BETWEEN {} AND {}', ['Date32', utcDay(filter.startMs)], ['Date32', utcDay(filter.endMs + 86_400_000)]);
    const having = new Predicates(where.params)
      .add(keep)
      .add('toUnixTimestamp64Nano(FirstStart) >= {} AND toUnixTimestamp64Nano(FirstStart) < {}', ['Int64', msToNanos(filter.startMs)], ['Int64', msToNanos(filter.endMs)]);
    if (filter.userId !== undefined) having.add('U = {}', ['String', filter.userId]);
    return {
      sql: `SELECT TraceId, max(SessionId) AS S, max(UserId) AS U, groupUniqArrayArray(Tags) AS T, min(Start) AS FirstStart, sum(CostUsdSum) AS C,
                sum(PricedCalls) AS P, sum(InputTokens) AS I, sum(OutputTokens) AS O, sum(CacheReadTokens) AS CR, sum(ReasoningTokens) AS R,
                sum(GenAiCalls) AS N, sum(GenAiErrors) AS E, sum(UnpricedCalls) AS UP
         FROM ${this.store.table(ROLLUP_TABLES.traceSummary)}
         WHERE ${where.sql()}
         GROUP BY TraceId
         HAVING ${having.sql()}`,
      params: where.params,
    };
  }

  async latency(filter: UsageFilter, groupBy: LatencyGroupBy): Promise<LatencyRow[]> {
    const params: Record<string, unknown> = {};
    const rows = await readRows<{ K: string; N: string | number; L: unknown; TN: string | number; T: unknown }>(
      this.store,
      `SELECT ${keyExpr(groupBy)} AS K, sum(Calls) AS N, quantilesTDigestMerge(${ROLLUP_QUANTILES})(LatencyMs) AS L,
              sum(TtftCount) AS TN, quantilesTDigestIfMerge(${ROLLUP_QUANTILES})(TtftMs) AS T
       FROM ${usageSource(this.store, filter, params, { byUser: groupBy === 'user', modelCallsOnly: MODEL_KEYED.has(groupBy) })}
       GROUP BY K ORDER BY ${isTimeKey(groupBy) ? 'K' : 'N DESC, K'} LIMIT ${MAX_GROUPS}`,
      params,
    );
    return rows.map((r) => {
      const [p50Ms, p95Ms, p99Ms] = quantiles(r.L);
      const ttftCount = Number(r.TN);
      const [ttftP50Ms, ttftP95Ms, ttftP99Ms] = ttftCount > 0 ? quantiles(r.T) : [null, null, null];
      return { key: keyOf(groupBy, r.K), count: Number(r.N), p50Ms, p95Ms, p99Ms, ttftCount, ttftP50Ms, ttftP95Ms, ttftP99Ms };
    });
  }

  /** One series per group (or one keyed null), points at every step from start; counters fill gaps with 0. */
  async timeseries(filter: UsageFilter, metric: SeriesMetric, stepSeconds: number, groupBy?: SeriesGroupBy, maxSeries = 20): Promise<Series[]> {
    const params: Record<string, unknown> = { step: stepSeconds };
    const rows = await readRows<{ K: string; T: string | number; V: unknown }>(
      this.store,
      `SELECT ${groupBy ? USAGE_DIMENSIONS[groupBy] : "''"} AS K, toUnixTimestamp(toStartOfInterval(Time, toIntervalSecond({step:UInt32}))) AS T,
              ${metricExpr(metric)} AS V
       FROM ${usageSource(this.store, filter, params, {
         stepSeconds,
         byUser: groupBy === 'user',
         modelCallsOnly: MODEL_METRICS.has(metric) || (groupBy !== undefined && MODEL_KEYED.has(groupBy)),
       })}
       GROUP BY K, T ORDER BY K, T`,
      params,
    );
    return toSeries(rows, metric, filter, stepSeconds, groupBy !== undefined, maxSeries);
  }
}

function metricExpr(metric: SeriesMetric): string {
  switch (metric) {
    case 'cost':
      return 'sum(CostUsdSum)';
    case 'tokens':
      return 'sum(InputTokens) + sum(OutputTokens)';
    case 'calls':
      return 'sum(Calls)';
    case 'errors':
      return 'sum(Errors)';
    case 'latency_p50':
      return `quantilesTDigestMerge(${ROLLUP_QUANTILES})(LatencyMs)[1]`;
    case 'latency_p95':
      return `quantilesTDigestMerge(${ROLLUP_QUANTILES})(LatencyMs)[2]`;
    case 'latency_p99':
      return `quantilesTDigestMerge(${ROLLUP_QUANTILES})(LatencyMs)[3]`;
  }
}

/** Aligns rows to the step grid; the largest `maxSeries` groups by summed value are kept. */
export function toSeries(
  rows: { K: string; T: string | number; V: unknown }[],
  metric: SeriesMetric,
  range: { startMs: number; endMs: number },
  stepSeconds: number,
  grouped: boolean,
  maxSeries: number,
): Series[] {
  const stepMs = stepSeconds * 1000;
  const first = Math.floor(range.startMs / stepMs) * stepMs;
  const grid: number[] = [];
  for (let t = first; t < range.endMs; t += stepMs) grid.push(t);
  const counter = !metric.startsWith('latency');
  const byKey = new Map<string, Map<number, number>>();
  for (const r of rows) {
    let m = byKey.get(r.K);
    if (!m) byKey.set(r.K, (m = new Map()));
    m.set(Number(r.T) * 1000, Number(r.V));
  }
  if (!grouped && byKey.size === 0) byKey.set('', new Map());
  const series = [...byKey].map(([key, values]) => ({
    key: grouped ? (key === '' ? null : key) : null,
    weight: [...values.values()].reduce((a, b) => a + (Number.isFinite(b) ? b : 0), 0),
    points: grid.map((t): [number, number | null] => {
      const v = values.get(t);
      return [t, v !== undefined && Number.isFinite(v) ? v : counter ? 0 : null];
    }),
  }));
  series.sort((a, b) => b.weight - a.weight);
  return series.slice(0, maxSeries).map(({ key, points }) => ({ key, points }));
}
