import { describe, expect, it } from 'vitest';
import { toStoredSpan, type SpanRecordRow } from '../reader/trace-rows.js';
import { OTLP_JSON, OTLP_PROTO, storedAnyValue, toResourceSpans } from './otlp-trace.js';

function row(overrides: Partial<SpanRecordRow>): SpanRecordRow {
  return {
    TraceId: 'ab'.repeat(16), SpanId: '01'.repeat(8), ParentSpanId: '', TraceState: '', SpanName: 's', SpanKind: 'Server',
    ServiceName: 'svc', StartNs: '1764806400000000000', DurationNs: '5', StatusCode: 'Unset', StatusMessage: '',
    ScopeName: 'lib', ScopeVersion: '1', SpanAttributes: {}, ResourceAttributes: { 'service.name': 'svc' }, AttributeTypes: {},
    EventTimes: [], EventNames: [], EventAttributes: [], LinkTraceIds: [], LinkSpanIds: [], LinkTraceStates: [], LinkAttributes: [],
    CostUsd: null, CostSource: '', PriceVersion: '', GenAiRecord: '', GenAiDiagnostics: '',
    ...overrides,
  };
}

describe('storedAnyValue', () => {
  it('restores each OTLP value type from its stored string', () => {
    expect(storedAnyValue('x', undefined, OTLP_JSON)).toEqual({ stringValue: 'x' });
    expect(storedAnyValue('9007199254740993', 'int', OTLP_JSON)).toEqual({ intValue: '9007199254740993' });
    expect(storedAnyValue('0.5', 'double', OTLP_JSON)).toEqual({ doubleValue: 0.5 });
    expect(storedAnyValue('true', 'bool', OTLP_JSON)).toEqual({ boolValue: true });
    expect(storedAnyValue('AQI=', 'bytes', OTLP_JSON)).toEqual({ bytesValue: 'AQI=' });
    expect(storedAnyValue('AQI=', 'bytes', OTLP_PROTO)).toEqual({ bytesValue: Buffer.from([1, 2]) });
    expect(storedAnyValue('["a",1,1.5,true]', 'array', OTLP_JSON)).toEqual({
      arrayValue: { values: [{ stringValue: 'a' }, { intValue: '1' }, { doubleValue: 1.5 }, { boolValue: true }] },
    });
    expect(storedAnyValue('{"k":{"n":null}}', 'kvlist', OTLP_JSON)).toEqual({
      kvlistValue: { values: [{ key: 'k', value: { kvlistValue: { values: [{ key: 'n', value: {} }] } } }] },
    });
    expect(storedAnyValue('not json', 'array', OTLP_JSON)).toEqual({ stringValue: 'not json' });
  });
});

describe('toResourceSpans', () => {
  it('groups by resource and scope and always sends service.name', () => {
    const spans = [
      row({ SpanId: '01'.repeat(8) }),
      row({ SpanId: '02'.repeat(8), ParentSpanId: '01'.repeat(8), ScopeName: 'other' }),
      row({ SpanId: '03'.repeat(8), ServiceName: 'bare', ResourceAttributes: { 'host.name': 'h' } }),
      row({ SpanId: '04'.repeat(8), ServiceName: '', ResourceAttributes: {} }),
    ].map(toStoredSpan);
    const out = toResourceSpans(spans, OTLP_JSON) as any[];
    expect(out).toHaveLength(3);
    expect(out[0].scopeSpans.map((s: any) => s.scope.name)).toEqual(['lib', 'other']);
    expect(out[0].scopeSpans[1].spans[0].parentSpanId).toBe('01'.repeat(8));
    expect(out[1].resource.attributes).toEqual([
      { key: 'service.name', value: { stringValue: 'bare' } },
      { key: 'host.name', value: { stringValue: 'h' } },
    ]);
    expect(out[2].resource.attributes).toEqual([{ key: 'service.name', value: { stringValue: 'unknown_service' } }]);
    expect(out[0].scopeSpans[0].spans[0]).toMatchObject({ kind: 2, startTimeUnixNano: '1764806400000000000', endTimeUnixNano: '1764806400000000005', status: { code: 0 } });
  });
});
