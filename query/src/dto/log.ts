import { parseAttributes, type AttrValue } from '@watchllm/collector';
import { typedBodyAndAttributes } from '../reader/log-reader.js';
import type { LogRecordRow } from '../reader/log-search-reader.js';

/** A log record as the API returns it: values typed as they were sent (AttributeTypes). */
export interface LogRecordDto {
  timeUnixNano: string;
  traceId: string;
  spanId: string;
  traceFlags: number;
  severityText: string;
  severityNumber: number;
  serviceName: string;
  eventName: string;
  body: AttrValue;
  attributes: Record<string, AttrValue>;
  resourceAttributes: Record<string, AttrValue>;
  resourceSchemaUrl: string;
  scope: { name: string; version: string; attributes: Record<string, AttrValue>; schemaUrl: string };
}

export function toLogRecordDto(r: LogRecordRow): LogRecordDto {
  const types = r.AttributeTypes ?? {};
  return {
    timeUnixNano: r.TimeNs,
    traceId: r.TraceId,
    spanId: r.SpanId,
    traceFlags: Number(r.TraceFlags),
    severityText: r.SeverityText,
    severityNumber: Number(r.SeverityNumber),
    serviceName: r.ServiceName,
    eventName: r.EventName,
    ...typedBodyAndAttributes(r),
    resourceAttributes: parseAttributes(r.ResourceAttributes ?? {}, types, 'r.'),
    resourceSchemaUrl: r.ResourceSchemaUrl,
    scope: { name: r.ScopeName, version: r.ScopeVersion, attributes: parseAttributes(r.ScopeAttributes ?? {}, types, 'sc.'), schemaUrl: r.ScopeSchemaUrl },
  };
}
