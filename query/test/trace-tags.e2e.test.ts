// Trace tags end to end: spans tagged the ways Langfuse, OpenInference and the Vercel AI SDK tag them,
// exported by the real OTel SDK, then searched, listed and read back through the API.
import { context, trace } from '@opentelemetry/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emitter } from './genai-fixtures.js';
import { getJson, startTestStack, type TestStack } from './helpers.js';

let stack: TestStack;
const ids: Record<string, string> = {};

beforeAll(async () => {
  stack = await startTestStack();
  const e = emitter(stack.otlpHttp, 'tagged-app');
  const start = Date.now() - 60_000;
  // Langfuse SDK: tags on the root; the model call below it is untagged.
  const root = e.tracer.startSpan('checkout-flow', { startTime: start, attributes: { 'langfuse.trace.tags': ['production', 'checkout'] } });
  e.tracer
    .startSpan('chat gpt-4o-mini', { startTime: start + 10, attributes: { 'gen_ai.operation.name': 'chat', 'gen_ai.request.model': 'gpt-4o-mini', 'gen_ai.usage.input_tokens': 10_000, 'gen_ai.usage.output_tokens': 1_000 } }, trace.setSpan(context.active(), root))
    .end(start + 50);
  root.end(start + 60);
  ids.langfuse = root.spanContext().traceId;
  // OpenInference: tag.tags on a chain span, and a second tag on its child (the trace carries both).
  const chain = e.tracer.startSpan('rag', { startTime: start + 100, attributes: { 'openinference.span.kind': 'CHAIN', 'tag.tags': ['production', 'rag'] } });
  e.tracer
    .startSpan('retrieve', { startTime: start + 110, attributes: { 'openinference.span.kind': 'RETRIEVER', 'tag.tags': ['beta'] } }, trace.setSpan(context.active(), chain))
    .end(start + 150);
  chain.end(start + 160);
  ids.openinference = chain.spanContext().traceId;
  // Vercel AI SDK: metadata tags, sent as a JSON list in a string here.
  const vercel = e.tracer.startSpan('ai.generateText', { startTime: start + 200, attributes: { 'ai.operationId': 'ai.generateText', 'ai.telemetry.metadata.tags': '["support"]' } });
  vercel.end(start + 260);
  ids.vercel = vercel.spanContext().traceId;
  e.tracer.startSpan('untagged', { startTime: start + 300, attributes: { 'gen_ai.operation.name': 'chat' } }).end(start + 310);
  await e.flush();
}, 60_000);

afterAll(async () => {
  await stack?.running.shutdown();
});

const search = async (query: string) => {
  const { status, body } = await getJson(`${stack.api}/api/v1/traces?service=tagged-app&${query}`);
  expect(status).toBe(200);
  return body.traces as { traceId: string; tags: string[] }[];
};

describe('trace tags', () => {
  it('lists each trace with the union of its spans’ tags', async () => {
    const byId = new Map((await search('')).map((t) => [t.traceId, t.tags]));
    expect(byId.get(ids.langfuse)).toEqual(['checkout', 'production']);
    expect(byId.get(ids.openinference)).toEqual(['beta', 'production', 'rag']);
    expect(byId.get(ids.vercel)).toEqual(['support']);
    expect([...byId.values()].filter((t) => t.length === 0)).toHaveLength(1);
  });

  it('filters by a tag, and by several (all of them, from any spans of the trace)', async () => {
    expect((await search('tag=production')).map((t) => t.traceId).sort()).toEqual([ids.langfuse, ids.openinference].sort());
    expect((await search('tag=production&tag=beta')).map((t) => t.traceId)).toEqual([ids.openinference]);
    expect(await search('tag=production&tag=support')).toEqual([]);
    expect(await search('tag=nope')).toEqual([]);
    const csv = await (await fetch(`${stack.api}/api/v1/traces/export?format=csv&tag=support`)).text();
    expect(csv.split('\r\n').filter(Boolean)).toHaveLength(2);
    expect(csv).toContain(ids.vercel);
  });

  it('names the tags in use, the most used first, and shows a span’s own tags', async () => {
    const { body } = await getJson(`${stack.api}/api/v1/tags`);
    expect(body.tags[0]).toBe('production');
    expect([...body.tags].sort()).toEqual(['beta', 'checkout', 'production', 'rag', 'support']);
    const detail = await getJson(`${stack.api}/api/v1/traces/${ids.openinference}`);
    const tagsBySpan = Object.fromEntries(detail.body.spans.map((s: { name: string; genAi: { tags: string[] } }) => [s.name, s.genAi.tags]));
    expect(tagsBySpan).toEqual({ rag: ['production', 'rag'], retrieve: ['beta'] });
  });

  it('sums cost by tag from the trace summaries: a trace under each of its tags, the total once', async () => {
    const { status, body } = await getJson(`${stack.api}/api/v1/costs?groupBy=tag`);
    expect(status).toBe(200);
    const byTag = Object.fromEntries(body.rows.map((r: any) => [r.key, r]));
    expect(Object.keys(byTag).sort()).toEqual(['beta', 'checkout', 'production', 'rag', 'support']);
    const checkout = byTag.checkout.costUsd;
    expect(checkout).toBeGreaterThan(0);
    expect(byTag.production.costUsd).toBeCloseTo(checkout, 12);
    expect(byTag.production).toMatchObject({ inputTokens: 10_000, outputTokens: 1_000 });
    expect(body.rows[0].key).toBe('production');
    expect(body.total.costUsd).toBeCloseTo(checkout, 12);
    expect(body.total.inputTokens).toBe(10_000);
    expect((await getJson(`${stack.api}/api/v1/costs?groupBy=tag&model=gpt-4o-mini`)).status).toBe(400);
  });

  it('refuses too many tags in one search by name', async () => {
    const { status, body } = await getJson(`${stack.api}/api/v1/traces?${Array.from({ length: 21 }, (_, i) => `tag=t${i}`).join('&')}`);
    expect(status).toBe(400);
    expect(JSON.stringify(body)).toContain('tag');
  });
});
