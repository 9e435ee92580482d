import { LOGS_METRICS_TABLES, type Store } from '@watchllm/collector';
import type { TimeIdKey } from '../cursor.js';
import type { AttributeFilter } from '../params.js';
import { LEVEL_SQL } from '../loki/labels.js';
import { dateTimeSeconds, pointsByKey, Predicates, readRows, type PointSeries } from './query.js';
import { keysetPage, type Page } from './trace-summary.js';

/** Which log records: one project's, in a time range, narrowed by the filters. */
export interface LogFilter {
  projectId: string;
  startMs: number;
  endMs: number;
  service?: string;
  /** At least this severity number (1 TRACE … 24 FATAL4). */
  minSeverity?: number;
  traceId?: string;
  spanId?: string;
  eventName?: string;
  /** Case-insensitive substring of the body. */
  q?: string;
  attributes: AttributeFilter[];
}

export interface LogSearch extends LogFilter {
  limit: number;
  /** Continue after this (time, record id) position. */
  after?: TimeIdKey;
}


// Levels in the order a volume chart stacks them (most severe first), as Loki's detected_level names them.
const LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'unknown'];

/** An otel_logs row as read for the API. */
export interface LogRecordRow {
  TimeNs: string;
  /** The record's identity for paging: a hash of its content (records have no id of their own). */
  Id: string;
  TraceId: string;
  SpanId: string;
  TraceFlags: number;
  SeverityText: string;
  SeverityNumber: number;
  ServiceName: string;
  Body: string;
  ResourceSchemaUrl: string;
  ResourceAttributes: Record<string, string>;
  ScopeSchemaUrl: string;
  ScopeName: string;
  ScopeVersion: string;
  ScopeAttributes: Record<string, string>;
  LogAttributes: Record<string, string>;
  EventName: string;
  AttributeTypes: Record<string, string>;
}

/** Log record search over otel_logs, newest first, keyset-paged on (time, record id). */
export class LogSearchReader {
  constructor(private readonly store: Store) {}

  private get table(): string {
    return this.store.table(LOGS_METRICS_TABLES.logs);
  }

  /** The filter's predicates (project and time range included) and their bound values. */
  private where(f: LogFilter): Predicates {
    const where = new Predicates({});
    where.add('ProjectId = {}', ['String', f.projectId]);
    where.add('TimestampTime BETWEEN toDateTime({}) AND toDateTime({})', ['UInt32', dateTimeSeconds(f.startMs)], ['UInt32', dateTimeSeconds(f.endMs)]);
    where.add('Timestamp BETWEEN fromUnixTimestamp64Milli({}) AND fromUnixTimestamp64Milli({})', ['Int64', f.startMs], ['Int64', f.endMs]);
    if (f.service !== undefined) where.add('ServiceName = {}', ['String', f.service]);
    if (f.minSeverity !== undefined) where.add('SeverityNumber >= {}', ['UInt8', f.minSeverity]);
    if (f.traceId !== undefined) where.add('TraceId = {}', ['String', f.traceId]);
    if (f.spanId !== undefined) where.add('SpanId = {}', ['String', f.spanId]);
    if (f.eventName !== undefined) where.add('EventName = {}', ['String', f.eventName]);
    if (f.q !== undefined) where.add('positionCaseInsensitiveUTF8(Body, {}) > 0', ['String', f.q]);
    for (const a of f.attributes) where.add('LogAttributes[{}] = {}', ['String', a.key], ['String', a.value]);
    return where;
  }

  /** Records per `stepSeconds` bucket and severity level (as the Logs page charts them), levels most severe first. */
  async volume(f: LogFilter, stepSeconds: number): Promise<PointSeries[]> {
    const where = this.where(f);
    const step = where.expr('{}', ['UInt32', stepSeconds]);
    const rows = await readRows<{ T: string; L: string; N: string }>(
      this.store,
      `SELECT toString(intDiv(toUnixTimestamp(TimestampTime), ${step}) * ${step} * 1000) AS T, ${LEVEL_SQL} AS L, count() AS N
         FROM ${this.table}
        WHERE ${where.sql()}
        GROUP BY T, L
        ORDER BY T`,
      where.params,
    );
    const byLevel = pointsByKey(rows, (r) => r.L, (r) => [Number(r.T), Number(r.N)]);
    return LEVELS.filter((l) => byLevel.has(l)).map((key) => ({ key, points: byLevel.get(key)! }));
  }

  async search(s: LogSearch): Promise<Page<LogRecordRow>> {
    const where = this.where(s);
    if (s.after) where.add('(toUnixTimestamp64Nano(Timestamp), Id) < ({}, {})', ['Int64', s.after.timeNs], ['String', s.after.id]);
    const rows = await readRows<LogRecordRow>(
      this.store,
      // Records have no id of their own: a hash of their content is their identity for paging.
      `SELECT toString(toUnixTimestamp64Nano(Timestamp)) AS TimeNs,
              toString(cityHash64(Timestamp, TraceId, SpanId, SeverityNumber, SeverityText, Body, LogAttributes, ResourceAttributes, ScopeName, EventName)) AS Id,
              TraceId, SpanId, TraceFlags, SeverityText, SeverityNumber, ServiceName, Body, ResourceSchemaUrl, ResourceAttributes, ScopeSchemaUrl, ScopeName, ScopeVersion,
              ScopeAttributes, LogAttributes, EventName, AttributeTypes
         FROM ${this.table}
        WHERE ${where.sql()}
        ORDER BY Timestamp DESC, Id DESC
        LIMIT ${where.expr('{}', ['UInt32', s.limit + 1])}`,
      where.params,
    );
    return keysetPage(rows, s.limit, (r) => r, (r) => ({ timeNs: r.TimeNs, id: r.Id }));
  }
}
