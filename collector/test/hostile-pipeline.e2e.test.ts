import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCollector, type RunningCollector } from '../src/collector.js';
import { encodeGenAiRequest, genAiRequestObject } from '../src/bench/genai-request.js';
import { ExportLogsServiceRequest, ExportMetricsServiceRequest, ExportTraceServiceRequest } from '../src/otlp/proto.js';
import { readSettings } from '../src/settings.js';
import { decodeMessage } from '../src/otlp/codec.js';
import { readTraces } from '../src/otlp/signals.js';
import { openStore, type Store } from '../src/storage/client.js';
import { migrate } from '../src/storage/migrate.js';
import { mutateBytes, mutateJson, rng } from './mutations.js';

/**
 * Hostile input through the whole pipeline (receiver → processors → exporter → spool → engine),
 * not just the decoders: whatever a request holds, it is refused with a 4xx or stored, and
 * what comes after it is stored too. (A timestamp past 2262 once decoded fine, was
 * acknowledged, then failed its insert forever and held up every batch behind it.)
 */
let store: Store;
let collector: RunningCollector;
let url = '';

beforeAll(async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'hostile-'));
  store = openStore({ kind: 'embedded', dataDir: join(dataDir, 'store'), database: 'hostile' });
  await migrate(store);
  collector = await startCollector(store, readSettings({ WATCHLLM_DATA_DIR: dataDir, WATCHLLM_DATABASE: 'hostile', WATCHLLM_OTLP_HTTP_PORT: '0', WATCHLLM_OTLP_GRPC_PORT: '0' }));
  url = `http://127.0.0.1:${collector.httpPort}`;
}, 60_000);
afterAll(async () => {
  await collector.shutdown();
  await store.close();
});

const now = BigInt(Date.now()) * 1_000_000n;
const LATE = '18446744073709551615';
const TRACE = Buffer.alloc(16, 7);
const SPAN = Buffer.alloc(8, 3);

function logsRequest(time: string) {
  return {
    resourceLogs: [{ scopeLogs: [{ logRecords: [{ timeUnixNano: time, body: { stringValue: 'hi' }, traceId: TRACE, spanId: SPAN }, { timeUnixNano: String(now), body: { stringValue: 'ok' } }] }] }],
  };
}

function metricsRequest(time: string) {
  const point = { startTimeUnixNano: String(now - 1_000_000_000n), timeUnixNano: String(now) };
  return {
    resourceMetrics: [
      {
        scopeMetrics: [
          {
            metrics: [
              { name: 'g', gauge: { dataPoints: [{ ...point, timeUnixNano: time, asDouble: 1 }, { ...point, asDouble: NaN }, { ...point, asDouble: Infinity }] } },
              { name: 'h', histogram: { aggregationTemporality: 2, dataPoints: [{ ...point, count: LATE, sum: 1, bucketCounts: [LATE], explicitBounds: [] }] } },
              { name: 's', summary: { dataPoints: [{ ...point, count: 1, sum: 1, quantileValues: [{ quantile: 0.5, value: 1 }], exemplars: [] }] } },
            ],
          },
        ],
      },
    ],
  };
}

const protobuf = (type: typeof ExportTraceServiceRequest, o: object) => type.encode(type.fromObject(o)).finish();

async function post(path: string, body: Uint8Array | string, contentType: string): Promise<{ status: number; text: string }> {
  const res = await fetch(url + path, { method: 'POST', headers: { 'content-type': contentType }, body });
  return { status: res.status, text: await res.text() };
}

async function count(table: string, where = '1'): Promise<number> {
  const rs = await store.client.query({ query: `SELECT count() AS n FROM ${store.table(table)} WHERE ${where}`, format: 'JSONEachRow' });
  return Number((await rs.json<{ n: string }>())[0].n);
}

describe('hostile input through the whole pipeline', () => {
  it('rejects items whose times or counts the store cannot hold (partial success), and stores the rest', async () => {
    const spans = genAiRequestObject(2, 5) as { resourceSpans: { scopeSpans: { spans: Record<string, unknown>[] }[] }[] };
    spans.resourceSpans[0].scopeSpans[0].spans[0].endTimeUnixNano = LATE;
    const answers = await Promise.all([
      post('/v1/traces', protobuf(ExportTraceServiceRequest, spans), 'application/x-protobuf'),
      post('/v1/logs', protobuf(ExportLogsServiceRequest, logsRequest(LATE)), 'application/x-protobuf'),
      post('/v1/metrics', protobuf(ExportMetricsServiceRequest, metricsRequest('9223372036854775808')), 'application/x-protobuf'),
    ]);
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    expect(answers.map((a) => a.text).join('\n')).toMatch(/endTimeUnixNano 18446744073709551615 is past 2262[\s\S]*timeUnixNano 18446744073709551615 is past 2262[\s\S]*timeUnixNano 9223372036854775808 is past 2262/);
    // JSON numbers past 64 bits are refused, not written as '1e+308'.
    const json = await post('/v1/logs', JSON.stringify({ resourceLogs: [{ scopeLogs: [{ logRecords: [{ timeUnixNano: 1e308 }] }] }] }), 'application/json');
    expect(json.status).toBe(400);
    expect(json.text).toMatch(/timeUnixNano: expected unsigned 64-bit integer/);
    // A lone surrogate is no UTF-8: stored replaced (the engine refuses it in JSON rows).
    const lone = await post('/v1/logs', JSON.stringify({ resourceLogs: [{ scopeLogs: [{ logRecords: [{ body: { stringValue: 'lone \ud800' }, attributes: [{ key: 'k\udc00', value: { stringValue: 'v' } }] }] }] }] }), 'application/json');
    expect(lone.status).toBe(200);
    await collector.readBarrier();
    expect(await count('otel_logs', "Body = 'ok'")).toBe(1);
    expect(await count('otel_logs', "Body = 'lone \uFFFD' AND LogAttributes['k\uFFFD'] = 'v'")).toBe(1);
    expect(await count('otel_metrics_histogram', `Count = ${LATE}`)).toBe(1);
  });

  it('answers mutated bodies of every signal with 200 or 4xx, and everything acknowledged after them is stored', async () => {
    const r = rng(11);
    const seeds: [string, Uint8Array][] = [
      ['/v1/traces', encodeGenAiRequest(3, 1)],
      ['/v1/logs', protobuf(ExportLogsServiceRequest, logsRequest(String(now)))],
      ['/v1/metrics', protobuf(ExportMetricsServiceRequest, metricsRequest(String(now)))],
    ];
    const jsonSeed = JSON.parse(JSON.stringify(ExportLogsServiceRequest.toObject(ExportLogsServiceRequest.fromObject(logsRequest(String(now))), { longs: String, bytes: String })));
    const statuses = new Set<number>();
    // Eight at a time, so some requests meet a busy store and go through the spool.
    for (let round = 0; round < 75; round++) {
      const answers = await Promise.all(
        Array.from({ length: 8 }, (_, k) => {
          const [path, seed] = seeds[(round * 8 + k) % 3];
          return k === 7 ? post('/v1/logs', JSON.stringify(mutateJson(jsonSeed, r)), 'application/json') : post(path, mutateBytes(seed, r), 'application/x-protobuf');
        }),
      );
      for (const a of answers) {
        statuses.add(a.status);
        expect(a.status === 200 || (a.status >= 400 && a.status < 500), `${a.status} ${a.text}`).toBe(true);
      }
    }
    expect(statuses).toContain(400);
    const probe = genAiRequestObject(1, 77) as { resourceSpans: { scopeSpans: { spans: { traceId: Uint8Array }[] }[] }[] };
    expect((await post('/v1/traces', protobuf(ExportTraceServiceRequest, probe), 'application/x-protobuf')).status).toBe(200);
    await collector.readBarrier();
    const traceId = Buffer.from(probe.resourceSpans[0].scopeSpans[0].spans[0].traceId).toString('hex');
    expect(await count('otel_traces', `TraceId = '${traceId}'`)).toBe(1);
    const metrics = await collector.telemetry.registry.metrics();
    expect(metrics).toMatch(/^watchllm_spool_bytes 0$/m);
    expect(metrics).not.toMatch(/outcome="error"/);
  }, 120_000);

  it('keeps answering 200 or 4xx with every processor in the pipeline (filter, resource, transform, attributes, redaction), and forwards what it keeps', async () => {
    // The otlphttp exporter's backend: every body it gets must decode as the OTLP request of its path.
    const forwarded: string[] = [];
    const undecodable: string[] = [];
    const backend = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c) => chunks.push(c));
      req.on('end', () => {
        try {
          const body = gunzipSync(Buffer.concat(chunks));
          if (req.url === '/v1/traces') readTraces(body, 'protobuf', 'p');
          else decodeMessage(body, 'protobuf', req.url === '/v1/logs' ? ExportLogsServiceRequest : ExportMetricsServiceRequest);
          forwarded.push(req.url!);
        } catch (err) {
          undecodable.push(`${req.url}: ${(err as Error).message}`);
        }
        res.end();
      });
    });
    await new Promise<void>((r) => backend.listen(0, '127.0.0.1', r));
    const dataDir = mkdtempSync(join(tmpdir(), 'hostile-processors-'));
    const config = join(dataDir, 'otel-config.yaml');
    writeFileSync(config, processorsConfig(`http://127.0.0.1:${(backend.address() as AddressInfo).port}`));
    const withProcessors = await startCollector(store, readSettings({ WATCHLLM_DATA_DIR: dataDir, WATCHLLM_DATABASE: 'hostile', WATCHLLM_OTLP_HTTP_PORT: '0', WATCHLLM_OTLP_GRPC_PORT: '0', WATCHLLM_CONFIG: config }));
    const at = `http://127.0.0.1:${withProcessors.httpPort}`;
    try {
      const r = rng(23);
      const seeds: [string, Uint8Array][] = [
        ['/v1/traces', encodeGenAiRequest(3, 2)],
        ['/v1/logs', protobuf(ExportLogsServiceRequest, logsRequest(String(now)))],
        ['/v1/metrics', protobuf(ExportMetricsServiceRequest, metricsRequest(String(now)))],
      ];
      // Six at a time (their batches share inserts), 240 in all.
      for (let round = 0; round < 40; round++) {
        const answers = await Promise.all(
          Array.from({ length: 6 }, async (_, k) => {
            const [path, seed] = seeds[k % 3];
            const res = await fetch(at + path, { method: 'POST', headers: { 'content-type': 'application/x-protobuf' }, body: mutateBytes(seed, r) });
            return { status: res.status, text: await res.text() };
          }),
        );
        for (const a of answers) expect(a.status === 200 || (a.status >= 400 && a.status < 500), `${a.status} ${a.text}`).toBe(true);
      }
      const probe = genAiRequestObject(1, 78) as { resourceSpans: { scopeSpans: { spans: { traceId: Uint8Array }[] }[] }[] };
      const res = await fetch(`${at}/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/x-protobuf' }, body: protobuf(ExportTraceServiceRequest, probe) });
      expect(res.status).toBe(200);
      await withProcessors.readBarrier();
      const traceId = Buffer.from(probe.resourceSpans[0].scopeSpans[0].spans[0].traceId).toString('hex');
      expect(await count('otel_traces', `TraceId = '${traceId}' AND SpanAttributes['checked'] = 'yes' AND ResourceAttributes['env'] = 'fuzz'`)).toBe(1);
    } finally {
      await withProcessors.shutdown();
      backend.close();
    }
    expect(undecodable).toEqual([]);
    expect(new Set(forwarded)).toEqual(new Set(['/v1/traces', '/v1/logs', '/v1/metrics']));
    expect(await withProcessors.telemetry.registry.metrics()).not.toMatch(/^watchllm_forward_items_dropped_total\{/m);
  }, 120_000);
});

/** Every contrib-style processor at once, each doing something to every item; what they keep is also forwarded. */
const processorsConfig = (forwardTo: string) => `
receivers: { otlp: { protocols: { http: { endpoint: "127.0.0.1:0" } } } }
processors:
  limits: {}
  genai: {}
  filter: { traces: { span: ['name == "never"'] }, logs: { log_record: ['body.string == "never"'] }, metrics: { datapoint: ['attributes["never"] != nil'] } }
  resource: { attributes: [{ key: env, value: fuzz, action: upsert }] }
  transform:
    trace_statements: [{ context: span, statements: ['set(attributes["checked"], "yes")', 'replace_all_patterns(attributes, "value", "[0-9]{4,}", "####")', 'truncate_all(attributes, 10000)'] }]
    log_statements: [{ context: log, statements: ['replace_pattern(body, "secret", "***")', 'set(attributes["seen"], true)'] }]
    metric_statements: [{ context: datapoint, statements: ['set(attributes["seen"], 1)'] }]
  attributes: { actions: [{ key: gen_ai.conversation.id, action: hash }, { key: x, pattern: "^(?P<first>.)", action: extract }] }
  redaction: { allow_all_keys: true, blocked_values: ["[a-z]+@[a-z]+\\\\.[a-z]+"], blocked_key_patterns: [".*token.*"], summary: debug }
exporters: { clickhouse: {}, otlphttp: { endpoint: "${forwardTo}" } }
service:
  pipelines:
    traces: { receivers: [otlp], processors: [limits, filter, resource, transform, attributes, redaction, genai], exporters: [clickhouse, otlphttp] }
    logs: { receivers: [otlp], processors: [filter, resource, transform, attributes, redaction], exporters: [clickhouse, otlphttp] }
    metrics: { receivers: [otlp], processors: [filter, resource, transform, attributes, redaction], exporters: [clickhouse, otlphttp] }
`;
