// An app still on Langfuse's pre-OpenTelemetry JS SDK (the `langfuse` package, v3), pointed at WatchLLM: its trace,
// span, generation and event create / update events arrive in separate batches, seconds apart, and must come out
// as one trace of spans — the generation a priced model call with its messages, under the trace's user, session
// and tags — with the score given in the same batch as the generation's end on the right span.
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Langfuse } from 'langfuse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from './helpers.js';
import { CLI, startProcess, stopProcess, type WatchLLMProcess } from './process.js';

let p: WatchLLMProcess;
let key: string;

const get = async (path: string) => {
  const res = await fetch(`${p.api}${path}`, { headers: { authorization: `Bearer ${key}` } });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
};

interface SpanDto {
  spanId: string;
  parentSpanId: string;
  name: string;
  status: { code: string };
  attributes: Record<string, unknown>;
  genAi: { requestModel: string; inputTokens: number; outputTokens: number; costUsd: number | null; userId: string; conversationId: string; inputMessages: unknown[]; outputMessages: unknown[]; tags: string[] } | null;
  evaluations?: { name: string; score: number }[];
}

beforeAll(async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'watchllm-langfuse-legacy-'));
  key = /api key: (\S+)/.exec(execFileSync(process.execPath, [CLI, 'keys', 'create', '--project', 'legacy'], { env: { ...process.env, WATCHLLM_DATA_DIR: dataDir }, encoding: 'utf8' }))![1];
  p = await startProcess(['start'], { WATCHLLM_DATA_DIR: dataDir, WATCHLLM_AUTH: 'true', WATCHLLM_LANGFUSE_QUIET_MS: '300' });
}, 90_000);

afterAll(async () => {
  if (p) await stopProcess(p);
});

describe('Langfuse JS SDK v3 (ingestion events) → spans', () => {
  it('writes the trace once quiet: root, span, generation (priced, with messages) and event; the score lands on the generation', async () => {
    // A generous request timeout: the SDK sends a batch again after 5 s, and two cores running the whole suite can be that slow.
    const langfuse = new Langfuse({ publicKey: 'pk-lf-legacy', secretKey: key, baseUrl: p.api, flushAt: 1000, flushInterval: 60_000, requestTimeout: 30_000 });
    const trace = langfuse.trace({ name: 'support-chat', userId: 'user-7', sessionId: 'sess-7', input: { question: 'Where is my order?' }, tags: ['legacy'], metadata: { plan: 'pro' } });
    const retrieve = trace.span({ name: 'retrieve', input: { query: 'order A-1042' } });
    retrieve.end({ output: { documents: 2 } });
    const generation = retrieve.generation({
      name: 'answer',
      model: 'gpt-4o-mini',
      modelParameters: { temperature: 0.2 },
      input: [{ role: 'user', content: 'Where is my order A-1042?' }],
    });
    await langfuse.flushAsync();
    // The model call is still running when the trace goes quiet: nothing of it may be written without its end.
    await new Promise((r) => setTimeout(r, 900));
    generation.end({ output: { role: 'assistant', content: 'It ships tomorrow.' }, usage: { input: 1200, output: 80 } });
    trace.event({ name: 'cache-miss', metadata: { key: 'A-1042' } });
    trace.update({ output: { answer: 'It ships tomorrow.' } });
    langfuse.score({ traceId: trace.id, observationId: generation.id, name: 'helpfulness', value: 0.9 });
    await langfuse.shutdownAsync();

    const traceId = trace.id.replace(/-/g, '');
    const { body } = await eventually(() => get(`/api/v1/traces/${traceId}`), (r) => r.status === 200 && (r.body.spans as SpanDto[]).length === 4, 20_000);
    const spans = body.spans as SpanDto[];
    const byName = Object.fromEntries(spans.map((s) => [s.name, s]));
    expect(Object.keys(byName).sort()).toEqual(['answer', 'cache-miss', 'retrieve', 'support-chat']);
    const root = byName['support-chat'];
    expect(root.parentSpanId).toBe('');
    expect(root.attributes).toMatchObject({ 'langfuse.trace.input': '{"question":"Where is my order?"}', 'langfuse.trace.output': '{"answer":"It ships tomorrow."}', 'langfuse.trace.metadata.plan': 'pro' });
    expect(byName.retrieve.parentSpanId).toBe(root.spanId);
    expect(byName['cache-miss'].parentSpanId).toBe(root.spanId);
    const answer = byName.answer;
    expect(answer.parentSpanId).toBe(byName.retrieve.spanId);
    expect(answer.genAi).toMatchObject({ requestModel: 'gpt-4o-mini', inputTokens: 1200, outputTokens: 80, userId: 'user-7', conversationId: 'sess-7' });
    expect(answer.genAi!.costUsd).toBeGreaterThan(0);
    expect(answer.genAi!.outputMessages).toEqual([{ role: 'assistant', parts: [{ type: 'text', content: 'It ships tomorrow.' }] }]);

    // The trace summary knows its user, session and tags; the score is the generation's.
    const list = await get(`/api/v1/traces?sessionId=sess-7&tag=legacy`);
    expect((list.body.traces as { traceId: string; userId: string }[]).map((t) => [t.traceId, t.userId])).toEqual([[traceId, 'user-7']]);
    const scored = await eventually(() => get(`/api/v1/traces/${traceId}`), (r) => (r.body.spans as SpanDto[]).some((s) => s.evaluations?.length), 10_000);
    expect((scored.body.spans as SpanDto[]).find((s) => s.evaluations?.length)).toMatchObject({ name: 'answer', evaluations: expect.arrayContaining([expect.objectContaining({ name: 'helpfulness', score: 0.9 })]) });
    // A score sent again with its id (an SDK repeating a batch it timed out on) is the same score, kept once.
    const again = async () =>
      (await fetch(`${p.api}/api/public/scores`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: JSON.stringify({ id: 'score-once', traceId: trace.id, observationId: generation.id, name: 'resent', value: 1 }),
      })).json();
    expect((await again()).id).toBe((await again()).id);
    const resent = await eventually(() => get(`/api/v1/traces/${traceId}`), (r) => (r.body.spans as SpanDto[]).some((s) => s.evaluations?.some((e) => e.name === 'resent')), 10_000);
    expect((resent.body.spans as SpanDto[]).flatMap((s) => s.evaluations ?? []).filter((e) => e.name === 'resent')).toHaveLength(1);
    // Langfuse's own read API finds it by the id the SDK gave it.
    const viaLangfuse = await get(`/api/public/traces/${trace.id}`);
    expect(viaLangfuse.status).toBe(200);
    expect(viaLangfuse.body).toMatchObject({ name: 'support-chat', userId: 'user-7', sessionId: 'sess-7' });
  }, 60_000);

  it("serves the older SDK's prompt calls too (createPrompt, getPrompt by label and version, compile)", async () => {
    const langfuse = new Langfuse({ publicKey: 'pk-lf-legacy', secretKey: key, baseUrl: p.api, requestTimeout: 30_000 });
    await langfuse.createPrompt({ name: 'legacy-greeting', prompt: 'Hello {{name}}', labels: ['production'] });
    await langfuse.createPrompt({ name: 'legacy-greeting', prompt: 'Hi {{name}}!', labels: [] });
    const production = await langfuse.getPrompt('legacy-greeting', undefined, { cacheTtlSeconds: 0 });
    expect(production.version).toBe(1);
    expect(production.compile({ name: 'Ada' })).toBe('Hello Ada');
    expect((await langfuse.getPrompt('legacy-greeting', 2, { cacheTtlSeconds: 0 })).compile({ name: 'Bo' })).toBe('Hi Bo!');
    await langfuse.shutdownAsync();
  });

  it('answers each event for itself: a bad one is refused by name, the others kept', async () => {
    const res = await fetch(`${p.api}/api/public/ingestion`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        batch: [
          { id: 'e1', type: 'span-create', timestamp: new Date().toISOString(), body: { id: 'span-1', name: 'orphan' } },
          { id: 'e2', type: 'trace-create', timestamp: new Date().toISOString(), body: { id: 'trace-x', name: 'ok' } },
          { id: 'e3', type: 'sdk-log', body: { log: 'hello' } },
          { id: 'e4', type: 'dataset-run-create', body: {} },
          { id: 'e5', type: 'span-create', timestamp: new Date().toISOString(), body: { id: 'span-9', traceId: 'trace-x', name: 'lookup', startTime: new Date().toISOString() } },
          // An update may leave its trace out when an earlier event of the observation names it.
          { id: 'e6', type: 'span-update', timestamp: new Date().toISOString(), body: { id: 'span-9', endTime: new Date().toISOString() } },
          { id: 'e7', type: 'generation-update', body: { id: 'ghost', endTime: new Date().toISOString() } },
        ],
      }),
    });
    expect(res.status).toBe(207);
    const answer = (await res.json()) as { successes: { id: string }[]; errors: { id: string; status: number; message: string }[] };
    expect(answer.successes.map((s) => s.id).sort()).toEqual(['e2', 'e3', 'e5', 'e6']);
    expect(answer.errors).toEqual([
      { id: 'e1', status: 400, message: 'body.traceId: expected the id of the trace this observation belongs to' },
      { id: 'e4', status: 400, message: 'event type dataset-run-create is not taken here' },
      { id: 'e7', status: 400, message: 'body.traceId: expected the id of the trace this observation belongs to (no earlier event of it is known)' },
    ]);
    // A trace id that is no UUID is kept as a hash of it; Langfuse's read API takes the original id.
    const written = await eventually(() => get('/api/public/traces/trace-x'), (r) => r.status === 200 && (r.body.observations as unknown[]).length === 2, 20_000);
    expect((written.body.observations as { name: string }[]).map((o) => o.name).sort()).toEqual(['lookup', 'ok']);
  }, 40_000);
});
