import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createJudge } from './judge-client.js';

/** A judge whose answers are queued per test: a status (and Retry-After), else 200 with "ok". */
let server: Server;
let baseUrl: string;
const queued: { status: number; retryAfter?: string; answer?: unknown }[] = [];
const seen: { auth?: string; at: number; body: string }[] = [];
let inFlight = 0;
let maxInFlight = 0;

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      seen.push({ auth: req.headers.authorization, at: Date.now(), body });
      maxInFlight = Math.max(maxInFlight, ++inFlight);
      const next = queued.shift() ?? { status: 200 };
      setTimeout(() => {
        inFlight--;
        if (next.status !== 200) return res.writeHead(next.status, next.retryAfter ? { 'retry-after': next.retryAfter } : {}).end('{"error":"busy"}');
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(next.answer ?? { choices: [{ message: { content: 'ok' } }] }));
      }, 20);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const connection = () => ({ baseUrl, model: 'judge', apiKeyEnv: 'K' });
const ask = [{ role: 'user' as const, content: 'hi' }];

describe('the judge client', () => {
  it('tries a 429 and a 5xx again after a delay (the server\'s Retry-After when given), sending the key', async () => {
    seen.length = 0;
    queued.push({ status: 429, retryAfter: '0' }, { status: 503 });
    const reply = await createJudge({ backoffMs: 50 })(connection(), 'sk-test', ask);
    expect(reply).toEqual({ ok: true, text: 'ok' });
    expect(seen).toHaveLength(3);
    expect(seen.every((s) => s.auth === 'Bearer sk-test')).toBe(true);
    expect(seen[2].at - seen[1].at).toBeGreaterThanOrEqual(45);
  });

  it('sends the parameters given (a judge: temperature 0), and answers the finish reason, usage and model the server gave', async () => {
    seen.length = 0;
    queued.push({ status: 200, answer: { model: 'judge-2024', choices: [{ message: { content: 'hello' }, finish_reason: 'length' }], usage: { prompt_tokens: 12, completion_tokens: 3 } } });
    const messages = [...ask, { role: 'assistant' as const, content: 'hey' }];
    expect(await createJudge()(connection(), undefined, messages, { temperature: 0.7, max_tokens: 3, stop: ['\n'] })).toEqual({ ok: true, text: 'hello', finishReason: 'length', inputTokens: 12, outputTokens: 3, model: 'judge-2024' });
    expect(JSON.parse(seen[0].body)).toEqual({ temperature: 0.7, max_tokens: 3, stop: ['\n'], model: 'judge', messages });
    await createJudge()(connection(), undefined, ask);
    expect(JSON.parse(seen[1].body)).toEqual({ temperature: 0, model: 'judge', messages: ask });
  });

  it('fails at once on a refusal that trying again would not change, and gives up after its attempts', async () => {
    seen.length = 0;
    queued.push({ status: 401 });
    expect(await createJudge({ backoffMs: 1 })(connection(), undefined, ask)).toMatchObject({ ok: false, retryable: false, status: 401 });
    expect(seen).toHaveLength(1);
    queued.push({ status: 500 }, { status: 500 });
    expect(await createJudge({ backoffMs: 1, attempts: 2 })(connection(), undefined, ask)).toMatchObject({ ok: false, retryable: true, status: 500 });
    expect(seen[0].auth).toBeUndefined();
  });

  it('times out a judge that does not answer, and says where', async () => {
    const reply = await createJudge({ timeoutMs: 5, attempts: 1 })(connection(), undefined, ask);
    expect(reply).toMatchObject({ ok: false, retryable: true, error: expect.stringContaining('no answer within 5 ms') });
  });

  it('keeps at most `concurrency` calls in flight', async () => {
    // The call the previous test timed out on is still being answered.
    while (inFlight > 0) await new Promise((r) => setTimeout(r, 10));
    maxInFlight = 0;
    const judge = createJudge({ concurrency: 2 });
    const replies = await Promise.all(Array.from({ length: 6 }, () => judge(connection(), undefined, ask)));
    expect(replies.every((r) => r.ok)).toBe(true);
    expect(maxInFlight).toBe(2);
  });
});
