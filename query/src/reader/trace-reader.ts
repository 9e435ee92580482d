import { TABLES, type Store } from '@watchllm/collector';
import { SPAN_COLUMNS, toStoredSpan, type SpanRecordRow, type StoredSpan } from './trace-rows.js';

/** Normalizes a 16- or 32-hex trace id (any case) to the stored 32-hex lower-case form, or undefined. */
export function normalizeTraceId(id: string): string | undefined {
  if (!/^[0-9a-fA-F]{16}$|^[0-9a-fA-F]{32}$/.test(id)) return undefined;
  return id.toLowerCase().padStart(32, '0');
}

// Reads share the cores with ingest: cap threads so a read can't starve the event loop.
export const READ_SETTINGS = { max_threads: 1 } as const;

export class TraceReader {
  constructor(private readonly store: Store) {}

  /** All spans of a trace in the caller's project (deduplicated by span id), or [] when unknown. */
  async getTrace(projectId: string, traceId: string): Promise<StoredSpan[]> {
    const range = await this.store.client.query({
      query: `SELECT toString(toUnixTimestamp(min(Start))) AS s, toString(toUnixTimestamp(max(End))) AS e, count() AS n
              FROM ${this.store.table(TABLES.traceIdTs)}
              WHERE TraceId = {traceId:String} AND ProjectId = {projectId:String}`,
      query_params: { traceId, projectId },
      format: 'JSONEachRow',
      clickhouse_settings: READ_SETTINGS,
    });
    const [r] = await range.json<{ s: string; e: string; n: string | number }>();
    if (!r || Number(r.n) === 0) return [];
    const rows = await this.store.client.query({
      query: `SELECT ${SPAN_COLUMNS}
              FROM ${this.store.table(TABLES.traces)}
              WHERE TraceId = {traceId:String} AND ProjectId = {projectId:String}
                -- Compare as DateTime64: a strict '<' against a DateTime misses rows on this engine's key analysis.
                AND Timestamp BETWEEN toDateTime64({start:UInt32}, 9) AND toDateTime64({end:UInt32} + 1, 9)
              ORDER BY Timestamp
              LIMIT 1 BY SpanId`,
      query_params: { traceId, projectId, start: Number(r.s), end: Number(r.e) },
      format: 'JSONEachRow',
      clickhouse_settings: READ_SETTINGS,
    });
    return (await rows.json<SpanRecordRow>()).map(toStoredSpan);
  }
}
