import { TABLES, type Store } from '@watchllm/collector';
import type { TimeIdKey } from '../cursor.js';
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
  name?: string;
  parentSpanId?: string;
  /** Only spans without a parent (true) or with one (false). */
  root?: boolean;
  userId?: string;
  sessionId?: string;
  /** WatchLLM step types (llm, tool, agent, …); any of them. */
  stepTypes?: string[];
  /** Only spans whose status is (or is not) an error. */
  error?: boolean;
  limit: number;
  /** Continue after this (start, span id) position. */
  after?: TimeIdKey;
}

export class SpanListReader {
  constructor(private readonly store: Store) {}

  async list(f: SpanListFilter): Promise<Page<StoredSpan>> {
    // DateTime64 against DateTime64: mixing in a DateTime misses rows in this engine's key analysis.
    const p = new Predicates({})
      .add('ProjectId = {}', ['String', f.projectId])
      .add('Timestamp >= fromUnixTimestamp64Nano({}) AND Timestamp < fromUnixTimestamp64Nano({})', ['Int64', msToNanos(f.startMs)], ['Int64', msToNanos(f.endMs)]);
    if (f.traceId !== undefined) p.add('TraceId = {}', ['String', f.traceId]);
    if (f.name !== undefined) p.add('SpanName = {}', ['String', f.name]);
    if (f.parentSpanId !== undefined) p.add('ParentSpanId = {}', ['String', f.parentSpanId]);
    if (f.root !== undefined) p.add(f.root ? "ParentSpanId = ''" : "ParentSpanId != ''");
    if (f.userId !== undefined) p.add('GenAiUserId = {}', ['String', f.userId]);
    if (f.sessionId !== undefined) p.add('GenAiConversationId = {}', ['String', f.sessionId]);
    if (f.stepTypes !== undefined) p.add('GenAiStepType IN {}', ['Array(String)', f.stepTypes]);
    if (f.error !== undefined) p.add(f.error ? "StatusCode = 'Error'" : "StatusCode != 'Error'");
    if (f.after) p.add('(Timestamp, SpanId) < (fromUnixTimestamp64Nano({}), {})', ['Int64', f.after.timeNs], ['String', f.after.id]);
    const rows = await readRows<SpanRecordRow>(
      this.store,
      `SELECT ${SPAN_COLUMNS}
       FROM ${this.store.table(TABLES.traces)}
       WHERE ${p.sql()}
       ORDER BY Timestamp DESC, SpanId DESC
       LIMIT 1 BY TraceId, SpanId
       LIMIT {limit:UInt32}`,
      { ...p.params, limit: f.limit + 1 },
    );
    return keysetPage(rows, f.limit, toStoredSpan, (s) => ({ timeNs: s.startTimeUnixNano, id: s.spanId }));
  }
}
