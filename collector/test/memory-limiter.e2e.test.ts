import { describe, expect, it } from 'vitest';
import { configuredTestCollector } from './configured-collector.js';

// A limit this process is always over: every batch is refused, retryably.
const CONFIG = `
receivers: { otlp: { protocols: { http: { endpoint: "127.0.0.1:0" } } } }
processors:
  memory_limiter: { check_interval: 1s, limit_mib: 2, spike_limit_mib: 1 }
exporters: { clickhouse: {} }
service:
  pipelines:
    traces: { receivers: [otlp], processors: [memory_limiter], exporters: [clickhouse] }
`;

const { store, collector } = configuredTestCollector('memlimit', CONFIG);

describe('memory_limiter in a pipeline', () => {
  it('answers 503 with Retry-After and says why, and counts the refusal', async () => {
    const res = await fetch(`http://127.0.0.1:${collector().httpPort}/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ resourceSpans: [] }).replace('[]', JSON.stringify([{ scopeSpans: [{ spans: [{ traceId: 'ab'.repeat(16), spanId: 'cd'.repeat(8), name: 'x', startTimeUnixNano: '1', endTimeUnixNano: '2' }] }] }])) });
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('1');
    expect((await res.json()).message).toMatch(/memory_limiter's soft limit of 1 MiB/);
    const metrics = await collector().telemetry.registry.metrics();
    expect(metrics).toMatch(/^watchllm_receiver_requests_refused_total\{signal="traces",transport="http",reason="overloaded"\} 1$/m);
    const rs = await store().client.query({ query: `SELECT count() AS n FROM ${store().table('otel_traces')}`, format: 'JSONEachRow' });
    expect(Number((await rs.json<{ n: string }>())[0]!.n)).toBe(0);
  });
});
