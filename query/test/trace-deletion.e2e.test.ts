/**
 * Erasing a trace (`DELETE /api/v1/traces/{traceId}`): its spans, log records (content events, scores), lookup and
 * search rows go from every read — the trace API, search, sessions, logs, Tempo, the contrib lookup table Grafana
 * uses — while another trace of the same session stays whole, and the usage rollups (no content) keep counting it.
 */
import { TABLES } from '@watchllm/collector';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getJson, startTestStack, type TestStack } from './helpers.js';

let stack: TestStack;
const ERASED = 'd1'.repeat(16);
const KEPT = 'd2'.repeat(16);
const NOW_NS = BigInt(Date.now()) * 1_000_000n;

const str = (key: string, value: string) => ({ key, value: { stringValue: value } });
const int = (key: string, value: number) => ({ key, value: { intValue: String(value) } });

function trace(traceId: string, secret: string, userId = 'erasure-user') {
  return {
    resourceSpans: [
      {
        resource: { attributes: [str('service.name', 'erasure-app')] },
        scopeSpans: [
          {
            scope: { name: 'test' },
            spans: [
              {
                traceId, spanId: `${traceId.slice(0, 14)}01`, name: 'chat gpt-4o-mini', kind: 3,
                startTimeUnixNano: String(NOW_NS), endTimeUnixNano: String(NOW_NS + 500_000_000n),
                attributes: [
                  str('gen_ai.operation.name', 'chat'), str('gen_ai.provider.name', 'openai'), str('gen_ai.request.model', 'gpt-4o-mini'),
                  int('gen_ai.usage.input_tokens', 100), int('gen_ai.usage.output_tokens', 20), str('gen_ai.conversation.id', 'erasure-session'), str('user.id', userId),
                  str('gen_ai.input.messages', JSON.stringify([{ role: 'user', parts: [{ type: 'text', content: `my card is ${secret}` }] }])),
                ],
              },
            ],
          },
        ],
      },
    ],
  };
}

const logs = (traceId: string) => ({
  resourceLogs: [{ resource: { attributes: [str('service.name', 'erasure-app')] }, scopeLogs: [{ scope: { name: 'test' }, logRecords: [{ timeUnixNano: String(NOW_NS + 1000n), eventName: 'app.note', body: { stringValue: 'a note about the card' }, traceId, spanId: `${traceId.slice(0, 14)}01` }] }] }],
});

const post = (path: string, body: unknown) => fetch(`${stack.otlpHttp}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
const erase = (traceId: string) => fetch(`${stack.api}/api/v1/traces/${traceId}`, { method: 'DELETE' });
const count = async (sql: string) => {
  const rs = await stack.running.store.client.query({ query: sql, format: 'JSONEachRow' });
  return Number(((await rs.json()) as { n: string }[])[0].n);
};

beforeAll(async () => {
  stack = await startTestStack();
  for (const [id, secret] of [[ERASED, '4111-1111'], [KEPT, '5500-0000']]) {
    expect((await post('/v1/traces', trace(id, secret))).status).toBe(200);
    expect((await post('/v1/logs', logs(id))).status).toBe(200);
  }
  for (let i = 0; i < 100 && (await getJson(`${stack.api}/api/v1/traces/${KEPT}`)).status !== 200; i++) await new Promise((r) => setTimeout(r, 100));
  const scored = await fetch(`${stack.api}/api/v1/evaluations`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ traceId: ERASED, name: 'review', label: 'leaked' }) });
  expect(scored.status).toBe(201);
});
afterAll(() => stack?.running.shutdown());

describe('erasing a trace', () => {
  it('takes its spans, log records and scores out of every read, and leaves the other trace whole', async () => {
    expect((await getJson(`${stack.api}/api/v1/traces/${ERASED}`)).status).toBe(200);
    const costBefore = (await getJson(`${stack.api}/api/v1/costs?groupBy=model`)).body.total;
    expect((await erase(ERASED)).status).toBe(204);

    expect((await getJson(`${stack.api}/api/v1/traces/${ERASED}`)).status).toBe(404);
    expect((await fetch(`${stack.api}/api/traces/${ERASED}`)).status).toBe(404); // Tempo
    const listed = (await getJson(`${stack.api}/api/v1/traces`)).body.traces.map((t: any) => t.traceId);
    expect(listed).toEqual([KEPT]);
    expect((await getJson(`${stack.api}/api/v1/traces?q=4111`)).body.traces).toEqual([]);
    expect((await getJson(`${stack.api}/api/v1/logs?traceId=${ERASED}`)).body.logs).toEqual([]);
    expect((await getJson(`${stack.api}/api/v1/evaluations?name=review`)).body.rows).toEqual([]);
    expect((await getJson(`${stack.api}/api/v1/sessions/erasure-session`)).body.traces.map((t: any) => t.traceId)).toEqual([KEPT]);
    const db = stack.running.store.config.database;
    expect(await count(`SELECT count() AS n FROM ${db}.${TABLES.traces} WHERE TraceId = '${ERASED}'`)).toBe(0);
    expect(await count(`SELECT count() AS n FROM ${db}.${TABLES.traceIdTs} WHERE TraceId = '${ERASED}'`)).toBe(0);

    // The other trace of the session, its content and its log record, untouched.
    const kept = await getJson(`${stack.api}/api/v1/traces/${KEPT}`);
    expect(kept.status).toBe(200);
    expect(JSON.stringify(kept.body)).toContain('5500-0000');
    expect((await getJson(`${stack.api}/api/v1/logs?traceId=${KEPT}`)).body.logs).toHaveLength(1);
    // The usage rollups hold no content and keep counting the erased call.
    expect((await getJson(`${stack.api}/api/v1/costs?groupBy=model`)).body.total).toEqual(costBefore);
  });

  it("erases a user: every trace of theirs, the scores of their sessions and their per-user rollup rows, and another user's stay", async () => {
    const [one, two, other] = ['e1'.repeat(16), 'e2'.repeat(16), 'e3'.repeat(16)];
    const inSession = (id: string, user: string) => {
      const t = trace(id, 'x', user);
      t.resourceSpans[0].scopeSpans[0].spans[0].attributes.find((a) => a.key === 'gen_ai.conversation.id')!.value = { stringValue: `${user}-chat` };
      return t;
    };
    for (const [id, user] of [[one, 'forget-me'], [two, 'forget-me'], [other, 'stay']]) expect((await post('/v1/traces', inSession(id, user))).status).toBe(200);
    for (let i = 0; i < 100 && (await getJson(`${stack.api}/api/v1/traces/${other}`)).status !== 200; i++) await new Promise((r) => setTimeout(r, 100));
    const sessionScores = async (sessionId: string) => (await getJson(`${stack.api}/api/public/v2/scores?sessionId=${sessionId}`)).body.data.length;
    for (const sessionId of ['forget-me-chat', 'stay-chat']) {
      const scored = await fetch(`${stack.api}/api/v1/evaluations`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ sessionId, name: 'satisfaction', score: 1 }) });
      expect(scored.status).toBe(201);
      expect(await sessionScores(sessionId)).toBe(1);
    }
    const users = async () => (await getJson(`${stack.api}/api/v1/users`)).body.users.map((u: any) => u.userId).sort();
    expect(await users()).toEqual(['erasure-user', 'forget-me', 'stay']);
    const erased = await fetch(`${stack.api}/api/v1/users/forget-me`, { method: 'DELETE' });
    expect([erased.status, await erased.json()]).toEqual([200, { userId: 'forget-me', erasedTraces: 2 }]);
    for (const id of [one, two]) expect((await getJson(`${stack.api}/api/v1/traces/${id}`)).status).toBe(404);
    expect((await getJson(`${stack.api}/api/v1/traces/${other}`)).status).toBe(200);
    expect(await users()).toEqual(['erasure-user', 'stay']);
    expect((await getJson(`${stack.api}/api/v1/costs?groupBy=user`)).body.rows.map((r: any) => r.key)).not.toContain('forget-me');
    expect([await sessionScores('forget-me-chat'), await sessionScores('stay-chat')]).toEqual([0, 1]);
    // Asked again: nothing left, still an answer.
    const again = await fetch(`${stack.api}/api/v1/users/forget-me`, { method: 'DELETE' });
    expect([again.status, await again.json()]).toEqual([200, { userId: 'forget-me', erasedTraces: 0 }]);
  });

  it('erases a session (a conversation): its traces go, the other session stays', async () => {
    const chat = (id: string, session: string) => {
      const t = trace(id, 'x', 'session-user');
      const attrs = t.resourceSpans[0].scopeSpans[0].spans[0].attributes;
      attrs.find((a) => a.key === 'gen_ai.conversation.id')!.value = { stringValue: session };
      return t;
    };
    const [a1, a2, b1] = ['f4'.repeat(16), 'f5'.repeat(16), 'f6'.repeat(16)];
    for (const [id, session] of [[a1, 'chat-a'], [a2, 'chat-a'], [b1, 'chat-b']]) expect((await post('/v1/traces', chat(id, session))).status).toBe(200);
    for (let i = 0; i < 100 && (await getJson(`${stack.api}/api/v1/sessions/chat-b`)).status !== 200; i++) await new Promise((r) => setTimeout(r, 100));
    const erased = await fetch(`${stack.api}/api/v1/sessions/chat-a`, { method: 'DELETE' });
    expect([erased.status, await erased.json()]).toEqual([200, { sessionId: 'chat-a', erasedTraces: 2 }]);
    expect((await getJson(`${stack.api}/api/v1/sessions/chat-a`)).status).toBe(404);
    for (const id of [a1, a2]) expect((await getJson(`${stack.api}/api/v1/traces/${id}`)).status).toBe(404);
    expect((await getJson(`${stack.api}/api/v1/sessions/chat-b`)).body.traces.map((t: any) => t.traceId)).toEqual([b1]);
  });

  it('takes hostile user ids as values, never as SQL', async () => {
    const before = await count(`SELECT count() AS n FROM ${stack.running.store.config.database}.${TABLES.traces}`);
    for (const id of ["' OR '1'='1", "x'); DROP TABLE watchllm.otel_traces; --", '{projectId:String}', '%00', 'é'.repeat(100)]) {
      const res = await fetch(`${stack.api}/api/v1/users/${encodeURIComponent(id)}`, { method: 'DELETE' });
      expect([res.status, (await res.json()).erasedTraces], id).toEqual([200, 0]);
    }
    expect((await fetch(`${stack.api}/api/v1/users/${'u'.repeat(513)}`, { method: 'DELETE' })).status).toBe(400);
    expect(await count(`SELECT count() AS n FROM ${stack.running.store.config.database}.${TABLES.traces}`)).toBe(before);
  });

  it('answers 404 for a trace it does not have (erased already, or never sent) and 400 for a malformed id', async () => {
    const again = await erase(ERASED);
    expect([again.status, (await again.json()).error]).toEqual([404, `trace ${ERASED} not found`]);
    expect((await erase('ab'.repeat(16))).status).toBe(404);
    const bad = await erase('xyz');
    expect([bad.status, (await bad.json()).error]).toEqual([400, 'trace id "xyz" must be 16 or 32 hex characters']);
  });
});
