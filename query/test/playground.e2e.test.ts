import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getJson } from './helpers.js';
import { startProcess, stopProcess, type WatchLLMProcess } from './process.js';

const MODEL_KEY = 'playground-secret-key-456';
let model: Server;
let modelUrl: string;
/** What the model's endpoint received, in order. */
const received: { path: string; auth?: string; body: any }[] = [];
let dataDir: string;
let proc: WatchLLMProcess;

/** An OpenAI-compatible endpoint: echoes the last message, or answers 500 when it says "fail". */
function startModel(): Promise<void> {
  model = createServer((req, res) => {
    let raw = '';
    req.on('data', (d) => (raw += d));
    req.on('end', () => {
      const body = JSON.parse(raw);
      received.push({ path: req.url!, auth: req.headers.authorization, body });
      const last = body.messages.at(-1).content as string;
      if (last === 'fail') return res.writeHead(500, { 'content-type': 'application/json' }).end('{"error":{"message":"model overloaded"}}');
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({
        model: `${body.model}-2025-01-01`,
        choices: [{ message: { role: 'assistant', content: `You said: ${last}` }, finish_reason: 'stop' }],
        usage: { prompt_tokens: 21, completion_tokens: 4, total_tokens: 25 },
      }));
    });
  });
  return new Promise((resolve) => model.listen(0, '127.0.0.1', () => {
    modelUrl = `http://127.0.0.1:${(model.address() as AddressInfo).port}`;
    resolve();
  }));
}

const post = async (body: unknown) => {
  const res = await fetch(`${proc.api}/api/v1/playground/chat`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, body: await res.json() };
};
const chat = (over: Record<string, unknown> = {}) => ({
  connection: 'TEST',
  model: 'gpt-test',
  messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Plan a weekend in Lisbon' }],
  parameters: { temperature: 0.3, max_tokens: 64, top_p: 0.9, stop: ['END'] },
  ...over,
});

beforeAll(async () => {
  await startModel();
  dataDir = mkdtempSync(join(tmpdir(), 'watchllm-playground-'));
  // The operator names two endpoints: one with a key, a local one without.
  proc = await startProcess(['start'], { WATCHLLM_DATA_DIR: dataDir, WATCHLLM_JUDGE_URL_TEST: `${modelUrl}/v1`, WATCHLLM_JUDGE_KEY_TEST: MODEL_KEY, WATCHLLM_JUDGE_URL_LOCAL: `${modelUrl}/local/v1/` });
}, 90_000);

afterAll(async () => {
  if (proc) await stopProcess(proc);
  await new Promise((r) => model?.close(r));
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('playground', () => {
  it('lists the connections the operator allows by host, never the key', async () => {
    const { status, body } = await getJson(`${proc.api}/api/v1/playground/connections`);
    expect(status).toBe(200);
    const host = new URL(modelUrl).host;
    expect(body.connections).toEqual(expect.arrayContaining([{ name: 'LOCAL', host, keySet: false }, { name: 'TEST', host, keySet: true }]));
    expect(JSON.stringify(body)).not.toContain(MODEL_KEY);
    expect(JSON.stringify(body)).not.toContain('/v1');
  });

  it('runs a chat: forwards the model, messages and parameters with the key, and answers the reply with usage and latency', async () => {
    received.length = 0;
    const { status, body } = await post(chat());
    expect(status).toBe(200);
    expect(body).toEqual({ output: 'You said: Plan a weekend in Lisbon', finishReason: 'stop', usage: { inputTokens: 21, outputTokens: 4 }, latencyMs: expect.any(Number), model: 'gpt-test-2025-01-01' });
    expect(received).toEqual([{ path: '/v1/chat/completions', auth: `Bearer ${MODEL_KEY}`, body: { model: 'gpt-test', messages: chat().messages, temperature: 0.3, max_tokens: 64, top_p: 0.9, stop: ['END'] } }]);
    // A connection without a key sends none; no parameters, none forwarded.
    const local = await post(chat({ connection: 'LOCAL', parameters: undefined, messages: [{ role: 'user', content: 'hi' }, { role: 'assistant', content: 'hello' }, { role: 'user', content: 'again' }] }));
    expect(local.body.output).toBe('You said: again');
    expect(received[1]).toEqual({ path: '/local/v1/chat/completions', auth: undefined, body: { model: 'gpt-test', messages: expect.any(Array) } });
  });

  it('refuses a bad body or a connection the operator has not named, with a 400 saying what to fix', async () => {
    received.length = 0;
    const unknown = await post(chat({ connection: 'OPENAI' }));
    expect(unknown.status).toBe(400);
    expect(unknown.body.error).toContain('WATCHLLM_JUDGE_URL_OPENAI');
    const url = await post(chat({ connection: 'http://169.254.169.254/latest' }));
    expect(url.status).toBe(400);
    expect((await post(chat({ messages: [{ role: 'wizard', content: 'x' }] }))).body).toEqual({ error: 'field messages[0].role: expected one of system, user, assistant, tool' });
    expect((await post(chat({ messages: 'hi' }))).status).toBe(400);
    expect((await post(chat({ baseUrl: modelUrl }))).body.error).toContain('unknown field "baseUrl"');
    const big = await post(chat({ messages: [{ role: 'user', content: 'x'.repeat(2 * 1024 * 1024) }] }));
    expect(big.status).toBe(413);
    expect(received).toHaveLength(0);
  });

  it('answers 502 with the upstream message when the model fails', async () => {
    const { status, body } = await post(chat({ messages: [{ role: 'user', content: 'fail' }] }));
    expect(status).toBe(502);
    expect(body.error).toContain('answered 500');
    expect(body.error).toContain('model overloaded');
  });

  it('records nothing', async () => {
    const { body } = await getJson(`${proc.api}/api/v1/traces`);
    expect(body.traces).toEqual([]);
  });
});
