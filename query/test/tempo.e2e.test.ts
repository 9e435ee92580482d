import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import protobuf from 'protobufjs';
import { context } from '@opentelemetry/api';
import { BasicTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { TracesData } from '@watchllm/collector';
import { rng } from '../../collector/test/mutations.js';
import { getJson, startTestStack, type TestStack } from './helpers.js';
import { emitAgentTraces, type AgentTraces } from './compat-fixtures.js';
import { emitter } from './genai-fixtures.js';

let stack: TestStack;
let fx: AgentTraces;
beforeAll(async () => {
  stack = await startTestStack();
  fx = await emitAgentTraces(stack.otlpHttp);
});
afterAll(async () => {
  await stack?.running.shutdown();
});

// Tempo's TraceByIDResponse read independently of the server's types: field 1 holds the trace bytes.
const TraceByIDEnvelope = new protobuf.Type('TraceByIDResponse').add(new protobuf.Field('trace', 1, 'bytes'));
new protobuf.Root().add(TraceByIDEnvelope);

async function getProto(path: string) {
  const res = await fetch(`${stack.api}${path}`, { headers: { accept: 'application/protobuf' } });
  return { status: res.status, type: res.headers.get('content-type'), body: new Uint8Array(await res.arrayBuffer()) };
}

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const attrs = (kvs: any[]) => Object.fromEntries(kvs.map((kv: any) => [kv.key, kv.value]));
const window = () => {
  const now = Math.floor(Date.now() / 1000);
  return `start=${now - 3600}&end=${now + 60}`;
};
const search = (params: Record<string, string>) =>
  getJson(`${stack.api}/api/search?${new URLSearchParams(params)}&${window()}`);

function checkAgentTrace(data: any) {
  const byService = Object.fromEntries(
    data.resourceSpans.map((rs: any) => [attrs(rs.resource.attributes)['service.name'].stringValue, rs]),
  );
  expect(Object.keys(byService).sort()).toEqual(['agent-svc', 'tool-svc']);
  const agentSpans = byService['agent-svc'].scopeSpans.flatMap((ss: any) => ss.spans);
  expect(byService['agent-svc'].scopeSpans[0].scope).toMatchObject({ name: 'watchllm-test', version: '1.0.0' });
  expect(agentSpans.map((s: any) => s.name).sort()).toEqual(['chat gpt-4o', 'invoke_agent planner']);
  const toolSpan = byService['tool-svc'].scopeSpans[0].spans[0];
  expect(toolSpan.name).toBe('execute_tool search');
  expect(toolSpan.status).toMatchObject({ code: 2, message: 'search backend timed out' });
  return { agentSpans, toolSpan, resource: attrs(byService['agent-svc'].resource.attributes) };
}

describe('Tempo trace by id', () => {
  it('answers /api/v2/traces/:id with a protobuf TraceByIDResponse holding OTLP ResourceSpans', async () => {
    const res = await getProto(`/api/v2/traces/${fx.agentTraceId}`);
    expect(res.status).toBe(200);
    expect(res.type).toBe('application/protobuf');
    const envelope = TraceByIDEnvelope.decode(res.body) as unknown as { trace: Uint8Array };
    const data = TracesData.toObject(TracesData.decode(envelope.trace), { longs: String, defaults: false }) as any;
    const { agentSpans, toolSpan, resource } = checkAgentTrace(data);
    expect(resource['deployment.environment']).toEqual({ stringValue: 'test' });
    expect(resource['host.cores']).toEqual({ intValue: '2' });
    const chat = agentSpans.find((s: any) => s.name === 'chat gpt-4o');
    const root = agentSpans.find((s: any) => s.name === 'invoke_agent planner');
    expect(hex(chat.traceId)).toBe(fx.agentTraceId);
    expect(hex(chat.spanId)).toBe(fx.spanIds.chat);
    expect(hex(chat.parentSpanId)).toBe(fx.spanIds.root);
    expect(hex(toolSpan.parentSpanId)).toBe(fx.spanIds.root);
    expect(root.parentSpanId).toBeUndefined();
    expect(chat.kind).toBe(3);
    expect(root.kind).toBe(2);
    expect(BigInt(chat.endTimeUnixNano) - BigInt(chat.startTimeUnixNano)).toBe(250_000_000n);
    expect(attrs(chat.attributes)).toMatchObject({
      'gen_ai.request.model': { stringValue: 'gpt-4o' },
      'gen_ai.usage.input_tokens': { intValue: '120' },
      'gen_ai.request.temperature': { doubleValue: 0.25 },
      'gen_ai.request.stream': { boolValue: false },
      'gen_ai.response.finish_reasons': { arrayValue: { values: [{ stringValue: 'tool_call' }] } },
    });
    expect(chat.events).toHaveLength(1);
    expect(chat.events[0].name).toBe('gen_ai.choice');
    expect(attrs(chat.events[0].attributes)).toEqual({ index: { intValue: '0' } });
  });

  it('answers /api/traces/:id with the bare trace (TracesData layout) and accepts 16-hex and upper-case ids', async () => {
    const res = await getProto(`/api/traces/${fx.agentTraceId.toUpperCase()}`);
    expect(res.status).toBe(200);
    checkAgentTrace(TracesData.toObject(TracesData.decode(res.body), { longs: String }));
  });

  it('answers OTLP JSON when JSON is asked for', async () => {
    const v2 = await getJson(`${stack.api}/api/v2/traces/${fx.agentTraceId}`);
    expect(v2.status).toBe(200);
    const { agentSpans } = checkAgentTrace(v2.body.trace);
    const chat = agentSpans.find((s: any) => s.name === 'chat gpt-4o');
    expect(chat.traceId).toBe(fx.agentTraceId);
    expect(chat.parentSpanId).toBe(fx.spanIds.root);
    expect(chat.startTimeUnixNano).toMatch(/^\d{19}$/);
    expect(attrs(chat.attributes)['gen_ai.usage.input_tokens']).toEqual({ intValue: '120' });
    const v1 = await getJson(`${stack.api}/api/traces/${fx.agentTraceId}`);
    checkAgentTrace(v1.body);
  });

  it('returns 404 for an unknown id and 400 for a malformed one', async () => {
    expect((await getProto(`/api/v2/traces/${'ab'.repeat(16)}`)).status).toBe(404);
    expect((await getJson(`${stack.api}/api/traces/${'cd'.repeat(8)}`)).status).toBe(404);
    expect((await getJson(`${stack.api}/api/v2/traces/not-a-trace-id`)).status).toBe(400);
  });
});

describe('Tempo search', () => {
  const traceIds = (body: any) => body.traces.map((t: any) => t.traceID).sort();

  it('finds traces by a gen_ai span attribute and returns Tempo-shaped results with span sets', async () => {
    const { status, body } = await search({ q: '{ span.gen_ai.request.model = "gpt-4o" }' });
    expect(status).toBe(200);
    expect(body.traces).toHaveLength(1);
    const t = body.traces[0];
    expect(t).toMatchObject({ traceID: fx.agentTraceId, rootServiceName: 'agent-svc', rootTraceName: 'invoke_agent planner' });
    expect(t.startTimeUnixNano).toMatch(/^\d{19}$/);
    expect(t.durationMs).toBe(700);
    expect(t.spanSets).toHaveLength(1);
    expect(t.spanSet).toEqual(t.spanSets[0]);
    expect(t.spanSets[0].matched).toBe(1);
    expect(t.spanSets[0].spans[0]).toEqual({
      spanID: fx.spanIds.chat,
      name: 'chat gpt-4o',
      startTimeUnixNano: expect.stringMatching(/^\d{19}$/),
      durationNanos: '250000000',
      attributes: [{ key: 'gen_ai.request.model', value: { stringValue: 'gpt-4o' } }],
    });
    expect(body.metrics.inspectedTraces).toBe(1);
  });

  it.each([
    ['status', '{ status = error }', 'agent'],
    ['kind and unscoped attribute', '{ kind = client && .gen_ai.provider.name = "anthropic" }', 'slow'],
    ['span duration', '{ duration > 2s }', 'slow'],
    ['resource service', '{ resource.service.name = "tool-svc" }', 'agent'],
    ['root name', '{ rootName = "invoke_agent summarizer" }', 'slow'],
    ['root service and regex', '{ rootServiceName = "agent-svc" && name =~ "execute_tool.*" }', 'agent'],
    ['numeric attribute', '{ span.gen_ai.usage.input_tokens >= 100 }', 'agent'],
    ['bool attribute', '{ span.gen_ai.request.stream = false }', 'agent'],
    ['or of parenthesised sets', '{ (name = "chat gpt-4o") || (name = "chat claude-sonnet-4" && duration > 1s) }', 'both'],
    ['trace duration', '{ traceDuration > 2s }', 'slow'],
    ['negated regex', '{ name !~ "invoke_agent.*|chat.*" }', 'agent'],
    ['value with quotes and backslash', String.raw`{ span.note = "it's a \"quoted\" \\ value" }`, 'agent'],
  ])('filters by %s', async (_why, q, expected) => {
    const { status, body } = await search({ q });
    expect(status).toBe(200);
    const want = { agent: [fx.agentTraceId], slow: [fx.slowTraceId], both: [fx.agentTraceId, fx.slowTraceId].sort() }[expected];
    expect(traceIds(body)).toEqual(want);
  });

  it('supports legacy tags, trace duration bounds and limit', async () => {
    expect(traceIds((await search({ tags: 'service.name=agent-svc name="chat gpt-4o"' })).body)).toEqual([fx.agentTraceId]);
    expect(traceIds((await search({ tags: 'gen_ai.request.model=claude-sonnet-4' })).body)).toEqual([fx.slowTraceId]);
    expect(traceIds((await search({ tags: 'error=true' })).body)).toEqual([fx.agentTraceId]);
    expect(traceIds((await search({ minDuration: '2s' })).body)).toEqual([fx.slowTraceId]);
    expect(traceIds((await search({ maxDuration: '1s' })).body)).toEqual([fx.agentTraceId]);
    const limited = (await search({ q: '{}', limit: '1' })).body;
    expect(limited.traces).toHaveLength(1);
    // Newest first: the agent trace started last.
    expect(limited.traces[0].traceID).toBe(fx.agentTraceId);
  });

  it('treats injection attempts as plain values and rejects invalid queries with 400', async () => {
    for (const q of [String.raw`{ name = "x\" || 1=1 --" }`, `{ span."a') OR 1=1 --" = "b" }`, String.raw`{ name =~ ".*\\'; DROP TABLE otel_traces" }`]) {
      const { status, body } = await search({ q });
      expect(status).toBe(200);
      expect(body.traces).toEqual([]);
    }
    for (const params of [{ q: '{ name = }' }, { q: '{ name =~ "(" }' }, { q: '{ nope = 1 }' }, { tags: 'x="unterminated' }, { limit: '0' }, { minDuration: 'soon' }]) {
      const { status, body } = await search(params);
      expect(status).toBe(400);
      expect(body.error).toEqual(expect.any(String));
    }
    // The trace is still there.
    expect((await search({ q: '{}' })).body.traces).toHaveLength(2);
  });
});

describe('Tempo tags', () => {
  it('lists tag names (v1 and scoped v2)', async () => {
    const v1 = await getJson(`${stack.api}/api/search/tags?${window()}`);
    expect(v1.body.tagNames).toEqual(expect.arrayContaining(['service.name', 'gen_ai.request.model', 'deployment.environment']));
    const v2 = await getJson(`${stack.api}/api/v2/search/tags?${window()}`);
    const scopes = Object.fromEntries(v2.body.scopes.map((s: any) => [s.name, s.tags]));
    expect(scopes.resource).toEqual(expect.arrayContaining(['service.name', 'deployment.environment']));
    expect(scopes.span).toEqual(expect.arrayContaining(['gen_ai.request.model', 'gen_ai.usage.input_tokens']));
    expect(scopes.span).not.toContain('deployment.environment');
    expect(scopes.intrinsic).toEqual(expect.arrayContaining(['name', 'status', 'kind', 'duration', 'rootName', 'rootServiceName']));
    expect(scopes.intrinsic.filter((t: string) => t.startsWith('nestedSet'))).toEqual([]);
    const onlySpan = await getJson(`${stack.api}/api/v2/search/tags?scope=span&${window()}`);
    expect(onlySpan.body.scopes.map((s: any) => s.name)).toEqual(['span']);
  });

  it('lists tag values (v1 strings, v2 typed)', async () => {
    const v1 = await getJson(`${stack.api}/api/search/tag/gen_ai.request.model/values?${window()}`);
    expect(v1.body).toEqual({ tagValues: ['claude-sonnet-4', 'gpt-4o'] });
    const services = await getJson(`${stack.api}/api/v2/search/tag/resource.service.name/values?${window()}`);
    expect(services.body.tagValues).toEqual([
      { type: 'string', value: 'agent-svc' },
      { type: 'string', value: 'tool-svc' },
    ]);
    const tokens = await getJson(`${stack.api}/api/v2/search/tag/span.gen_ai.usage.input_tokens/values?${window()}`);
    expect(tokens.body.tagValues).toEqual([{ type: 'int', value: '120' }]);
    const narrowed = await getJson(
      `${stack.api}/api/v2/search/tag/span.gen_ai.request.model/values?${window()}&q=${encodeURIComponent('{ span.gen_ai.provider.name = "anthropic" }')}`,
    );
    expect(narrowed.body.tagValues).toEqual([{ type: 'string', value: 'claude-sonnet-4' }]);
    const status = await getJson(`${stack.api}/api/v2/search/tag/status/values`);
    expect(status.body.tagValues).toContainEqual({ type: 'keyword', value: 'error' });
    const names = await getJson(`${stack.api}/api/v2/search/tag/rootName/values?${window()}`);
    expect(names.body.tagValues.map((v: any) => v.value)).toEqual(['invoke_agent planner', 'invoke_agent summarizer']);
    expect((await getJson(`${stack.api}/api/v2/search/tag/bogus/values`)).status).toBe(400);
  });

  it('treats injection attempts in tag names, scopes and times as values or rejects them', async () => {
    const evil = `x') OR 1=1 --`;
    expect((await getJson(`${stack.api}/api/search/tag/${encodeURIComponent(evil)}/values?${window()}`)).body).toEqual({ tagValues: [] });
    const scoped = await getJson(`${stack.api}/api/v2/search/tag/${encodeURIComponent(`span."${evil}"`)}/values?${window()}`);
    expect(scoped).toEqual({ status: 200, body: { tagValues: [] } });
    const narrowed = await getJson(
      `${stack.api}/api/v2/search/tag/resource.service.name/values?${window()}&q=${encodeURIComponent(`{ name = "${evil}" }`)}`,
    );
    expect(narrowed.body).toEqual({ tagValues: [] });
    expect((await getJson(`${stack.api}/api/search/tags?scope=${encodeURIComponent(evil)}`)).status).toBe(400);
    expect((await getJson(`${stack.api}/api/search?q=%7B%7D&start=1;DROP&end=2`)).status).toBe(400);
    expect((await getJson(`${stack.api}/api/search?q=%7B%7D&end=${'9'.repeat(19)}`)).status).toBe(400);
    expect((await getJson(`${stack.api}/api/search/tags?start=${encodeURIComponent("0' OR '1")}`)).status).toBe(400);
  });

  it('answers echo and buildinfo', async () => {
    const echo = await fetch(`${stack.api}/api/echo`);
    expect(echo.status).toBe(200);
    expect(await echo.text()).toBe('echo');
    const info = await getJson(`${stack.api}/api/status/buildinfo`);
    expect(info.body).toMatchObject({ version: expect.stringMatching(/^\d+\.\d+\.\d+$/), revision: expect.any(String), branch: expect.any(String) });
    expect(Date.parse(info.body.buildDate)).not.toBeNaN();
  });
});

describe('Tempo search over a long window', () => {
  it('finds traces outside the newest slice of the window, newest first', async () => {
    const provider = new BasicTracerProvider({
      resource: resourceFromAttributes({ 'service.name': 'narrow-svc' }),
      spanProcessors: [new SimpleSpanProcessor(new OTLPTraceExporter({ url: `${stack.otlpHttp}/v1/traces` }))],
    });
    const tracer = provider.getTracer('narrow');
    const ids: string[] = [];
    // Minutes ago: 1, 40 (outside the newest 1/64 of a day), 600 (outside the newest 1/8).
    for (const minutesAgo of [1, 40, 600]) {
      const start = Date.now() - minutesAgo * 60_000;
      const span = tracer.startSpan('narrow op', { startTime: start }, context.active());
      span.end(start + 10);
      ids.push(span.spanContext().traceId);
    }
    await provider.forceFlush();
    await provider.shutdown();
    const now = Math.floor(Date.now() / 1000);
    const find = async (limit: number) => {
      const { body } = await getJson(
        `${stack.api}/api/search?${new URLSearchParams({ q: '{ resource.service.name = "narrow-svc" }', limit: String(limit), start: String(now - 86_400), end: String(now) })}`,
      );
      return body.traces.map((t: any) => t.traceID);
    };
    expect(await find(1)).toEqual([ids[0]]);
    expect(await find(2)).toEqual([ids[0], ids[1]]);
    expect(await find(3)).toEqual(ids);
    expect(await find(10)).toEqual(ids);
  });
});

describe('Tempo TraceQL metrics (Grafana metrics queries, Traces Drilldown)', () => {
  const OURS = 'resource.service.name =~ "agent-svc|tool-svc"';
  const instant = async (q: string) => {
    const now = Math.floor(Date.now() / 1000);
    const { status, body } = await getJson(`${stack.api}/api/metrics/query?${new URLSearchParams({ q, start: String(now - 3600), end: String(now + 60) })}`);
    expect(status, JSON.stringify(body)).toBe(200);
    return (body.series as { labels: { key: string; value: any }[]; value: number; promLabels: string }[]).map((s) => ({
      labels: Object.fromEntries(s.labels.map((l) => [l.key, l.value.stringValue ?? l.value.doubleValue])),
      value: s.value,
      promLabels: s.promLabels,
    }));
  };

  it('counts spans per group over the window (instant query)', async () => {
    expect(await instant(`{ ${OURS} } | count_over_time() by (resource.service.name)`)).toEqual([
      { labels: { 'resource.service.name': 'agent-svc' }, value: 4, promLabels: '{resource.service.name="agent-svc"}' },
      { labels: { 'resource.service.name': 'tool-svc' }, value: 1, promLabels: '{resource.service.name="tool-svc"}' },
    ]);
    // topk / bottomk keep the highest / lowest series at each timestamp.
    expect((await instant(`{ ${OURS} } | count_over_time() by (resource.service.name) | topk(1)`)).map((s) => [s.labels['resource.service.name'], s.value])).toEqual([['agent-svc', 4]]);
    expect((await instant(`{ ${OURS} } | count_over_time() by (resource.service.name) | bottomk(1)`)).map((s) => [s.labels['resource.service.name'], s.value])).toEqual([['tool-svc', 1]]);
    // A comparison keeps the samples that pass it (before topk / bottomk).
    expect((await instant(`{ ${OURS} } | count_over_time() by (resource.service.name) > 2`)).map((s) => [s.labels['resource.service.name'], s.value])).toEqual([['agent-svc', 4]]);
    expect((await instant(`{ ${OURS} } | count_over_time() by (resource.service.name) <= 1 | topk(5)`)).map((s) => [s.labels['resource.service.name'], s.value])).toEqual([['tool-svc', 1]]);
    expect(await instant(`{ ${OURS} } | count_over_time() > 100`)).toEqual([]);
    expect((await instant(`{ ${OURS} && status = error } | count_over_time() by (name, kind, status)`)).map((s) => s.labels)).toEqual([
      { name: 'execute_tool search', kind: 'internal', status: 'error' },
    ]);
  });

  it("answers Traces Drilldown's RED queries as a range of step-aligned samples", async () => {
    const now = Math.floor(Date.now() / 1000);
    const range = async (q: string) => {
      const { status, body } = await getJson(`${stack.api}/api/metrics/query_range?${new URLSearchParams({ q, start: String(now - 3600), end: String(now + 60), step: '60s' })}`);
      expect(status, JSON.stringify(body)).toBe(200);
      return body.series as { labels: any[]; samples: { timestampMs: string; value: number }[] }[];
    };
    const roots = await range(`{nestedSetParent<0 && true && ${OURS}} | rate()  with(sample=true)`);
    expect(roots).toHaveLength(1);
    expect(roots[0].labels).toEqual([]);
    for (const s of roots[0].samples) expect(Number(s.timestampMs) % 60_000).toBe(0);
    // rate() is spans per second of each step: two root spans in all.
    expect(roots[0].samples.reduce((n, s) => n + s.value * 60, 0)).toBeCloseTo(2);
    // Each sample's slowest span is its exemplar: a link from the chart to the trace.
    const exemplars = (roots[0] as any).exemplars as { labels: { key: string; value: { stringValue: string } }[]; value: number; timestampMs: string }[];
    expect(exemplars.length).toBeGreaterThanOrEqual(1);
    for (const e of exemplars) {
      expect(e.labels[0].key).toBe('trace:id');
      expect([fx.agentTraceId, fx.slowTraceId]).toContain(e.labels[0].value.stringValue);
      expect(e.value).toBeGreaterThan(0);
      expect(Math.abs(Number(e.timestampMs) - Date.now())).toBeLessThan(3_600_000);
    }
    const errors = await range(`{nestedSetParent<0 && true && ${OURS} && status=error} | rate()  with(sample=true)`);
    expect(errors).toEqual([]); // the failing span is not a root
    const children = await range(`{nestedSetParent>=0 && ${OURS} && status=error} | rate() by(resource.service.name)`);
    expect(children.map((s) => s.labels)).toEqual([[{ key: 'resource.service.name', value: { stringValue: 'tool-svc' } }]]);
  });

  it('aggregates durations in seconds: quantiles, histogram buckets, max, and numeric attributes', async () => {
    const q = await instant(`{ resource.service.name = "agent-svc" && kind = server } | quantile_over_time(duration, 0.5, 0.99)`);
    expect(q.map((s) => s.labels.p)).toEqual([0.5, 0.99]);
    expect(q[0].value).toBeGreaterThanOrEqual(0.7);
    expect(q[1].value).toBeLessThanOrEqual(3);
    expect(q[1].value).toBeGreaterThan(q[0].value);
    const histogram = await instant(`{ resource.service.name = "agent-svc" } | histogram_over_time(duration)`);
    expect(histogram.map((s) => [s.labels.__bucket, s.value])).toEqual([
      [0.25, 1],
      [1, 1],
      [4, 2],
    ]);
    const max = await instant(`{ resource.service.name = "agent-svc" } | max_over_time(duration) by (span.gen_ai.request.model)`);
    expect(max.map((s) => [s.labels['span.gen_ai.request.model'], s.value])).toEqual([
      [undefined, 3],
      ['claude-sonnet-4', 2.4],
      ['gpt-4o', 0.25],
    ]);
    expect(await instant(`{ ${OURS} } | sum_over_time(span.gen_ai.usage.input_tokens)`)).toMatchObject([{ labels: {}, value: 120 }]);
  });

  it('refuses what it does not answer with 400 naming the problem', async () => {
    const now = Math.floor(Date.now() / 1000);
    for (const [q, message] of [
      ['', /q is required/],
      ['{ } | rate() > "5"', /expected a number to compare the samples with/],
      ['{ } | rate() | rate()', /one metrics function is supported/],
      ['{ } | rate() | topk(0)', /count from 1 to 1000/],
      ['{ } | quantile_over_time(duration)', /takes 1 to 16 quantiles/],
      ['{ } | quantile_over_time(duration, 2)', /quantile from 0 to 1/],
      ['{ } | rate() by (traceDuration)', /cannot group by traceDuration/],
      ['{ } | avg_over_time(name)', /takes duration or an attribute/],
      ['{ } | compare({ status = error }, 0)', /number of values from 1 to 1000/],
      ['{ } | compare({ status = error }, 10, 5)', /optionally a start and an end/],
      ['{ } | compare({ status = error }, 10, 9, 5)', /end must be after its start/],
      ['{ } | compare({ status = error }) by (name)', /one metrics function is supported/],
      ['{ } | compare({ status = error } >> { })', /expected "\)"/],
    ] as const) {
      const { status, body } = await getJson(`${stack.api}/api/metrics/query_range?${new URLSearchParams({ q, start: String(now - 60), end: String(now) })}`);
      expect(status, q).toBe(400);
      expect(body.error).toMatch(message);
    }
  });

  it('answers 800 mutated metrics queries with 200 or 400, never a 5xx; values stay bound', async () => {
    const r = rng(4242);
    const seeds = [
      `{ ${OURS} && status = error } | rate() by (resource.service.name, span."x' OR 1=1 --")`,
      '{ duration > 100ms || .x =~ "a.*" } | quantile_over_time(duration, 0.5, 0.9) by (name) with(sample=true)',
      '{nestedSetParent<0 && true} | histogram_over_time(span.gen_ai.usage.input_tokens)',
      '{ event.exception.message =~ "time.*" && event.index > 0 || event.x = nil } | count_over_time() by (kind)',
      '{ kind = server } >> { status = error } << { name =~ "inv.*" } | rate()',
      '({ name = "a" } &>> { status = error }) || { } ~ { kind = client } && { } | count_over_time() by (name) | topk(3)',
      '{ resource.service.name != "x" } | compare({duration >= 0ms && duration <= 2s}, 10, 1728987791000000000, 1728988006000000000)',
      '{ kind = server } !>> { status = error } | count() > 1 | avg(duration) > 10ms | max(span.gen_ai.usage.input_tokens) <= 5 | rate() by (name)',
      '{ .a = "b" } | by(resource.service.name) | count() > 1 | rate()',
    ];
    const pieces = ['{', '}', '(', ')', '|', ',', '"', '&&', '||', '=~', '<', '-', '.', 'by', 'with', '9e999', '\\'];
    const now = Math.floor(Date.now() / 1000);
    for (let i = 0; i < 800; i++) {
      let q = seeds[Math.floor(r() * seeds.length)];
      const at = Math.floor(r() * q.length);
      q = r() < 0.5 ? q.slice(0, at) + pieces[Math.floor(r() * pieces.length)] + q.slice(at) : q.slice(0, at) + q.slice(at + 1 + Math.floor(r() * 5));
      const path = r() < 0.5 ? 'query' : 'query_range';
      const res = await fetch(`${stack.api}/api/metrics/${path}?${new URLSearchParams({ q, start: String(now - 600), end: String(now), step: r() < 0.2 ? '0.001' : '15s' })}`);
      expect(res.status === 200 || res.status === 400, `${path} ${q} → ${res.status} ${await res.text()}`).toBe(true);
    }
  }, 60_000);

  it('answers 600 mutated search queries with 200 or 400, never a 5xx', async () => {
    const r = rng(5150);
    const seeds = [
      '{ resource.service.name = "agent-svc" } | by(span.gen_ai.request.model) | count() > 1 | select(status, nestedSetLeft)',
      '({ name =~ "inv.*" } &>> { kind = server }) || ({ true }) | select(status, resource.service.name, name, nestedSetParent, nestedSetLeft, nestedSetRight)',
      '{ event:name = "gen_ai.choice" && instrumentation:version =~ "1.*" } !>> { trace:id = "ABC" } | avg(duration) >= 1.5s',
      '{ span:id != "x" && span:parentID = "" } ~ { statusMessage = "t" } | max(span.gen_ai.usage.input_tokens) < 3 with(most_recent=true)',
    ];
    const pieces = ['{', '}', '(', ')', '|', ',', '"', '&&', '||', '=~', '<', '!', '-', '.', ':', 'by', 'count()', '9e999', '\\'];
    const now = Math.floor(Date.now() / 1000);
    for (let i = 0; i < 600; i++) {
      let q = seeds[Math.floor(r() * seeds.length)];
      const at = Math.floor(r() * q.length);
      q = r() < 0.5 ? q.slice(0, at) + pieces[Math.floor(r() * pieces.length)] + q.slice(at) : q.slice(0, at) + q.slice(at + 1 + Math.floor(r() * 5));
      const res = await fetch(`${stack.api}/api/search?${new URLSearchParams({ q, start: String(now - 600), end: String(now + 60), spss: '5' })}`);
      expect(res.status === 200 || res.status === 400, `${q} → ${res.status} ${await res.text()}`).toBe(true);
    }
  }, 60_000);

  it('takes Drilldown span-list queries in search too (bare true, nestedSetParent, hints)', async () => {
    const { status, body } = await search({ q: `{nestedSetParent<0 && true && ${OURS}} with(most_recent=true)` });
    expect(status).toBe(200);
    expect(body.traces.map((t: any) => t.rootTraceName).sort()).toEqual(['invoke_agent planner', 'invoke_agent summarizer']);
    expect((await search({ q: `{ false || ${OURS} && name = "chat gpt-4o" }` })).body.traces).toHaveLength(1);
  });
});

describe('Tempo search with select()', () => {
  it('returns the selected attributes with each matched span', async () => {
    const { status, body } = await search({ q: '{ resource.service.name = "agent-svc" && name = "chat gpt-4o" } | select(span.gen_ai.request.model, span.gen_ai.usage.input_tokens, status)', spss: '5' });
    expect(status).toBe(200);
    expect(body.traces).toHaveLength(1);
    const [span] = body.traces[0].spanSets[0].spans;
    expect(attrs(span.attributes)).toMatchObject({ 'gen_ai.request.model': { stringValue: 'gpt-4o' }, 'gen_ai.usage.input_tokens': { intValue: '120' } });
  });
});

describe('TraceQL scoped intrinsics (event:name, instrumentation:*, ids)', () => {
  it('finds spans by an event name, their instrumentation scope and their ids, groups by scope and lists values', async () => {
    const spans = async (q: string) => {
      const { status, body } = await search({ q, spss: '10' });
      expect(status, JSON.stringify(body)).toBe(200);
      return body.traces.flatMap((t: any) => t.spanSets[0].spans.map((s: any) => s.spanID)).sort();
    };
    expect(await spans('{ event:name = "gen_ai.choice" }')).toEqual([fx.spanIds.chat]);
    expect(await spans('{ instrumentation:name = "tool-lib" && instrumentation:version =~ "0\\.3.*" }')).toEqual([fx.spanIds.search]);
    // Ids as Tempo shows them, in either case.
    expect(await spans(`{ span:id = "${fx.spanIds.chat.toUpperCase()}" }`)).toEqual([fx.spanIds.chat]);
    expect(await spans(`{ span:parentID = "${fx.spanIds.root}" }`)).toEqual([fx.spanIds.chat, fx.spanIds.search].sort());
    expect(await spans(`{ trace:id = "${fx.slowTraceId}" }`)).toEqual([fx.spanIds.slow, fx.spanIds.claude].sort());
    const now = Math.floor(Date.now() / 1000);
    const grouped = await getJson(`${stack.api}/api/metrics/query?${new URLSearchParams({ q: '{ resource.service.name =~ "agent-svc|tool-svc" } | count_over_time() by (instrumentation:name)', start: String(now - 3600), end: String(now + 60) })}`);
    expect(grouped.body.series.map((x: any) => [x.labels[0].key, x.labels[0].value.stringValue, x.value]).sort()).toEqual([
      ['instrumentation:name', 'tool-lib', 1],
      ['instrumentation:name', 'watchllm-test', 4],
    ]);
    const values = await getJson(`${stack.api}/api/v2/search/tag/event:name/values?${window()}`);
    expect(values.body.tagValues.map((v: any) => v.value)).toContain('gen_ai.choice');
    const scopes = await getJson(`${stack.api}/api/v2/search/tag/instrumentation:name/values?${window()}`);
    expect(scopes.body.tagValues.map((v: any) => v.value)).toEqual(expect.arrayContaining(['tool-lib', 'watchllm-test']));
  });
});

describe('TraceQL spanset aggregates', () => {
  it('keeps the traces whose matching spans, counted or aggregated, compare so', async () => {
    const OURS = 'resource.service.name =~ "agent-svc|tool-svc"';
    const traces = async (q: string) => {
      const { status, body } = await search({ q, spss: '10' });
      expect(status, JSON.stringify(body)).toBe(200);
      return body.traces.map((t: any) => t.traceID).sort();
    };
    const both = [fx.agentTraceId, fx.slowTraceId].sort();
    expect(await traces('{ resource.service.name = "agent-svc" } | count() > 1')).toEqual(both);
    expect(await traces(`{ ${OURS} } | count() > 2`)).toEqual([fx.agentTraceId]);
    expect(await traces(`{ ${OURS} } | count() = 2`)).toEqual([fx.slowTraceId]);
    // The summarizer (3 s) and its chat (2.4 s) average 2.7 s; the planner (700 ms) and its chat (250 ms) 475 ms.
    expect(await traces('{ resource.service.name = "agent-svc" } | avg(duration) > 1s')).toEqual([fx.slowTraceId]);
    expect(await traces(`{ ${OURS} && kind = client } | sum(duration) < 1s`)).toEqual([fx.agentTraceId]);
    expect(await traces(`{ ${OURS} } | max(span.gen_ai.usage.input_tokens) >= 100`)).toEqual([fx.agentTraceId]);
    expect(await traces(`{ ${OURS} } | count() > 1 | min(duration) > 2s`)).toEqual([fx.slowTraceId]);
    // The span sets keep their spans; metrics count the spans of the traces that pass.
    const { body } = await search({ q: `{ ${OURS} } | count() = 2 | select(status)`, spss: '10' });
    expect(body.traces[0].spanSets[0].spans.map((s: any) => s.spanID).sort()).toEqual([fx.spanIds.slow, fx.spanIds.claude].sort());
    const now = Math.floor(Date.now() / 1000);
    const counted = await getJson(`${stack.api}/api/metrics/query?${new URLSearchParams({ q: `{ ${OURS} } | count() > 2 | count_over_time()`, start: String(now - 3600), end: String(now + 60) })}`);
    expect(counted.body.series[0].value).toBe(3);
  });
});

describe('TraceQL | by() in search', () => {
  it('splits each trace\'s matched spans into span sets by a value, and aggregates per set', async () => {
    const OURS = 'resource.service.name =~ "agent-svc|tool-svc"';
    const sets = async (q: string) => {
      const { status, body } = await search({ q, spss: '10' });
      expect(status, JSON.stringify(body)).toBe(200);
      return Object.fromEntries(
        body.traces.map((t: any) => [t.traceID, t.spanSets.map((ss: any) => [ss.attributes[0].value.stringValue, ss.spans.map((x: any) => x.spanID).sort(), ss.matched]).sort()]),
      );
    };
    expect(await sets(`{ ${OURS} } | by(resource.service.name)`)).toEqual({
      [fx.agentTraceId]: [['agent-svc', [fx.spanIds.root, fx.spanIds.chat].sort(), 2], ['tool-svc', [fx.spanIds.search], 1]],
      [fx.slowTraceId]: [['agent-svc', [fx.spanIds.slow, fx.spanIds.claude].sort(), 2]],
    });
    // The aggregate holds per set: tool-svc's one span falls out of the planner's trace.
    expect(await sets(`{ ${OURS} } | by(resource.service.name) | count() > 1`)).toEqual({
      [fx.agentTraceId]: [['agent-svc', [fx.spanIds.root, fx.spanIds.chat].sort(), 2]],
      [fx.slowTraceId]: [['agent-svc', [fx.spanIds.slow, fx.spanIds.claude].sort(), 2]],
    });
    expect(await sets(`{ ${OURS} } | by(kind) | count() = 1 | avg(duration) > 2s`)).toEqual({
      [fx.slowTraceId]: [['client', [fx.spanIds.claude], 1], ['server', [fx.spanIds.slow], 1]],
    });
    const { body } = await search({ q: `{ ${OURS} } | by(resource.service.name)` });
    expect(body.traces[0].spanSets[0].attributes[0].key).toBe('by(resource.service.name)');
    expect((await search({ q: '{ } | by(duration)' })).body.error).toMatch(/cannot split span sets by duration/);
    const now = Math.floor(Date.now() / 1000);
    const metrics = await getJson(`${stack.api}/api/metrics/query?${new URLSearchParams({ q: '{ } | by(name) | rate()', start: String(now - 60), end: String(now) })}`);
    expect(metrics.status).toBe(400);
  });
});

describe("Traces Drilldown's structure tab", () => {
  it('returns selected intrinsics with each span, and nested-set bounds that rebuild each trace tree', async () => {
    const q = '({ resource.service.name =~ "agent-svc|tool-svc" } &>> { kind = server }) || ({ resource.service.name =~ "agent-svc|tool-svc" }) | select(status, resource.service.name, name, nestedSetParent, nestedSetLeft, nestedSetRight)';
    const { status, body } = await search({ q, spss: '20', limit: '200' });
    expect(status, JSON.stringify(body)).toBe(200);
    const trace = body.traces.find((t: any) => t.traceID === fx.agentTraceId);
    const spans = new Map<string, Record<string, any>>(trace.spanSets[0].spans.map((s: any) => [s.spanID, attrs(s.attributes)]));
    expect(spans.size).toBe(3);
    const root = spans.get(fx.spanIds.root)!;
    const chat = spans.get(fx.spanIds.chat)!;
    const tool = spans.get(fx.spanIds.search)!;
    expect(root).toMatchObject({ status: { stringValue: 'unset' }, 'service.name': { stringValue: 'agent-svc' }, nestedSetLeft: { intValue: '1' }, nestedSetParent: { intValue: '-1' } });
    expect(tool).toMatchObject({ status: { stringValue: 'error' }, 'service.name': { stringValue: 'tool-svc' } });
    const n = (a: Record<string, any>, k: string) => Number(a[k].intValue);
    // Drilldown places a span under the node whose bounds contain its own, and reads its parent's left.
    for (const child of [chat, tool]) {
      expect(n(child, 'nestedSetLeft')).toBeGreaterThan(n(root, 'nestedSetLeft'));
      expect(n(child, 'nestedSetRight')).toBeLessThan(n(root, 'nestedSetRight'));
      expect(n(child, 'nestedSetParent')).toBe(n(root, 'nestedSetLeft'));
    }
    expect(n(chat, 'nestedSetRight')).toBeLessThan(n(tool, 'nestedSetLeft')); // the chat started first
    expect((await search({ q: '{ nestedSetLeft > 1 }' })).body.error).toMatch(/nestedSetLeft can be selected, not compared/);
  });
});

describe('TraceQL event attributes', () => {
  it('matches spans by an attribute of one of their events, returns it selected, and lists its values', async () => {
    const ids = async (q: string) => (await search({ q })).body.traces.map((t: any) => t.traceID);
    expect(await ids('{ resource.service.name = "agent-svc" && event.index = 0 }')).toEqual([fx.agentTraceId]);
    expect(await ids('{ name = "chat gpt-4o" && event.index = nil }')).toEqual([]);
    expect(await ids('{ name = "chat claude-sonnet-4" && event.index = nil }')).toEqual([fx.slowTraceId]);
    const { body } = await search({ q: '{ name = "chat gpt-4o" } | select(event.index)', spss: '5' });
    expect(attrs(body.traces[0].spanSets[0].spans[0].attributes).index).toEqual({ stringValue: '0' });
    const now = Math.floor(Date.now() / 1000);
    const values = await getJson(`${stack.api}/api/v2/search/tag/event.index/values?start=${now - 3600}&end=${now + 60}`);
    expect(values.body.tagValues.map((v: any) => v.value)).toEqual(['0']);
    const scopes = await getJson(`${stack.api}/api/v2/search/tags?scope=event&start=${now - 3600}&end=${now + 60}`);
    expect(scopes.body.scopes).toEqual([{ name: 'event', tags: ['index'] }]);
    const grouped = await getJson(`${stack.api}/api/metrics/query?${new URLSearchParams({ q: '{ } | rate() by (event.index)' })}`);
    expect(grouped.status).toBe(400);
    expect(grouped.body.error).toMatch(/cannot group by an event attribute/);
  });
});

describe('TraceQL structural operators', () => {
  it('finds spans by their parent, children, ancestors and descendants', async () => {
    const found = async (q: string) => {
      const { status, body } = await search({ q, spss: '10' });
      expect(status, JSON.stringify(body)).toBe(200);
      return body.traces.map((t: any) => [t.traceID, t.spanSets[0].spans.map((s: any) => s.spanID).sort()]);
    };
    expect(await found('{ name = "invoke_agent planner" } > { status = error }')).toEqual([[fx.agentTraceId, [fx.spanIds.search]]]);
    expect(await found('{ span.gen_ai.operation.name = "invoke_agent" } >> { status = error }')).toEqual([[fx.agentTraceId, [fx.spanIds.search]]]);
    expect(await found('{ status = error } << { kind = server }')).toEqual([[fx.agentTraceId, [fx.spanIds.root]]]);
    expect(await found('{ status = error } < { kind = server }')).toEqual([[fx.agentTraceId, [fx.spanIds.root]]]);
    expect(await found('{ status = error } < { name = "chat gpt-4o" }')).toEqual([]);
    expect(await found('{ name = "invoke_agent summarizer" } >> { status = error }')).toEqual([]);
    // Siblings (never the span itself), and span sets that must both be in the trace, or either.
    expect(await found('{ name = "chat gpt-4o" } ~ { }')).toEqual([[fx.agentTraceId, [fx.spanIds.search]]]);
    expect(await found('{ name = "chat gpt-4o" } ~ { name = "chat gpt-4o" }')).toEqual([]);
    expect(await found('{ name = "chat claude-sonnet-4" } ~ { }')).toEqual([]);
    expect(await found('{ name = "chat gpt-4o" } && { status = error }')).toEqual([[fx.agentTraceId, [fx.spanIds.chat, fx.spanIds.search].sort()]]);
    expect(await found('{ name = "chat claude-sonnet-4" } && { status = error }')).toEqual([]);
    expect((await found('{ name = "chat claude-sonnet-4" } || { status = error }')).map((t: any) => t[0]).sort()).toEqual([fx.agentTraceId, fx.slowTraceId].sort());
    // `&`-forms keep both sides' spans: the planner (it has a failed child) and the failed child.
    expect(await found('({ name = "invoke_agent planner" } &> { status = error })')).toEqual([[fx.agentTraceId, [fx.spanIds.root, fx.spanIds.search].sort()]]);
    // Negations: spans standing in no such relation to any left-side span.
    const ours = 'resource.service.name =~ "agent-svc|tool-svc"';
    expect(await found(`{ span.gen_ai.operation.name = "invoke_agent" } !>> { status = error && ${ours} }`)).toEqual([]);
    expect(await found(`{ name = "invoke_agent summarizer" } !>> { status = error && ${ours} }`)).toEqual([[fx.agentTraceId, [fx.spanIds.search]]]);
    expect((await found(`{ name = "invoke_agent planner" } !> { resource.service.name = "agent-svc" }`)).sort()).toEqual(
      [[fx.agentTraceId, [fx.spanIds.root]], [fx.slowTraceId, [fx.spanIds.slow, fx.spanIds.claude].sort()]].sort(),
    );
    expect(await found(`{ status = error } !< { ${ours} && kind = server && name = "invoke_agent planner" }`)).toEqual([]);
    expect((await found(`{ name = "chat gpt-4o" } !~ { ${ours} && name =~ "chat.*|execute.*" }`)).sort()).toEqual([[fx.agentTraceId, [fx.spanIds.chat]], [fx.slowTraceId, [fx.spanIds.claude]]].sort());
    // Chained left to right: children of the planner's children (none: it has two leaves).
    expect(await found('{ name = "invoke_agent planner" } > { } > { }')).toEqual([]);
    const now = Math.floor(Date.now() / 1000);
    const counted = await getJson(`${stack.api}/api/metrics/query?${new URLSearchParams({ q: `{ kind = server && resource.service.name = "agent-svc" } > { } | count_over_time()`, start: String(now - 3600), end: String(now + 60) })}`);
    expect(counted.body.series[0].value).toBe(3); // the planner's two children and the summarizer's one
  });
});

describe('TraceQL compare() (Traces Drilldown comparison tab)', () => {
  const OURS = 'resource.service.name =~ "agent-svc|tool-svc"';
  type Series = { labels: { key: string; value: { stringValue: string } }[]; samples: { timestampMs: string; value: number }[]; promLabels: string };
  const compare = async (q: string, step = '3660s') => {
    const now = Math.floor(Date.now() / 1000);
    const { status, body } = await getJson(`${stack.api}/api/metrics/query_range?${new URLSearchParams({ q, start: String(now - 3600), end: String(now + 60), step })}`);
    expect(status, JSON.stringify(body)).toBe(200);
    // meta type → attribute → value → count over the window
    const out: Record<string, Record<string, Record<string, number>>> = {};
    for (const s of body.series as Series[]) {
      const [meta, attr] = s.labels;
      const byAttr = (out[meta.value.stringValue] ??= {});
      (byAttr[attr.key] ??= {})[attr.value.stringValue] = s.samples.reduce((n, x) => n + x.value, 0);
    }
    return { out, series: body.series as Series[] };
  };

  it('splits the spans into selection and baseline and counts every attribute value on each side, as Tempo labels it', async () => {
    const { out } = await compare(`{ ${OURS} } | compare({ status = error })`);
    // The failed tool call is the selection; the four agent spans the baseline.
    expect(out.selection['name']).toEqual({ 'execute_tool search': 1 });
    expect(out.selection['status']).toEqual({ error: 1 });
    expect(out.selection['kind']).toEqual({ internal: 1 });
    expect(out.selection['statusMessage']).toEqual({ 'search backend timed out': 1 });
    expect(out.selection['resource.service.name']).toEqual({ 'tool-svc': 1 });
    expect(out.selection['span.gen_ai.tool.name']).toEqual({ search: 1 });
    expect(out.selection['rootName']).toEqual({ 'invoke_agent planner': 1 });
    expect(out.selection['rootServiceName']).toEqual({ 'agent-svc': 1 });
    expect(out.baseline['resource.service.name']).toEqual({ 'agent-svc': 4 });
    expect(out.baseline['kind']).toEqual({ server: 2, client: 2 });
    expect(out.baseline['status']).toEqual({ unset: 4 });
    expect(out.baseline['span.gen_ai.request.model']).toEqual({ 'gpt-4o': 1, 'claude-sonnet-4': 1 });
    expect(out.baseline['span.gen_ai.usage.input_tokens']).toEqual({ '120': 1 });
    expect(out.baseline['rootName']).toEqual({ 'invoke_agent planner': 2, 'invoke_agent summarizer': 2 });
    // Totals: the spans having each attribute on each side (the label's value is nil, as Tempo's).
    expect(out.baseline_total['span.gen_ai.request.model']).toEqual({ nil: 2 });
    expect(out.baseline_total['name']).toEqual({ nil: 4 });
    expect(out.selection_total['name']).toEqual({ nil: 1 });
    expect(out.selection_total['span.gen_ai.request.model']).toBeUndefined();
    expect(out.__meta_error).toBeUndefined();
  });

  it("takes Drilldown's form: a duration selection, a number of values and the selection's time bounds", async () => {
    const nowNs = BigInt(Date.now()) * 1_000_000n;
    const hour = 3_600_000_000_000n;
    // Spans of 1 s and more, within the last hour: the summarizer (3 s) and its chat (2.4 s).
    const { out, series } = await compare(`{ ${OURS} } | compare({duration >= 1s && duration <= 10s}, 2, ${nowNs - hour}, ${nowNs + hour})`);
    expect(out.selection['name']).toEqual({ 'invoke_agent summarizer': 1, 'chat claude-sonnet-4': 1 });
    // Three names (and kinds, operations) on the baseline side, two shown: those attributes are flagged as having more.
    expect(Object.keys(out.baseline['name'])).toHaveLength(2);
    expect(out.baseline_total['name']).toEqual({ nil: 3 });
    expect(Object.keys(out.__too_many_values__).sort()).toEqual(['kind', 'name', 'span.gen_ai.operation.name']);
    expect(series.find((s) => s.labels[0].key === '__meta_error' && s.labels[1].key === 'name')!.promLabels).toBe('{__meta_error="__too_many_values__", name="nil"}');
    // A selection window before the spans selects none of them.
    const before = await compare(`{ ${OURS} } | compare({ duration >= 1s }, 10, ${nowNs - 2n * hour}, ${nowNs - hour})`);
    expect(before.out.selection).toBeUndefined();
    expect(before.out.baseline_total['name']).toEqual({ nil: 5 });
  });

  it('counts per step over a range, and leaves long free text out', async () => {
    const { series } = await compare(`{ ${OURS} } | compare({ status = error })`, '60s');
    const total = series.find((s) => s.labels[0].value.stringValue === 'baseline_total' && s.labels[1].key === 'name')!;
    for (const x of total.samples) expect(Number(x.timestampMs) % 60_000).toBe(0);
    expect(total.samples.reduce((n, x) => n + x.value, 0)).toBe(4);
    const instant = await getJson(`${stack.api}/api/metrics/query?${new URLSearchParams({ q: `{ ${OURS} } | compare({ status = error })` })}`);
    expect(instant.status).toBe(200);
    const names = instant.body.series.filter((s: any) => s.labels[1].key === 'name' && s.labels[0].value.stringValue === 'baseline');
    expect(names.map((s: any) => s.value).sort()).toEqual([1, 1, 1, 1]);
    // Free text (here a 1,000-character prompt) is no dimension to compare on: left out.
    const e = emitter(stack.otlpHttp, 'compare-svc');
    for (const prompt of ['short question', 'x'.repeat(1000)]) e.tracer.startSpan('chat m', { attributes: { 'gen_ai.prompt': prompt } }).end();
    await e.flush();
    const { out } = await compare('{ resource.service.name = "compare-svc" } | compare({ })');
    expect(out.selection['span.gen_ai.prompt']).toEqual({ 'short question': 1 });
    expect(out.selection_total['name']).toEqual({ nil: 2 });
  });
});
