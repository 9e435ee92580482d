import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertRows, TABLES, nanosToDateTime64 } from '@watchllm/collector';
import { agentRun, chatWithLogRecords, emitter, type AgentRun } from './genai-fixtures.js';
import { eventually, getJson, startTestStack, type TestStack } from './helpers.js';

let stack: TestStack;
const runs: { run: AgentRun; model: string; sessionId: string; userId: string; failed: boolean }[] = [];
let logged: { traceId: string; spanId: string };
const PAGER_SERVICE = 'pager-svc';
const PAGER_TRACES = 1000;
const pagerIds = new Set<string>();
const OTHER_TRACE = 'fe'.repeat(16);

/** Another project's data, written straight to the store: no response may ever show it. */
async function seedOtherProject() {
  const ns = (BigInt(Date.now() - 60_000) * 1_000_000n).toString();
  await insertRows(stack.running.store, TABLES.traces, [
    {
      Timestamp: nanosToDateTime64(ns),
      TraceId: OTHER_TRACE,
      SpanId: 'fe'.repeat(8),
      ParentSpanId: '',
      SpanName: 'secret-op',
      SpanKind: 'Client',
      ServiceName: 'secret-svc',
      SpanAttributes: { 'secret.key': 'secret-value', 'gen_ai.input.messages': 'Lisbon secret plans' },
      Duration: '2000000',
      StatusCode: 'Error',
      ProjectId: 'other-project',
      GenAiOperation: 'chat',
      GenAiProvider: 'openai',
      GenAiRequestModel: 'secret-model',
      GenAiInputTokens: 1000,
      GenAiOutputTokens: 1000,
      CostUsd: 99,
      GenAiConversationId: 'session-A',
      GenAiUserId: 'user-1',
      GenAiStepType: 'llm',
    },
  ]);
}

beforeAll(async () => {
  stack = await startTestStack(undefined, { WATCHLLM_JUDGE_URL_OPENAPI: 'http://127.0.0.1:9/v1' });
  const agents = emitter(stack.otlpHttp, 'travel-agent');
  const plan = [
    { model: 'gpt-4o-mini', sessionId: 'session-A', userId: 'user-1', failed: false },
    { model: 'gpt-4o-mini', sessionId: 'session-A', userId: 'user-1', failed: false },
    { model: 'claude-3-5-sonnet-20241022', sessionId: 'session-B', userId: 'user-2', failed: true },
    { model: 'my-private-model', sessionId: 'session-C', userId: 'user-2', failed: false },
  ];
  plan.forEach((p, i) => {
    const provider = p.model.startsWith('claude') ? 'anthropic' : 'openai';
    const run = agentRun(agents.tracer, { ...p, provider, failSecondTool: p.failed, startMs: Date.now() - 60_000 + i * 5_000 });
    runs.push({ run, ...p });
  });
  await agents.flush();

  // 1,000 one-span traces in two requests; groups of four share a start time to exercise the id tie-break.
  const pager = emitter(stack.otlpHttp, PAGER_SERVICE, 500);
  const base = Date.now() - 30 * 60_000;
  for (let i = 0; i < PAGER_TRACES; i++) {
    const span = pager.tracer.startSpan('page-me', { startTime: new Date(base + Math.floor(i / 4) * 1000) });
    span.end(new Date(base + Math.floor(i / 4) * 1000 + 5));
    pagerIds.add(span.spanContext().traceId);
  }
  await pager.flush();
  logged = await chatWithLogRecords(stack.otlpHttp, 'gpt-4.1-nano');
  await seedOtherProject();
  await eventually(
    () => getJson(`${stack.api}/api/v1/traces?service=${PAGER_SERVICE}&limit=1000`),
    (r) => r.body.traces?.length === PAGER_TRACES,
  );
});

afterAll(async () => {
  await stack?.running.shutdown();
});

describe('agent run through the real exporters', () => {
  it('reads back the waterfall with the canonical GenAI record', async () => {
    const { run, model } = runs[0];
    const { status, body } = await getJson(`${stack.api}/api/v1/traces/${run.traceId}`);
    expect(status).toBe(200);
    expect(body.spans.map((s: any) => [s.spanId, s.depth])).toEqual([
      [run.agent, 0],
      [run.chat1, 1],
      [run.toolHotels, 1],
      [run.toolWeather, 1],
      [run.chat2, 1],
    ]);
    const chat1 = body.spans[1];
    expect(chat1.genAi).toMatchObject({ operation: 'chat', provider: 'openai', requestModel: model, inputTokens: 120, outputTokens: 30, stepType: 'llm' });
    expect(chat1.genAi.costUsd).toBeGreaterThan(0);
    expect(chat1.genAi.outputMessages[0].parts.map((p: any) => p.id)).toEqual(['call_weather', 'call_hotels']);
    expect(body.spans[3].genAi).toMatchObject({ stepType: 'tool', toolName: 'get_weather', toolCallId: 'call_weather' });
  });

  it('yields steps in execution order and links each requested tool call to the tool that ran it', async () => {
    const { run, model } = runs[0];
    const { status, body } = await getJson(`${stack.api}/api/v1/traces/${run.traceId}/steps`);
    expect(status).toBe(200);
    expect(body.traceId).toBe(run.traceId);
    expect(body.steps.map((s: any) => [s.index, s.spanId, s.type])).toEqual([
      [0, run.agent, 'agent'],
      [1, run.chat1, 'llm'],
      [2, run.toolHotels, 'tool'],
      [3, run.toolWeather, 'tool'],
      [4, run.chat2, 'llm'],
    ]);
    const [agent, chat1, hotels, , chat2] = body.steps;
    expect(agent.agentName).toBe('trip-planner');
    expect(chat1).toMatchObject({ model, inputTokens: 120, outputTokens: 30 });
    expect(chat1.requestedToolCalls).toEqual([
      { id: 'call_weather', name: 'get_weather', arguments: { city: 'Lisbon' } },
      { id: 'call_hotels', name: 'search_hotels', arguments: { city: 'Lisbon', nights: 2 } },
    ]);
    expect(hotels).toMatchObject({ toolName: 'search_hotels', toolCallId: 'call_hotels', toolArguments: { city: 'Lisbon', nights: 2 } });
    expect(chat2.outputMessages[0].parts[0].content).toContain('Alfama Inn');
    expect(body.edges).toEqual([
      { from: run.agent, to: run.chat1, kind: 'child' },
      { from: run.agent, to: run.toolHotels, kind: 'child' },
      { from: run.agent, to: run.toolWeather, kind: 'child' },
      { from: run.agent, to: run.chat2, kind: 'child' },
      { from: run.chat1, to: run.toolHotels, kind: 'tool_call' },
      { from: run.chat1, to: run.toolWeather, kind: 'tool_call' },
    ]);
  });

  it('completes a span from its log records and shows them as events', async () => {
    const { body } = await eventually(
      () => getJson(`${stack.api}/api/v1/traces/${logged.traceId}`),
      (r) => r.body.spans?.[0]?.events?.length === 2,
      5_000,
    );
    const span = body.spans[0];
    expect(span.events.map((e: any) => e.name)).toEqual(['gen_ai.user.message', 'gen_ai.choice']);
    expect(span.events[0].attributes.body).toEqual({ content: 'What is OTLP?' });
    expect(span.genAi.inputMessages[0].parts[0].content).toBe('What is OTLP?');
    expect(span.genAi.outputMessages[0].parts[0].content).toBe('A protocol for telemetry.');
  });
});

describe('search', () => {
  const search = async (qs: string) => (await getJson(`${stack.api}/api/v1/traces?${qs}`)).body.traces.map((t: any) => t.traceId) as string[];
  const ids = (pick: (r: (typeof runs)[number]) => boolean) => runs.filter(pick).map((r) => r.run.traceId).sort();

  it('summarizes an agent trace', async () => {
    const { run, model } = runs[0];
    const { body } = await getJson(`${stack.api}/api/v1/traces?sessionId=session-A&limit=10`);
    const t = body.traces.find((x: any) => x.traceId === run.traceId);
    expect(t).toMatchObject({
      rootName: 'invoke_agent trip-planner',
      serviceName: 'travel-agent',
      spanCount: 5,
      errorCount: 0,
      llmCallCount: 2,
      inputTokens: 380,
      outputTokens: 110,
      models: [model],
      sessionId: 'session-A',
      userId: 'user-1',
    });
    expect(t.durationMs).toBeCloseTo(1600, 3);
    expect(t.costUsd).toBeGreaterThan(0);
    expect(t.startTimeUnixNano).toMatch(/^\d{19}$/);
  });

  it('filters by trace and span properties', async () => {
    expect((await search('model=claude-3-5-sonnet-20241022')).sort()).toEqual(ids((r) => r.model.startsWith('claude')));
    expect((await search('provider=anthropic')).sort()).toEqual(ids((r) => r.model.startsWith('claude')));
    expect((await search('status=error')).sort()).toEqual(ids((r) => r.failed));
    expect((await search('userId=user-2')).sort()).toEqual(ids((r) => r.userId === 'user-2'));
    expect((await search('q=LISBON')).sort()).toEqual(ids(() => true));
    expect((await search('q=alfama%20inn&sessionId=session-B')).sort()).toEqual(ids((r) => r.sessionId === 'session-B'));
    expect((await search('attr.gen_ai.tool.call.id=call_hotels&service=travel-agent')).sort()).toEqual(ids(() => true));
    expect((await search('attr.service.name=travel-agent&operation=execute_tool')).sort()).toEqual(ids(() => true));
    expect((await search('minDurationMs=1500&maxDurationMs=1700')).sort()).toEqual(ids(() => true));
    expect(await search('minCostUsd=1000')).toEqual([]);
    expect(await search('q=100%25')).toEqual([]);
  });

  it('walks a 1,000-trace result exactly once, newest first', async () => {
    const seen: string[] = [];
    const keys: [bigint, string][] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const qs: string = `service=${PAGER_SERVICE}&limit=37${cursor ? `&cursor=${cursor}` : ''}`;
      const { status, body } = await getJson(`${stack.api}/api/v1/traces?${qs}`);
      expect(status).toBe(200);
      for (const t of body.traces) {
        seen.push(t.traceId);
        keys.push([BigInt(t.startTimeUnixNano), t.traceId]);
      }
      cursor = body.nextCursor;
      pages++;
    } while (cursor && pages < 100);
    expect(pages).toBe(Math.ceil(PAGER_TRACES / 37));
    expect(seen).toHaveLength(PAGER_TRACES);
    expect(new Set(seen)).toEqual(pagerIds);
    for (let i = 1; i < keys.length; i++) {
      const [a, b] = [keys[i - 1], keys[i]];
      expect(a[0] > b[0] || (a[0] === b[0] && a[1] > b[1])).toBe(true);
    }
  });
});

describe('sessions', () => {
  it('lists conversations with totals and returns one with its turns', async () => {
    const { body } = await getJson(`${stack.api}/api/v1/sessions`);
    const a = body.sessions.find((s: any) => s.sessionId === 'session-A');
    expect(a).toMatchObject({ userId: 'user-1', traceCount: 2, inputTokens: 760, outputTokens: 220 });
    expect(body.sessions.map((s: any) => s.sessionId).sort()).toEqual(['session-A', 'session-B', 'session-C']);
    expect(BigInt(a.lastSeenUnixNano) > BigInt(a.firstSeenUnixNano)).toBe(true);

    const one = await getJson(`${stack.api}/api/v1/sessions/session-A`);
    expect(one.status).toBe(200);
    expect(one.body.traces.map((t: any) => t.traceId)).toEqual(runs.filter((r) => r.sessionId === 'session-A').map((r) => r.run.traceId));
    expect(one.body.traces[0].inputMessages[0].parts[0].content).toBe('Plan a weekend in Lisbon');
    expect(one.body.traces[0].outputMessages[0].parts[0].content).toContain('Alfama Inn');
    expect((await getJson(`${stack.api}/api/v1/sessions/no-such-session`)).status).toBe(404);
  });
});

describe('trace export', () => {
  it('exports the filtered search as CSV or NDJSON, every page up to the limit', async () => {
    const listed = await getJson(`${stack.api}/api/v1/traces?limit=1000`);
    const csv = await fetch(`${stack.api}/api/v1/traces/export`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(csv.headers.get('content-disposition')).toBe('attachment; filename="watchllm-traces.csv"');
    const lines = (await csv.text()).trimEnd().split('\r\n');
    expect(lines[0]).toBe('traceId,start,rootName,service,durationMs,spans,errors,llmCalls,inputTokens,outputTokens,costUsd,models,sessionId,userId,scores,tags');
    expect(lines.slice(1).map((l) => l.split(',')[0])).toEqual(listed.body.traces.map((t: any) => t.traceId));
    // The same filters as the search; NDJSON carries the search's own objects.
    const nd = await fetch(`${stack.api}/api/v1/traces/export?format=ndjson&userId=user-1`);
    expect(nd.headers.get('content-type')).toBe('application/x-ndjson');
    const rows = (await nd.text()).trim().split('\n').map((l) => JSON.parse(l));
    expect(rows.map((r) => r.traceId).sort()).toEqual(runs.filter((r) => r.userId === 'user-1').map((r) => r.run.traceId).sort());
    expect(rows[0]).toMatchObject({ userId: 'user-1', sessionId: 'session-A' });
    const limited = (await (await fetch(`${stack.api}/api/v1/traces/export?limit=2`)).text()).trimEnd().split('\r\n');
    expect(limited).toHaveLength(3);
    expect((await getJson(`${stack.api}/api/v1/traces/export?format=xlsx`)).status).toBe(400);
  });
});

describe('trace previews', () => {
  it('gives each listed trace a line of input (the user’s question) and output (the final answer)', async () => {
    const ids = runs.map((r) => r.run.traceId);
    const unknown = 'ab'.repeat(16);
    const { status, body } = await getJson(`${stack.api}/api/v1/traces/previews?${[...ids, unknown].map((id) => `traceId=${id}`).join('&')}`);
    expect(status).toBe(200);
    expect(body.previews.map((p: any) => p.traceId)).toEqual([...ids, unknown]);
    for (const p of body.previews.slice(0, ids.length)) expect(p).toMatchObject({ input: 'Plan a weekend in Lisbon', output: 'Sunny weekend; stay at Alfama Inn.' });
    expect(body.previews[ids.length]).toEqual({ traceId: unknown, input: null, output: null });
    // Another project's trace is unknown here too.
    expect((await getJson(`${stack.api}/api/v1/traces/previews?traceId=${OTHER_TRACE}`)).body.previews[0]).toMatchObject({ input: null, output: null });
  });

  it('refuses a bad id or too many by name', async () => {
    expect((await getJson(`${stack.api}/api/v1/traces/previews?traceId=xyz`)).status).toBe(400);
    const many = Array.from({ length: 101 }, (_, i) => `traceId=${i.toString(16).padStart(32, '0')}`).join('&');
    const tooMany = await getJson(`${stack.api}/api/v1/traces/previews?${many}`);
    expect(tooMany.status).toBe(400);
    expect(JSON.stringify(tooMany.body)).toContain('traceId');
    expect((await getJson(`${stack.api}/api/v1/traces/previews`)).body).toEqual({ previews: [] });
  });
});

describe('users', () => {
  it('lists end users by latest activity with their traces, sessions, errors, tokens and cost, and pages them', async () => {
    const { status, body } = await getJson(`${stack.api}/api/v1/users`);
    expect(status).toBe(200);
    const byId = Object.fromEntries(body.users.map((u: any) => [u.userId, u]));
    expect(Object.keys(byId).sort()).toEqual(['user-1', 'user-2']);
    expect(byId['user-1']).toMatchObject({ traceCount: 2, sessionCount: 1, errorCount: 0, inputTokens: 760, outputTokens: 220 });
    expect(byId['user-2']).toMatchObject({ traceCount: 2, sessionCount: 2 });
    expect(byId['user-2'].errorCount).toBeGreaterThan(0);
    expect(byId['user-1'].costUsd).toBeGreaterThan(0);
    // Newest activity first; one per page, following the cursor, gives the same users once each.
    const last = (u: any) => BigInt(u.lastSeenUnixNano);
    expect(last(body.users[0]) >= last(body.users[1])).toBe(true);
    const first = await getJson(`${stack.api}/api/v1/users?limit=1`);
    const second = await getJson(`${stack.api}/api/v1/users?limit=1&cursor=${encodeURIComponent(first.body.nextCursor)}`);
    expect([...first.body.users, ...second.body.users].map((u: any) => u.userId)).toEqual(body.users.map((u: any) => u.userId));
    expect(second.body.nextCursor).toBeNull();
    expect((await getJson(`${stack.api}/api/v1/users?cursor=garbage`)).status).toBe(400);
  });
});

describe('rollups', () => {
  /** Sums over every model call (LLM/embedding span) this file sent, read back span by span through the waterfall. */
  async function spanSums() {
    const byModel = new Map<string | null, { cost: number | null; input: number; output: number; calls: number; durations: number[] }>();
    for (const traceId of [...runs.map((r) => r.run.traceId), logged.traceId]) {
      const { body } = await getJson(`${stack.api}/api/v1/traces/${traceId}`);
      for (const s of body.spans) {
        if (!s.genAi) continue;
        // Model-keyed rollups count model calls only: wrapper spans (agent, tool) have no model.
        const modelCall = s.genAi.stepType === 'llm' || s.genAi.stepType === 'embedding';
        if (!modelCall) continue;
        const key = s.genAi.requestModel ?? s.genAi.responseModel ?? null;
        const m = byModel.get(key) ?? { cost: null, input: 0, output: 0, calls: 0, durations: [] };
        if (modelCall && s.genAi.costUsd !== null) m.cost = (m.cost ?? 0) + s.genAi.costUsd;
        if (modelCall) m.input += s.genAi.inputTokens ?? 0;
        if (modelCall) m.output += s.genAi.outputTokens ?? 0;
        m.calls++;
        m.durations.push(s.durationMs);
        byModel.set(key, m);
      }
    }
    return byModel;
  }

  it('costs and tokens per model equal the sum over the spans', async () => {
    const sums = await spanSums();
    const { status, body } = await getJson(`${stack.api}/api/v1/costs?groupBy=model`);
    expect(status).toBe(200);
    expect(body.groupBy).toBe('model');
    expect(body.rows).toHaveLength(sums.size);
    for (const row of body.rows) {
      const want = sums.get(row.key)!;
      expect(want, String(row.key)).toBeDefined();
      expect(row.inputTokens).toBe(want.input);
      expect(row.outputTokens).toBe(want.output);
      expect(row.calls).toBe(want.calls);
      if (want.cost === null) expect(row.costUsd).toBeNull();
      else expect(row.costUsd).toBeCloseTo(want.cost, 10);
    }
    expect(body.rows.find((r: any) => r.key === 'my-private-model')).toMatchObject({ costUsd: null, unpricedCalls: 2 });
    expect(body.rows.find((r: any) => r.key === 'claude-3-5-sonnet-20241022').costUsd).toBeGreaterThan(0);
    expect(body.total.inputTokens).toBe([...sums.values()].reduce((a, m) => a + m.input, 0));
    expect(body.total.costUsd).toBeLessThan(99);
  });

  it('groups costs by session, user, day and operation', async () => {
    const bySession = (await getJson(`${stack.api}/api/v1/costs?groupBy=session`)).body;
    expect(bySession.rows.find((r: any) => r.key === 'session-A')).toMatchObject({ inputTokens: 760, outputTokens: 220 });
    const byUser = (await getJson(`${stack.api}/api/v1/costs?groupBy=user`)).body;
    expect(byUser.rows.find((r: any) => r.key === 'user-1')).toMatchObject({ inputTokens: 0, calls: 2 });
    const byOp = (await getJson(`${stack.api}/api/v1/costs?groupBy=operation`)).body;
    expect(byOp.rows.find((r: any) => r.key === 'execute_tool')).toMatchObject({ calls: 8, errors: 1, costUsd: null });
    const byDay = (await getJson(`${stack.api}/api/v1/costs?groupBy=day&start=${Date.now() - 3 * 86_400_000}`)).body;
    expect(byDay.rows.every((r: any) => /^\d{4}-\d{2}-\d{2}T00:00:00\.000Z$/.test(r.key))).toBe(true);
    expect(byDay.total.calls).toBe(byOp.total.calls);
  });

  it('reports latency quantiles and time series from the rollups', async () => {
    const sums = await spanSums();
    const latency = (await getJson(`${stack.api}/api/v1/metrics/latency?groupBy=model`)).body;
    for (const row of latency.rows) {
      const want = sums.get(row.key)!;
      expect(row.count).toBe(want.calls);
      expect(row.p50Ms).toBeGreaterThanOrEqual(Math.min(...want.durations) - 1e-6);
      expect(row.p99Ms).toBeLessThanOrEqual(Math.max(...want.durations) + 1e-6);
    }
    const costs = (await getJson(`${stack.api}/api/v1/costs`)).body;
    const calls = (await getJson(`${stack.api}/api/v1/metrics/timeseries?metric=calls&step=5m`)).body;
    expect(calls.series).toHaveLength(1);
    const points = calls.series[0].points as [number, number][];
    expect(points.every(([t]) => t % 300_000 === 0)).toBe(true);
    expect(points.reduce((a, [, v]) => a + v, 0)).toBe(costs.total.calls);
    const byModel = (await getJson(`${stack.api}/api/v1/metrics/timeseries?metric=latency_p95&groupBy=model&step=1h`)).body;
    expect(byModel.series.map((s: any) => s.key).sort()).toEqual([...sums.keys()].sort());
  });

  it('lists services and models for the filter dropdowns', async () => {
    const services = (await getJson(`${stack.api}/api/v1/services`)).body.services;
    expect(services).toEqual(expect.arrayContaining(['travel-agent', PAGER_SERVICE, 'openai-logs-app']));
    expect(services).not.toContain('secret-svc');
    const models = (await getJson(`${stack.api}/api/v1/models`)).body.models;
    expect(models.sort()).toEqual(['claude-3-5-sonnet-20241022', 'gpt-4.1-nano', 'gpt-4o-mini', 'my-private-model']);
  });
});

describe('openapi.json', () => {
  it('describes every route, and every described route answers', async () => {
    const { status, body } = await getJson(`${stack.api}/api/v1/openapi.json`);
    expect(status).toBe(200);
    expect(body.openapi).toBe('3.1.0');
    const paths = Object.keys(body.paths);
    for (const p of ['/api/v1/traces', '/api/v1/traces/{traceId}', '/api/v1/traces/{traceId}/steps', '/api/v1/logs', '/api/v1/sessions', '/api/v1/sessions/{sessionId}', '/api/v1/costs', '/api/v1/metrics/latency', '/api/v1/metrics/timeseries', '/api/v1/services', '/api/v1/models']) {
      expect(paths).toContain(p);
    }
    // A score given through the API, for the routes that read one by id.
    const scored = await fetch(`${stack.api}/api/v1/evaluations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ traceId: runs[0].run.traceId, name: 'openapi-check', score: 1 }),
    });
    const { id: scoreId } = await scored.json();
    await eventually(async () => (await fetch(`${stack.api}/api/public/v2/scores/${scoreId}`)).status, (status) => status === 200);
    // A prompt, for the route that reads one by name.
    const prompt = await fetch(`${stack.api}/api/public/v2/prompts`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'openapi-check', prompt: 'Hi', labels: ['production'] }) });
    expect(prompt.status).toBe(201);
    // An evaluator (disabled: no judge answers at the URL the stack's operator allowed), for the route that reads one by name.
    const evaluator = await fetch(`${stack.api}/api/v1/evaluators`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'openapi-check', enabled: false, target: 'llm', judge: { baseUrl: 'http://127.0.0.1:9/v1', model: 'judge' }, promptTemplate: 'Rate {{output}}', output: { type: 'numeric' } }),
    });
    expect(evaluator.status).toBe(201);
    // A dataset with an item run once, for the routes that read one by name.
    const postJson = async (path: string, body: unknown) => (await fetch(`${stack.api}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })).json();
    const dataset = await postJson('/api/public/v2/datasets', { name: 'openapi-check' });
    const item = await postJson('/api/public/dataset-items', { datasetName: 'openapi-check', input: 'Hi' });
    await postJson('/api/public/dataset-run-items', { runName: 'openapi-run', datasetItemId: item.id, traceId: runs[0].run.traceId });
    // A file uploaded as Langfuse's SDKs do, for the media routes.
    const png = Buffer.from('openapi-check');
    const sha256Hash = createHash('sha256').update(png).digest('base64');
    const { mediaId, uploadUrl } = await postJson('/api/public/media', { traceId: runs[0].run.traceId, contentType: 'image/png', contentLength: png.length, sha256Hash, field: 'input' });
    expect((await fetch(uploadUrl, { method: 'PUT', headers: { 'content-type': 'image/png' }, body: png })).status).toBe(200);
    const { body: media } = await getJson(`${stack.api}/api/public/media/${mediaId}`);
    const { body: trace } = await getJson(`${stack.api}/api/v1/traces/${runs[0].run.traceId}`);
    // A comment, for the route that reads one by id.
    const { id: commentId } = await postJson('/api/public/comments', { objectType: 'TRACE', objectId: runs[0].run.traceId, content: 'openapi-check' });
    // A score config, for the route that reads one by id.
    const { id: configId } = await postJson('/api/public/score-configs', { name: 'openapi-check', dataType: 'BOOLEAN' });
    // An annotation queue with a trace in it, for the routes that read them by id (its item's id is not a dataset item's).
    const queue = await postJson('/api/public/annotation-queues', { name: 'openapi-check', scoreConfigIds: [configId] });
    const queueItem = await postJson(`/api/public/annotation-queues/${queue.id}/items`, { objectId: runs[0].run.traceId, objectType: 'TRACE' });
    const inQueue = (p: string) => (p.includes('/annotation-queues/') ? p.replace('{queueId}', queue.id).replace('{itemId}', queueItem.id) : p);
    const metricsQuery = `?query=${encodeURIComponent(JSON.stringify({ view: 'observations', metrics: [{ measure: 'count', aggregation: 'count' }], fromTimestamp: '2020-01-01T00:00:00Z', toTimestamp: new Date().toISOString() }))}`;
    for (const p of paths.filter((p) => body.paths[p].get)) {
      const url = inQueue(p).replace('{traceId}', runs[0].run.traceId).replace('{sessionId}', 'session-A').replace('{scoreId}', scoreId).replace('{observationId}', trace.spans[0].spanId).replace('{promptName}', 'openapi-check')
        .replace('{datasetName}', 'openapi-check').replace('{runName}', 'openapi-run').replace('{itemId}', item.id).replace('{mediaId}', mediaId).replace('{evaluatorName}', 'openapi-check').replace('{commentId}', commentId).replace('{configId}', configId)
        .replace('{modelId}', 'genai-prices:openai:gpt-4o-mini')
        + (p.endsWith('timeseries') ? '?metric=cost' : '') + (p.endsWith('/media/{mediaId}/content') ? `?${new URL(media.url).searchParams}` : '') + (p.endsWith('/compare') ? '?run=openapi-run' : '') + (p.endsWith('/dataset-run-items') ? `?datasetId=${dataset.id}&runName=openapi-run` : '') + (/^\/api\/public\/(v2\/)?metrics$/.test(p) ? metricsQuery : '');
      expect((await fetch(`${stack.api}${url}`)).status, url).toBe(200);
    }
  });
});

describe('injection attempts', () => {
  const PAYLOADS = [
    "' OR '1'='1",
    "x'); DROP TABLE watchllm.otel_traces; --",
    "\\' OR 1=1 --",
    '{projectId:String}',
    '1 UNION ALL SELECT * FROM system.tables',
    // Numbers past what binds exactly (2^53), and a valid one whose nanoseconds do not (1e10 ms).
    '1e40',
    '10000000000',
  ];
  const ROUTES: [string, string[]][] = [
    ['/api/v1/traces', ['start', 'end', 'service', 'model', 'provider', 'operation', 'status', 'minDurationMs', 'maxDurationMs', 'minCostUsd', 'sessionId', 'userId', 'q', 'limit', 'cursor', 'attr.gen_ai.request.model', 'evaluation', 'minScore', 'maxScore', 'evaluationLabel']],
    ['/api/v1/sessions', ['start', 'end', 'userId', 'limit', 'cursor']],
    ['/api/v1/logs', ['start', 'end', 'service', 'minSeverity', 'traceId', 'spanId', 'eventName', 'q', 'limit', 'cursor', 'attr.transport']],
    ['/api/v1/costs', ['start', 'end', 'service', 'model', 'provider', 'operation', 'agent', 'userId', 'groupBy']],
    ['/api/v1/metrics/latency', ['service', 'model', 'userId', 'groupBy']],
    ['/api/v1/metrics/timeseries?metric=cost', ['service', 'model', 'userId', 'groupBy', 'step', 'metric', 'limit']],
    ['/api/v1/services', ['start', 'end']],
    ['/api/v1/models', ['start', 'end']],
    ['/api/v1/evaluations', ['start', 'end', 'service', 'name', 'groupBy']],
    ['/api/v1/evaluations/trend', ['start', 'end', 'service', 'name', 'step']],
    ['/api/v1/logs/volume', ['start', 'end', 'service', 'minSeverity', 'q', 'step', 'attr.transport']],
    ['/api/v1/users', ['start', 'end', 'limit', 'cursor']],
    ['/api/v1/traces/export', ['start', 'end', 'service', 'model', 'status', 'userId', 'q', 'limit', 'format', 'attr.gen_ai.request.model']],
    ['/api/v1/service-map', ['start', 'end', 'service']],
    ['/api/public/v2/scores', ['sessionId', 'name', 'userId', 'page', 'limit', 'fromTimestamp']],
    ['/api/public/v2/datasets', ['page', 'limit']],
    ['/api/public/dataset-items', ['datasetName', 'sourceTraceId', 'sourceObservationId', 'page', 'limit']],
    ['/api/public/dataset-run-items', ['datasetId', 'runName', 'page', 'limit']],
    ['/api/public/v2/prompts', ['name', 'label', 'tag', 'page', 'limit']],
    ['/api/public/models', ['page', 'limit']],
    ['/api/v1/model-prices', ['builtIn']],
    ['/api/public/comments?objectType=TRACE', ['objectType', 'objectId', 'authorUserId', 'page', 'limit']],
    ['/api/v1/comments?objectType=SESSION', ['objectType', 'objectId', 'limit']],
    ['/api/public/score-configs', ['page', 'limit', 'fromTimestamp', 'toTimestamp']],
    ['/api/v1/score-configs', ['includeArchived']],
    ['/api/public/annotation-queues', ['page', 'limit']],
    ['/api/v1/annotation-queues', []],
  ];

  async function check(url: string) {
    const res = await fetch(`${stack.api}${url}`);
    const text = await res.text();
    expect(res.status, url).toBeLessThan(500);
    // An error may echo what the caller sent; anything else from the other project is a leak.
    for (const leak of [OTHER_TRACE, 'secret-svc', 'secret-model', 'secret-value']) if (!url.includes(leak)) expect(text, url).not.toContain(leak);
    if (url.includes(OTHER_TRACE)) expect(res.status, url).toBe(404);
    if (res.status >= 400) expect(JSON.parse(text).error, url).toEqual(expect.any(String));
  }

  it('never errors in the engine or shows another project in any parameter', async () => {
    const urls: string[] = [];
    for (const [route, params] of ROUTES) {
      const join = route.includes('?') ? '&' : '?';
      for (const name of params) for (const v of PAYLOADS) urls.push(`${route}${join}${name}=${encodeURIComponent(v)}`);
      // The extremes of what parses: the epoch, and the last millisecond DateTime64(9) holds.
      urls.push(`${route}${join}start=0&end=9223372036854`, `${route}${join}start=1970-01-01&end=2262-04-11T23:47:16Z`);
      if (route === '/api/v1/traces') for (const v of PAYLOADS) urls.push(`${route}?attr.${encodeURIComponent(v)}=x`);
    }
    for (const v of PAYLOADS) {
      urls.push(`/api/v1/traces/${encodeURIComponent(v)}`, `/api/v1/traces/${encodeURIComponent(v)}/steps`, `/api/v1/sessions/${encodeURIComponent(v)}`);
      // Names and ids in paths of the stores added since: datasets, runs, evaluators, media, prompts, comments.
      const e = encodeURIComponent(v);
      urls.push(`/api/v1/datasets/${e}`, `/api/v1/datasets/${e}/compare?run=${e}`, `/api/public/datasets/${e}/runs/${e}`, `/api/public/dataset-items/${e}`);
      urls.push(`/api/v1/evaluators/${e}`, `/api/v1/media/${e}`, `/api/public/media/${e}`, `/api/public/v2/prompts/${e}`, `/api/v1/prompts/${e}/usage`, `/api/public/comments/${e}`);
      urls.push(`/api/public/models/${e}`, `/api/public/score-configs/${e}`, `/api/public/annotation-queues/${e}`, `/api/public/annotation-queues/${e}/items?status=${e}`);
      urls.push(`/api/public/annotation-queues/${e}/items/${e}`, `/api/v1/annotation-queues/${e}`, `/api/v1/annotation-queues/${e}?status=${e}`);
    }
    urls.push(`/api/v1/traces/${OTHER_TRACE}`, `/api/v1/traces/${OTHER_TRACE}/steps`);
    // Searches for the other project's values find nothing (their text is not echoed on success).
    for (const qs of ['attr.secret.key=secret-value', 'q=secret', 'service=secret-svc', 'model=secret-model']) {
      const { status, body } = await getJson(`${stack.api}/api/v1/traces?${qs}`);
      expect(status).toBe(200);
      expect(body.traces, qs).toEqual([]);
    }
    for (let i = 0; i < urls.length; i += 16) await Promise.all(urls.slice(i, i + 16).map(check));
    expect((await getJson(`${stack.api}/api/v1/traces/${OTHER_TRACE}`)).status).toBe(404);
    // The tables are still there and still scoped.
    const after = await getJson(`${stack.api}/api/v1/traces?service=${PAGER_SERVICE}&limit=1000`);
    expect(after.body.traces).toHaveLength(PAGER_TRACES);
    expect((await getJson(`${stack.api}/api/v1/sessions/session-A`)).body.traceCount).toBe(2);
  });
});
