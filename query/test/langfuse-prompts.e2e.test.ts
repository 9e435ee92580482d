// An app that keeps its prompts in Langfuse, pointed at WatchLLM: the real Langfuse client (@langfuse/client)
// creates versions, moves labels, fetches by label / version / "latest" (through its cache), lists and deletes,
// against `watchllm start` with auth on and a WatchLLM key as its secret key.
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LangfuseClient } from '@langfuse/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from './helpers.js';
import { CLI, startProcess, stopProcess, type WatchLLMProcess } from './process.js';

let p: WatchLLMProcess;
let key: string;
/** A key of another project. */
let otherKey: string;
let langfuse: LangfuseClient;

const api = (path: string, init: RequestInit = {}) =>
  fetch(`${p.api}${path}`, { ...init, headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', ...init.headers } });

beforeAll(async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'watchllm-prompts-'));
  const createKey = (project: string) =>
    /api key: (\S+)/.exec(execFileSync(process.execPath, [CLI, 'keys', 'create', '--project', project], { env: { ...process.env, WATCHLLM_DATA_DIR: dataDir }, encoding: 'utf8' }))![1];
  key = createKey('prompts');
  otherKey = createKey('elsewhere');
  p = await startProcess(['start'], { WATCHLLM_DATA_DIR: dataDir, WATCHLLM_AUTH: 'true' });
  langfuse = new LangfuseClient({ publicKey: 'pk-lf-anything', secretKey: key, baseUrl: p.api });
}, 90_000);

afterAll(async () => {
  if (p) await stopProcess(p);
});

describe('Langfuse prompt management through its client', () => {
  it('creates text versions, serves "production" by default, a version, "latest", and compiles variables', async () => {
    const v1 = await langfuse.prompt.create({ name: 'support/greeting', prompt: 'Hello {{name}}, how can I help?', labels: ['production'], tags: ['support'], config: { model: 'gpt-4o-mini', temperature: 0.2 } });
    expect(v1).toMatchObject({ name: 'support/greeting', version: 1, type: 'text', labels: ['production', 'latest'], tags: ['support'], config: { model: 'gpt-4o-mini', temperature: 0.2 } });
    const v2 = await langfuse.prompt.create({ name: 'support/greeting', prompt: 'Hi {{name}}! What do you need?', commitMessage: 'friendlier' });
    expect(v2).toMatchObject({ version: 2, labels: ['latest'], tags: ['support'], commitMessage: 'friendlier' });

    const production = await langfuse.prompt.get('support/greeting', { cacheTtlSeconds: 0 });
    expect(production.version).toBe(1);
    expect(production.compile({ name: 'Ada' })).toBe('Hello Ada, how can I help?');
    expect((await langfuse.prompt.get('support/greeting', { label: 'latest', cacheTtlSeconds: 0 })).version).toBe(2);
    expect((await langfuse.prompt.get('support/greeting', { version: 2, cacheTtlSeconds: 0 })).prompt).toBe('Hi {{name}}! What do you need?');
    await expect(langfuse.prompt.get('support/greeting', { label: 'staging', cacheTtlSeconds: 0 })).rejects.toThrow();
  });

  it("names the prompt version a generation was made from in Langfuse's observations (promptId = the version's id)", async () => {
    const v2 = await (await api('/api/public/v2/prompts/support%2Fgreeting?version=2')).json();
    const traceId = 'c'.repeat(32);
    const now = BigInt(Date.now()) * 1_000_000n;
    const sent = await fetch(`${p.otlpHttp}/v1/traces`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ resourceSpans: [{ resource: {}, scopeSpans: [{ spans: [{
        traceId, spanId: 'd'.repeat(16), name: 'chat', kind: 3, startTimeUnixNano: String(now - 1_000_000n), endTimeUnixNano: String(now),
        attributes: [
          { key: 'langfuse.observation.type', value: { stringValue: 'generation' } },
          { key: 'langfuse.observation.prompt.name', value: { stringValue: 'support/greeting' } },
          { key: 'langfuse.observation.prompt.version', value: { intValue: '2' } },
        ],
      }] }] }] }),
    });
    expect(sent.status).toBe(200);
    const { data } = await eventually(async () => (await api(`/api/public/v2/observations?traceId=${traceId}&fields=core,prompt`)).json(), (b: { data?: unknown[] }) => (b.data?.length ?? 0) > 0);
    expect(data[0]).toMatchObject({ promptName: 'support/greeting', promptVersion: 2, promptId: v2.id });
    // And the prompt's usage counts the call under version 2.
    const usage = await (await api('/api/v1/prompts/support%2Fgreeting/usage')).json();
    expect(usage.versions).toEqual([expect.objectContaining({ version: 2, calls: 1, errors: 0, p50Ms: expect.closeTo(1, 0) })]);
    expect((await (await api('/api/v1/prompts/nothing-here/usage')).json()).versions).toEqual([]);
  });

  it('moves labels between versions: production goes to the version given it, and off the other', async () => {
    const moved = await langfuse.prompt.update({ name: 'support/greeting', version: 2, newLabels: ['production', 'staging'] });
    expect(moved).toMatchObject({ version: 2, labels: ['production', 'staging', 'latest'] });
    expect((await langfuse.prompt.get('support/greeting', { cacheTtlSeconds: 0 })).version).toBe(2);
    expect((await langfuse.prompt.get('support/greeting', { version: 1, cacheTtlSeconds: 0 })).labels).toEqual([]);
  });

  it('keeps chat prompts with placeholders, and lists prompts with their versions and labels', async () => {
    const chat = await langfuse.prompt.create({
      name: 'triage',
      type: 'chat',
      prompt: [
        { role: 'system', content: 'You triage {{product}} tickets.' },
        { type: 'placeholder', name: 'history' },
      ],
      labels: ['production'],
    } as never);
    expect(chat.type).toBe('chat');
    const fetched = await langfuse.prompt.get('triage', { type: 'chat', cacheTtlSeconds: 0 });
    expect(fetched.compile({ product: 'WatchLLM' }, { history: [{ role: 'user', content: 'It is slow' }] })).toEqual([
      { role: 'system', content: 'You triage WatchLLM tickets.' },
      { role: 'user', content: 'It is slow' },
    ]);

    const list = await langfuse.api.prompts.list({});
    expect(list.meta).toMatchObject({ page: 1, totalItems: 2 });
    expect(list.data).toEqual([
      expect.objectContaining({ name: 'support/greeting', type: 'text', versions: [1, 2], labels: expect.arrayContaining(['production', 'staging', 'latest']), tags: ['support'] }),
      expect.objectContaining({ name: 'triage', type: 'chat', versions: [1], labels: expect.arrayContaining(['production', 'latest']) }),
    ]);
    expect((await langfuse.api.prompts.list({ tag: 'support' })).data.map((d) => d.name)).toEqual(['support/greeting']);
    expect((await langfuse.api.prompts.list({ label: 'staging' })).data.map((d) => d.name)).toEqual(['support/greeting']);
  });

  it('composes prompts: a reference to another text prompt reads as its text, raw with resolve=false', async () => {
    await langfuse.prompt.create({ name: 'tone', prompt: 'Answer briefly and kindly.', labels: ['production'] });
    await langfuse.prompt.create({ name: 'composed', prompt: 'You help with billing. @@@langfusePrompt:name=tone|label=production@@@', labels: ['production'] });
    expect((await langfuse.prompt.get('composed', { cacheTtlSeconds: 0 })).prompt).toBe('You help with billing. Answer briefly and kindly.');
    const raw = await (await api('/api/public/v2/prompts/composed?resolve=false')).json();
    expect(raw.prompt).toBe('You help with billing. @@@langfusePrompt:name=tone|label=production@@@');
    // A reference that cannot resolve is refused when the version is created.
    const dangling = await api('/api/public/v2/prompts', { method: 'POST', body: JSON.stringify({ name: 'broken', prompt: '@@@langfusePrompt:name=nowhere|version=1@@@' }) });
    expect(dangling.status).toBe(400);
    expect((await dangling.json()).error).toBe('field prompt: referenced prompt nowhere (version 1) not found');
    await langfuse.prompt.delete('composed');
    await langfuse.prompt.delete('tone');
  });

  it('deletes a version, then the whole prompt', async () => {
    await langfuse.prompt.delete('support/greeting', { version: 1 });
    expect((await langfuse.api.prompts.list({ name: 'support/greeting' })).data[0].versions).toEqual([2]);
    await langfuse.prompt.delete('triage');
    await expect(langfuse.prompt.get('triage', { cacheTtlSeconds: 0 })).rejects.toThrow();
    expect((await api('/api/public/v2/prompts/triage', { method: 'DELETE' })).status).toBe(404);
  });

  it('refuses bad input by name, and keeps each project to its own prompts', async () => {
    const bodies: [unknown, string][] = [
      [{ name: '', prompt: 'x' }, 'field name'],
      [{ name: 'a', type: 'chat', prompt: 'not a list' }, 'field prompt'],
      [{ name: 'a', prompt: ['list'] }, 'field prompt'],
      [{ name: 'a', prompt: 'x', labels: ['Production!'] }, 'field labels'],
      [{ name: 'a', prompt: 'x', labels: ['latest'] }, 'field labels'],
      [{ name: 'support/greeting', type: 'chat', prompt: [{ role: 'user', content: 'x' }] }, 'is a text prompt'],
    ];
    for (const [body, expected] of bodies) {
      const res = await api('/api/public/v2/prompts', { method: 'POST', body: JSON.stringify(body) });
      expect(res.status, JSON.stringify(body)).toBeGreaterThanOrEqual(400);
      expect(res.status, JSON.stringify(body)).toBeLessThan(500);
      expect((await res.json()).error, JSON.stringify(body)).toContain(expected);
    }
    expect((await api('/api/public/v2/prompts/support%2Fgreeting?version=abc')).status).toBe(400);
    expect((await api('/api/public/v2/prompts/support%2Fgreeting/versions/2', { method: 'PATCH', body: JSON.stringify({ newLabels: ['latest'] }) })).status).toBe(400);
    expect((await fetch(`${p.api}/api/public/v2/prompts/support%2Fgreeting`)).status).toBe(401);
    // Another project's key sees none of them.
    const theirs = await fetch(`${p.api}/api/public/v2/prompts`, { headers: { authorization: `Bearer ${otherKey}` } });
    expect((await theirs.json()).data).toEqual([]);
  });
});
