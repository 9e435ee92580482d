import { LOGS_METRICS_TABLES, parseAttributes, parseValue, type AttrValue, type Store, type ValueType } from '@watchllm/collector';
import { READ_SETTINGS, traceTimeRange } from './trace-reader.js';

/** A log record tied to a span (GenAI content events arrive this way from some instrumentations). */
export interface SpanLog {
  traceId: string;
  spanId: string;
  eventName: string;
  timeUnixNano: string;
  attributes: Record<string, AttrValue>;
  body: AttrValue;
}

interface LogRow {
  TraceId: string;
  SpanId: string;
  EventName: string;
  TimeNs: string;
  LogAttributes: Record<string, string>;
  Body: string;
  AttributeTypes: Record<string, string>;
}

// Log records come shortly after their span ends; this much clock skew is still matched.
const SLACK_SECONDS = 3600;
const MAX_LOGS_PER_TRACE = 10_000;

function isUnknownTable(err: unknown): boolean {
  const e = err as { code?: unknown; message?: unknown };
  return e?.code === '60' || /UNKNOWN_TABLE|does not exist|doesn't exist/i.test(String(e?.message ?? ''));
}

export class LogReader {
  constructor(private readonly store: Store) {}

  /** Span-attached log records of a trace; [] when there are none (or no logs table). */
  async spanLogs(projectId: string, traceId: string): Promise<SpanLog[]> {
    try {
      const rs = await this.store.client.query({
        query: `WITH (${traceTimeRange(this.store)}) AS range
                SELECT TraceId, SpanId, EventName, toString(toUnixTimestamp64Nano(Timestamp)) AS TimeNs, LogAttributes, Body, AttributeTypes
                FROM ${this.store.table(LOGS_METRICS_TABLES.logs)}
                WHERE ProjectId = {projectId:String} AND TraceId = {traceId:String} AND SpanId != ''
                  AND TimestampTime BETWEEN toDateTime(range.1) - ${SLACK_SECONDS} AND toDateTime(range.2) + ${SLACK_SECONDS}
                ORDER BY Timestamp
                LIMIT ${MAX_LOGS_PER_TRACE}`,
        query_params: { projectId, traceId },
        format: 'JSONEachRow',
        clickhouse_settings: READ_SETTINGS,
      });
      return (await rs.json<LogRow>()).map(toSpanLog);
    } catch (err) {
      // A store migrated before logs existed simply has none to attach.
      if (isUnknownTable(err)) return [];
      throw err;
    }
  }
}

function toSpanLog(r: LogRow): SpanLog {
  const types = r.AttributeTypes ?? {};
  return {
    traceId: r.TraceId,
    spanId: r.SpanId,
    eventName: r.EventName,
    timeUnixNano: r.TimeNs,
    attributes: parseAttributes(r.LogAttributes ?? {}, types, 'l.'),
    body: parseValue(r.Body, types.body as ValueType | undefined),
  };
}
