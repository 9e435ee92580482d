import { expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI, startProcess, stopProcess } from './process.js';

function span(traceId: string, name: string) {
  return JSON.stringify({
    resourceSpans: [{ scopeSpans: [{ spans: [{ traceId, spanId: 'ab'.repeat(8), name, startTimeUnixNano: '1764806400000000000', endTimeUnixNano: '1764806400100000000' }] }] }],
  });
}

it('API keys stamp the project on writes, scope reads, and can be revoked', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'watchllm-auth-'));
  const env = { ...process.env, WATCHLLM_DATA_DIR: dataDir };
  const create = (project: string) => {
    const out = execFileSync(process.execPath, [CLI, 'keys', 'create', '--project', project], { env, encoding: 'utf8' });
    return { key: /api key: (\S+)/.exec(out)![1], keyId: /key id:\s+(\S+)/.exec(out)![1] };
  };
  const alpha = create('alpha');
  const beta = create('beta');
  expect(execFileSync(process.execPath, [CLI, 'keys', 'list'], { env, encoding: 'utf8' })).toMatch(/alpha[\s\S]*beta/);

  const p = await startProcess(['start'], { WATCHLLM_DATA_DIR: dataDir, WATCHLLM_AUTH: 'true' });
  try {
    const post = (body: string, headers: Record<string, string>) =>
      fetch(`${p.otlpHttp}/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
    const traceA = 'a1'.repeat(16);
    const traceB = 'b1'.repeat(16);

    const anonymous = await post(span(traceA, 'x'), {});
    expect(anonymous.status).toBe(401);
    expect((await anonymous.json()).message).toMatch(/missing API key/);
    expect((await post(span(traceA, 'x'), { authorization: 'Bearer wl_wrong' })).status).toBe(401);

    expect((await post(span(traceA, 'alpha-span'), { authorization: `Bearer ${alpha.key}` })).status).toBe(200);
    expect((await post(span(traceB, 'beta-span'), { 'x-watchllm-api-key': beta.key })).status).toBe(200);

    const read = (id: string, key?: string) => fetch(`${p.api}/api/v1/traces/${id}`, { headers: key ? { authorization: `Bearer ${key}` } : {} });
    expect((await read(traceA)).status).toBe(401);
    expect((await read(traceA, alpha.key)).status).toBe(200);
    // Another project's trace does not exist for this caller.
    expect((await read(traceB, alpha.key)).status).toBe(404);
    expect((await read(traceB, beta.key)).status).toBe(200);

    // Log records too: each project reads only its own.
    const log = (body: string) => JSON.stringify({ resourceLogs: [{ scopeLogs: [{ logRecords: [{ timeUnixNano: String(Date.now() * 1e6), body: { stringValue: body } }] }] }] });
    for (const [key, body] of [[alpha.key, 'alpha-log'], [beta.key, 'beta-log']]) {
      const res = await fetch(`${p.otlpHttp}/v1/logs`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` }, body: log(body) });
      expect(res.status).toBe(200);
    }
    const bodies = async (key: string) => ((await (await fetch(`${p.api}/api/v1/logs`, { headers: { authorization: `Bearer ${key}` } })).json()) as { logs: { body: string }[] }).logs.map((l) => l.body);
    expect(await bodies(alpha.key)).toEqual(['alpha-log']);
    expect(await bodies(beta.key)).toEqual(['beta-log']);
    // …through the Loki API as well (Grafana's datasource sends the key as a custom header).
    const lokiLines = async (headers: Record<string, string>) => {
      const res = await fetch(`${p.api}/loki/api/v1/query_range?query=${encodeURIComponent('{service_name=~".*"}')}`, { headers });
      if (res.status !== 200) return res.status;
      return ((await res.json()) as { data: { result: { values: string[][] }[] } }).data.result.flatMap((s) => s.values.map((v) => v[1]));
    };
    expect(await lokiLines({})).toBe(401);
    expect(await lokiLines({ 'x-watchllm-api-key': alpha.key })).toEqual(['alpha-log']);
    expect(await lokiLines({ authorization: `Bearer ${beta.key}` })).toEqual(['beta-log']);
    // A score is a write into the caller's project, and only for a span it can read.
    const score = (traceId: string, key?: string) =>
      fetch(`${p.api}/api/v1/evaluations`, { method: 'POST', headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) }, body: JSON.stringify({ traceId, name: 'review', score: 1 }) });
    expect((await score(traceA)).status).toBe(401);
    expect((await score(traceB, alpha.key)).status).toBe(404);
    const given = await score(traceA, alpha.key);
    expect(given.status).toBe(201);
    const reviews = async (key: string) => ((await (await fetch(`${p.api}/api/v1/evaluations?name=review`, { headers: { authorization: `Bearer ${key}` } })).json()) as { rows: unknown[] }).rows.length;
    expect([await reviews(alpha.key), await reviews(beta.key)]).toEqual([1, 0]);
    // Only the project that gave a score can withdraw it.
    const { id } = (await given.json()) as { id: string };
    const withdraw = (key: string) => fetch(`${p.api}/api/v1/evaluations/${id}?traceId=${traceA}`, { method: 'DELETE', headers: { authorization: `Bearer ${key}` } });
    expect((await withdraw(beta.key)).status).toBe(404);
    expect((await withdraw(alpha.key)).status).toBe(204);
    expect(await reviews(alpha.key)).toBe(0);
    // Nor can another project erase a trace.
    expect((await fetch(`${p.api}/api/v1/traces/${traceA}`, { method: 'DELETE', headers: { authorization: `Bearer ${beta.key}` } })).status).toBe(404);
    expect((await fetch(`${p.api}/api/v1/traces/${traceA}`, { headers: { authorization: `Bearer ${alpha.key}` } })).status).toBe(200);
  } finally {
    await stopProcess(p);
  }

  execFileSync(process.execPath, [CLI, 'keys', 'revoke', alpha.keyId], { env });
  const again = await startProcess(['start'], { WATCHLLM_DATA_DIR: dataDir, WATCHLLM_AUTH: 'true' });
  try {
    const res = await fetch(`${again.otlpHttp}/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${alpha.key}` }, body: span('c1'.repeat(16), 'late') });
    expect(res.status).toBe(401);
    expect((await res.json()).message).toMatch(/invalid or revoked/);
  } finally {
    await stopProcess(again);
  }
}, 90_000);

it('refuses to listen beyond loopback without auth', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'watchllm-bind-'));
  let message = '';
  try {
    execFileSync(process.execPath, [CLI, 'start'], { env: { ...process.env, WATCHLLM_DATA_DIR: dataDir, WATCHLLM_HOST: '0.0.0.0' }, encoding: 'utf8', stdio: 'pipe' });
  } catch (err) {
    message = String((err as { stderr?: string }).stderr);
  }
  expect(message).toMatch(/refusing to listen on 0\.0\.0\.0 without authentication/);
});
