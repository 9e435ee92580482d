import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { OTLPTraceExporter as GrpcTraceExporter } from '@opentelemetry/exporter-trace-otlp-grpc';
import { encodeGenAiRequest } from '@watchllm/collector';
import { startTestStack, type TestStack } from './helpers.js';

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(async () => {
  await stack?.running.shutdown();
});

type Sample = { name: string; labels: Record<string, string>; value: number };

/** The Prometheus text exposition as samples; throws on a line that is not a comment or a sample. */
function parseExposition(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m) throw new Error(`not a Prometheus sample line: ${line}`);
    const labels: Record<string, string> = {};
    for (const [, k, v] of (m[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) labels[k] = v;
    samples.push({ name: m[1], labels, value: Number(m[3]) });
  }
  return samples;
}

async function scrape(path = '/metrics'): Promise<Sample[]> {
  const res = await fetch(`${stack.api}${path}`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
  return parseExposition(await res.text());
}

const value = (samples: Sample[], name: string, labels: Record<string, string> = {}) =>
  samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v)).reduce((a, s) => a + s.value, 0);

describe('/metrics after traffic over both transports', () => {
  it('counts items, refusals by reason, dropped items, request and batch sizes, insert latency, spool and process metrics', async () => {
    const body = encodeGenAiRequest(20, 7);
    const gzipped = gzipSync(body);
    const sent = await fetch(`${stack.otlpHttp}/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/x-protobuf', 'content-encoding': 'gzip' }, body: gzipped });
    expect(sent.status).toBe(200);
    const bad = await fetch(`${stack.otlpHttp}/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/x-protobuf' }, body: Buffer.from([0x0a, 0xff, 0x01]) });
    expect(bad.status).toBe(400);

    // One valid span and one with a short trace id: partial success, the bad one counted as dropped.
    const span = (traceId: string) => ({ traceId, spanId: 'eee19b7ec3c1b174', name: 'x', startTimeUnixNano: '1764806400000000000', endTimeUnixNano: '1764806400500000000' });
    const partial = await fetch(`${stack.otlpHttp}/v1/traces`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans: [span('5b8efff798038103d269b633813fc60c'), span('5b8e')] }] }] }),
    });
    expect(partial.status).toBe(200);
    expect((await partial.json()).partialSuccess.rejectedSpans).toBe(1);

    const provider = new BasicTracerProvider({
      resource: resourceFromAttributes({ 'service.name': 'metrics-grpc' }),
      spanProcessors: [new SimpleSpanProcessor(new GrpcTraceExporter({ url: `http://127.0.0.1:${stack.running.collector!.grpcPort}` }))],
    });
    for (let i = 0; i < 3; i++) provider.getTracer('t').startSpan(`op ${i}`).end();
    await provider.forceFlush();
    await provider.shutdown();

    // Acknowledged once spooled: an API read waits for those inserts, a scrape does not.
    expect((await fetch(`${stack.api}/api/v1/traces`)).status).toBe(200);
    const samples = await scrape();
    for (const s of samples) expect(s.name.startsWith('watchllm_'), s.name).toBe(true);
    const counters = new Set(samples.filter((s) => s.name.endsWith('_total')).map((s) => s.name));
    expect([...counters]).toEqual(
      expect.arrayContaining(['watchllm_receiver_items_received_total', 'watchllm_receiver_items_accepted_total', 'watchllm_receiver_requests_refused_total', 'watchllm_items_dropped_total']),
    );

    expect(value(samples, 'watchllm_receiver_items_received_total', { signal: 'traces' })).toBe(24);
    expect(value(samples, 'watchllm_receiver_items_accepted_total', { signal: 'traces' })).toBe(24);
    expect(value(samples, 'watchllm_items_dropped_total', { signal: 'traces', reason: 'invalid' })).toBe(1);
    expect(value(samples, 'watchllm_receiver_requests_refused_total', { signal: 'traces', transport: 'http', reason: 'bad_request' })).toBe(1);
    // Request sizes per transport, refused bodies included; HTTP counts a body as sent (gzipped).
    expect(value(samples, 'watchllm_receiver_request_bytes_count', { signal: 'traces', transport: 'http' })).toBe(3);
    expect(value(samples, 'watchllm_receiver_request_bytes_sum', { signal: 'traces', transport: 'http' })).toBeGreaterThan(gzipped.length + 3);
    expect(value(samples, 'watchllm_receiver_request_bytes_count', { signal: 'traces', transport: 'grpc' })).toBeGreaterThanOrEqual(1);
    expect(value(samples, 'watchllm_exporter_batch_items_sum')).toBe(24);
    expect(value(samples, 'watchllm_exporter_insert_duration_seconds_count', { outcome: 'ok' })).toBeGreaterThanOrEqual(1);
    for (const name of ['watchllm_spool_bytes', 'watchllm_spool_oldest_age_seconds', 'watchllm_exporter_queue_items', 'watchllm_process_cpu_seconds_total', 'watchllm_process_resident_memory_bytes']) {
      expect(samples.some((s) => s.name === name), name).toBe(true);
    }
    expect(value(samples, 'watchllm_spool_bytes')).toBe(0);
  });
});

describe("Tempo's span metrics and service graph on /metrics/spans (Grafana's Service Graph and APM table, through Prometheus)", () => {
  it('counts spans per service and name, and draws requests between services, to the LLM provider and from the user', async () => {
    const { context, trace, SpanKind, SpanStatusCode } = await import('@opentelemetry/api');
    const { OTLPTraceExporter } = await import('@opentelemetry/exporter-trace-otlp-proto');
    const provider = (service: string) =>
      new BasicTracerProvider({
        resource: resourceFromAttributes({ 'service.name': service }),
        spanProcessors: [new SimpleSpanProcessor(new OTLPTraceExporter({ url: `${stack.otlpHttp}/v1/traces` }))],
      });
    const web = provider('graph-web');
    const agent = provider('graph-agent');
    // graph-web (server, from the user) → client call → graph-agent (server) → chat with OpenAI (client).
    const root = web.getTracer('t').startSpan('GET /ask', { kind: SpanKind.SERVER });
    const call = web.getTracer('t').startSpan('POST /agent', { kind: SpanKind.CLIENT }, trace.setSpan(context.active(), root));
    const served = agent.getTracer('t').startSpan('POST /agent', { kind: SpanKind.SERVER }, trace.setSpan(context.active(), call));
    const chat = agent.getTracer('t').startSpan('chat gpt-4o', { kind: SpanKind.CLIENT, attributes: { 'gen_ai.provider.name': 'openai', 'gen_ai.request.model': 'gpt-4o' } }, trace.setSpan(context.active(), served));
    chat.setStatus({ code: SpanStatusCode.ERROR });
    for (const s of [chat, served, call, root]) s.end();
    for (const p of [agent, web]) {
      await p.forceFlush();
      await p.shutdown();
    }
    // Served apart from /metrics (which keeps only watchllm_ names), under the names Grafana queries.
    const samples = await scrape('/metrics/spans');
    for (const s of samples) expect(s.name, s.name).toMatch(/^traces_(spanmetrics|service_graph)_/);
    expect((await scrape()).some((s) => s.name.startsWith('traces_'))).toBe(false);
    expect(value(samples, 'traces_service_graph_request_total', { client: 'user', server: 'graph-web' })).toBe(1);
    expect(value(samples, 'traces_service_graph_request_total', { client: 'graph-web', server: 'graph-agent', connection_type: '' })).toBe(1);
    expect(value(samples, 'traces_service_graph_request_total', { client: 'graph-agent', server: 'openai', connection_type: 'virtual_node' })).toBe(1);
    expect(value(samples, 'traces_service_graph_request_failed_total', { client: 'graph-agent', server: 'openai' })).toBe(1);
    expect(value(samples, 'traces_service_graph_request_server_seconds_count', { client: 'graph-web', server: 'graph-agent' })).toBe(1);
    expect(value(samples, 'traces_spanmetrics_calls_total', { service: 'graph-agent', span_name: 'chat gpt-4o', span_kind: 'SPAN_KIND_CLIENT', status_code: 'STATUS_CODE_ERROR' })).toBe(1);
    expect(value(samples, 'traces_spanmetrics_latency_count', { service: 'graph-web', span_kind: 'SPAN_KIND_SERVER' })).toBe(1);
    expect(value(samples, 'traces_spanmetrics_latency_bucket', { service: 'graph-web', span_kind: 'SPAN_KIND_SERVER', le: '+Inf' })).toBe(1);
    // The provisioned dashboard's Prometheus panels ask for series and labels that exist here.
    const dashboard = JSON.parse(readFileSync(new URL('../../deploy/grafana/dashboards/watchllm-llm.json', import.meta.url), 'utf8')) as { panels: { targets?: { expr?: string }[] }[] };
    const exprs = dashboard.panels.flatMap((p) => (p.targets ?? []).flatMap((t) => (t.expr ? [t.expr] : [])));
    expect(exprs.length).toBeGreaterThanOrEqual(4);
    const names = new Set(samples.map((s) => s.name));
    const labels = new Set(samples.flatMap((s) => Object.keys(s.labels)));
    for (const expr of exprs) {
      for (const [name] of expr.matchAll(/traces_[a-z_]+/g)) expect(names, `${name} in ${expr}`).toContain(name);
      const grouped = [...expr.matchAll(/by \(([^)]*)\)/g)].flatMap((m) => m[1].split(',').map((x) => x.trim()));
      const matched = [...expr.matchAll(/([a-z_]+)="/g)].map((m) => m[1]);
      for (const label of [...grouped, ...matched]) expect(labels, `${label} in ${expr}`).toContain(label);
    }
  });
});

describe('deploy/prometheus-alerts.yml', () => {
  it('names only metrics WatchLLM exposes (/metrics and /metrics/spans)', async () => {
    const exposed = new Set<string>();
    for (const path of ['/metrics', '/metrics/spans']) {
      const text = await (await fetch(`${stack.api}${path}`)).text();
      for (const [, name] of text.matchAll(/^# HELP (\S+)/gm)) exposed.add(name!);
    }
    const rules = readFileSync(new URL('../../deploy/prometheus-alerts.yml', import.meta.url), 'utf8');
    const named = new Set([...rules.matchAll(/\b((?:watchllm|traces)_[a-z0-9_]+)\b/g)].map((m) => m[1]!));
    expect(named.size).toBeGreaterThan(5);
    // A histogram's _count and _bucket series belong to the family its HELP line names.
    for (const name of named) expect(exposed.has(name) || exposed.has(name.replace(/_(count|bucket|sum)$/, '')), name).toBe(true);
  });
});
