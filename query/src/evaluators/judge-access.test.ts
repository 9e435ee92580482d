import { describe, expect, it } from 'vitest';
import { judgeAccess, namedJudges } from './judge-access.js';

const env = { WATCHLLM_JUDGE_URL_OPENAI: 'https://api.openai.com/v1/', WATCHLLM_JUDGE_KEY_OPENAI: 'sk-1', WATCHLLM_JUDGE_URL_LOCAL: 'http://ollama:11434/v1', WATCHLLM_CLICKHOUSE_PASSWORD: 'secret' };
const access = judgeAccess(env);
const judge = (baseUrl: string, apiKeyEnv = '') => ({ baseUrl, model: 'm', apiKeyEnv });

describe('judge access', () => {
  it('sends a WATCHLLM_JUDGE_KEY_<NAME> only to WATCHLLM_JUDGE_URL_<NAME>', () => {
    expect(access(judge('https://api.openai.com/v1', 'WATCHLLM_JUDGE_KEY_OPENAI'))).toEqual({ ok: true, apiKey: 'sk-1' });
    expect(access(judge('https://attacker.example/v1', 'WATCHLLM_JUDGE_KEY_OPENAI'))).toEqual({ ok: false, refused: true, error: expect.stringMatching(/^judge\.baseUrl: WATCHLLM_JUDGE_KEY_OPENAI is sent only to WATCHLLM_JUDGE_URL_OPENAI/) });
    expect(access(judge('http://ollama:11434/v1', 'WATCHLLM_JUDGE_KEY_LOCAL'))).toEqual({ ok: false, refused: false, error: expect.stringMatching(/WATCHLLM_JUDGE_KEY_LOCAL \(the judge's API key\) is not set/) });
  });

  it('reads no other variable as a key, and calls no URL the operator did not name', () => {
    expect(access(judge('https://attacker.example/v1', 'WATCHLLM_CLICKHOUSE_PASSWORD'))).toEqual({ ok: false, refused: true, error: expect.stringMatching(/^judge\.apiKeyEnv: a judge's key is read only from a WATCHLLM_JUDGE_KEY_<NAME> variable/) });
    expect(access(judge('http://169.254.169.254/latest'))).toEqual({ ok: false, refused: true, error: expect.stringMatching(/is not a judge this query service calls/) });
    expect(access(judge('http://ollama:11434/v1/'))).toEqual({ ok: true });
    expect(access(judge('https://x/v1', 'WATCHLLM_JUDGE_KEY_MISSING'))).toEqual({ ok: false, refused: false, error: expect.stringMatching(/^WATCHLLM_JUDGE_URL_MISSING is not set/) });
  });
});

describe('named judges', () => {
  it('pairs each URL with the key of its own name, and no other variable', () => {
    expect([...namedJudges(env).values()]).toEqual([
      { name: 'LOCAL', baseUrl: 'http://ollama:11434/v1' },
      { name: 'OPENAI', baseUrl: 'https://api.openai.com/v1', apiKey: 'sk-1' },
    ]);
    expect(namedJudges({ WATCHLLM_JUDGE_KEY_ORPHAN: 'sk-2', WATCHLLM_JUDGE_URL_EMPTY: '', WATCHLLM_JUDGE_URL_lower: 'http://x' }).size).toBe(0);
  });
});
