import { TABLES, TRACE_LOOKUP_TABLES, type Store } from '@watchllm/collector';
import { readRows } from './query.js';
import type { NanoRange } from './trace-reader.js';
import { SPAN_COLUMNS, toStoredSpan, type SpanRecordRow, type StoredSpan } from './trace-rows.js';
import type { TraceSummary } from './trace-summary.js';

/** The span-start range of some traces, from their summaries (start + duration). */
export function summariesRange(traces: TraceSummary[]): NanoRange {
  let first = BigInt(traces[0].startTimeUnixNano);
  let last = 0n;
  for (const t of traces) {
    const start = BigInt(t.startTimeUnixNano);
    const end = start + BigInt(t.durationNanos);
    if (start < first) first = start;
    if (end > last) last = end;
  }
  return { startNs: first.toString(), endNs: last.toString() };
}

/** The span-start range of some traces (with `logs`: of their span-attached log records) from the trace lookup, or undefined when none is known. */
export async function lookupRange(store: Store, projectId: string, traceIds: string[], logs = false): Promise<NanoRange | undefined> {
  const [row] = await readRows<{ N: string | number; StartNs: string; EndNs: string }>(
    store,
    `SELECT count() AS N, toString(toUnixTimestamp64Nano(min(Start))) AS StartNs, toString(toUnixTimestamp64Nano(max(End))) AS EndNs
     FROM ${store.table(TRACE_LOOKUP_TABLES.traceLookup)}
     WHERE ProjectId = {projectId:String} AND TraceId IN {ids:Array(String)} AND Logs = {logs:UInt8}`,
    { projectId, ids: traceIds, logs: logs ? 1 : 0 },
  );
  return row && Number(row.N) > 0 ? { startNs: row.StartNs, endNs: row.EndNs } : undefined;
}

/** The GenAI spans (model calls, tools, agents …) of these traces whose starts lie in `range`; content decoding is the caller's. */
export async function readGenAiSpans(store: Store, projectId: string, traceIds: string[], range: NanoRange, maxSpans: number): Promise<StoredSpan[]> {
  const rows = await readRows<SpanRecordRow>(
    store,
    `SELECT ${SPAN_COLUMNS}
     FROM ${store.table(TABLES.traces)}
     WHERE ProjectId = {projectId:String} AND TraceId IN {ids:Array(String)}
       AND Timestamp >= fromUnixTimestamp64Nano({startNs:Int64}) AND Timestamp <= fromUnixTimestamp64Nano({endNs:Int64})
       AND (GenAiStepType != '' OR GenAiOperation != '')
     LIMIT {maxSpans:UInt32}`,
    { projectId, ids: traceIds, ...range, maxSpans },
  );
  return rows.map(toStoredSpan);
}
