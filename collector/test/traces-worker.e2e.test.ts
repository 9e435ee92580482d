import { describe, expect, it } from 'vitest';
import { encodeGenAiRequest } from '../src/bench/genai-request.js';
import { configuredTestCollector } from './configured-collector.js';

// The default traces pipeline, with a rate limit: tokens are taken before the worker processes the spans.
const CONFIG = `
receivers: { otlp: { protocols: { http: { endpoint: "127.0.0.1:0" }, grpc: { endpoint: "127.0.0.1:0" } } } }
processors: { media: {}, limits: {}, genai: {}, spanmetrics: {}, servicegraph: {} }
exporters: { clickhouse: {} }
extensions: { admission: { rate_limit_spans_per_second: 1, rate_limit_burst: 60 } }
service:
  pipelines:
    traces: { receivers: [otlp], processors: [media, limits, genai, spanmetrics, servicegraph], exporters: [clickhouse] }
    logs: { receivers: [otlp], processors: [media], exporters: [clickhouse] }
`;

const { store, collector } = configuredTestCollector('tracesworker', CONFIG);

const post = (body: Uint8Array) =>
  fetch(`http://127.0.0.1:${collector().httpPort}/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/x-protobuf' }, body });

const sum = (text: string, name: string) => [...text.matchAll(new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, 'gm'))].reduce((n, m) => n + Number(m[1]), 0);

describe('the traces pipeline on a worker thread', () => {
  it('stores what it acknowledges, refuses over the rate limit before processing, and its metrics reach /metrics and /metrics/spans', async () => {
    expect(collector().describe().join('\n')).toMatch(/traces pipeline traces .* on a worker thread/);
    expect((await post(encodeGenAiRequest(50, 1))).status).toBe(200);
    const limited = await post(encodeGenAiRequest(40, 2));
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toMatch(/^\d+$/);
    const bad = await post(Buffer.from([0x0a, 0xff, 0x01]));
    expect(bad.status).toBe(400);

    await collector().readBarrier();
    const rs = await store().client.query({ query: `SELECT count() AS n, countIf(CostUsd > 0) AS priced FROM ${store().table('otel_traces')}`, format: 'JSONEachRow' });
    expect(await rs.json()).toEqual([{ n: 50, priced: 50 }]);

    const own = await collector().telemetry.exposition('own').metrics();
    expect(sum(own, 'watchllm_receiver_items_accepted_total')).toBe(50);
    expect(sum(own, 'watchllm_genai_spans_total')).toBe(50);
    expect(own).toMatch(/^watchllm_receiver_requests_refused_total\{signal="traces",transport="http",reason="rate_limited"\} 1$/m);
    // Span metrics count the 50 stored spans only: the refused request never reached the processors.
    expect(sum(await collector().telemetry.exposition('spans').metrics(), 'traces_spanmetrics_calls_total')).toBe(50);
  });
});
