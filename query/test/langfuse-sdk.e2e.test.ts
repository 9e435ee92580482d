// A Langfuse user moving over: the real Langfuse JS SDK (@langfuse/tracing + @langfuse/otel, and @langfuse/client
// for scores) with its base URL set to WatchLLM (`watchllm start`'s one port) and a WatchLLM API key as its secret
// key, nothing else changed. Its traces must arrive under the key's project with the GenAI record, cost, session,
// user and tags, and its scores as evaluations of the spans they name; and the client's read API (trace.get,
// trace.list, sessions, scores, observations.getMany) must find them as Langfuse shows them.
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LangfuseClient } from '@langfuse/client';
import { LangfuseSpanProcessor } from '@langfuse/otel';
import { propagateAttributes, setLangfuseTracerProvider, startActiveObservation, startObservation } from '@langfuse/tracing';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from './helpers.js';
import { CLI, startProcess, stopProcess, type WatchLLMProcess } from './process.js';

let p: WatchLLMProcess;
let key: string;
let traceId: string;
let generationId: string;

beforeAll(async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'watchllm-langfuse-'));
  const out = execFileSync(process.execPath, [CLI, 'keys', 'create', '--project', 'migrated'], { env: { ...process.env, WATCHLLM_DATA_DIR: dataDir }, encoding: 'utf8' });
  key = /api key: (\S+)/.exec(out)![1];
  p = await startProcess(['start'], { WATCHLLM_DATA_DIR: dataDir, WATCHLLM_AUTH: 'true' });

  const processor = new LangfuseSpanProcessor({ publicKey: 'pk-lf-anything', secretKey: key, baseUrl: p.api, exportMode: 'immediate', mediaUploadEnabled: false });
  const provider = new NodeTracerProvider({ spanProcessors: [processor] });
  provider.register();
  setLangfuseTracerProvider(provider);
  traceId = await propagateAttributes({ userId: 'user-9', sessionId: 'sess-9', tags: ['lf-migrated', 'checkout'] }, () =>
    startActiveObservation('checkout-agent', async (agent) => {
      agent.update({ input: { question: 'Where is my order?' } });
      const generation = startObservation(
        'answer',
        { model: 'gpt-4o-mini', modelParameters: { temperature: 0.2 }, input: [{ role: 'user', content: 'Where is my order A-1042?' }], usageDetails: { input: 1200, output: 80 } },
        { asType: 'generation' },
      );
      generation.update({ output: { role: 'assistant', content: 'It ships tomorrow.' } }).end();
      generationId = generation.id;
      agent.update({ output: { answer: 'It ships tomorrow.' } });
      return agent.traceId;
    }),
  );
  await processor.forceFlush();
  await provider.shutdown();
  // Scores through Langfuse's client: a numeric one on the generation, a categorical one on the trace.
  const langfuse = new LangfuseClient({ publicKey: 'pk-lf-anything', secretKey: key, baseUrl: p.api });
  await eventually(async () => (await fetch(`${p.api}/api/v1/traces/${traceId}`, { headers: { authorization: `Bearer ${key}` } })).status, (s) => s === 200);
  langfuse.score.create({ traceId, observationId: generationId, name: 'helpfulness', value: 0.9, comment: 'clear answer' });
  langfuse.score.create({ traceId, name: 'resolution', value: 'resolved', dataType: 'CATEGORICAL' });
  await langfuse.score.flush();
}, 90_000);

afterAll(async () => {
  if (p) await stopProcess(p);
});

const get = async (path: string) => {
  const res = await fetch(`${p.api}${path}`, { headers: { authorization: `Bearer ${key}` } });
  return { status: res.status, body: await res.json() };
};

describe('the Langfuse JS SDK pointed at WatchLLM', () => {
  it('is accepted on /api/public/otel/v1/traces (the query port passes it to the receiver) with the key as its Basic secret, and refused with a wrong one', async () => {
    const trace = await eventually(() => get(`/api/v1/traces/${traceId}`), (r) => r.status === 200 && r.body.spans.length === 2);
    expect(trace.body.spans.map((s: { name: string }) => s.name).sort()).toEqual(['answer', 'checkout-agent']);
    const wrong = await fetch(`${p.api}/api/public/otel/v1/traces`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Basic ${Buffer.from('pk-lf-x:sk-lf-wrong').toString('base64')}` },
      body: '{}',
    });
    expect(wrong.status).toBe(401);
  });

  it('stores the generation as a priced model call with its messages, under the session, user and tags', async () => {
    const { body } = await get(`/api/v1/traces/${traceId}`);
    const generation = body.spans.find((s: { name: string }) => s.name === 'answer').genAi;
    expect(generation).toMatchObject({
      operation: 'chat',
      stepType: 'llm',
      requestModel: 'gpt-4o-mini',
      inputTokens: 1200,
      outputTokens: 80,
      conversationId: 'sess-9',
      userId: 'user-9',
      requestParameters: { temperature: 0.2 },
      tags: ['lf-migrated', 'checkout'],
      inputMessages: [{ role: 'user', parts: [{ type: 'text', content: 'Where is my order A-1042?' }] }],
      outputMessages: [{ role: 'assistant', parts: [{ type: 'text', content: 'It ships tomorrow.' }] }],
    });
    expect(generation.costUsd).toBeGreaterThan(0);
    const { body: list } = await get('/api/v1/traces?tag=lf-migrated');
    expect(list.traces.map((t: { traceId: string }) => t.traceId)).toEqual([traceId]);
    expect(list.traces[0]).toMatchObject({ sessionId: 'sess-9', userId: 'user-9', tags: ['checkout', 'lf-migrated'], llmCallCount: 1 });
    const { body: session } = await get('/api/v1/sessions/sess-9');
    expect(session.traces.map((t: { traceId: string }) => t.traceId)).toEqual([traceId]);
  });

  it("keeps the client's scores as evaluations of the spans they name", async () => {
    const { body } = await eventually(() => get(`/api/v1/traces/${traceId}`), (r) => r.body.spans?.some((s: { evaluations?: unknown[] }) => (s.evaluations?.length ?? 0) > 0));
    const byName = Object.fromEntries(body.spans.map((s: { name: string; evaluations: unknown[] }) => [s.name, s.evaluations]));
    expect(byName.answer).toEqual([expect.objectContaining({ name: 'helpfulness', score: 0.9, explanation: 'clear answer' })]);
    expect(byName['checkout-agent']).toEqual([expect.objectContaining({ name: 'resolution', label: 'resolved' })]);
    const batch = await fetch(`${p.api}/api/public/ingestion`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      body: JSON.stringify({ batch: [{ id: 'e1', type: 'trace-create', body: {} }, { id: 'e2', type: 'score-create', body: { traceId, name: 'x', value: 'not a number', dataType: 'NUMERIC' } }] }),
    });
    expect(batch.status).toBe(207);
    const result = await batch.json();
    expect(result.successes).toEqual([]);
    expect(result.errors).toEqual([
      // A trace-create without an id is refused (with one it would be kept: see langfuse-legacy-sdk.e2e).
      expect.objectContaining({ id: 'e1', status: 400, message: 'body.id: expected an id (a string of 1 to 256 characters)' }),
      expect.objectContaining({ id: 'e2', status: 400, message: 'field value: a NUMERIC score is a number' }),
    ]);
  });

  it("reads back through the client's own API: trace.get / list, sessions, scores, observations (v2 and v1)", async () => {
    const langfuse = new LangfuseClient({ publicKey: 'pk-lf-anything', secretKey: key, baseUrl: p.api });
    // What SDKs check credentials with: the key's project.
    expect(await langfuse.api.health.health()).toMatchObject({ status: 'OK', version: expect.any(String) });
    expect((await langfuse.api.projects.get()).data).toEqual([expect.objectContaining({ id: 'migrated', name: 'migrated' })]);
    const trace = await eventually(() => langfuse.api.trace.get(traceId), (t) => t.scores.length === 2);
    expect(trace).toMatchObject({
      id: traceId,
      name: 'checkout-agent',
      sessionId: 'sess-9',
      userId: 'user-9',
      tags: ['checkout', 'lf-migrated'],
      input: { question: 'Where is my order?' },
      output: { answer: 'It ships tomorrow.' },
      environment: 'default',
    });
    expect(trace.totalCost).toBeGreaterThan(0);
    expect(trace.latency).toBeGreaterThanOrEqual(0);
    const generation = trace.observations.find((o) => o.id === generationId)!;
    expect(generation).toMatchObject({
      type: 'GENERATION',
      name: 'answer',
      model: 'gpt-4o-mini',
      modelParameters: { temperature: 0.2 },
      input: [{ role: 'user', content: 'Where is my order A-1042?' }],
      output: { role: 'assistant', content: 'It ships tomorrow.' },
      usage: { input: 1200, output: 80, total: 1280, unit: 'TOKENS' },
      usageDetails: { input: 1200, output: 80, total: 1280 },
      level: 'DEFAULT',
    });
    expect(generation.calculatedTotalCost).toBe(trace.totalCost);
    expect(trace.observations.find((o) => o.name === 'checkout-agent')).toMatchObject({ type: 'SPAN', parentObservationId: null, model: null, modelParameters: null });
    expect(generation.parentObservationId).toBe(trace.observations.find((o) => o.name === 'checkout-agent')!.id);
    expect(trace.scores).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: 'helpfulness', value: 0.9, dataType: 'NUMERIC', observationId: generationId, comment: 'clear answer' }),
        expect.objectContaining({ name: 'resolution', stringValue: 'resolved', dataType: 'CATEGORICAL', observationId: null }),
      ]),
    );

    const list = await langfuse.api.trace.list({ sessionId: 'sess-9' });
    expect(list.meta).toEqual({ page: 1, limit: 50, totalItems: 1, totalPages: 1 });
    expect(list.data).toEqual([expect.objectContaining({ id: traceId, name: 'checkout-agent', userId: 'user-9', observations: expect.arrayContaining([generationId]) })]);
    expect((await langfuse.api.trace.list({ userId: 'nobody' })).data).toEqual([]);
    expect((await langfuse.api.trace.list({ name: 'checkout-agent', tags: ['checkout'] })).data.map((t) => t.id)).toEqual([traceId]);
    // Spans without an environment are in Langfuse's "default" one.
    expect((await langfuse.api.trace.list({ environment: 'default' })).data.map((t) => t.id)).toEqual([traceId]);
    expect((await langfuse.api.trace.list({ environment: ['production', 'staging'] })).data).toEqual([]);
    expect((await langfuse.api.observations.getMany({ environment: 'production' })).data).toEqual([]);

    const session = await langfuse.api.sessions.get('sess-9');
    expect(session).toMatchObject({ id: 'sess-9', projectId: 'migrated', traces: [expect.objectContaining({ id: traceId, name: 'checkout-agent', userId: 'user-9' })] });
    const sessions = await langfuse.api.sessions.list({ limit: 10 });
    expect(sessions.data.map((s) => s.id)).toEqual(['sess-9']);
    expect(sessions.meta).toMatchObject({ page: 1, totalItems: 1, totalPages: 1 });

    const scores = await langfuse.api.scores.getMany({ traceId });
    expect(scores.meta).toMatchObject({ totalItems: 2 });
    expect(scores.data).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: 'helpfulness', value: 0.9, dataType: 'NUMERIC', observationId: generationId, comment: 'clear answer' }),
        expect.objectContaining({ name: 'resolution', stringValue: 'resolved', dataType: 'CATEGORICAL', observationId: null }),
      ]),
    );
    const good = await langfuse.api.scores.getMany({ name: 'helpfulness', operator: '>=', value: 0.5 });
    expect(good.data.map((s) => s.name)).toEqual(['helpfulness']);
    expect((await langfuse.api.scores.getMany({ name: 'helpfulness', operator: '<', value: 0.5 })).data).toEqual([]);
    expect((await langfuse.api.scores.getMany({ dataType: 'CATEGORICAL' })).data.map((s) => s.name)).toEqual(['resolution']);
    expect(await langfuse.api.scores.getById(good.data[0].id)).toMatchObject({ name: 'helpfulness', traceId, observationId: generationId });

    const observations = await langfuse.api.observations.getMany({ traceId, fields: 'core,basic,io,usage,model' });
    expect(observations.data).toHaveLength(2);
    const viaV2 = observations.data.find((o) => o.id === generationId)!;
    expect(viaV2).toMatchObject({ traceId, type: 'GENERATION', name: 'answer', sessionId: 'sess-9', userId: 'user-9', model: 'gpt-4o-mini', isRootObservation: false });
    expect(JSON.parse(viaV2.input as string)).toEqual([{ role: 'user', content: 'Where is my order A-1042?' }]);
    expect(viaV2.totalCost).toBeGreaterThan(0);
    const generations = await langfuse.api.observations.getMany({ type: 'GENERATION', userId: 'user-9', limit: 1 });
    expect(generations.data.map((o) => o.id)).toEqual([generationId]);
    expect(generations.data[0]).not.toHaveProperty('usageDetails');

    const v1 = await langfuse.api.legacy.observationsV1.getMany({ traceId, type: 'GENERATION' });
    expect(v1.meta).toEqual({ page: 1, limit: 50, totalItems: 1, totalPages: 1 });
    expect(v1.data).toEqual([expect.objectContaining({ id: generationId, model: 'gpt-4o-mini', usage: expect.objectContaining({ input: 1200 }) })]);
    expect(await langfuse.api.legacy.observationsV1.get(generationId)).toMatchObject({ id: generationId, traceId, type: 'GENERATION', parentObservationId: trace.observations.find((o) => o.name === 'checkout-agent')!.id });
  });

  it("answers the client's metrics queries: observations by model, scores by name (v2), traces by user over days (v1)", async () => {
    const langfuse = new LangfuseClient({ publicKey: 'pk-lf-anything', secretKey: key, baseUrl: p.api });
    const range = { fromTimestamp: new Date(Date.now() - 3_600_000).toISOString(), toTimestamp: new Date(Date.now() + 60_000).toISOString() };
    const byModel = await langfuse.api.metrics.metrics({
      query: JSON.stringify({
        view: 'observations',
        dimensions: [{ field: 'providedModelName' }],
        metrics: [{ measure: 'count', aggregation: 'count' }, { measure: 'totalCost', aggregation: 'sum' }, { measure: 'inputTokens', aggregation: 'sum' }, { measure: 'latency', aggregation: 'p95' }],
        filters: [{ column: 'type', operator: '=', value: 'GENERATION', type: 'string' }],
        ...range,
      }),
    });
    expect(byModel.data).toEqual([expect.objectContaining({ providedModelName: 'gpt-4o-mini', count_count: 1, sum_inputTokens: 1200 })]);
    expect(byModel.data[0].sum_totalCost).toBeGreaterThan(0);
    const perDay = await langfuse.api.legacy.metricsV1.metrics({
      query: JSON.stringify({ view: 'traces', dimensions: [{ field: 'userId' }], metrics: [{ measure: 'count', aggregation: 'count' }, { measure: 'observationsCount', aggregation: 'sum', alias: 'spans' }], timeDimension: { granularity: 'day' }, ...range }),
    });
    expect(perDay.data).toEqual([{ userId: 'user-9', time_dimension: expect.stringMatching(/^\d{4}-\d\d-\d\dT00:00:00.000Z$/), count_count: 1, spans: 2 }]);
    const byTrace = await langfuse.api.metrics.metrics({
      query: JSON.stringify({ view: 'observations', dimensions: [{ field: 'traceName' }], metrics: [{ measure: 'count', aggregation: 'count' }], filters: [{ column: 'tags', operator: 'any of', value: ['checkout'], type: 'arrayOptions' }], ...range }),
    });
    expect(byTrace.data).toEqual([{ traceName: 'checkout-agent', count_count: 2 }]);
    const scoreAverages = await langfuse.api.metrics.metrics({ query: JSON.stringify({ view: 'scores-numeric', dimensions: [{ field: 'name' }], metrics: [{ measure: 'value', aggregation: 'avg' }], ...range }) });
    expect(scoreAverages.data).toEqual([{ name: 'helpfulness', avg_value: 0.9 }]);
    const labels = await langfuse.api.metrics.metrics({ query: JSON.stringify({ view: 'scores-categorical', dimensions: [{ field: 'name' }, { field: 'stringValue' }], metrics: [{ measure: 'count', aggregation: 'count' }], ...range }) });
    expect(labels.data).toEqual([{ name: 'resolution', stringValue: 'resolved', count_count: 1 }]);
    const refused = await fetch(`${p.api}/api/public/v2/metrics?query=${encodeURIComponent(JSON.stringify({ view: 'traces', metrics: [{ measure: 'count', aggregation: 'count' }], ...range }))}`, { headers: { authorization: `Bearer ${key}` } });
    expect(refused.status).toBe(400);
    expect((await refused.json()).error).toContain('query.view: "traces" is not served here');
    const unknown = await fetch(`${p.api}/api/public/metrics?query=${encodeURIComponent(JSON.stringify({ view: 'observations', metrics: [{ measure: 'inputCost', aggregation: 'sum' }], ...range }))}`, { headers: { authorization: `Bearer ${key}` } });
    expect((await unknown.json()).error).toContain('query.metrics[0].measure: "inputCost" is not a measure');
  });

  it("keeps the client's scores on a session as a whole, read back by its scores API and the session", async () => {
    const langfuse = new LangfuseClient({ publicKey: 'pk-lf-anything', secretKey: key, baseUrl: p.api });
    langfuse.score.create({ id: 'csat-sess-9', sessionId: 'sess-9', name: 'user_satisfaction', value: 1, dataType: 'BOOLEAN', comment: 'said thanks' });
    await langfuse.score.flush();
    // Sent again under the same id (a retried batch): kept once.
    langfuse.score.create({ id: 'csat-sess-9', sessionId: 'sess-9', name: 'user_satisfaction', value: 1, dataType: 'BOOLEAN', comment: 'said thanks' });
    await langfuse.score.flush();

    const scores = await langfuse.api.scores.getMany({ sessionId: 'sess-9' });
    expect(scores.meta).toMatchObject({ totalItems: 1 });
    expect(scores.data).toEqual([expect.objectContaining({ name: 'user_satisfaction', value: 1, dataType: 'BOOLEAN', sessionId: 'sess-9', traceId: null, observationId: null, comment: 'said thanks' })]);
    // Found by its data type, and by no other.
    expect((await langfuse.api.scores.getMany({ sessionId: 'sess-9', dataType: 'BOOLEAN' })).meta).toMatchObject({ totalItems: 1 });
    expect((await langfuse.api.scores.getMany({ sessionId: 'sess-9', dataType: 'NUMERIC' })).meta).toMatchObject({ totalItems: 0 });
    expect(await langfuse.api.scores.getById(scores.data[0].id)).toMatchObject({ name: 'user_satisfaction', sessionId: 'sess-9', traceId: null });
    expect((await langfuse.api.scores.getMany({ sessionId: 'another' })).data).toEqual([]);
    // A trace's scores stay the trace's.
    expect((await langfuse.api.scores.getMany({ traceId })).meta).toMatchObject({ totalItems: 2 });
    expect(await langfuse.api.sessions.get('sess-9')).toMatchObject({ id: 'sess-9', traces: [expect.objectContaining({ id: traceId })] });

    const session = await get('/api/v1/sessions/sess-9');
    expect(session.body.scores).toEqual([{ id: scores.data[0].id, name: 'user_satisfaction', score: 1, label: 'true', explanation: 'said thanks', author: null, timeUnixNano: expect.stringMatching(/^\d{19}$/) }]);
    expect((await get('/api/v1/sessions')).body.sessions[0]).toMatchObject({ sessionId: 'sess-9', scores: [{ name: 'user_satisfaction', count: 1, avgScore: 1, label: 'true' }] });
    const summary = await get('/api/v1/evaluations?name=user_satisfaction');
    expect(summary.body.rows).toEqual([expect.objectContaining({ name: 'user_satisfaction', count: 1, avgScore: 1 })]);
  });

  it('refuses what it cannot answer by name, and another project cannot read the trace', async () => {
    const release = await fetch(`${p.api}/api/public/traces?release=v1`, { headers: { authorization: `Bearer ${key}` } });
    expect(release.status).toBe(400);
    expect((await release.json()).error).toContain('parameter release: not supported by WatchLLM');
    const filter = await fetch(`${p.api}/api/public/v2/observations?filter=${encodeURIComponent('[{"type":"string","column":"name","operator":"=","value":"x"}]')}`, { headers: { authorization: `Bearer ${key}` } });
    expect(filter.status).toBe(400);
    const anonymous = await fetch(`${p.api}/api/public/traces/${traceId}`);
    expect(anonymous.status).toBe(401);
    // Hostile values on every Langfuse route: a 400 naming the problem, never a 500.
    const routes = ['/traces', '/v2/observations', '/observations', '/sessions', '/v2/scores', '/metrics', '/v2/metrics', '/v2/prompts'];
    const hostile = [['page', '-1'], ['limit', '1e400'], ['fromTimestamp', '2026-13-45'], ['cursor', "'; DROP TABLE x; --"], ['query', '{"view":"observations","metrics":[{"measure":"count","aggregation":"count"}],"filters":[{"column":"name","operator":"=","value":{"a":1}}]}'], ['bogus', 'x']];
    for (const route of routes) {
      for (const [name, value] of hostile) {
        const res = await fetch(`${p.api}/api/public${route}?${new URLSearchParams({ [name]: value })}`, { headers: { authorization: `Bearer ${key}` } });
        expect(res.status, `${route}?${name}=${value}`).toBe(400);
        expect((await res.json()).error).toMatch(/parameter|query/);
      }
    }
    const unknownObservation = await fetch(`${p.api}/api/public/observations/${'f'.repeat(16)}`, { headers: { authorization: `Bearer ${key}` } });
    expect(unknownObservation.status).toBe(404);
    const unknownScore = await fetch(`${p.api}/api/public/v2/scores/nope`, { headers: { authorization: `Bearer ${key}` } });
    expect(unknownScore.status).toBe(404);
    const unknownSession = await fetch(`${p.api}/api/public/sessions/nope`, { headers: { authorization: `Bearer ${key}` } });
    expect(unknownSession.status).toBe(404);
    const deepPage = await fetch(`${p.api}/api/public/traces?page=500&limit=100`, { headers: { authorization: `Bearer ${key}` } });
    expect(deepPage.status).toBe(400);
  });

  // Last: it erases the trace the other tests read.
  it("erases through the client's trace.delete / deleteMultiple", async () => {
    const langfuse = new LangfuseClient({ publicKey: 'pk-lf-anything', secretKey: key, baseUrl: p.api });
    expect((await langfuse.api.trace.deleteMultiple({ traceIds: ['f'.repeat(32)] })).message).toBe('0 of 1 traces deleted (the others were not found)');
    expect((await langfuse.api.trace.delete(traceId)).message).toBe(`trace ${traceId} deleted`);
    await expect(langfuse.api.trace.get(traceId)).rejects.toThrow(/not found|404/i);
    const again = await fetch(`${p.api}/api/public/traces/${traceId}`, { method: 'DELETE', headers: { authorization: `Bearer ${key}` } });
    expect(again.status).toBe(404);
  });
});
