/** Builders for tests (and the bench): a span as the collector hands it to the normalizer. */
import type { Attributes, LogRecordInput, SpanInput } from './types.js';

export function makeSpan(attributes: Attributes, overrides: Partial<SpanInput> = {}): SpanInput {
  return {
    name: 'span',
    kind: 'SPAN_KIND_CLIENT',
    scopeName: 'test',
    attributes,
    resourceAttributes: { 'service.name': 'test' },
    events: [],
    startTimeUnixNano: '1730000000000000000',
    endTimeUnixNano: '1730000001000000000',
    statusCode: 'UNSET',
    statusMessage: '',
    ...overrides,
  };
}

export function makeLog(eventName: string, body: LogRecordInput['body'], attributes: Attributes = {}): LogRecordInput {
  return { eventName, timeUnixNano: '1730000000500000000', attributes, body, traceId: 'a'.repeat(32), spanId: 'b'.repeat(16) };
}
