import { LOGS_METRICS_TABLES, parseAttributes, parseValue, type AttrValue, type Store, type ValueType } from '@watchllm/collector';
import { lookupRange } from './genai-spans.js';
import { readRows } from './query.js';
import type { NanoRange } from './trace-reader.js';

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

const MAX_LOGS_PER_TRACE = 10_000;

export class LogReader {
  constructor(private readonly store: Store) {}

  /** Span-attached log records of a trace written within `range` (the trace lookup's, see TraceReader.locate). */
  spanLogs(projectId: string, traceId: string, range: NanoRange): Promise<SpanLog[]> {
    return this.read(projectId, [traceId], range, MAX_LOGS_PER_TRACE);
  }

  /** Span-attached log records of several traces (at most `max`), located through the trace lookup; [] when they have none. */
  async spanLogsOfTraces(projectId: string, traceIds: string[], max: number): Promise<SpanLog[]> {
    const range = traceIds.length ? await lookupRange(this.store, projectId, traceIds, true) : undefined;
    return range ? this.read(projectId, traceIds, range, max) : [];
  }

  private async read(projectId: string, traceIds: string[], range: NanoRange, max: number): Promise<SpanLog[]> {
    const rows = await readRows<LogRow>(
      this.store,
      // TimestampTime (whole seconds) prunes partitions; the range is exact, so one second either side covers its rounding.
      `SELECT TraceId, SpanId, EventName, toString(toUnixTimestamp64Nano(Timestamp)) AS TimeNs, LogAttributes, Body, AttributeTypes
              FROM ${this.store.table(LOGS_METRICS_TABLES.logs)}
              WHERE ProjectId = {projectId:String} AND TraceId IN {traceIds:Array(String)} AND SpanId != ''
                AND TimestampTime BETWEEN toDateTime(fromUnixTimestamp64Nano({startNs:Int64})) - 1 AND toDateTime(fromUnixTimestamp64Nano({endNs:Int64})) + 1
              ORDER BY Timestamp
              LIMIT {max:UInt32}`,
      { projectId, traceIds, ...range, max },
    );
    return rows.map(toSpanLog);
  }
}

function toSpanLog(r: LogRow): SpanLog {
  return { traceId: r.TraceId, spanId: r.SpanId, eventName: r.EventName, timeUnixNano: r.TimeNs, ...typedBodyAndAttributes(r) };
}

/** A stored log record's body and attributes, typed as they were sent (AttributeTypes: 'body', 'l.<key>'). */
export function typedBodyAndAttributes(r: Pick<LogRow, 'Body' | 'LogAttributes' | 'AttributeTypes'>): { body: AttrValue; attributes: Record<string, AttrValue> } {
  const types = r.AttributeTypes ?? {};
  return { body: parseValue(r.Body, types.body as ValueType | undefined), attributes: parseAttributes(r.LogAttributes ?? {}, types, 'l.') };
}
