import type { SqlParams } from './sql-params.js';

/** Spans of one project in one time window: the scope of every compatibility-API read. */
export interface SpanWindow {
  projectId: string;
  startNs: bigint;
  endNs: bigint;
}

/** Parameterized condition for a window; the same text may be reused in subqueries. */
export function windowCondition(w: SpanWindow, params: SqlParams): string {
  const project = params.add(w.projectId, 'String');
  const start = params.add(w.startNs.toString(), 'Int64');
  const end = params.add(w.endNs.toString(), 'Int64');
  return `ProjectId = ${project} AND Timestamp >= fromUnixTimestamp64Nano(${start}) AND Timestamp <= fromUnixTimestamp64Nano(${end})`;
}

/** Window for the last `spanMs` milliseconds before `now`. */
export function recentWindow(projectId: string, spanMs: number, now = Date.now()): SpanWindow {
  const end = BigInt(now) * 1_000_000n;
  return { projectId, startNs: end - BigInt(spanMs) * 1_000_000n, endNs: end };
}
