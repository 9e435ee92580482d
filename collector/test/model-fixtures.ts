import type { LogRecord } from '../src/model/logs.js';
import type { AttrValue, Span, SpanEvent, TypedAttributes, ValueTypes } from '../src/model/types.js';

/** Small builders of the internal model for processor tests. */
export const attrs = (values: Record<string, AttrValue>, types?: ValueTypes): TypedAttributes => ({ values, types });

export const scopeInfo = (name = 's', version = '1.0') => ({ name, version, attributes: attrs({}), droppedAttributesCount: 0, schemaUrl: '' });

export function testSpan(name: string, kind: number, attributes: TypedAttributes, events: SpanEvent[] = []): Span {
  return {
    traceId: '5b8efff798038103d269b633813fc60c',
    spanId: 'eee19b7ec3c1b174',
    parentSpanId: '',
    traceState: '',
    name,
    kind,
    startTimeUnixNano: '1000',
    endTimeUnixNano: '2000',
    attributes,
    events,
    links: [],
    statusCode: 0,
    statusMessage: '',
  };
}

export function testLogRecord(severityNumber: number, body: AttrValue, bodyType?: LogRecord['bodyType'], attributes = attrs({})): LogRecord {
  return { timeUnixNano: '1', observedTimeUnixNano: '1', severityNumber, severityText: '', body, bodyType, attributes, flags: 0, traceId: '', spanId: '', eventName: '' };
}
