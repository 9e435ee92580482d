import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStubLlmServer, STUB_TRIGGERS, type StubLlmServer } from './stub-server.js';

let stub: StubLlmServer;
beforeAll(async () => {
  stub = await startStubLlmServer({ errorEvery: 4 });
});
afterAll(() => stub.close());

const post = (path: string, body: unknown) =>
  fetch(`${stub.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

describe('stub LLM server', () => {
  it('answers deterministically and fails every Nth request with 429 then 500', async () => {
    const body = { model: 'gpt-4o', messages: [{ role: 'user', content: 'same question' }] };
    const statuses: number[] = [];
    const texts: string[] = [];
    for (let i = 0; i < 8; i++) {
      const res = await post('/v1/chat/completions', body);
      statuses.push(res.status);
      const json = (await res.json()) as { choices?: { message: { content: string } }[]; error?: { type: string } };
      if (res.ok) texts.push(json.choices![0]!.message.content);
      else expect(json.error?.type).toBe(res.status === 429 ? 'rate_limit_exceeded' : 'server_error');
    }
    expect(statuses).toEqual([200, 200, 200, 429, 200, 200, 200, 500]);
    expect(new Set(texts).size).toBe(1);
  });

  it('fails on trigger words with provider-shaped error bodies', async () => {
    const res = await post('/v1/messages', { model: 'claude-3-5-haiku-20241022', max_tokens: 10, messages: [{ role: 'user', content: STUB_TRIGGERS.rateLimit }] });
    expect(res.status).toBe(429);
    expect(await res.json()).toMatchObject({ type: 'error', error: { type: 'rate_limit_error' } });
  });

  it('streams anthropic events ending in message_stop', async () => {
    const res = await post('/v1/messages', { model: 'claude-3-5-haiku-20241022', max_tokens: 10, stream: true, messages: [{ role: 'user', content: 'hi there' }] });
    const text = await res.text();
    expect(res.headers.get('content-type')).toBe('text/event-stream');
    const events = [...text.matchAll(/^event: (\w+)$/gm)].map((m) => m[1]);
    expect(events[0]).toBe('message_start');
    expect(events.at(-1)).toBe('message_stop');
    expect(events).toContain('content_block_delta');
  });

  it('returns 404 for unknown routes', async () => {
    expect((await post('/v1/nope', {})).status).toBe(404);
  });
});
