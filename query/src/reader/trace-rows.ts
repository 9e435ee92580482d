import { parseAttributes, type AttrValue } from '@watchllm/collector';

/**
 * Columns read for a full span; shared by every reader that returns whole spans. The GenAI
 * identity and token columns are left out: at ingest they are written from the same record as
 * GenAiRecord (which keeps every non-null field of it), and each column read costs a trace read
 * ~0.35 ms here whatever its size (docs/benchmarks.md). Cost columns are read: a reprice updates them.
 */
export const SPAN_COLUMNS = `
  TraceId, SpanId, ParentSpanId, TraceState, SpanName, SpanKind, ServiceName,
  toString(toUnixTimestamp64Nano(Timestamp)) AS StartNs, toString(Duration) AS DurationNs,
  StatusCode, StatusMessage, ScopeName, ScopeVersion,
  SpanAttributes, ResourceAttributes, AttributeTypes,
  arrayMap(t -> toString(toUnixTimestamp64Nano(t)), Events.Timestamp) AS EventTimes,
  Events.Name AS EventNames, Events.Attributes AS EventAttributes,
  Links.TraceId AS LinkTraceIds, Links.SpanId AS LinkSpanIds, Links.TraceState AS LinkTraceStates, Links.Attributes AS LinkAttributes,
  CostUsd, CostSource, PriceVersion, GenAiRecord, GenAiDiagnostics`;

export interface SpanRecordRow {
  TraceId: string;
  SpanId: string;
  ParentSpanId: string;
  TraceState: string;
  SpanName: string;
  SpanKind: string;
  ServiceName: string;
  StartNs: string;
  DurationNs: string;
  StatusCode: string;
  StatusMessage: string;
  ScopeName: string;
  ScopeVersion: string;
  SpanAttributes: Record<string, string>;
  ResourceAttributes: Record<string, string>;
  AttributeTypes: Record<string, string>;
  EventTimes: string[];
  EventNames: string[];
  EventAttributes: Record<string, string>[];
  LinkTraceIds: string[];
  LinkSpanIds: string[];
  LinkTraceStates: string[];
  LinkAttributes: Record<string, string>[];
  CostUsd: number | null;
  CostSource: string;
  PriceVersion: string;
  GenAiRecord: string;
  GenAiDiagnostics: string;
}

/** A stored span with typed attribute values restored. */
export interface StoredSpan {
  traceId: string;
  spanId: string;
  parentSpanId: string;
  traceState: string;
  name: string;
  kind: string;
  serviceName: string;
  scopeName: string;
  scopeVersion: string;
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  durationNanos: string;
  statusCode: 'UNSET' | 'OK' | 'ERROR';
  statusMessage: string;
  attributes: Record<string, AttrValue>;
  resourceAttributes: Record<string, AttrValue>;
  events: { name: string; timeUnixNano: string; attributes: Record<string, AttrValue> }[];
  links: { traceId: string; spanId: string; traceState: string; attributes: Record<string, AttrValue> }[];
  row: SpanRecordRow;
  /** The GenAI record completed at read time (e.g. from log records); absent → the stored GenAiRecord. */
  genAiRecord?: object | null;
}

const KIND: Record<string, string> = {
  Unspecified: 'UNSPECIFIED',
  Internal: 'INTERNAL',
  Server: 'SERVER',
  Client: 'CLIENT',
  Producer: 'PRODUCER',
  Consumer: 'CONSUMER',
};
const STATUS: Record<string, StoredSpan['statusCode']> = { Unset: 'UNSET', Ok: 'OK', Error: 'ERROR' };

export function toStoredSpan(r: SpanRecordRow): StoredSpan {
  const types = r.AttributeTypes ?? {};
  return {
    traceId: r.TraceId,
    spanId: r.SpanId,
    parentSpanId: r.ParentSpanId,
    traceState: r.TraceState,
    name: r.SpanName,
    kind: KIND[r.SpanKind] ?? r.SpanKind.toUpperCase(),
    serviceName: r.ServiceName,
    scopeName: r.ScopeName,
    scopeVersion: r.ScopeVersion,
    startTimeUnixNano: r.StartNs,
    endTimeUnixNano: (BigInt(r.StartNs) + BigInt(r.DurationNs)).toString(),
    durationNanos: r.DurationNs,
    statusCode: STATUS[r.StatusCode] ?? 'UNSET',
    statusMessage: r.StatusMessage,
    attributes: parseAttributes(r.SpanAttributes, types, 's.'),
    resourceAttributes: parseAttributes(r.ResourceAttributes, types, 'r.'),
    events: r.EventNames.map((name, i) => ({
      name,
      timeUnixNano: r.EventTimes[i],
      attributes: parseAttributes(r.EventAttributes[i] ?? {}, types, `e${i}.`),
    })),
    links: r.LinkTraceIds.map((traceId, i) => ({
      traceId,
      spanId: r.LinkSpanIds[i],
      traceState: r.LinkTraceStates[i],
      attributes: parseAttributes(r.LinkAttributes[i] ?? {}, types, `l${i}.`),
    })),
    row: r,
  };
}
