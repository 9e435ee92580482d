import { TABLES, type Store } from '@watchllm/collector';
import type { TimeIdKey } from '../cursor.js';
import { ENVIRONMENT_SQL } from './environment-sql.js';
import { msToNanos, Predicates, readRows } from './query.js';
import { keysetPage, type Page } from './trace-summary.js';
import { SPAN_COLUMNS, toStoredSpan, type SpanRecordRow, type StoredSpan } from './trace-rows.js';

/** Spans across traces, newest first: what a span-level export (Langfuse's v2 observations) pages through. */
export interface SpanListFilter {
  projectId: string;
  /** Spans that start in [startMs, endMs). */
  startMs: number;
  endMs: number;
  traceId?: string;
  /** One span by id (no index: the time range is scanned). */
  spanId?: string;
  name?: string;
  parentSpanId?: string;
  /** Only spans without a parent (true) or with one (false). */
  root?: boolean;
  userId?: string;
  sessionId?: string;
  /** WatchLLM step types (llm, tool, agent, …); any of them. */
  stepTypes?: string[];
  /** Deployment environments (any of them), as Langfuse names them. */
  environments?: string[];
  /** Only spans whose status is (or is not) an error. */
  error?: boolean;
  limit: number;
  /** Continue after this (start, span id) position. */
  after?: TimeIdKey;
  /** Spans to skip first (page-numbered APIs; a cursor is cheaper). */
  offset?: number;
}

export class SpanListReader {
  constructor(private readonly store: Store) {}

  async list(f: SpanListFilter): Promise<Page<StoredSpan>> {
    const p = this.predicates(f);
    const rows = await readRows<SpanRecordRow>(
      this.store,
      `SELECT ${SPAN_COLUMNS}
       FROM ${this.store.table(TABLES.traces)}
       WHERE ${p.sql()}
       ORDER BY Timestamp DESC, SpanId DESC
       LIMIT 1 BY TraceId, SpanId
       LIMIT {limit:UInt32} OFFSET {offset:UInt32}`,
      { ...p.params, limit: f.limit + 1, offset: f.offset ?? 0 },
    );
    return keysetPage(rows, f.limit, toStoredSpan, (s) => ({ timeNs: s.startTimeUnixNano, id: s.spanId }));
  }

  /** The trace of each of these spans of the project that is stored (a span named by its id alone, as a queue item names one). */
  async traceIdsOf(projectId: string, spanIds: string[]): Promise<Map<string, string>> {
    if (spanIds.length === 0) return new Map();
    // No index on SpanId: one scan of the column for all of them, not one per span.
    const rows = await readRows<{ SpanId: string; TraceId: string }>(
      this.store,
      `SELECT SpanId, any(TraceId) AS TraceId FROM ${this.store.table(TABLES.traces)} WHERE ProjectId = {projectId:String} AND SpanId IN {spanIds:Array(String)} GROUP BY SpanId`,
      { projectId, spanIds },
    );
    return new Map(rows.map((r) => [r.SpanId, r.TraceId]));
  }

  /** How many spans the filter matches (its paging aside). */
  async count(f: SpanListFilter): Promise<number> {
    const p = this.predicates({ ...f, after: undefined });
    const [row] = await readRows<{ n: string | number }>(this.store, `SELECT uniqExact(TraceId, SpanId) AS n FROM ${this.store.table(TABLES.traces)} WHERE ${p.sql()}`, p.params);
    return Number(row?.n ?? 0);
  }

  private predicates(f: SpanListFilter): Predicates {
    // DateTime64 against DateTime64: mixing in a DateTime misses rows in this engine's key analysis.
    const p = new Predicates({})
      .add('ProjectId = {}', ['String', f.projectId])
      .add('Timestamp >= fromUnixTimestamp64Nano({}) AND Timestamp < fromUnixTimestamp64Nano({})', ['Int64', msToNanos(f.startMs)], ['Int64', msToNanos(f.endMs)]);
    if (f.traceId !== undefined) p.add('TraceId = {}', ['String', f.traceId]);
    if (f.spanId !== undefined) p.add('SpanId = {}', ['String', f.spanId]);
    if (f.name !== undefined) p.add('SpanName = {}', ['String', f.name]);
    if (f.parentSpanId !== undefined) p.add('ParentSpanId = {}', ['String', f.parentSpanId]);
    if (f.root !== undefined) p.add(f.root ? "ParentSpanId = ''" : "ParentSpanId != ''");
    if (f.userId !== undefined) p.add('GenAiUserId = {}', ['String', f.userId]);
    if (f.sessionId !== undefined) p.add('GenAiConversationId = {}', ['String', f.sessionId]);
    if (f.stepTypes !== undefined) p.add('GenAiStepType IN {}', ['Array(String)', f.stepTypes]);
    if (f.environments !== undefined) p.add(`${ENVIRONMENT_SQL} IN {}`, ['Array(String)', f.environments]);
    if (f.error !== undefined) p.add(f.error ? "StatusCode = 'Error'" : "StatusCode != 'Error'");
    if (f.after) p.add('(Timestamp, SpanId) < (fromUnixTimestamp64Nano({}), {})', ['Int64', f.after.timeNs], ['String', f.after.id]);
    return p;
  }
}
