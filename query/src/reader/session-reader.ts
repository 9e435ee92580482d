import { ROLLUP_TABLES, type Store } from '@watchllm/collector';
import type { TimeIdKey } from '../cursor.js';
import { DAY_MS, msToNanos, Predicates, readPageAndTotal, readRows, utcDay } from './query.js';
import { readGenAiSpans, summariesRange } from './genai-spans.js';
import type { StoredSpan } from './trace-rows.js';
import { keysetPage, toTraceSummary, TRACE_SUMMARY_SELECT, type Page, type TraceSummary, type TraceSummaryRow } from './trace-summary.js';

export interface SessionFilter {
  projectId: string;
  /** Sessions with a trace starting in [startMs, endMs); totals cover those traces. */
  startMs: number;
  endMs: number;
  userId?: string;
  limit: number;
  /** Continue after this (last seen, session id) position. */
  after?: TimeIdKey;
  /** Sessions to skip first (page-numbered APIs; a cursor is cheaper). */
  offset?: number;
}

export interface SessionSummary {
  sessionId: string;
  userId: string | null;
  traceCount: number;
  firstSeenUnixNano: string;
  lastSeenUnixNano: string;
  inputTokens: number;
  outputTokens: number;
  costUsd: number | null;
}


const MAX_TRACES_PER_SESSION = 500;
const MAX_SPANS_PER_SESSION = 20_000;

/**
 * Per-trace rows of the summaries of traces starting in a time range, merged; the FROM of every
 * session query (`keyed` 'Sid': traces of a session), user query ('Uid': traces of a user) and of
 * the traces the Langfuse metrics query aggregates (null: every trace).
 */
export function tracesInRange(store: Store, p: Predicates, f: { projectId: string; startMs: number; endMs: number }, extraHaving: string[] = [], keyed: 'Sid' | 'Uid' | null = 'Sid'): string {
  const where = new Predicates(p.params)
    .add('ProjectId = {}', ['String', f.projectId])
    .add('Day BETWEEN {} AND {}', ['Date32', utcDay(f.startMs)], ['Date32', utcDay(f.endMs + DAY_MS)]);
  const having = new Predicates(p.params);
  if (keyed) having.add(`${keyed} != ''`);
  having.add('FirstNs >= {} AND FirstNs < {}', ['Int64', msToNanos(f.startMs)], ['Int64', msToNanos(f.endMs)]);
  return `SELECT ${TRACE_SUMMARY_SELECT}
          FROM ${store.table(ROLLUP_TABLES.traceSummary)}
          WHERE ${where.sql()}
          GROUP BY TraceId
          HAVING ${[having.sql(), ...extraHaving].join(' AND ')}`;
}

interface SessionRow {
  Sid: string;
  Uid: string;
  Traces: string | number;
  FirstSeen: string;
  LastSeen: string;
  InTokens: string | number;
  OutTokens: string | number;
  CostSum: number;
  PricedSum: string | number;
}

function toSession(r: SessionRow): SessionSummary {
  return {
    sessionId: r.Sid,
    userId: r.Uid || null,
    traceCount: Number(r.Traces),
    firstSeenUnixNano: r.FirstSeen,
    lastSeenUnixNano: r.LastSeen,
    inputTokens: Number(r.InTokens),
    outputTokens: Number(r.OutTokens),
    costUsd: Number(r.PricedSum) > 0 ? Number(r.CostSum) : null,
  };
}

const SESSION_AGGREGATES = `Sid, max(Uid) AS Uid, count() AS Traces, toString(min(FirstNs)) AS FirstSeen, max(FirstNs) AS LastNs,
  toString(LastNs) AS LastSeen, sum(InTok) AS InTokens, sum(OutTok) AS OutTokens, sum(Cost) AS CostSum, sum(Priced) AS PricedSum`;

export class SessionReader {
  constructor(private readonly store: Store) {}

  /** Sessions newest activity first. */
  async list(f: SessionFilter): Promise<Page<SessionSummary>> {
    const { sql, params } = this.sessions(f);
    const rows = await readRows<SessionRow>(
      this.store,
      `${sql} ORDER BY ${SESSION_ORDER} LIMIT {limit:UInt32} OFFSET {offset:UInt32}`,
      { ...params, limit: f.limit + 1, offset: f.offset ?? 0 },
    );
    return keysetPage(rows, f.limit, toSession, (t) => ({ timeNs: t.lastSeenUnixNano, id: t.sessionId }));
  }

  /** A page-numbered page (`offset`, `limit`) and how many sessions match in all, read together. */
  async listPage(f: SessionFilter): Promise<{ items: SessionSummary[]; total: number }> {
    const { sql, params } = this.sessions({ ...f, after: undefined });
    const { rows, total } = await readPageAndTotal<SessionRow>(this.store, sql, SESSION_ORDER, params, { limit: f.limit, offset: f.offset ?? 0 });
    return { items: rows.map(toSession), total };
  }

  /** The matching sessions' aggregates, one row per session, in no order. */
  private sessions(f: SessionFilter): { sql: string; params: Record<string, unknown> } {
    const p = new Predicates({});
    const traces = tracesInRange(this.store, p, f);
    const having = new Predicates(p.params);
    if (f.userId !== undefined) having.add('Uid = {}', ['String', f.userId]);
    if (f.after) having.add('(LastNs, Sid) < ({}, {})', ['Int64', f.after.timeNs], ['String', f.after.id]);
    return { sql: `SELECT ${SESSION_AGGREGATES} FROM (${traces}) GROUP BY Sid HAVING ${having.sql()}`, params: having.params };
  }

  /** One session's traces in time order with their GenAI spans; undefined when unknown. */
  async get(
    f: { projectId: string; sessionId: string; startMs: number; endMs: number },
  ): Promise<{ session: SessionSummary; traces: TraceSummary[]; spans: StoredSpan[] } | undefined> {
    const p = new Predicates({});
    const traces = tracesInRange(this.store, p, f, [new Predicates(p.params).add('Sid = {}', ['String', f.sessionId]).sql()]);
    const rows = await readRows<TraceSummaryRow & { FirstNs: string }>(
      this.store,
      `SELECT * FROM (${traces}) ORDER BY FirstNs, TraceId LIMIT ${MAX_TRACES_PER_SESSION}`,
      p.params,
    );
    if (rows.length === 0) return undefined;
    const summaries = rows.map(toTraceSummary);
    const [session] = await readRows<SessionRow>(this.store, `SELECT ${SESSION_AGGREGATES} FROM (${traces}) GROUP BY Sid`, p.params);
    return { session: toSession(session), traces: summaries, spans: await readGenAiSpans(this.store, f.projectId, summaries.map((t) => t.traceId), summariesRange(summaries), MAX_SPANS_PER_SESSION) };
  }
}

const SESSION_ORDER = 'LastNs DESC, Sid DESC';
