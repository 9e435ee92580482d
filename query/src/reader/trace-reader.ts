import { TABLES, TRACE_LOOKUP_TABLES, type Store } from '@watchllm/collector';
import { lookupRange, readGenAiSpans } from './genai-spans.js';
import { readRows } from './query.js';
import { SPAN_COLUMNS, toStoredSpan, type SpanRecordRow, type StoredSpan } from './trace-rows.js';

/** Normalizes a 16- or 32-hex trace id (any case) to the stored 32-hex lower-case form, or undefined. */
export function normalizeTraceId(id: string): string | undefined {
  if (!/^[0-9a-fA-F]{16}$|^[0-9a-fA-F]{32}$/.test(id)) return undefined;
  return id.toLowerCase().padStart(32, '0');
}

/** A span-start (or log-record) time range of one trace, as unix nanosecond strings. */
export interface NanoRange {
  startNs: string;
  endNs: string;
}

/** Where a trace's rows are, from the trace lookup: its spans, and its span-attached log records if it has any. */
export interface TraceLocation {
  spans?: NanoRange;
  logs?: NanoRange;
}

interface LocationRow {
  Logs: number | string;
  StartNs: string;
  EndNs: string;
}

export class TraceReader {
  constructor(private readonly store: Store) {}

  /**
   * One read of the trace lookup (a point read ordered by trace id): the ranges that let the span
   * read prune daily partitions, and whether any log record is to be joined at all.
   */
  async locate(projectId: string, traceId: string): Promise<TraceLocation> {
    const rows = await readRows<LocationRow>(
      this.store,
      `SELECT Logs, toString(toUnixTimestamp64Nano(min(Start))) AS StartNs, toString(toUnixTimestamp64Nano(max(End))) AS EndNs
       FROM ${this.store.table(TRACE_LOOKUP_TABLES.traceLookup)}
       WHERE ProjectId = {projectId:String} AND TraceId = {traceId:String}
       GROUP BY Logs`,
      { projectId, traceId },
    );
    const location: TraceLocation = {};
    for (const r of rows) location[Number(r.Logs) ? 'logs' : 'spans'] = { startNs: r.StartNs, endNs: r.EndNs };
    return location;
  }

  /** All spans of a trace in the caller's project (deduplicated by span id), or [] when unknown. */
  async getTrace(projectId: string, traceId: string): Promise<StoredSpan[]> {
    const { spans } = await this.locate(projectId, traceId);
    return spans ? this.readSpans(projectId, traceId, spans) : [];
  }

  /** The GenAI spans of several traces (at most `maxSpans`), located through the trace lookup. */
  async genAiSpans(projectId: string, traceIds: string[], maxSpans: number): Promise<StoredSpan[]> {
    if (traceIds.length === 0) return [];
    const range = await lookupRange(this.store, projectId, traceIds);
    return range ? readGenAiSpans(this.store, projectId, traceIds, range, maxSpans) : [];
  }

  /** The root spans' ids of these traces (`${traceId}/${spanId}`), located through the trace lookup. */
  async rootSpanIds(projectId: string, traceIds: string[]): Promise<Set<string>> {
    const range = traceIds.length ? await lookupRange(this.store, projectId, traceIds) : undefined;
    if (!range) return new Set();
    const rows = await readRows<{ TraceId: string; SpanId: string }>(
      this.store,
      `SELECT DISTINCT TraceId, SpanId FROM ${this.store.table(TABLES.traces)}
       WHERE ProjectId = {projectId:String} AND TraceId IN {ids:Array(String)} AND ParentSpanId = ''
         AND Timestamp BETWEEN fromUnixTimestamp64Nano({startNs:Int64}) AND fromUnixTimestamp64Nano({endNs:Int64})`,
      { projectId, ids: traceIds, ...range },
    );
    return new Set(rows.map((r) => `${r.TraceId}/${r.SpanId}`));
  }

  /** The spans of a trace whose span starts lie in `range` (from `locate`). */
  async readSpans(projectId: string, traceId: string, range: NanoRange): Promise<StoredSpan[]> {
    const rows = await readRows<SpanRecordRow>(
      this.store,
      // The range prunes partitions and granules; DateTime64 against DateTime64 (mixing in a
      // DateTime misses rows on this engine's key analysis).
      `SELECT ${SPAN_COLUMNS}
       FROM ${this.store.table(TABLES.traces)}
       WHERE TraceId = {traceId:String} AND ProjectId = {projectId:String}
         AND Timestamp BETWEEN fromUnixTimestamp64Nano({startNs:Int64}) AND fromUnixTimestamp64Nano({endNs:Int64})
       ORDER BY Timestamp
       LIMIT 1 BY SpanId`,
      { traceId, projectId, ...range },
    );
    return rows.map(toStoredSpan);
  }
}
