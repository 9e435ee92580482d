import { TABLES, TRACE_LOOKUP_TABLES, type Store } from '@watchllm/collector';
import { SPAN_COLUMNS, toStoredSpan, type SpanRecordRow, type StoredSpan } from './trace-rows.js';

/** Normalizes a 16- or 32-hex trace id (any case) to the stored 32-hex lower-case form, or undefined. */
export function normalizeTraceId(id: string): string | undefined {
  if (!/^[0-9a-fA-F]{16}$|^[0-9a-fA-F]{32}$/.test(id)) return undefined;
  return id.toLowerCase().padStart(32, '0');
}

// Reads share the cores with ingest: cap threads so a read can't starve the event loop.
// Every read states the settings it relies on: the embedded engine keeps a query's SETs for
// the session, so a setting one read changes would otherwise stay changed for the next.
export const READ_SETTINGS = { max_threads: 1, use_skip_indexes: 1 } as const;

/**
 * A scalar subquery giving (first, last) span start of trace {traceId:String} in {projectId:String}
 * as DateTime64(9); (epoch, epoch) when unknown.
 */
export function traceTimeRange(store: Store): string {
  return `SELECT (min(Start), max(End)) FROM ${store.table(TRACE_LOOKUP_TABLES.traceLookup)}
          WHERE ProjectId = {projectId:String} AND TraceId = {traceId:String}`;
}

export class TraceReader {
  constructor(private readonly store: Store) {}

  /** All spans of a trace in the caller's project (deduplicated by span id), or [] when unknown. */
  async getTrace(projectId: string, traceId: string): Promise<StoredSpan[]> {
    // One round trip: the scalar subquery (trace id → time range) is evaluated before the main
    // query's index analysis, so the range still prunes partitions and granules.
    const rows = await this.store.client.query({
      query: `WITH (${traceTimeRange(this.store)}) AS range
              SELECT ${SPAN_COLUMNS}
              FROM ${this.store.table(TABLES.traces)}
              WHERE TraceId = {traceId:String} AND ProjectId = {projectId:String}
                -- DateTime64 against DateTime64: mixing in a DateTime misses rows on this engine's key analysis.
                AND Timestamp BETWEEN range.1 AND range.2
              ORDER BY Timestamp
              LIMIT 1 BY SpanId`,
      query_params: { traceId, projectId },
      format: 'JSONEachRow',
      clickhouse_settings: READ_SETTINGS,
    });
    return (await rows.json<SpanRecordRow>()).map(toStoredSpan);
  }
}
