import { ROLLUP_TABLES, SEARCH_TEXT_EXPR, TABLES, type Store } from '@watchllm/collector';
import type { TimeIdKey } from '../cursor.js';
import type { AttributeFilter } from '../params.js';
import { ENVIRONMENT_SQL } from './environment-sql.js';
import { evaluatedTracesSql, type EvaluationCondition } from './evaluation-reader.js';
import { DAY_MS, msToNanos, Predicates, readPageAndTotal, readRows, utcDay } from './query.js';
import { keysetPage, toTraceSummary, TRACE_SUMMARY_SELECT, type Page, type TraceSummary, type TraceSummaryRow } from './trace-summary.js';

export interface TraceSearch {
  projectId: string;
  /** Traces that start in [startMs, endMs). */
  startMs: number;
  endMs: number;
  service?: string;
  model?: string;
  provider?: string;
  operation?: string;
  status?: 'ok' | 'error';
  minDurationMs?: number;
  maxDurationMs?: number;
  minCostUsd?: number;
  sessionId?: string;
  userId?: string;
  /** Every one of these tags is on some span of the trace. */
  tags?: string[];
  /** Case-insensitive substring of a span name or attribute value. */
  q?: string;
  /** Every pair must match one span's (or its resource's) attribute. */
  attributes: AttributeFilter[];
  /** Something in the trace was scored so (a `gen_ai.evaluation.result`). */
  evaluation?: EvaluationCondition;
  /** The root span's name. */
  rootName?: string;
  /** Some span of the trace is in one of these deployment environments (as Langfuse names them). */
  environments?: string[];
  limit: number;
  /** Oldest first (an export paging forward in time) instead of newest first. */
  oldestFirst?: boolean;
  /** Continue after this (start, trace id) position, in the search's order. */
  after?: TimeIdKey;
  /** Matches to skip first (page-numbered APIs; a cursor is cheaper). */
  offset?: number;
}

// Spans of a trace may start after the range that holds the trace's start.
const SPAN_SLACK_MS = 3_600_000;

/** LIKE pattern matching `text` anywhere, with LIKE's metacharacters escaped. */
/**
 * The words of a search, as the engine's token index splits text: runs of ASCII letters and
 * digits, any non-ASCII character counting as a letter. Each must appear as a whole word.
 */
export function searchTokens(text: string): string[] {
  return [...new Set(text.toLowerCase().match(/[a-z0-9\u0080-\uffff]+/g) ?? [])];
}

export function containsPattern(text: string): string {
  return `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export class TraceSearchReader {
  constructor(private readonly store: Store) {}

  /** Newest (or oldest) first by (start, trace id); one page plus the position to continue from. */
  async search(s: TraceSearch): Promise<Page<TraceSummary>> {
    const { sql, params } = this.matches(s);
    const rows = await readRows<TraceSummaryRow>(
      this.store,
      `${sql} ORDER BY ${orderOf(s)} LIMIT {limit:UInt32} OFFSET {offset:UInt32}`,
      { ...params, limit: s.limit + 1, offset: s.offset ?? 0 },
    );
    return keysetPage(rows, s.limit, toTraceSummary, (t) => ({ timeNs: t.startTimeUnixNano, id: t.traceId }));
  }

  /** A page-numbered page (`offset`, `limit`) and how many traces match in all, read together. */
  async searchPage(s: TraceSearch): Promise<{ items: TraceSummary[]; total: number }> {
    const { sql, params } = this.matches({ ...s, after: undefined });
    const { rows, total } = await readPageAndTotal<TraceSummaryRow>(this.store, sql, orderOf(s), params, { limit: s.limit, offset: s.offset ?? 0 });
    return { items: rows.map(toTraceSummary), total };
  }

  /** The matching traces' summaries, one row per trace, in no order. */
  private matches(s: TraceSearch): { sql: string; params: Record<string, unknown> } {
    const { where, having } = this.predicates(s);
    return {
      sql: `SELECT ${TRACE_SUMMARY_SELECT}
       FROM ${this.store.table(ROLLUP_TABLES.traceSummary)}
       WHERE ${where.sql()}
       GROUP BY TraceId
       HAVING ${having.sql()}`,
      params: having.params,
    };
  }

  /** The search's WHERE (summary rows that can belong to a match) and HAVING (the trace matches). */
  private predicates(s: TraceSearch): { where: Predicates; having: Predicates } {
    const where = new Predicates({})
      .add('ProjectId = {}', ['String', s.projectId])
      // A summary row's Day is its earliest span's day: a trace starting in range has rows from its start day on.
      .add('Day BETWEEN {} AND {}', ['Date32', utcDay(s.startMs)], ['Date32', utcDay(s.endMs + DAY_MS)]);
    const spanFilter = this.spanFilter(s, where.params);
    if (spanFilter) where.add(`TraceId IN (${spanFilter})`);
    const rowFilter = this.summaryRowFilter(s, where);
    if (rowFilter) where.add(`TraceId IN (${rowFilter})`);
    if (s.evaluation) where.add(`TraceId IN (${evaluatedTracesSql(this.store, where, s.projectId, s.startMs, s.evaluation)})`);

    const having = new Predicates(where.params).add('FirstNs >= {} AND FirstNs < {}', ['Int64', msToNanos(s.startMs)], ['Int64', msToNanos(s.endMs)]);
    if (s.after) having.add(s.oldestFirst ? '(FirstNs, TraceId) > ({}, {})' : '(FirstNs, TraceId) < ({}, {})', ['Int64', s.after.timeNs], ['String', s.after.id]);
    if (s.status === 'error') having.add('Errs > 0');
    if (s.status === 'ok') having.add('Errs = 0');
    if (s.minDurationMs !== undefined) having.add('DurNs >= {}', ['Float64', s.minDurationMs * 1e6]);
    if (s.maxDurationMs !== undefined) having.add('DurNs <= {}', ['Float64', s.maxDurationMs * 1e6]);
    if (s.minCostUsd !== undefined) having.add('Priced > 0 AND Cost >= {}', ['Float64', s.minCostUsd]);
    if (s.sessionId !== undefined) having.add('Sid = {}', ['String', s.sessionId]);
    if (s.userId !== undefined) having.add('Uid = {}', ['String', s.userId]);
    if (s.model !== undefined) having.add('has(ModelList, {})', ['String', s.model]);
    if (s.provider !== undefined) having.add('has(ProviderList, {})', ['String', s.provider]);
    if (s.service !== undefined) having.add('has(ServiceList, {})', ['String', s.service]);
    if (s.operation !== undefined) having.add('has(OperationList, {})', ['String', s.operation]);
    for (const tag of s.tags ?? []) having.add('has(TagList, {})', ['String', tag]);
    if (s.rootName !== undefined) having.add('RootPair.1 = {}', ['String', s.rootName]);
    return { where, having };
  }

  /**
   * Trace ids with at least one summary row that can match, or undefined without such filters.
   * Each condition is necessary for the trace (the exact test stays in HAVING), so it only
   * narrows what gets aggregated: at 10M spans a day holds ~32k traces to group otherwise.
   */
  private summaryRowFilter(s: TraceSearch, outer: Predicates): string | undefined {
    const p = new Predicates(outer.params);
    if (s.model !== undefined) p.add('has(Models, {})', ['String', s.model]);
    if (s.provider !== undefined) p.add('has(Providers, {})', ['String', s.provider]);
    if (s.service !== undefined) p.add('has(Services, {})', ['String', s.service]);
    if (s.operation !== undefined) p.add('has(Operations, {})', ['String', s.operation]);
    if (s.status === 'error') p.add('ErrorCount > 0');
    if (s.sessionId !== undefined) p.add('SessionId = {}', ['String', s.sessionId]);
    if (s.userId !== undefined) p.add('UserId = {}', ['String', s.userId]);
    // Tags may come from different insert blocks of the trace: a row with any of them can belong to it.
    if (s.tags && s.tags.length > 0) p.add('hasAny(Tags, {})', ['Array(String)', s.tags]);
    if (p.clauses.length === 0) return undefined;
    return `SELECT TraceId FROM ${this.store.table(ROLLUP_TABLES.traceSummary)} WHERE ${outer.sql()} AND ${p.sql()}`;
  }

  /** Trace ids with a span matching the text and attribute filters, or undefined when there are none. */
  private spanFilter(s: TraceSearch, params: Record<string, unknown>): string | undefined {
    if (s.q === undefined && s.attributes.length === 0 && s.environments === undefined) return undefined;
    const p = new Predicates(params)
      .add('ProjectId = {}', ['String', s.projectId])
      // DateTime64 against DateTime64: mixing in a DateTime misses rows in this engine's key analysis.
      .add('Timestamp >= fromUnixTimestamp64Nano({}) AND Timestamp < fromUnixTimestamp64Nano({})', ['Int64', msToNanos(s.startMs)], ['Int64', msToNanos(s.endMs + SPAN_SLACK_MS)]);
    // Exactly the indexed expression, so the token skip index can drop granules (hasToken);
    // the LIKE keeps a multi-word search a phrase.
    if (s.q !== undefined) {
      for (const token of searchTokens(s.q)) p.add(`hasToken(${SEARCH_TEXT_EXPR}, {})`, ['String', token]);
      if (searchTokens(s.q).length !== 1) p.add(`${SEARCH_TEXT_EXPR} LIKE {}`, ['String', containsPattern(s.q)]);
    }
    if (s.environments !== undefined) p.add(`${ENVIRONMENT_SQL} IN {}`, ['Array(String)', s.environments]);
    for (const a of s.attributes) {
      p.add('(SpanAttributes[{}] = {} OR ResourceAttributes[{}] = {})', ['String', a.key], ['String', a.value], ['String', a.key], ['String', a.value]);
    }
    return `SELECT TraceId FROM ${this.store.table(TABLES.traces)} WHERE ${p.sql()}`;
  }
}

const orderOf = (s: Pick<TraceSearch, 'oldestFirst'>) => (s.oldestFirst ? 'FirstNs ASC, TraceId ASC' : 'FirstNs DESC, TraceId DESC');
