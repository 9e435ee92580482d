import type { Store } from '@watchllm/collector';
import type { TimeIdKey } from '../cursor.js';
import { Predicates, readRows } from './query.js';
import { tracesInRange } from './session-reader.js';
import { keysetPage, type Page } from './trace-summary.js';

export interface UserFilter {
  projectId: string;
  /** Users with a trace starting in [startMs, endMs); totals cover those traces. */
  startMs: number;
  endMs: number;
  limit: number;
  /** Continue after this (last seen, user id) position. */
  after?: TimeIdKey;
}

/** An end user's traffic (`user.id` / `enduser.id` on their traces) over a time range. */
export interface UserSummary {
  userId: string;
  traceCount: number;
  sessionCount: number;
  errorCount: number;
  llmCallCount: number;
  firstSeenUnixNano: string;
  lastSeenUnixNano: string;
  inputTokens: number;
  outputTokens: number;
  costUsd: number | null;
}

interface UserRow {
  Uid: string;
  Traces: string;
  Sessions: string;
  Errors: string;
  Calls: string;
  FirstSeen: string;
  LastSeen: string;
  InTokens: string;
  OutTokens: string;
  CostSum: number;
  PricedSum: string;
}

/** End users newest activity first, from the per-trace summaries (Langfuse's Users view). */
export class UserReader {
  constructor(private readonly store: Store) {}

  async list(f: UserFilter): Promise<Page<UserSummary>> {
    const p = new Predicates({});
    const traces = tracesInRange(this.store, p, f, [], 'Uid');
    const having = new Predicates(p.params);
    if (f.after) having.add('(LastNs, Uid) < ({}, {})', ['Int64', f.after.timeNs], ['String', f.after.id]);
    const rows = await readRows<UserRow>(
      this.store,
      `SELECT Uid, count() AS Traces, uniqExactIf(Sid, Sid != '') AS Sessions, sum(Errs) AS Errors, sum(Llm) AS Calls,
              toString(min(FirstNs)) AS FirstSeen, max(FirstNs) AS LastNs, toString(LastNs) AS LastSeen,
              sum(InTok) AS InTokens, sum(OutTok) AS OutTokens, sum(Cost) AS CostSum, sum(Priced) AS PricedSum
         FROM (${traces})
        GROUP BY Uid HAVING ${having.sql()}
        ORDER BY LastNs DESC, Uid DESC LIMIT ${p.expr('{}', ['UInt32', f.limit + 1])}`,
      p.params,
    );
    return keysetPage(
      rows,
      f.limit,
      (r): UserSummary => ({
        userId: r.Uid,
        traceCount: Number(r.Traces),
        sessionCount: Number(r.Sessions),
        errorCount: Number(r.Errors),
        llmCallCount: Number(r.Calls),
        firstSeenUnixNano: r.FirstSeen,
        lastSeenUnixNano: r.LastSeen,
        inputTokens: Number(r.InTokens),
        outputTokens: Number(r.OutTokens),
        costUsd: Number(r.PricedSum) > 0 ? Number(r.CostSum) : null,
      }),
      (u) => ({ timeNs: u.lastSeenUnixNano, id: u.userId }),
    );
  }
}
