import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { ROOT_CONTEXT, trace, TraceFlags } from '@opentelemetry/api';
import { SeverityNumber } from '@opentelemetry/api-logs';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { LoggerProvider, SimpleLogRecordProcessor, type LogRecordExporter } from '@opentelemetry/sdk-logs';
import { MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { OTLPTraceExporter as GrpcTraceExporter } from '@opentelemetry/exporter-trace-otlp-grpc';
import { OTLPLogExporter as ProtoLogExporter } from '@opentelemetry/exporter-logs-otlp-proto';
import { OTLPLogExporter as GrpcLogExporter } from '@opentelemetry/exporter-logs-otlp-grpc';
import { OTLPLogExporter as HttpJsonLogExporter } from '@opentelemetry/exporter-logs-otlp-http';
import { OTLPMetricExporter as ProtoMetricExporter } from '@opentelemetry/exporter-metrics-otlp-proto';
import { CompressionAlgorithm } from '@opentelemetry/otlp-exporter-base';
import {
  createOtlpGrpcReceiver,
  createStoreWriter,
  ExportLogsServiceRequest,
  ExportLogsServiceResponse,
  ExportTraceServiceRequest,
  logsHandler,
  metricsHandler,
  migrate,
  openStore,
  RefusedError,
  RpcRetryInfo,
  RpcStatus,
  tracesHandler,
  type Store,
} from '../src/index.js';
import { createOtlpHttpReceiver } from '../src/receivers/otlp-http.js';
import { startWireSniffer } from './grpc-wire-sniffer.js';

const TRACE_ID = '5b8efff798038103d269b633813fc60c';
const SPAN_ID = 'eee19b7ec3c1b174';
const BATCH = { maxBatchSize: 1000, maxDelayMs: 20 };

let dataDir: string;
let store: Store;
let grpcPort: number;
let httpPort: number;
let shutdown: () => Promise<void>;
/** gRPC metadata seen by `authenticate`, per project header value. */
const seenHeaders = new Map<string, Record<string, unknown>>();
/** When set, the receivers shed load with this refusal (back-pressure). */
let refuseWith: RefusedError | undefined;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'watchllm-grpc-e2e-'));
  store = openStore({ kind: 'embedded', dataDir, database: 'watchllm' });
  await migrate(store);
  // The clickhouse exporter's writer, without the pipeline and without a spool (errors go back to the client).
  const writer = createStoreWriter(store, { batch: BATCH, insertTimeoutMs: 30_000, signal: 'test' });
  const handlers = [
    tracesHandler({ consumeTraces: writer.consumers.traces }),
    logsHandler({ consumeLogs: writer.consumers.logs }),
    metricsHandler({ consumeMetrics: writer.consumers.metrics }),
  ];
  const options = {
    host: '127.0.0.1',
    port: 0,
    maxRequestBytes: 4 * 1024 * 1024,
    maxDecompressedBytes: 16 * 1024 * 1024,
    authenticate: (headers: Record<string, string | string[] | undefined>) => {
      const projectId = String(headers['x-project'] ?? 'default');
      seenHeaders.set(projectId, headers);
      return { projectId };
    },
    admit: () => {
      if (refuseWith) throw refuseWith;
    },
  };
  const grpcReceiver = createOtlpGrpcReceiver(handlers, options);
  const httpReceiver = createOtlpHttpReceiver(handlers, options);
  grpcPort = (await grpcReceiver.start()).port;
  httpPort = (await httpReceiver.start()).port;
  shutdown = async () => {
    await Promise.all([grpcReceiver.shutdown(), httpReceiver.shutdown()]);
    await writer.flush();
  };
});

afterAll(async () => {
  await shutdown?.();
  await store?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

async function rows<T = Record<string, any>>(query: string, params: Record<string, unknown> = {}): Promise<T[]> {
  const rs = await store.client.query({ query, query_params: params, format: 'JSONEachRow' });
  return rs.json<T>();
}

function projectMetadata(project: string): grpc.Metadata {
  const m = new grpc.Metadata();
  m.set('x-project', project);
  return m;
}

describe('traces over OTLP/gRPC with the real exporter', () => {
  it.each([
    ['plain', CompressionAlgorithm.NONE],
    ['gzip', CompressionAlgorithm.GZIP],
  ])('%s', async (name, compression) => {
    const project = `grpc-${name}`;
    const sniffer = await startWireSniffer(grpcPort);
    const exporter = new GrpcTraceExporter({ url: `http://127.0.0.1:${sniffer.port}`, compression, metadata: projectMetadata(project) });
    const provider = new BasicTracerProvider({
      resource: resourceFromAttributes({ 'service.name': `svc-${name}` }),
      spanProcessors: [new SimpleSpanProcessor(exporter)],
    });
    const tracer = provider.getTracer('e2e');
    const root = tracer.startSpan('root', { attributes: { 'attr.int': 42, 'attr.array': ['a', 'b'] } });
    const child = tracer.startSpan('child', {}, trace.setSpan(ROOT_CONTEXT, root));
    child.end();
    root.end();
    await provider.forceFlush();
    await provider.shutdown();
    await sniffer.close();
    // The exporter's compression really crossed the wire, and the receiver inflated it.
    expect(sniffer.compressedFlags.length).toBeGreaterThan(0);
    expect(new Set(sniffer.compressedFlags)).toEqual(new Set([name === 'gzip']));

    const spans = await rows(
      'SELECT SpanName, TraceId, ParentSpanId, SpanId, ServiceName, SpanAttributes, AttributeTypes FROM watchllm.otel_traces WHERE ProjectId = {p:String} ORDER BY SpanName DESC',
      { p: project },
    );
    expect(spans.map((s) => s.SpanName)).toEqual(['root', 'child']);
    expect(spans[1].ParentSpanId).toBe(spans[0].SpanId);
    expect(spans[0]).toMatchObject({
      TraceId: root.spanContext().traceId,
      ServiceName: `svc-${name}`,
      SpanAttributes: { 'attr.int': '42', 'attr.array': '["a","b"]' },
      AttributeTypes: { 's.attr.int': 'int', 's.attr.array': 'array' },
    });
    // Metadata reaches `authenticate` as lower-cased headers.
    expect(seenHeaders.get(project)?.['x-project']).toBe(project);
  });
});

/** Emits the same two records (one tied to a span, one not) through `exporter`. */
async function emitLogs(exporter: LogRecordExporter, transport: string): Promise<void> {
  const provider = new LoggerProvider({
    resource: resourceFromAttributes({ 'service.name': 'chat-app' }),
    processors: [new SimpleLogRecordProcessor({ exporter })],
  });
  const logger = provider.getLogger('genai-events', '0.9.0');
  const spanContext = { traceId: TRACE_ID, spanId: SPAN_ID, traceFlags: TraceFlags.SAMPLED };
  logger.emit({
    context: trace.setSpanContext(ROOT_CONTEXT, spanContext),
    eventName: 'gen_ai.user.message',
    severityNumber: SeverityNumber.INFO,
    severityText: 'INFO',
    body: { role: 'user', content: 'What is OTLP?' },
    attributes: { transport, 'gen_ai.system': 'openai', 'tokens': 12, 'cached': false },
  });
  logger.emit({ severityNumber: SeverityNumber.WARN, severityText: 'WARN', body: 'plain text body', attributes: { transport } });
  await provider.forceFlush();
  await provider.shutdown();
}

describe('logs end to end with the real exporters', () => {
  it.each([
    ['proto', () => new ProtoLogExporter({ url: `http://127.0.0.1:${httpPort}/v1/logs` })],
    ['grpc', () => new GrpcLogExporter({ url: `http://127.0.0.1:${grpcPort}` })],
    ['grpc-gzip', () => new GrpcLogExporter({ url: `http://127.0.0.1:${grpcPort}`, compression: CompressionAlgorithm.GZIP })],
    ['http-json', () => new HttpJsonLogExporter({ url: `http://127.0.0.1:${httpPort}/v1/logs` })],
  ])('%s', async (transport, makeExporter) => {
    await emitLogs(makeExporter(), transport);
    const logs = await rows(
      `SELECT toUnixTimestamp64Nano(Timestamp) AS ts, TraceId, SpanId, TraceFlags, SeverityText, SeverityNumber, ServiceName, Body,
              ScopeName, ScopeVersion, LogAttributes, EventName, ProjectId, AttributeTypes
       FROM watchllm.otel_logs WHERE LogAttributes['transport'] = {t:String} ORDER BY SeverityNumber`,
      { t: transport },
    );
    expect(logs).toHaveLength(2);
    const [event, plain] = logs;
    expect(event).toMatchObject({
      TraceId: TRACE_ID,
      SpanId: SPAN_ID,
      TraceFlags: 1,
      SeverityText: 'INFO',
      SeverityNumber: SeverityNumber.INFO,
      ServiceName: 'chat-app',
      ScopeName: 'genai-events',
      ScopeVersion: '0.9.0',
      EventName: 'gen_ai.user.message',
      ProjectId: 'default',
      LogAttributes: { transport, 'gen_ai.system': 'openai', tokens: '12', cached: 'false' },
      AttributeTypes: { body: 'kvlist', 'l.tokens': 'int', 'l.cached': 'bool' },
    });
    expect(JSON.parse(event.Body)).toEqual({ role: 'user', content: 'What is OTLP?' });
    expect(Number(BigInt(event.ts) / 1_000_000n)).toBeGreaterThan(Date.now() - 60_000);
    expect(plain).toMatchObject({ TraceId: '', SpanId: '', Body: 'plain text body', EventName: '', SeverityText: 'WARN' });
    expect(plain.AttributeTypes).not.toHaveProperty('body');
  });

  it('joins a log record to its span by trace and span id', async () => {
    const joined = await rows(
      `SELECT count() AS n FROM watchllm.otel_logs WHERE TraceId = {t:String} AND SpanId = {s:String} AND EventName = 'gen_ai.user.message'`,
      { t: TRACE_ID, s: SPAN_ID },
    );
    expect(Number(joined[0].n)).toBe(4);
  });
});

describe('metrics end to end with the real proto exporter', () => {
  it('stores a counter, a gauge and a histogram', async () => {
    const exporter = new ProtoMetricExporter({ url: `http://127.0.0.1:${httpPort}/v1/metrics` });
    const reader = new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 60_000 });
    const provider = new MeterProvider({ resource: resourceFromAttributes({ 'service.name': 'metrics-app' }), readers: [reader] });
    const meter = provider.getMeter('e2e-meter', '1.0.0');
    const tokens = meter.createCounter('gen_ai.tokens', { unit: '{token}', description: 'tokens used' });
    tokens.add(5, { model: 'gpt-4o' });
    tokens.add(7, { model: 'gpt-4o' });
    meter.createGauge('queue.fill', { unit: '1' }).record(0.75);
    const latency = meter.createHistogram('gen_ai.latency', { unit: 's', advice: { explicitBucketBoundaries: [0.1, 1, 10] } });
    for (const v of [0.05, 0.5, 0.7, 20]) latency.record(v, { model: 'gpt-4o' });
    // Shutdown collects and exports once (a cumulative forceFlush before it would export the same points twice).
    await provider.shutdown();

    const sums = await rows(
      "SELECT MetricName, MetricUnit, MetricDescription, Value, Attributes, AggregationTemporality, IsMonotonic, ScopeName, ServiceName FROM watchllm.otel_metrics_sum WHERE ServiceName = 'metrics-app'",
    );
    expect(sums).toEqual([
      {
        MetricName: 'gen_ai.tokens',
        MetricUnit: '{token}',
        MetricDescription: 'tokens used',
        Value: 12,
        Attributes: { model: 'gpt-4o' },
        AggregationTemporality: 2,
        IsMonotonic: true,
        ScopeName: 'e2e-meter',
        ServiceName: 'metrics-app',
      },
    ]);
    const gauges = await rows("SELECT MetricName, Value FROM watchllm.otel_metrics_gauge WHERE ServiceName = 'metrics-app'");
    expect(gauges).toEqual([{ MetricName: 'queue.fill', Value: 0.75 }]);
    const histograms = await rows(
      "SELECT MetricName, Count, Sum, Min, Max, BucketCounts, ExplicitBounds, ProjectId FROM watchllm.otel_metrics_histogram WHERE ServiceName = 'metrics-app'",
    );
    // UInt64 may come back quoted or not depending on the engine's JSON settings.
    const uint64 = (h: Record<string, any>) => ({ ...h, Count: Number(h.Count), BucketCounts: h.BucketCounts.map(Number) });
    expect(histograms.map(uint64)).toEqual([
      { MetricName: 'gen_ai.latency', Count: 4, Sum: 21.25, Min: 0.05, Max: 20, BucketCounts: [1, 2, 0, 1], ExplicitBounds: [0.1, 1, 10], ProjectId: 'default' },
    ]);
  });
});

describe('metrics over OTLP/JSON: every point type the contrib layout has', () => {
  it('stores exponential histograms, summaries and a no-recorded-value gauge', async () => {
    const t = `${Date.now()}000000`;
    const body = {
      resourceMetrics: [
        {
          resource: { attributes: [{ key: 'service.name', value: { stringValue: 'json-app' } }] },
          scopeMetrics: [
            {
              metrics: [
                {
                  name: 'exp',
                  exponentialHistogram: {
                    aggregationTemporality: 1,
                    dataPoints: [{ timeUnixNano: t, count: '4', sum: 10, scale: 2, zeroCount: '1', positive: { offset: -1, bucketCounts: ['1', '2'] } }],
                  },
                },
                { name: 'q', summary: { dataPoints: [{ timeUnixNano: t, count: '5', sum: 9, quantileValues: [{ quantile: 0.5, value: 2 }] }] } },
                { name: 'stale', gauge: { dataPoints: [{ timeUnixNano: t, flags: 1 }] } },
              ],
            },
          ],
        },
      ],
    };
    const res = await fetch(`http://127.0.0.1:${httpPort}/v1/metrics`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({});
    const [exp] = await rows("SELECT Count, Sum, Scale, ZeroCount, PositiveOffset, PositiveBucketCounts, AggregationTemporality FROM watchllm.otel_metrics_exponential_histogram WHERE ServiceName = 'json-app'");
    expect({ ...exp, Count: Number(exp.Count), ZeroCount: Number(exp.ZeroCount), PositiveBucketCounts: exp.PositiveBucketCounts.map(Number) }).toEqual({
      Count: 4, Sum: 10, Scale: 2, ZeroCount: 1, PositiveOffset: -1, PositiveBucketCounts: [1, 2], AggregationTemporality: 1,
    });
    const summary = await rows("SELECT Sum, ValueAtQuantiles.Quantile AS q, ValueAtQuantiles.Value AS v FROM watchllm.otel_metrics_summary WHERE ServiceName = 'json-app'");
    expect(summary).toEqual([{ Sum: 9, q: [0.5], v: [2] }]);
    const stale = await rows("SELECT isNaN(Value) AS nan, Flags FROM watchllm.otel_metrics_gauge WHERE ServiceName = 'json-app'");
    expect(stale).toEqual([{ nan: 1, Flags: 1 }]);
  });
});

describe('schema', () => {
  it('has the logs/metrics migration applied, and migrating again changes nothing', async () => {
    const again = await migrate(store);
    expect(again.applied).toEqual([]);
    expect(again.current).toBeGreaterThanOrEqual(2);
    const tables = await rows("SELECT name FROM system.tables WHERE database = 'watchllm' AND name LIKE 'otel_%' ORDER BY name");
    expect(tables.map((t) => t.name)).toEqual(expect.arrayContaining([
      'otel_logs', 'otel_metrics_exponential_histogram', 'otel_metrics_gauge', 'otel_metrics_histogram', 'otel_metrics_sum', 'otel_metrics_summary',
    ]));
  });
});

describe('gRPC errors', () => {
  const identity = (b: Buffer) => b;
  let client: grpc.Client;
  beforeAll(() => {
    client = new grpc.Client(`127.0.0.1:${grpcPort}`, grpc.credentials.createInsecure());
  });
  afterAll(() => client.close());

  function call(path: string, body: Buffer): Promise<{ err: grpc.ServiceError | null; response?: Buffer }> {
    return new Promise((resolve) => {
      client.makeUnaryRequest(path, identity, identity, body, new grpc.Metadata(), (err, response) => resolve({ err, response }));
    });
  }
  const TRACES = '/opentelemetry.proto.collector.trace.v1.TraceService/Export';
  const LOGS = '/opentelemetry.proto.collector.logs.v1.LogsService/Export';
  const encode = (type: typeof ExportTraceServiceRequest, value: object) => Buffer.from(type.encode(type.fromObject(value)).finish());

  it('answers a bad payload with INVALID_ARGUMENT naming the problem, then keeps serving', async () => {
    const bad = await call(TRACES, Buffer.from([0x0a, 0xff, 0xff, 0xff, 0x0f, 0x01]));
    expect(bad.err?.code).toBe(grpc.status.INVALID_ARGUMENT);
    expect(bad.err?.details).toMatch(/invalid protobuf ExportTraceServiceRequest/);

    const badIds = await call(TRACES, encode(ExportTraceServiceRequest, { resourceSpans: [{ scopeSpans: [{ spans: [{ traceId: Buffer.from('ab', 'hex'), spanId: Buffer.alloc(8, 1) }] }] }] }));
    expect(badIds.err?.code).toBe(grpc.status.INVALID_ARGUMENT);
    expect(badIds.err?.details).toMatch(/all 1 spans rejected: .*traceId must be 16 non-zero bytes/);

    const ok = await call(TRACES, encode(ExportTraceServiceRequest, {}));
    expect(ok.err).toBeNull();
  });

  it('reports rejected log records as partial success', async () => {
    const body = encode(ExportLogsServiceRequest, {
      resourceLogs: [{ scopeLogs: [{ logRecords: [{ body: { stringValue: 'partial-ok' } }, { body: { stringValue: 'x' }, spanId: Buffer.from('01', 'hex') }] }] }],
    });
    const res = await call(LOGS, body);
    expect(res.err).toBeNull();
    const decoded = ExportLogsServiceResponse.toObject(ExportLogsServiceResponse.decode(res.response!), { longs: Number }) as any;
    expect(decoded.partialSuccess.rejectedLogRecords).toBe(1);
    expect(decoded.partialSuccess.errorMessage).toMatch(/spanId must be empty or 8 bytes/);
    const stored = await rows("SELECT count() AS n FROM watchllm.otel_logs WHERE Body = 'partial-ok'");
    expect(Number(stored[0].n)).toBe(1);
  });

  it('sheds load with UNAVAILABLE carrying google.rpc.RetryInfo', async () => {
    refuseWith = new RefusedError('overloaded', 'spool is full', 2.5);
    try {
      const res = await call(TRACES, encode(ExportTraceServiceRequest, {}));
      expect(res.err?.code).toBe(grpc.status.UNAVAILABLE);
      expect(res.err?.details).toBe('spool is full');
      const [raw] = res.err!.metadata.get('grpc-status-details-bin') as Buffer[];
      const status = RpcStatus.decode(raw) as any;
      expect(status.code).toBe(grpc.status.UNAVAILABLE);
      expect(status.details[0].typeUrl).toBe('type.googleapis.com/google.rpc.RetryInfo');
      const retry = RpcRetryInfo.toObject(RpcRetryInfo.decode(status.details[0].value), { longs: Number });
      expect(retry.retryDelay).toEqual({ seconds: 2, nanos: 500_000_000 });
    } finally {
      refuseWith = undefined;
    }
  });

  it('refuses a gzip bomb without inflating it all', async () => {
    const gzipClient = new grpc.Client(`127.0.0.1:${grpcPort}`, grpc.credentials.createInsecure(), { 'grpc.default_compression_algorithm': 2 });
    // 16 MiB of zeros compresses to ~16 KiB; the receiver's limit is 4 MiB.
    const bomb = Buffer.alloc(16 * 1024 * 1024);
    const err = await new Promise<grpc.ServiceError | null>((resolve) =>
      gzipClient.makeUnaryRequest(TRACES, identity, identity, bomb, new grpc.Metadata(), (e) => resolve(e)),
    );
    gzipClient.close();
    expect(err?.code).toBe(grpc.status.RESOURCE_EXHAUSTED);
    expect(err?.details).toMatch(/decompresses to a size larger than 4194304/);
  });

  it('answers an unknown method with UNIMPLEMENTED', async () => {
    const res = await call('/opentelemetry.proto.collector.profiles.v1development.ProfilesService/Export', Buffer.alloc(0));
    expect(res.err?.code).toBe(grpc.status.UNIMPLEMENTED);
  });
});
