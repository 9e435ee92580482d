import { LOGS_METRICS_TABLES, type Store } from '@watchllm/collector';
import type { TimeIdKey } from '../cursor.js';
import type { AttributeFilter } from '../params.js';
import { dateTimeSeconds, Predicates, readRows, type QueryParams } from './query.js';
import { keysetPage, type Page } from './trace-summary.js';

export interface LogSearch {
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
  limit: number;
  /** Continue after this (time, record id) position. */
  after?: TimeIdKey;
}

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

  async search(s: LogSearch): Promise<Page<LogRecordRow>> {
    const params: QueryParams = { projectId: s.projectId, startS: dateTimeSeconds(s.startMs), endS: dateTimeSeconds(s.endMs), startMs: s.startMs, endMs: s.endMs, limit: s.limit + 1 };
    const where = new Predicates(params);
    if (s.service !== undefined) where.add('ServiceName = {}', ['String', s.service]);
    if (s.minSeverity !== undefined) where.add('SeverityNumber >= {}', ['UInt8', s.minSeverity]);
    if (s.traceId !== undefined) where.add('TraceId = {}', ['String', s.traceId]);
    if (s.spanId !== undefined) where.add('SpanId = {}', ['String', s.spanId]);
    if (s.eventName !== undefined) where.add('EventName = {}', ['String', s.eventName]);
    if (s.q !== undefined) where.add('positionCaseInsensitiveUTF8(Body, {}) > 0', ['String', s.q]);
    for (const a of s.attributes) where.add('LogAttributes[{}] = {}', ['String', a.key], ['String', a.value]);
    if (s.after) where.add('(toUnixTimestamp64Nano(Timestamp), Id) < ({}, {})', ['Int64', s.after.timeNs], ['String', s.after.id]);
    const rows = await readRows<LogRecordRow>(
      this.store,
      // Records have no id of their own: a hash of their content is their identity for paging.
      `SELECT toString(toUnixTimestamp64Nano(Timestamp)) AS TimeNs,
              toString(cityHash64(Timestamp, TraceId, SpanId, SeverityNumber, SeverityText, Body, LogAttributes, ResourceAttributes, ScopeName, EventName)) AS Id,
              TraceId, SpanId, TraceFlags, SeverityText, SeverityNumber, ServiceName, Body, ResourceSchemaUrl, ResourceAttributes, ScopeSchemaUrl, ScopeName, ScopeVersion,
              ScopeAttributes, LogAttributes, EventName, AttributeTypes
         FROM ${this.store.table(LOGS_METRICS_TABLES.logs)}
        WHERE ProjectId = {projectId:String}
          AND TimestampTime BETWEEN toDateTime({startS:UInt32}) AND toDateTime({endS:UInt32})
          AND Timestamp BETWEEN fromUnixTimestamp64Milli({startMs:Int64}) AND fromUnixTimestamp64Milli({endMs:Int64})
          AND ${where.sql()}
        ORDER BY Timestamp DESC, Id DESC
        LIMIT {limit:UInt32}`,
      params,
    );
    return keysetPage(rows, s.limit, (r) => r, (r) => ({ timeNs: r.TimeNs, id: r.Id }));
  }
}
