import type { Span, TracesBatch } from '../model/types.js';
import { durationNanos } from './nanos.js';
import { stringifyAttributes } from './values.js';
import { compactRecordJson } from './record-json.js';

/**
 * One otel_traces row in JSONEachRow shape (Nested columns flattened as the server expects).
 * The exporter writes Native blocks (trace-block.ts); rows serve the seeding bench and as the
 * reference that the Native writer is tested against.
 */
export type TraceRow = Record<string, unknown>;

// pdata's String() forms, which the contrib exporter writes and Grafana expects.
export const SPAN_KIND_TEXT = ['Unspecified', 'Internal', 'Server', 'Client', 'Producer', 'Consumer'];
export const STATUS_TEXT = ['Unset', 'Ok', 'Error'];

/** DateTime64(9) text as 'seconds.nanoseconds'; seconds padded to 10 digits, which the parser needs to read small values as unix time. */
export function nanosToDateTime64(ns: string): string {
  const padded = ns.padStart(19, '0');
  return `${padded.slice(0, -9)}.${padded.slice(-9)}`;
}

export function traceRows(batch: TracesBatch): TraceRow[] {
  const rows: TraceRow[] = [];
  for (const rs of batch.resourceSpans) {
    const resourceTypes: Record<string, string> = {};
    const resource = stringifyAttributes(rs.resource, 'r.', resourceTypes);
    const serviceName = typeof rs.resource.values['service.name'] === 'string' ? (rs.resource.values['service.name'] as string) : '';
    for (const ss of rs.scopeSpans) {
      for (const span of ss.spans) {
        rows.push(spanRow(span, batch.projectId, serviceName, resource, resourceTypes, ss.scope.name, ss.scope.version));
      }
    }
  }
  return rows;
}

function spanRow(
  span: Span,
  projectId: string,
  serviceName: string,
  resource: Record<string, string>,
  resourceTypes: Record<string, string>,
  scopeName: string,
  scopeVersion: string,
): TraceRow {
  const types: Record<string, string> = { ...resourceTypes };
  const eventTimes: string[] = [];
  const eventNames: string[] = [];
  const eventAttrs: Record<string, string>[] = [];
  for (let i = 0; i < span.events.length; i++) {
    const e = span.events[i];
    eventTimes.push(nanosToDateTime64(e.timeUnixNano));
    eventNames.push(e.name);
    eventAttrs.push(stringifyAttributes(e.attributes, `e${i}.`, types));
  }
  const linkTrace: string[] = [];
  const linkSpan: string[] = [];
  const linkState: string[] = [];
  const linkAttrs: Record<string, string>[] = [];
  for (let i = 0; i < span.links.length; i++) {
    const l = span.links[i];
    linkTrace.push(l.traceId);
    linkSpan.push(l.spanId);
    linkState.push(l.traceState);
    linkAttrs.push(stringifyAttributes(l.attributes, `l${i}.`, types));
  }
  const g = span.enrichment;
  return {
    Timestamp: nanosToDateTime64(span.startTimeUnixNano),
    TraceId: span.traceId,
    SpanId: span.spanId,
    ParentSpanId: span.parentSpanId,
    TraceState: span.traceState,
    SpanName: span.name,
    SpanKind: SPAN_KIND_TEXT[span.kind] ?? 'Unspecified',
    ServiceName: serviceName,
    ResourceAttributes: resource,
    ScopeName: scopeName,
    ScopeVersion: scopeVersion,
    SpanAttributes: stringifyAttributes(span.attributes, 's.', types),
    Duration: String(durationNanos(span.startTimeUnixNano, span.endTimeUnixNano)),
    StatusCode: STATUS_TEXT[span.statusCode] ?? 'Unset',
    StatusMessage: span.statusMessage,
    'Events.Timestamp': eventTimes,
    'Events.Name': eventNames,
    'Events.Attributes': eventAttrs,
    'Links.TraceId': linkTrace,
    'Links.SpanId': linkSpan,
    'Links.TraceState': linkState,
    'Links.Attributes': linkAttrs,
    ProjectId: projectId,
    AttributeTypes: types,
    ...(g && {
      GenAiOperation: g.operation,
      GenAiProvider: g.provider,
      GenAiRequestModel: g.requestModel,
      GenAiResponseModel: g.responseModel,
      GenAiInputTokens: g.inputTokens,
      GenAiOutputTokens: g.outputTokens,
      GenAiCacheReadTokens: g.cacheReadTokens,
      GenAiCacheWriteTokens: g.cacheWriteTokens,
      GenAiReasoningTokens: g.reasoningTokens,
      CostUsd: g.costUsd,
      CostSource: g.costSource,
      PriceVersion: g.priceVersion,
      GenAiAgentName: g.agentName,
      GenAiToolName: g.toolName,
      GenAiConversationId: g.conversationId,
      GenAiUserId: g.userId,
      GenAiStepType: g.stepType,
      GenAiRecord: g.record ? compactRecordJson(g.record) : '',
      GenAiDiagnostics: g.diagnostics,
      GenAiTags: g.tags,
    }),
  };
}
