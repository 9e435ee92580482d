/**
 * Rebuilds OTLP ResourceSpans from stored spans, in the object shape protobufjs
 * `fromObject` takes and OTLP JSON uses (the encodings and AnyValue are the collector's).
 */
import { anyValueOf, type AnyValue, type AttrValue, type KeyValue, type OtlpObjectEncoding } from '@watchllm/collector';

export { anyValueOf, OTLP_JSON, OTLP_PROTO, type AnyValue, type KeyValue, type OtlpObjectEncoding } from '@watchllm/collector';
import type { StoredSpan } from '../reader/trace-rows.js';

const SPAN_KIND_NUMBER: Record<string, number> = { UNSPECIFIED: 0, INTERNAL: 1, SERVER: 2, CLIENT: 3, PRODUCER: 4, CONSUMER: 5 };
const STATUS_NUMBER = { UNSET: 0, OK: 1, ERROR: 2 } as const;
const INTEGER = /^-?\d+$/;

/** Service name sent when a span's resource had none, as OTel SDKs default it. */
export const UNKNOWN_SERVICE = 'unknown_service';

/** OTLP AnyValue of one stored attribute: its string form plus its recorded OTLP type. */
export function storedAnyValue(raw: string, type: string | undefined, enc: OtlpObjectEncoding): AnyValue {
  switch (type) {
    case undefined:
    case '':
      return { stringValue: raw };
    case 'int':
      return INTEGER.test(raw) ? { intValue: raw } : { stringValue: raw };
    case 'double':
      return { doubleValue: Number(raw) };
    case 'bool':
      return { boolValue: raw === 'true' };
    case 'bytes':
      return { bytesValue: enc.bytes(raw) };
    case 'empty':
      return {};
    case 'array':
    case 'kvlist':
      try {
        return anyValueOf(JSON.parse(raw) as AttrValue);
      } catch {
        return { stringValue: raw };
      }
    default:
      return { stringValue: raw };
  }
}

export function storedKeyValues(map: Record<string, string>, types: Record<string, string>, prefix: string, enc: OtlpObjectEncoding): KeyValue[] {
  return Object.keys(map).map((key) => ({ key, value: storedAnyValue(map[key], types[prefix + key], enc) }));
}

/** Resource attributes of a span, always including service.name. */
function resourceAttributes(span: StoredSpan, enc: OtlpObjectEncoding): KeyValue[] {
  const row = span.row;
  const attrs = storedKeyValues(row.ResourceAttributes, row.AttributeTypes, 'r.', enc);
  if (!('service.name' in row.ResourceAttributes)) attrs.unshift({ key: 'service.name', value: { stringValue: span.serviceName || UNKNOWN_SERVICE } });
  return attrs;
}

function otlpSpan(span: StoredSpan, enc: OtlpObjectEncoding): Record<string, unknown> {
  const row = span.row;
  return {
    traceId: enc.id(span.traceId),
    spanId: enc.id(span.spanId),
    ...(span.traceState && { traceState: span.traceState }),
    ...(span.parentSpanId && { parentSpanId: enc.id(span.parentSpanId) }),
    name: span.name,
    kind: SPAN_KIND_NUMBER[span.kind] ?? 0,
    startTimeUnixNano: span.startTimeUnixNano,
    endTimeUnixNano: span.endTimeUnixNano,
    attributes: storedKeyValues(row.SpanAttributes, row.AttributeTypes, 's.', enc),
    events: span.events.map((e, i) => ({
      timeUnixNano: e.timeUnixNano,
      name: e.name,
      attributes: storedKeyValues(row.EventAttributes[i] ?? {}, row.AttributeTypes, `e${i}.`, enc),
    })),
    links: span.links.map((l, i) => ({
      traceId: enc.id(l.traceId),
      spanId: enc.id(l.spanId),
      ...(l.traceState && { traceState: l.traceState }),
      attributes: storedKeyValues(row.LinkAttributes[i] ?? {}, row.AttributeTypes, `l${i}.`, enc),
    })),
    status: { code: STATUS_NUMBER[span.statusCode], ...(span.statusMessage && { message: span.statusMessage }) },
  };
}

/** Groups spans into ResourceSpans (by resource) and ScopeSpans (by instrumentation scope), keeping span order. */
export function toResourceSpans(spans: StoredSpan[], enc: OtlpObjectEncoding): Record<string, unknown>[] {
  const resources = new Map<string, { attributes: KeyValue[]; scopes: Map<string, { name: string; version: string; spans: unknown[] }> }>();
  for (const span of spans) {
    const attributes = resourceAttributes(span, enc);
    const resourceKey = JSON.stringify(attributes);
    let resource = resources.get(resourceKey);
    if (!resource) resources.set(resourceKey, (resource = { attributes, scopes: new Map() }));
    const scopeKey = `${span.scopeName}\u0000${span.scopeVersion}`;
    let scope = resource.scopes.get(scopeKey);
    if (!scope) resource.scopes.set(scopeKey, (scope = { name: span.scopeName, version: span.scopeVersion, spans: [] }));
    scope.spans.push(otlpSpan(span, enc));
  }
  return [...resources.values()].map((r) => ({
    resource: { attributes: r.attributes },
    scopeSpans: [...r.scopes.values()].map((s) => ({ scope: { name: s.name, version: s.version }, spans: s.spans })),
  }));
}
