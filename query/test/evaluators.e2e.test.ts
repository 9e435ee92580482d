import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentRun, emitter, type AgentRun } from './genai-fixtures.js';
import { eventually, getJson } from './helpers.js';
import { startProcess, stopProcess, type WatchLLMProcess } from './process.js';

const JUDGE_KEY = 'judge-secret-key-123';
let judge: Server;
let judgeUrl: string;
/** Each call's prompt (the user message), as the judge saw it. */
const judged: string[] = [];
let dataDir: string;
let proc: WatchLLMProcess;
const runs: AgentRun[] = [];

/** A judge answering as a model would: 0.9 for an answer naming a hotel, else 0.2, in a code fence with prose around it. */
function startJudge(): Promise<void> {
  judge = createServer((req, res) => {
    let raw = '';
    req.on('data', (d) => (raw += d));
    req.on('end', () => {
      if (req.url !== '/v1/chat/completions' || req.headers.authorization !== `Bearer ${JUDGE_KEY}`) {
        res.writeHead(401, { 'content-type': 'application/json' }).end('{"error":"bad key"}');
        return;
      }
      const prompt = (JSON.parse(raw) as { messages: { role: string; content: string }[] }).messages.find((m) => m.role === 'user')!.content;
      judged.push(prompt);
      const score = prompt.includes('Alfama Inn') ? 0.9 : 0.2;
      const content = `Here is my verdict:\n\`\`\`json\n{"score": ${score}, "reasoning": "${score > 0.5 ? 'names a hotel' : 'no answer yet'}"}\n\`\`\``;
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ choices: [{ message: { role: 'assistant', content } }] }));
    });
  });
  return new Promise((resolve) => judge.listen(0, '127.0.0.1', () => {
    judgeUrl = `http://127.0.0.1:${(judge.address() as AddressInfo).port}/v1`;
    resolve();
  }));
}

// The operator allows the judge: its URL, and its key sent only there.
const start = () => startProcess(['start'], { WATCHLLM_DATA_DIR: dataDir, WATCHLLM_JUDGE_URL_TEST: judgeUrl, WATCHLLM_JUDGE_KEY_TEST: JUDGE_KEY, WATCHLLM_EVALUATOR_INTERVAL_MS: '300' });
const send = async (method: string, path: string, body?: unknown) => {
  const res = await fetch(`${proc.api}${path}`, { method, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: res.status, body: res.status === 204 ? null : await res.json() };
};
const definition = () => ({
  name: 'helpfulness',
  target: 'llm',
  judge: { baseUrl: judgeUrl, model: 'judge-1', apiKeyEnv: 'WATCHLLM_JUDGE_KEY_TEST' },
  promptTemplate: 'Question:\n{{input}}\n\nAnswer:\n{{output}}\n\nHow helpful is the answer?',
  output: { type: 'numeric' },
});
/** The evaluator's scores on each model call span of the runs. */
const scoresOfRuns = async () => {
  const out: Record<string, { score: number; explanation: string; author: string }[]> = {};
  for (const run of runs) {
    const { body } = await getJson(`${proc.api}/api/v1/traces/${run.traceId}`);
    for (const s of body.spans ?? []) if ([run.chat1, run.chat2].includes(s.spanId)) out[s.spanId] = s.evaluations.filter((e: any) => e.name === 'helpfulness');
  }
  return out;
};
const allScoredOnce = (scores: Record<string, unknown[]>) => Object.keys(scores).length === 4 && Object.values(scores).every((s) => s.length === 1);

beforeAll(async () => {
  await startJudge();
  dataDir = mkdtempSync(join(tmpdir(), 'watchllm-evaluators-'));
  proc = await start();
  const agents = emitter(proc.otlpHttp, 'travel-agent');
  for (let i = 0; i < 2; i++) runs.push(agentRun(agents.tracer, { sessionId: `s${i}`, userId: 'u', model: 'gpt-4o-mini', startMs: Date.now() - 30_000 + i * 2_000 }));
  await agents.flush();
  await eventually(() => getJson(`${proc.api}/api/v1/traces/${runs[1].traceId}`), (r) => r.body.spans?.length === 5);
}, 90_000);

afterAll(async () => {
  if (proc) await stopProcess(proc);
  await new Promise((r) => judge?.close(r));
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('online evaluators', () => {
  it('refuses bad definitions, naming the field', async () => {
    const bad = async (body: unknown) => (await send('POST', '/api/v1/evaluators', body)).body.error as string;
    expect(await bad({ ...definition(), samplingRate: 2 })).toContain('samplingRate');
    expect(await bad({ ...definition(), target: 'tool' })).toContain('target');
    expect(await bad({ ...definition(), judge: { baseUrl: judgeUrl, model: 'judge-1', apiKey: 'sk-123' } })).toContain('judge.apiKey');
    expect(await bad({ ...definition(), judge: { baseUrl: judgeUrl, model: 'judge-1', apiKeyEnv: 'sk-not a name' } })).toContain('judge.apiKeyEnv');
    // No caller picks which variable is sent, nor where: another secret, or the judge's key to another URL, is refused.
    expect(await bad({ ...definition(), judge: { baseUrl: judgeUrl, model: 'judge-1', apiKeyEnv: 'WATCHLLM_CLICKHOUSE_PASSWORD' } })).toMatch(/^field judge\.apiKeyEnv: a judge's key is read only from a WATCHLLM_JUDGE_KEY_<NAME> variable/);
    expect(await bad({ ...definition(), judge: { baseUrl: 'http://attacker.example/v1', model: 'judge-1', apiKeyEnv: 'WATCHLLM_JUDGE_KEY_TEST' } })).toMatch(/^field judge\.baseUrl: WATCHLLM_JUDGE_KEY_TEST is sent only to WATCHLLM_JUDGE_URL_TEST/);
    expect(await bad({ ...definition(), judge: { baseUrl: 'http://169.254.169.254/v1', model: 'judge-1' } })).toMatch(/^field judge\.baseUrl: .* is not a judge this query service calls/);
    expect(await bad({ ...definition(), promptTemplate: 'no placeholders' })).toContain('promptTemplate');
    expect(await bad({ ...definition(), output: { type: 'categorical', labels: ['only'] } })).toContain('output.labels');
    expect(await bad({ ...definition(), name: undefined })).toContain('name');
    expect((await send('POST', '/api/v1/evaluators', { ...definition(), samplingRate: 2 })).status).toBe(400);
    expect(await send('GET', '/api/v1/evaluators/nope')).toEqual({ status: 404, body: { error: 'evaluator "nope" not found' } });
    expect((await send('PATCH', '/api/v1/evaluators/nope', { enabled: false })).status).toBe(404);
  });

  it('scores every model call once with the judge, as evaluations of the span', async () => {
    const created = await send('POST', '/api/v1/evaluators', definition());
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'helpfulness', enabled: true, samplingRate: 1, judge: { apiKeyEnv: 'WATCHLLM_JUDGE_KEY_TEST', apiKeySet: true, problem: null } });
    expect(JSON.stringify(created.body)).not.toContain(JUDGE_KEY);
    expect((await send('POST', '/api/v1/evaluators', definition())).status).toBe(409);
    const scores = await eventually(scoresOfRuns, allScoredOnce, 30_000);
    for (const run of runs) {
      expect(scores[run.chat1]).toEqual([expect.objectContaining({ score: 0.2, explanation: 'no answer yet', author: 'evaluator:helpfulness' })]);
      expect(scores[run.chat2]).toEqual([expect.objectContaining({ score: 0.9, explanation: 'names a hotel', author: 'evaluator:helpfulness' })]);
    }
    // The judge read the span's messages as text.
    expect(judged.find((p) => p.includes('Alfama Inn'))).toContain('user: Plan a weekend in Lisbon');
    const list = await send('GET', '/api/v1/evaluators');
    expect(list.body.evaluators).toEqual([expect.objectContaining({ name: 'helpfulness', scoresLast24h: 4, errors: 0 })]);
    // Rounds go on: nothing is scored twice.
    const calls = judged.length;
    await new Promise((r) => setTimeout(r, 1_500));
    expect(judged.length).toBe(calls);
    expect(allScoredOnce(await scoresOfRuns())).toBe(true);
  });

  it('tries an evaluator on a trace without storing the result', async () => {
    const run = runs[0];
    const tried = await send('POST', '/api/v1/evaluators/helpfulness/test', { traceId: run.traceId, spanId: run.chat2 });
    expect(tried).toMatchObject({ status: 200, body: { traceId: run.traceId, spanId: run.chat2, score: 0.9, reasoning: 'names a hotel' } });
    expect(tried.body.prompt).toContain('Alfama Inn');
    // A draft template, tried without saving it; the first model call by default.
    const draft = await send('POST', '/api/v1/evaluators/helpfulness/test', { traceId: run.traceId, draft: { promptTemplate: 'Only: {{output}}' } });
    expect(draft.body).toMatchObject({ spanId: run.chat1, score: 0.2 });
    expect(draft.body.prompt.startsWith('Only: assistant: [tool call get_weather')).toBe(true);
    expect((await send('GET', '/api/v1/evaluators/helpfulness')).body.promptTemplate).toBe(definition().promptTemplate);
    expect((await send('POST', '/api/v1/evaluators/helpfulness/test', { traceId: 'zz' })).body.error).toContain('traceId');
    expect((await send('POST', '/api/v1/evaluators/helpfulness/test', { traceId: 'ab'.repeat(16) })).status).toBe(404);
    expect((await scoresOfRuns())[run.chat2]).toHaveLength(1);
  });

  it('resumes after a restart without scoring anything again, and scores what came while it was down', async () => {
    const calls = judged.length;
    await stopProcess(proc);
    proc = await start();
    const later = emitter(proc.otlpHttp, 'travel-agent');
    runs.push(agentRun(later.tracer, { sessionId: 's2', userId: 'u', model: 'gpt-4o-mini' }));
    await later.flush();
    const scores = await eventually(scoresOfRuns, (s) => Object.keys(s).length === 6 && Object.values(s).every((x) => x.length === 1), 30_000);
    expect(Object.values(scores).every((s) => s.length === 1)).toBe(true);
    expect(judged.length).toBe(calls + 2);
  });

  it('changes and deletes an evaluator', async () => {
    const changed = await send('PATCH', '/api/v1/evaluators/helpfulness', { enabled: false, samplingRate: 0.5, filters: { model: 'gpt-4o-mini' } });
    expect(changed.body).toMatchObject({ enabled: false, samplingRate: 0.5, filters: { model: 'gpt-4o-mini' } });
    expect((await send('PATCH', '/api/v1/evaluators/helpfulness', { name: 'other' })).body.error).toContain('name');
    expect((await send('DELETE', '/api/v1/evaluators/helpfulness')).status).toBe(204);
    expect((await send('DELETE', '/api/v1/evaluators/helpfulness')).status).toBe(404);
    // Its scores stay.
    expect(Object.values(await scoresOfRuns()).every((s) => s.length === 1)).toBe(true);
  });
});
