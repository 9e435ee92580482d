import { describe, expect, it } from 'vitest';
import { decodeMessage, type OtlpEncoding } from './codec.js';
import { encodeRequest } from './encode.js';
import { readLogsRequest } from './logs.js';
import { readMetricsRequest } from './metrics.js';
import { ExportLogsServiceRequest, ExportMetricsServiceRequest } from './proto.js';
import { readTraces } from './signals.js';

const T = '5b8efff798038103d269b633813fc60c';
const S = 'eee19b7ec3c1b174';
const P = 'eee19b7ec3c1b173';
const NS = '1700000000000000123';
const attrs = [
  { key: 's', value: { stringValue: 'x' } },
  { key: 'b', value: { boolValue: true } },
  { key: 'i', value: { intValue: '9007199254740993' } },
  { key: 'd', value: { doubleValue: 1.5 } },
  { key: 'a', value: { arrayValue: { values: [{ stringValue: 'y' }, { intValue: '2' }, { boolValue: false }] } } },
  { key: 'k', value: { kvlistValue: { values: [{ key: 'n', value: { kvlistValue: { values: [{ key: 'deep', value: { doubleValue: 0.25 } }] } } }] } } },
  { key: 'y', value: { bytesValue: 'AQID' } },
  { key: 'e', value: {} },
];
const resource = { attributes: [{ key: 'service.name', value: { stringValue: 'svc' } }, ...attrs] };
const scope = { name: 'lib', version: '1.2.3', attributes: attrs.slice(0, 2) };

const traces = {
  resourceSpans: [{
    resource,
    scopeSpans: [{
      scope,
      spans: [{
        traceId: T, spanId: S, parentSpanId: P, traceState: 'k=v', name: 'chat', kind: 3,
        startTimeUnixNano: NS, endTimeUnixNano: '1700000000500000000', attributes: attrs,
        events: [{ timeUnixNano: NS, name: 'ev', attributes: attrs.slice(0, 3) }],
        links: [{ traceId: T, spanId: P, traceState: 'a=b', attributes: attrs.slice(3, 5) }],
        status: { code: 2, message: 'boom' },
      }, { traceId: T, spanId: P, name: 'root', kind: 1, startTimeUnixNano: NS, endTimeUnixNano: NS, status: {} }],
    }],
  }],
};

const logs = {
  resourceLogs: [{
    resource, schemaUrl: 'https://opentelemetry.io/schemas/1.26.0',
    scopeLogs: [{
      scope, schemaUrl: 'https://example.com/s',
      logRecords: [
        { timeUnixNano: NS, observedTimeUnixNano: NS, severityNumber: 9, severityText: 'INFO', body: { stringValue: 'hi' }, attributes: attrs, traceId: T, spanId: S, eventName: 'gen_ai.user.message', flags: 1 },
        { timeUnixNano: NS, body: { kvlistValue: { values: [{ key: 'content', value: { stringValue: 'x' } }] } } },
        { observedTimeUnixNano: NS },
      ],
    }],
  }],
};

const point = { attributes: attrs.slice(0, 2), startTimeUnixNano: NS, timeUnixNano: '1700000060000000000' };
const exemplar = { filteredAttributes: attrs.slice(0, 1), timeUnixNano: NS, asDouble: 2.5, traceId: T, spanId: S };
const metrics = {
  resourceMetrics: [{
    resource,
    scopeMetrics: [{
      scope,
      metrics: [
        { name: 'g', unit: '1', description: 'gauge', gauge: { dataPoints: [{ ...point, asDouble: 0.5, exemplars: [exemplar] }] } },
        { name: 's', sum: { aggregationTemporality: 2, isMonotonic: true, dataPoints: [{ ...point, asDouble: 42, flags: 1 }] } },
        // Integers go on as integers, past 2^53 too; so do exemplars'.
        { name: 'c', sum: { aggregationTemporality: 1, isMonotonic: true, dataPoints: [{ ...point, asInt: '9007199254740993', exemplars: [{ ...exemplar, asDouble: undefined, asInt: '7' }] }, { ...point, asInt: '-3' }] } },
        { name: 'h', histogram: { aggregationTemporality: 1, dataPoints: [{ ...point, count: '3', sum: 6, min: 1, max: 3, bucketCounts: ['1', '2'], explicitBounds: [2] }] } },
        { name: 'e', exponentialHistogram: { aggregationTemporality: 2, dataPoints: [{ ...point, count: '4', sum: 10, scale: 2, zeroCount: '1', positive: { offset: -1, bucketCounts: ['1', '2'] }, negative: { offset: 0, bucketCounts: ['0'] } }] } },
        { name: 'q', summary: { dataPoints: [{ ...point, count: '5', sum: 15, quantileValues: [{ quantile: 0.5, value: 3 }, { quantile: 1, value: 5 }] }] } },
      ],
    }],
  }],
};

const json = (o: unknown) => Buffer.from(JSON.stringify(o));
const readLogs = (body: Uint8Array, e: OtlpEncoding) => {
  const { message, reader } = decodeMessage(body, e, ExportLogsServiceRequest);
  return readLogsRequest(message, reader, 'p');
};
const readMetrics = (body: Uint8Array, e: OtlpEncoding) => {
  const { message, reader } = decodeMessage(body, e, ExportMetricsServiceRequest);
  return readMetricsRequest(message, reader, 'p');
};

describe('model → OTLP request, read back by the receiver’s own decoders', () => {
  it.each(['proto', 'json'] as const)('traces (%s): every value type, events, links, status', (encoding) => {
    const batch = readTraces(json(traces), 'json', 'p');
    expect(readTraces(encodeRequest('traces', batch, encoding), encoding === 'proto' ? 'protobuf' : 'json', 'p')).toEqual(batch);
  });

  it.each(['proto', 'json'] as const)('logs (%s): bodies of any type, ids, event names, schema URLs', (encoding) => {
    const batch = readLogs(json(logs), 'json');
    expect(readLogs(encodeRequest('logs', batch, encoding), encoding === 'proto' ? 'protobuf' : 'json')).toEqual(batch);
  });

  it.each(['proto', 'json'] as const)('metrics (%s): the five kinds with exemplars', (encoding) => {
    const batch = readMetrics(json(metrics), 'json');
    expect(readMetrics(encodeRequest('metrics', batch, encoding), encoding === 'proto' ? 'protobuf' : 'json')).toEqual(batch);
  });

  it('metrics: integer points are sent as as_int (exactly), doubles as as_double', () => {
    const batch = readMetrics(json(metrics), 'json');
    const sent = ExportMetricsServiceRequest.toObject(ExportMetricsServiceRequest.decode(encodeRequest('metrics', batch, 'proto')), { longs: String }) as {
      resourceMetrics: { scopeMetrics: { metrics: { name: string; sum?: { dataPoints: Record<string, unknown>[] } }[] }[] }[];
    };
    const byName = (name: string) => sent.resourceMetrics[0].scopeMetrics[0].metrics.find((m) => m.name === name)!.sum!.dataPoints;
    expect(byName('c').map((p) => [p.asInt, p.asDouble])).toEqual([['9007199254740993', undefined], ['-3', undefined]]);
    expect((byName('c')[0].exemplars as Record<string, unknown>[])[0].asInt).toBe('7');
    expect(byName('s')[0]).toMatchObject({ asDouble: 42 });
    expect(byName('s')[0].asInt).toBeUndefined();
  });
});
