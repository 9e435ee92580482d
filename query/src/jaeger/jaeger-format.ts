import type { StoredSpan } from '../reader/trace-rows.js';

/** Jaeger's query-API JSON trace model (µs times, typed tags, processes keyed p1, p2, …). */
export interface JaegerTag {
  key: string;
  type: 'string' | 'bool' | 'int64' | 'float64' | 'binary';
  value: string | number | boolean;
}

export interface JaegerSpan {
  traceID: string;
  spanID: string;
  operationName: string;
  references: { refType: 'CHILD_OF' | 'FOLLOWS_FROM'; traceID: string; spanID: string }[];
  flags: number;
  startTime: number;
  duration: number;
  tags: JaegerTag[];
  logs: { timestamp: number; fields: JaegerTag[] }[];
  processID: string;
  warnings: string[] | null;
}

export interface JaegerTrace {
  traceID: string;
  spans: JaegerSpan[];
  processes: Record<string, { serviceName: string; tags: JaegerTag[] }>;
  warnings: string[] | null;
}

const INTEGER = /^-?\d+$/;
const nanosToMicros = (ns: string) => Number(BigInt(ns) / 1000n);

/** Jaeger tags of stored attributes; arrays and maps travel as JSON strings as Jaeger's OTLP translator does. */
export function jaegerTags(map: Record<string, string>, types: Record<string, string>, prefix: string): JaegerTag[] {
  return Object.keys(map).map((key) => jaegerTag(key, map[key], types[prefix + key]));
}

function jaegerTag(key: string, raw: string, type: string | undefined): JaegerTag {
  switch (type) {
    case 'bool':
      return { key, type: 'bool', value: raw === 'true' };
    case 'int': {
      const n = Number(raw);
      return INTEGER.test(raw) && Number.isSafeInteger(n) ? { key, type: 'int64', value: n } : { key, type: 'string', value: raw };
    }
    case 'double':
      return { key, type: 'float64', value: Number(raw) };
    case 'bytes':
      return { key, type: 'binary', value: raw };
    default:
      return { key, type: 'string', value: raw };
  }
}

// Tags Jaeger derives from OTLP span fields.
function derivedTags(span: StoredSpan): JaegerTag[] {
  const tags: JaegerTag[] = [];
  if (span.scopeName) tags.push({ key: 'otel.scope.name', type: 'string', value: span.scopeName });
  if (span.scopeVersion) tags.push({ key: 'otel.scope.version', type: 'string', value: span.scopeVersion });
  if (span.kind !== 'UNSPECIFIED') tags.push({ key: 'span.kind', type: 'string', value: span.kind.toLowerCase() });
  if (span.statusCode !== 'UNSET') tags.push({ key: 'otel.status_code', type: 'string', value: span.statusCode });
  if (span.statusCode === 'ERROR') tags.push({ key: 'error', type: 'bool', value: true });
  if (span.statusMessage) tags.push({ key: 'otel.status_description', type: 'string', value: span.statusMessage });
  return tags;
}

/** One Jaeger trace from the stored spans of a trace. */
export function toJaegerTrace(traceId: string, spans: StoredSpan[]): JaegerTrace {
  const processes: JaegerTrace['processes'] = {};
  const processIds = new Map<string, string>();
  const processOf = (span: StoredSpan): string => {
    const tags = jaegerTags(span.row.ResourceAttributes, span.row.AttributeTypes, 'r.').filter((t) => t.key !== 'service.name');
    const key = JSON.stringify([span.serviceName, tags]);
    let id = processIds.get(key);
    if (!id) {
      id = `p${processIds.size + 1}`;
      processIds.set(key, id);
      processes[id] = { serviceName: span.serviceName, tags };
    }
    return id;
  };
  return {
    traceID: traceId,
    spans: spans.map((span) => ({
      traceID: span.traceId,
      spanID: span.spanId,
      operationName: span.name,
      references: [
        ...(span.parentSpanId ? [{ refType: 'CHILD_OF' as const, traceID: span.traceId, spanID: span.parentSpanId }] : []),
        ...span.links.map((l) => ({ refType: 'FOLLOWS_FROM' as const, traceID: l.traceId, spanID: l.spanId })),
      ],
      flags: 1,
      startTime: nanosToMicros(span.startTimeUnixNano),
      duration: nanosToMicros(span.durationNanos),
      tags: [...jaegerTags(span.row.SpanAttributes, span.row.AttributeTypes, 's.'), ...derivedTags(span)],
      logs: span.events.map((e, i) => ({
        timestamp: nanosToMicros(e.timeUnixNano),
        fields: [{ key: 'event', type: 'string' as const, value: e.name }, ...jaegerTags(span.row.EventAttributes[i] ?? {}, span.row.AttributeTypes, `e${i}.`)],
      })),
      processID: processOf(span),
      warnings: null,
    })),
    processes,
    warnings: null,
  };
}
