import { describe, expect, it } from 'vitest';
import type { Judge } from '../evaluators/judge-client.js';
import { createPlayground } from './playground.js';

const env = { WATCHLLM_JUDGE_URL_OPENAI: 'https://api.openai.com/v1/', WATCHLLM_JUDGE_KEY_OPENAI: 'sk-1', WATCHLLM_JUDGE_URL_LOCAL: 'http://ollama:11434/v1', WATCHLLM_CLICKHOUSE_PASSWORD: 'secret' };
const calls: Parameters<Judge>[] = [];
const judge: Judge = async (...args) => (calls.push(args), { ok: true, text: 'Hello!', finishReason: 'stop', outputTokens: 2 });
const request = (connection: string) => ({ connection, model: 'gpt-4o-mini', messages: [{ role: 'user' as const, content: 'Hi' }], parameters: { temperature: 0.5 } });

describe('the playground', () => {
  it('lists the operator\'s connections by host, saying whether a key is set but never the key', () => {
    const listed = createPlayground(env, judge).connections();
    expect(listed).toEqual([{ name: 'LOCAL', host: 'ollama:11434', keySet: false }, { name: 'OPENAI', host: 'api.openai.com', keySet: true }]);
    expect(JSON.stringify(listed)).not.toContain('sk-1');
  });

  it('calls the URL of the name given with its key only, and answers the reply with what is unknown as null', async () => {
    const outcome = await createPlayground(env, judge).chat(request('OPENAI'));
    expect(outcome).toEqual({ ok: true, reply: { output: 'Hello!', finishReason: 'stop', usage: { inputTokens: null, outputTokens: 2 }, latencyMs: expect.any(Number), model: 'gpt-4o-mini' } });
    expect(calls.at(-1)).toEqual([{ baseUrl: 'https://api.openai.com/v1', model: 'gpt-4o-mini', apiKeyEnv: '' }, 'sk-1', request('OPENAI').messages, { temperature: 0.5 }]);
    await createPlayground(env, judge).chat(request('LOCAL'));
    expect(calls.at(-1)![1]).toBeUndefined();
  });

  it('names the variable to set for a connection the operator has not named', async () => {
    const playground = createPlayground(env, judge);
    expect(await playground.chat(request('MISSING'))).toEqual({ ok: false, reason: 'unknown-connection', error: expect.stringContaining('set WATCHLLM_JUDGE_URL_MISSING') });
    expect(await playground.chat(request('https://attacker.example/v1'))).toMatchObject({ ok: false, reason: 'unknown-connection', error: expect.stringContaining('is not a connection name') });
  });
});
