import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deflateSync, gzipSync } from 'node:zlib';
import { compressSync as snappyCompress } from 'snappy';
import { context, trace, SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { BasicTracerProvider, SimpleSpanProcessor, type SpanExporter } from '@opentelemetry/sdk-trace-base';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { OTLPTraceExporter as ProtoExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { OTLPTraceExporter as JsonExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { ExportTraceServiceRequest } from '@watchllm/collector';
import { getJson, startTestStack, type TestStack } from './helpers.js';

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(async () => {
  await stack?.running.shutdown();
});

/** Emits root → child → grandchild with every OTLP attribute type, an event and statuses. */
async function emitThreeLevelTrace(exporter: SpanExporter, service: string): Promise<string> {
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': service, 'deployment.environment': 'test' }),
    spanProcessors: [new SimpleSpanProcessor(exporter)],
  });
  const tracer = provider.getTracer('e2e-scope', '1.2.3');
  // Parents are passed explicitly: no global context manager is registered in tests.
  const root = tracer.startSpan('root', { kind: SpanKind.SERVER });
  root.setAttributes({
    'attr.string': 'hello',
    'attr.bool': true,
    'attr.int': 42,
    'attr.double': 3.25,
    'attr.array': ['a', 'b'],
    'attr.int_array': [1, 2, 3],
  });
  const child = tracer.startSpan('child', { kind: SpanKind.CLIENT }, trace.setSpan(context.active(), root));
  child.addEvent('something happened', { 'event.count': 7, 'event.flag': false });
  const grand = tracer.startSpan('grandchild', {}, trace.setSpan(context.active(), child));
  grand.setStatus({ code: SpanStatusCode.ERROR, message: 'grandchild failed' });
  grand.end();
  child.setStatus({ code: SpanStatusCode.OK });
  child.end();
  root.end();
  const traceId = root.spanContext().traceId;
  await provider.forceFlush();
  await provider.shutdown();
  return traceId;
}

function checkTrace(body: any, traceId: string, service: string) {
  expect(body.traceId).toBe(traceId);
  const spans = body.spans;
  expect(spans.map((s: any) => [s.name, s.depth])).toEqual([
    ['root', 0],
    ['child', 1],
    ['grandchild', 2],
  ]);
  const [root, child, grand] = spans;
  expect(root.parentSpanId).toBe('');
  expect(child.parentSpanId).toBe(root.spanId);
  expect(grand.parentSpanId).toBe(child.spanId);
  for (const s of spans) {
    expect(s.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(s.spanId).toMatch(/^[0-9a-f]{16}$/);
    expect(s.startTimeUnixNano).toMatch(/^\d{19}$/);
    expect(s.endTimeUnixNano).toMatch(/^\d{19}$/);
    expect(BigInt(s.endTimeUnixNano) - BigInt(s.startTimeUnixNano)).toBe(BigInt(Math.round(s.durationMs * 1e6)));
    expect(s.serviceName).toBe(service);
    expect(s.resourceAttributes['service.name']).toBe(service);
  }
  expect(BigInt(child.startTimeUnixNano) >= BigInt(root.startTimeUnixNano)).toBe(true);
  expect(root.kind).toBe('SERVER');
  expect(child.kind).toBe('CLIENT');
  expect(root.attributes).toMatchObject({
    'attr.string': 'hello',
    'attr.bool': true,
    'attr.int': 42,
    'attr.double': 3.25,
    'attr.array': ['a', 'b'],
    'attr.int_array': [1, 2, 3],
  });
  expect(child.events).toHaveLength(1);
  expect(child.events[0].name).toBe('something happened');
  expect(child.events[0].timeUnixNano).toMatch(/^\d{19}$/);
  expect(child.events[0].attributes).toEqual({ 'event.count': 7, 'event.flag': false });
  expect(root.status).toEqual({ code: 'UNSET', message: '' });
  expect(child.status.code).toBe('OK');
  expect(grand.status).toEqual({ code: 'ERROR', message: 'grandchild failed' });
  expect(root.genAi).toBeNull();
}

describe('OTLP/HTTP → embedded ClickHouse → waterfall', () => {
  it('reads back a 3-level trace sent with the protobuf exporter', async () => {
    const traceId = await emitThreeLevelTrace(new ProtoExporter({ url: `${stack.otlpHttp}/v1/traces` }), 'proto-svc');
    const { status, body } = await getJson(`${stack.api}/api/v1/traces/${traceId}`);
    expect(status).toBe(200);
    checkTrace(body, traceId, 'proto-svc');
  });

  it('reads back a 3-level trace sent with the JSON exporter', async () => {
    const traceId = await emitThreeLevelTrace(new JsonExporter({ url: `${stack.otlpHttp}/v1/traces` }), 'json-svc');
    const { status, body } = await getJson(`${stack.api}/api/v1/traces/${traceId.toUpperCase()}`);
    expect(status).toBe(200);
    checkTrace(body, traceId, 'json-svc');
  });

  it('keeps kvlist and bytes values typed, accepts gzip, answers in the request encoding', async () => {
    const traceId = 'aa'.repeat(16);
    const request = {
      resourceSpans: [
        {
          resource: { attributes: [{ key: 'service.name', value: { stringValue: 'raw' } }] },
          scopeSpans: [
            {
              spans: [
                {
                  traceId: Buffer.from(traceId, 'hex'),
                  spanId: Buffer.from('bb'.repeat(8), 'hex'),
                  name: 'raw-span',
                  startTimeUnixNano: '1764806400000000001',
                  endTimeUnixNano: '1764806400500000001',
                  attributes: [
                    { key: 'kv', value: { kvlistValue: { values: [{ key: 'inner', value: { intValue: 5 } }] } } },
                    { key: 'blob', value: { bytesValue: Buffer.from([1, 2, 3]) } },
                    { key: 'big', value: { intValue: '9007199254740993' } },
                  ],
                },
              ],
            },
          ],
        },
      ],
    };
    const body = gzipSync(ExportTraceServiceRequest.encode(ExportTraceServiceRequest.fromObject(request)).finish());
    const res = await fetch(`${stack.otlpHttp}/v1/traces`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-protobuf', 'content-encoding': 'gzip' },
      body,
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/x-protobuf');
    const { body: t } = await getJson(`${stack.api}/api/v1/traces/${traceId}`);
    const span = t.spans[0];
    expect(span.startTimeUnixNano).toBe('1764806400000000001');
    expect(span.endTimeUnixNano).toBe('1764806400500000001');
    expect(span.durationMs).toBe(500);
    expect(span.attributes).toEqual({ kv: { inner: 5 }, blob: 'AQID', big: '9007199254740993' });
  });

  it("accepts the other compressions an OTel Collector's otlphttp exporter may use: zstd, snappy (block and framed), zlib", async () => {
    // OTLP/JSON compressed with the zstd CLI (`zstd -19`): trace e1…, span "zstd span", 250 ms.
    const zstdJson = Buffer.from(
      'KLUv/WQ2ACUFAFJJHhlQdw78jFLGSGkK+7uVS3SMEJ1swaWrqnoIWcpSlvJRULUfPxjIoBhIQlxeq5PxrPp0ZjnYTgxksz6+iCf68tTSdFp8N43exyzlfNrdgMIXPFRVy+LLYbN7fGezCk2tzva9/NdXY26yLMbzoXwkf+vcmqaW027bhwEQAIDA7yrg1qUyWGrvHoh65T2FQasW50S29IUGw2SOCao7+hxfbTMMxnx/+w==',
      'base64',
    );
    const post = (encoding: string, contentType: string, body: Buffer) =>
      fetch(`${stack.otlpHttp}/v1/traces`, { method: 'POST', headers: { 'content-type': contentType, 'content-encoding': encoding }, body });
    expect((await post('zstd', 'application/json', zstdJson)).status).toBe(200);
    const protobufOf = (hex: string, name: string) =>
      Buffer.from(ExportTraceServiceRequest.encode(ExportTraceServiceRequest.fromObject({
        resourceSpans: [{ resource: { attributes: [{ key: 'service.name', value: { stringValue: 'compressed' } }] }, scopeSpans: [{ spans: [{ traceId: Buffer.from(hex.repeat(16), 'hex'), spanId: Buffer.from('e3'.repeat(8), 'hex'), name, startTimeUnixNano: '1764806400000000000', endTimeUnixNano: '1764806400100000000' }] }] }],
      })).finish());
    const block = snappyCompress(protobufOf('f1', 'snappy block')) as Buffer;
    expect((await post('snappy', 'application/x-protobuf', block)).status).toBe(200);
    const raw = protobufOf('f2', 'snappy framed');
    const framedChunk = Buffer.alloc(8);
    framedChunk[0] = 0x01; // an uncompressed data chunk: length (3 bytes LE), checksum, data
    framedChunk.writeUIntLE(raw.length + 4, 1, 3);
    const framed = Buffer.concat([Buffer.from([0xff, 0x06, 0x00, 0x00, 0x73, 0x4e, 0x61, 0x50, 0x70, 0x59]), framedChunk, raw]);
    expect((await post('snappy', 'application/x-protobuf', framed)).status).toBe(200);
    expect((await post('zlib', 'application/x-protobuf', deflateSync(protobufOf('f3', 'zlib')))).status).toBe(200);
    for (const [traceId, name] of [['e1'.repeat(16), 'zstd span'], ['f1'.repeat(16), 'snappy block'], ['f2'.repeat(16), 'snappy framed'], ['f3'.repeat(16), 'zlib']]) {
      const { status, body } = await getJson(`${stack.api}/api/v1/traces/${traceId}`);
      expect([status, body.spans?.[0]?.name]).toEqual([200, name]);
    }
    const unknown = await post('br', 'application/x-protobuf', Buffer.from('x'));
    expect(unknown.status).toBe(415);
    expect(await unknown.text()).toContain('unsupported Content-Encoding "br"; use one of gzip, zstd, snappy');
  });

  it.each(['protobuf', 'json'])('keeps attributes named like JavaScript object internals as they were sent (%s)', async (encoding) => {
    const traceId = encoding === 'json' ? 'c1'.repeat(16) : 'c2'.repeat(16);
    const attributes = [
      { key: '__proto__', value: { kvlistValue: { values: [{ key: 'polluted', value: { stringValue: 'yes' } }] } } },
      { key: 'constructor', value: { stringValue: 'c' } },
      { key: 'toString', value: { intValue: 3 } },
      { key: 'plain', value: { stringValue: 'p' } },
    ];
    const span = { traceId: Buffer.from(traceId, 'hex'), spanId: Buffer.from('dd'.repeat(8), 'hex'), name: 'internals', startTimeUnixNano: '1764806400000000000', endTimeUnixNano: '1764806400000000001', attributes };
    const request = { resourceSpans: [{ resource: { attributes: [{ key: 'service.name', value: { stringValue: 'internals' } }, { key: '__proto__', value: { stringValue: 'r' } }] }, scopeSpans: [{ spans: [span] }] }] };
    const res =
      encoding === 'json'
        ? await fetch(`${stack.otlpHttp}/v1/traces`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify(request, (k, v) => (k === 'traceId' || k === 'spanId' ? Buffer.from(v.data).toString('hex') : v)),
          })
        : await fetch(`${stack.otlpHttp}/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/x-protobuf' }, body: ExportTraceServiceRequest.encode(ExportTraceServiceRequest.fromObject(request)).finish() });
    expect(res.status).toBe(200);
    const { body: t } = await getJson(`${stack.api}/api/v1/traces/${traceId}`);
    const stored = t.spans[0];
    expect(Object.entries(stored.attributes).sort()).toEqual([
      ['__proto__', { polluted: 'yes' }],
      ['constructor', 'c'],
      ['plain', 'p'],
      ['toString', 3],
    ]);
    expect(Object.getPrototypeOf(stored.attributes)).toBe(Object.prototype);
    expect(Object.entries(stored.resourceAttributes).sort()).toEqual([
      ['__proto__', 'r'],
      ['service.name', 'internals'],
    ]);
  });

  it('refuses a truncated protobuf and a mistyped JSON body with 400, then keeps serving', async () => {
    const good = ExportTraceServiceRequest.encode(
      ExportTraceServiceRequest.fromObject({
        resourceSpans: [{ scopeSpans: [{ spans: [{ traceId: Buffer.alloc(16, 7), spanId: Buffer.alloc(8, 7), name: 'x', attributes: [{ key: 'k', value: { stringValue: 'v'.repeat(50) } }] }] }] }],
      }),
    ).finish();
    const truncated = await fetch(`${stack.otlpHttp}/v1/traces`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-protobuf' },
      body: good.subarray(0, good.length - 10),
    });
    expect(truncated.status).toBe(400);
    expect(await truncated.text()).toMatch(/invalid protobuf/);

    const wrongType = await fetch(`${stack.otlpHttp}/v1/traces`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans: [{ traceId: 'ab'.repeat(16), spanId: 'cd'.repeat(8), name: 12 }] }] }] }),
    });
    expect(wrongType.status).toBe(400);
    expect((await wrongType.json()).message).toMatch(/resourceSpans\[0\]\.scopeSpans\[0\]\.spans\[0\]\.name: expected string, got number/);

    const notJson = await fetch(`${stack.otlpHttp}/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"resourceSpans": [' });
    expect(notJson.status).toBe(400);

    const ok = await fetch(`${stack.otlpHttp}/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/x-protobuf' }, body: good });
    expect(ok.status).toBe(200);
    expect((await getJson(`${stack.api}/api/v1/traces/${'07'.repeat(16)}`)).status).toBe(200);
  });

  it('reports spans with bad ids as partial success', async () => {
    const res = await fetch(`${stack.otlpHttp}/v1/traces`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        resourceSpans: [{ scopeSpans: [{ spans: [
          { traceId: 'ab'.repeat(16), spanId: 'cd'.repeat(8), name: 'fine' },
          { traceId: 'abcd', spanId: 'cd'.repeat(8), name: 'short id' },
        ] }] }],
      }),
    });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.partialSuccess.rejectedSpans).toBe(1);
    expect(body.partialSuccess.errorMessage).toMatch(/traceId must be 16/);
  });

  it('answers 404 for an unknown trace and 400 for a malformed id', async () => {
    const unknown = await getJson(`${stack.api}/api/v1/traces/${'ef'.repeat(16)}`);
    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toMatch(/not found/);
    const bad = await getJson(`${stack.api}/api/v1/traces/not-a-trace-id`);
    expect(bad.status).toBe(400);
  });

  it('serves /healthz', async () => {
    expect(await getJson(`${stack.api}/healthz`)).toEqual({ status: 200, body: { status: 'ok' } });
  });
});
