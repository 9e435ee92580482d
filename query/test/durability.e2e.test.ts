import { expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeGenAiRequest, openStore, readTraces } from '@watchllm/collector';
import { startProcess, stopProcess } from './process.js';

const SPANS_PER_REQUEST = 50;

function request(traceNo: number): string {
  const traceId = traceNo.toString(16).padStart(32, '0');
  const spans = Array.from({ length: SPANS_PER_REQUEST }, (_, i) => ({
    traceId,
    spanId: (traceNo * 1000 + i + 1).toString(16).padStart(16, '0'),
    name: `span-${i}`,
    startTimeUnixNano: String(1764806400000000000n + BigInt(traceNo) * 1000000n),
    endTimeUnixNano: String(1764806400000000000n + BigInt(traceNo) * 1000000n + 500000n),
    attributes: [{ key: 'payload', value: { stringValue: 'x'.repeat(200) } }],
  }));
  return JSON.stringify({ resourceSpans: [{ resource: { attributes: [{ key: 'service.name', value: { stringValue: 'kill-test' } }] }, scopeSpans: [{ spans }] }] });
}

it('every acknowledged span survives kill -9 and restart exactly once', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'watchllm-kill-'));
  const env = { WATCHLLM_DATA_DIR: dataDir };
  const first = await startProcess(['start'], env);
  const acked = new Set<number>();
  let next = 1;
  let killed = false;
  // Several concurrent senders, so batches are in flight when the process dies.
  const sender = async () => {
    while (!killed) {
      const n = next++;
      try {
        const res = await fetch(`${first.otlpHttp}/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: request(n) });
        if (res.status === 200) acked.add(n);
      } catch {
        // connection died with the process: not acknowledged
      }
    }
  };
  const senders = Array.from({ length: 8 }, sender);
  // Kill once a good number of requests were acknowledged, while others are in flight.
  for (let i = 0; i < 200 && acked.size < 20; i++) await new Promise((r) => setTimeout(r, 50));
  killed = true;
  await stopProcess(first, 'SIGKILL');
  await Promise.all(senders);
  expect(acked.size).toBeGreaterThanOrEqual(20);

  // Restart: replays anything spooled, then shut down cleanly.
  const second = await startProcess(['start'], env);
  expect((await fetch(`${second.api}/healthz`)).status).toBe(200);
  expect(await stopProcess(second, 'SIGTERM')).toBe(0);

  const store = openStore({ kind: 'embedded', dataDir, database: 'watchllm' });
  try {
    const rs = await store.client.query({
      query: `SELECT reinterpretAsUInt64(reverse(unhex(substring(TraceId, 17)))) AS trace, count() AS n, uniqExact(SpanId) AS u
              FROM watchllm.otel_traces GROUP BY TraceId`,
      format: 'JSONEachRow',
    });
    const stored = new Map((await rs.json<{ trace: string; n: string; u: string }>()).map((r) => [Number(r.trace), r]));
    for (const n of acked) {
      const row = stored.get(n);
      expect(row, `trace ${n} was acknowledged`).toBeDefined();
      expect(Number(row!.n), `trace ${n} rows`).toBe(SPANS_PER_REQUEST);
      expect(Number(row!.u)).toBe(SPANS_PER_REQUEST);
    }
  } finally {
    await store.close();
  }
}, 120_000);

it('every acknowledged span of big protobuf requests (write-ahead, grouped spool inserts) survives kill -9 exactly once', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'watchllm-kill-big-'));
  const env = { WATCHLLM_DATA_DIR: dataDir };
  const first = await startProcess(['start'], env);
  // ~1 MB requests of 500 GenAI spans with fresh ids each: batches pass the write-ahead size, so
  // they are acknowledged from the spool and inserted later in groups — the kill lands with
  // groups spooled or being inserted.
  const acked = new Set<string>();
  let seed = 0;
  let killed = false;
  const sender = async () => {
    while (!killed) {
      const body = encodeGenAiRequest(500, seed++);
      const spanIds = readTraces(body, 'protobuf', 'default').resourceSpans[0].scopeSpans[0].spans.map((s) => s.spanId);
      try {
        const res = await fetch(`${first.otlpHttp}/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/x-protobuf' }, body });
        if (res.status === 200) for (const id of spanIds) acked.add(id);
      } catch {
        // connection died with the process: not acknowledged
      }
    }
  };
  const senders = Array.from({ length: 8 }, sender);
  for (let i = 0; i < 300 && acked.size < 16 * 500; i++) await new Promise((r) => setTimeout(r, 50));
  killed = true;
  await stopProcess(first, 'SIGKILL');
  await Promise.all(senders);
  expect(acked.size).toBeGreaterThanOrEqual(16 * 500);

  const second = await startProcess(['start'], env);
  expect(await stopProcess(second, 'SIGTERM')).toBe(0);

  const store = openStore({ kind: 'embedded', dataDir, database: 'watchllm' });
  try {
    const rs = await store.client.query({ query: 'SELECT SpanId, count() AS n FROM watchllm.otel_traces GROUP BY SpanId', format: 'JSONEachRow' });
    const stored = new Map((await rs.json<{ SpanId: string; n: string }>()).map((r) => [r.SpanId, Number(r.n)]));
    expect([...acked].filter((id) => !stored.has(id)), 'acknowledged spans missing after restart').toEqual([]);
    expect([...stored].filter(([, n]) => n > 1), 'spans stored twice').toEqual([]);
  } finally {
    await store.close();
  }
}, 120_000);
