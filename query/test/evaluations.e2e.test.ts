import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { context, trace, type Span } from '@opentelemetry/api';
import { SeverityNumber } from '@opentelemetry/api-logs';
import { OTLPLogExporter } from '@opentelemetry/exporter-logs-otlp-proto';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { LoggerProvider, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import { BasicTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { getJson, startTestStack, type TestStack } from './helpers.js';

// Evaluation results as the GenAI conventions carry them: a `gen_ai.evaluation.result` log record
// tied to the span it scores (a judge runs after the call), or an event on the span itself.
let stack: TestStack;
let traceId: string;
const spanIds: Record<string, string> = {};

beforeAll(async () => {
  stack = await startTestStack();
  const resource = resourceFromAttributes({ 'service.name': 'rag-app' });
  const tracer = new BasicTracerProvider({ resource, spanProcessors: [new SimpleSpanProcessor(new OTLPTraceExporter({ url: `${stack.otlpHttp}/v1/traces` }))] });
  const t = tracer.getTracer('rag');
  const root = t.startSpan('invoke_agent rag');
  const chat = (model: string): Span => {
    const s = t.startSpan(`chat ${model}`, { attributes: { 'gen_ai.operation.name': 'chat', 'gen_ai.provider.name': 'openai', 'gen_ai.request.model': model, 'gen_ai.usage.input_tokens': 10, 'gen_ai.usage.output_tokens': 5 } }, trace.setSpan(context.active(), root));
    return s;
  };
  const first = chat('gpt-4o');
  // An inline check recorded on the span itself.
  first.addEvent('gen_ai.evaluation.result', { 'gen_ai.evaluation.name': 'toxicity', 'gen_ai.evaluation.score.value': 0.02, 'gen_ai.evaluation.score.label': 'safe' });
  first.end();
  const second = chat('gpt-4o-mini');
  second.end();
  root.end();
  await tracer.forceFlush();
  await tracer.shutdown();
  traceId = root.spanContext().traceId;
  Object.assign(spanIds, { first: first.spanContext().spanId, second: second.spanContext().spanId });

  // Later, an LLM judge scores both answers; a user gives the second a thumbs down.
  const logs = new LoggerProvider({ resource, processors: [new SimpleLogRecordProcessor({ exporter: new OTLPLogExporter({ url: `${stack.otlpHttp}/v1/logs` }) })] });
  const logger = logs.getLogger('judge');
  const score = (span: Span, attributes: Record<string, string | number>) =>
    logger.emit({ context: trace.setSpan(context.active(), span), eventName: 'gen_ai.evaluation.result', severityNumber: SeverityNumber.INFO, attributes });
  score(first, { 'gen_ai.evaluation.name': 'relevance', 'gen_ai.evaluation.score.value': 0.9, 'gen_ai.evaluation.score.label': 'relevant', 'gen_ai.evaluation.explanation': 'answers the question' });
  score(second, { 'gen_ai.evaluation.name': 'relevance', 'gen_ai.evaluation.score.value': 0.3, 'gen_ai.evaluation.score.label': 'irrelevant' });
  score(second, { 'gen_ai.evaluation.name': 'user_feedback', 'gen_ai.evaluation.score.label': 'thumbs_down' });
  await logs.forceFlush();
  await logs.shutdown();
});
afterAll(() => stack.running.shutdown());

describe('evaluation results', () => {
  it('show on the span they score, from span events and from log records alike', async () => {
    const { status, body } = await getJson(`${stack.api}/api/v1/traces/${traceId}`);
    expect(status).toBe(200);
    const bySpan = Object.fromEntries(body.spans.map((s: any) => [s.spanId, s.evaluations]));
    expect(bySpan[spanIds.first].map((e: any) => [e.name, e.score, e.label]).sort()).toEqual([
      ['relevance', 0.9, 'relevant'],
      ['toxicity', 0.02, 'safe'],
    ]);
    expect(bySpan[spanIds.first].find((e: any) => e.name === 'relevance')).toMatchObject({ explanation: 'answers the question', errorType: null, timeUnixNano: expect.stringMatching(/^\d{19}$/) });
    expect(bySpan[spanIds.second].map((e: any) => [e.name, e.score, e.label]).sort()).toEqual([
      ['relevance', 0.3, 'irrelevant'],
      ['user_feedback', null, 'thumbs_down'],
    ]);
  });

  it('are summed up by name, and by name and the evaluated model', async () => {
    const byName = await getJson(`${stack.api}/api/v1/evaluations`);
    expect(byName.status).toBe(200);
    expect(byName.body).toEqual({
      groupBy: 'name',
      rows: [
        { name: 'relevance', model: null, count: 2, scored: 2, avgScore: 0.6, minScore: 0.3, maxScore: 0.9, labels: { irrelevant: 1, relevant: 1 } },
        { name: 'toxicity', model: null, count: 1, scored: 1, avgScore: 0.02, minScore: 0.02, maxScore: 0.02, labels: { safe: 1 } },
        { name: 'user_feedback', model: null, count: 1, scored: 0, avgScore: null, minScore: null, maxScore: null, labels: { thumbs_down: 1 } },
      ],
    });
    const byModel = await getJson(`${stack.api}/api/v1/evaluations?groupBy=model&name=relevance`);
    expect(byModel.body.rows.map((r: any) => [r.name, r.model, r.avgScore])).toEqual([
      ['relevance', 'gpt-4o', 0.9],
      ['relevance', 'gpt-4o-mini', 0.3],
    ]);
    expect((await getJson(`${stack.api}/api/v1/evaluations?groupBy=model&name=toxicity`)).body.rows.map((r: any) => r.model)).toEqual(['gpt-4o']);
    expect((await getJson(`${stack.api}/api/v1/evaluations?service=other`)).body.rows).toEqual([]);
    const bad = await getJson(`${stack.api}/api/v1/evaluations?groupBy=user`);
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatch(/parameter groupBy/);
  });

  it('average their scores over time, one series per evaluation name', async () => {
    const { status, body } = await getJson(`${stack.api}/api/v1/evaluations/trend?start=${Date.now() - 3_600_000}`);
    expect(status).toBe(200);
    expect(body.step).toBe(60);
    expect(body.series.map((s: any) => s.key)).toEqual(['relevance', 'toxicity']); // user feedback has labels, no scores
    const [relevance, toxicity] = body.series;
    for (const [t, v] of relevance.points) {
      expect(t % 60_000).toBe(0);
      expect(v).toBeGreaterThanOrEqual(0.3);
      expect(v).toBeLessThanOrEqual(0.9);
    }
    expect(toxicity.points.map((p: [number, number]) => p[1])).toEqual([0.02]);
  });

  it('find the traces something was scored so: by name, score bounds and label', async () => {
    const traces = async (q: string) => {
      const { status, body } = await getJson(`${stack.api}/api/v1/traces?${q}`);
      expect(status, JSON.stringify(body)).toBe(200);
      return body.traces.map((t: any) => t.traceId);
    };
    expect(await traces('evaluation=relevance&maxScore=0.5')).toEqual([traceId]);
    // Each listed trace carries its scores by evaluation name.
    const listed = await getJson(`${stack.api}/api/v1/traces?evaluation=relevance`);
    expect(listed.body.traces[0].scores).toEqual([
      { name: 'relevance', count: 2, avgScore: 0.6, label: expect.stringMatching(/^(relevant|irrelevant)$/) },
      { name: 'toxicity', count: 1, avgScore: 0.02, label: 'safe' },
      { name: 'user_feedback', count: 1, avgScore: null, label: 'thumbs_down' },
    ]);
    expect(await traces('evaluation=relevance&minScore=0.95')).toEqual([]);
    expect(await traces('evaluation=toxicity&evaluationLabel=safe')).toEqual([traceId]); // from the span event
    expect(await traces('evaluation=user_feedback&evaluationLabel=thumbs_up')).toEqual([]);
    expect(await traces('evaluation=nobody')).toEqual([]);
    const bad = await getJson(`${stack.api}/api/v1/traces?maxScore=0.5`);
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatch(/parameter maxScore: needs evaluation/);
  });
});

describe('scores given through the API (POST /api/v1/evaluations)', () => {
  const post = async (body: unknown, raw?: string) => {
    const res = await fetch(`${stack.api}/api/v1/evaluations`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: raw ?? JSON.stringify(body) });
    return { status: res.status, body: (await res.json()) as any };
  };

  it('stores a person’s score on the span, where every evaluation read finds it', async () => {
    const written = await post({ traceId: traceId.toUpperCase(), spanId: spanIds.second, name: 'human_review', score: 0, label: 'wrong', explanation: 'cites the wrong year', author: 'ana' });
    expect(written.status).toBe(201);
    expect(written.body).toEqual({ traceId, spanId: spanIds.second, serviceName: 'rag-app', id: expect.stringMatching(/^[0-9a-f]{16}$/), name: 'human_review', score: 0, label: 'wrong', explanation: 'cites the wrong year', author: 'ana', timeUnixNano: expect.stringMatching(/^\d{19}$/) });

    const { body } = await getJson(`${stack.api}/api/v1/traces/${traceId}`);
    const second = body.spans.find((s: any) => s.spanId === spanIds.second);
    expect(second.evaluations.find((e: any) => e.name === 'human_review')).toMatchObject({ score: 0, label: 'wrong', explanation: 'cites the wrong year', author: 'ana', timeUnixNano: written.body.timeUnixNano });

    const found = await getJson(`${stack.api}/api/v1/traces?evaluation=human_review&maxScore=0.5`);
    expect(found.body.traces.map((t: any) => t.traceId)).toEqual([traceId]);
    const summary = await getJson(`${stack.api}/api/v1/evaluations?name=human_review&groupBy=model`);
    expect(summary.body.rows).toEqual([{ name: 'human_review', model: 'gpt-4o-mini', count: 1, scored: 1, avgScore: 0, minScore: 0, maxScore: 0, labels: { wrong: 1 } }]);
  });

  it('scores the trace’s root span when no span is named', async () => {
    const written = await post({ traceId, name: 'human_review', label: 'thumbs_up' });
    expect(written.status).toBe(201);
    const { body } = await getJson(`${stack.api}/api/v1/traces/${traceId}`);
    const root = body.spans.find((s: any) => s.parentSpanId === '');
    expect(written.body.spanId).toBe(root.spanId);
    expect(root.evaluations).toEqual([expect.objectContaining({ name: 'human_review', score: null, label: 'thumbs_up' })]);
  });

  it('withdraws a score given by mistake: gone from the span, the summaries and trace search; asked twice, 404', async () => {
    const given = await post({ traceId, spanId: spanIds.first, name: 'mistake_check', label: 'oops', author: 'ana' });
    expect(given.status).toBe(201);
    const evaluationsOfFirst = async () => (await getJson(`${stack.api}/api/v1/traces/${traceId}`)).body.spans.find((s: any) => s.spanId === spanIds.first);
    expect((await evaluationsOfFirst()).evaluations.find((e: any) => e.name === 'mistake_check')).toMatchObject({ id: given.body.id, label: 'oops' });
    const del = (id: string, query: string) => fetch(`${stack.api}/api/v1/evaluations/${id}${query}`, { method: 'DELETE' });
    const withdrawn = await del(given.body.id, `?traceId=${traceId}`);
    expect(withdrawn.status).toBe(204);
    const span = await evaluationsOfFirst();
    expect(span.evaluations.map((e: any) => e.name)).not.toContain('mistake_check');
    expect(span.events.map((e: any) => e.name)).not.toContain('watchllm.evaluation.retracted');
    expect((await getJson(`${stack.api}/api/v1/evaluations?name=mistake_check`)).body.rows).toEqual([]);
    expect((await getJson(`${stack.api}/api/v1/traces?evaluation=mistake_check`)).body.traces).toEqual([]);
    // Other scores stay.
    expect(span.evaluations.find((e: any) => e.name === 'relevance')).toMatchObject({ label: 'relevant' });

    const again = await del(given.body.id, `?traceId=${traceId}`);
    expect([again.status, (await again.json()).error]).toEqual([404, `evaluation ${given.body.id} not found in trace ${traceId}`]);
    const answer = async (id: string, query: string) => {
      const res = await del(id, query);
      return [res.status, (await res.json()).error];
    };
    expect(await answer('ffffffffffffffff', `?traceId=${traceId}`)).toEqual([404, `evaluation ffffffffffffffff not found in trace ${traceId}`]);
    expect(await answer('nope', `?traceId=${traceId}`)).toEqual([400, 'evaluation id "nope" must be 16 hex characters (the id POST returned)']);
    expect(await answer(given.body.id, '')).toEqual([400, 'parameter traceId: required (the trace the score is on; sessionId for a score on a session)']);
    expect(await answer(given.body.id, '?traceId=xyz')).toEqual([400, 'parameter traceId: "xyz" must be 16 or 32 hex characters']);
  });

  it('scores a session as a whole (here and as Langfuse’s POST /api/public/scores), and withdraws such a score', async () => {
    const given = await post({ sessionId: 'conv-1', name: 'user_satisfaction', score: 1, label: 'thumbs_up', explanation: 'solved', author: 'ana' });
    expect(given.status).toBe(201);
    expect(given.body).toEqual({ sessionId: 'conv-1', id: expect.stringMatching(/^[0-9a-f]{16}$/), name: 'user_satisfaction', score: 1, label: 'thumbs_up', explanation: 'solved', author: 'ana', timeUnixNano: expect.stringMatching(/^\d{19}$/) });
    const viaLangfuse = await fetch(`${stack.api}/api/public/scores`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ id: 'lf-1', sessionId: 'conv-1', name: 'user_satisfaction', value: 0 }) });
    expect(viaLangfuse.status).toBe(200);
    const scores = async () => (await getJson(`${stack.api}/api/public/v2/scores?sessionId=conv-1`)).body.data.map((x: any) => [x.name, x.value, x.sessionId, x.traceId]);
    expect(await scores()).toEqual([
      ['user_satisfaction', 0, 'conv-1', null],
      ['user_satisfaction', 1, 'conv-1', null],
    ]);
    expect((await getJson(`${stack.api}/api/v1/evaluations?name=user_satisfaction`)).body.rows).toEqual([
      { name: 'user_satisfaction', model: null, count: 2, scored: 2, avgScore: 0.5, minScore: 0, maxScore: 1, labels: { thumbs_up: 1 } },
    ]);
    const del = (query: string) => fetch(`${stack.api}/api/v1/evaluations/${given.body.id}${query}`, { method: 'DELETE' });
    expect((await del('?sessionId=conv-1')).status).toBe(204);
    expect(await scores()).toEqual([['user_satisfaction', 0, 'conv-1', null]]);
    const again = await del('?sessionId=conv-1');
    expect([again.status, (await again.json()).error]).toEqual([404, `evaluation ${given.body.id} not found in session conv-1`]);
    expect((await post({ sessionId: 'conv-1', traceId, name: 'n', score: 1 })).body.error).toMatch(/not both/);
  });

  it('refuses a body it cannot store, naming the field, and a span it cannot find', async () => {
    const refused = async (body: unknown, status: number, message: RegExp, raw?: string) => {
      const r = await post(body, raw);
      expect(r.status, JSON.stringify(body)).toBe(status);
      expect(r.body.error).toMatch(message);
    };
    await refused(undefined, 400, /the body must be JSON/, '{not json');
    await refused([1], 400, /the body must be a JSON object/);
    await refused({ traceId, score: 1 }, 400, /^field name: required$/);
    await refused({ traceId: 'xyz', name: 'n', score: 1 }, 400, /^field traceId: "xyz" must be 16 or 32 hex characters$/);
    await refused({ traceId, spanId: '12', name: 'n', score: 1 }, 400, /^field spanId: "12" must be 16 hex characters$/);
    await refused({ traceId, name: 'n', score: 'high' }, 400, /^field score: expected a finite number$/);
    await refused({ traceId, name: 'n' }, 400, /^give a score, a label or both$/);
    await refused({ traceId, name: 'n'.repeat(257), score: 1 }, 400, /^field name: at most 256 characters$/);
    await refused({ traceId, name: 'n', score: 1, reviewer: 'me' }, 400, /^unknown field "reviewer" \(fields: .*explanation, author, configId, dataType\)$/);
    await refused({ traceId, name: 'n', score: 1, author: 7 }, 400, /^field author: expected a string$/);
    await refused({ traceId, name: 'n', score: 1, author: 'a'.repeat(257) }, 400, /^field author: at most 256 characters$/);
    await refused({ traceId, name: 'n', score: 1, explanation: 'x'.repeat(70_000) }, 413, /^the body is over 64 KiB/);
    await refused({ traceId: 'ab'.repeat(16), name: 'n', score: 1 }, 404, new RegExp(`^trace ${'ab'.repeat(16)} not found$`));
    await refused({ traceId, spanId: 'cd'.repeat(8), name: 'n', score: 1 }, 404, new RegExp(`^span ${'cd'.repeat(8)} is not in trace ${traceId}$`));
  });

  it('answers random bodies with 201, 400 or 404, never a 5xx', async () => {
    let seed = 7;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const pick = <T>(xs: T[]) => xs[Math.floor(rand() * xs.length)];
    const values = [traceId, traceId, spanIds.first, spanIds.first, 'x', '', null, 0, -1, 1e308, true, [], {}, "'; DROP TABLE otel_logs; --", '{projectId:String}', 'ab'.repeat(16), '\u0000', 'é'.repeat(300)];
    const statuses = new Set<number>();
    for (let i = 0; i < 300; i++) {
      const body: Record<string, unknown> = {};
      for (const field of ['traceId', 'spanId', 'name', 'score', 'label', 'explanation']) if (rand() < 0.7) body[field] = pick(values);
      if (i % 4 === 0) body.author = values[i % values.length];
      if (rand() < 0.05) body.extra = 1;
      const r = await post(body);
      statuses.add(r.status);
      expect([201, 400, 404], JSON.stringify(body)).toContain(r.status);
    }
    expect([...statuses].sort()).toEqual([201, 400, 404]);
  });
});
