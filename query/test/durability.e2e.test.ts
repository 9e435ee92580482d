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

interface Post {
  body: string | Uint8Array;
  contentType: string;
  /** Called when the request was acknowledged (HTTP 200). */
  acked(): void;
}

/**
 * Runs `watchllm start`, has 8 concurrent senders post `next()` until `enough()` (or `waitSteps`
 * × 50 ms), kills the process with SIGKILL while requests are in flight, restarts it once so it
 * replays its spool, stops it cleanly, and returns the data directory to count what is stored.
 */
async function killUnderLoadAndRestart(prefix: string, next: () => Post, enough: () => boolean, waitSteps: number): Promise<string> {
  const dataDir = mkdtempSync(join(tmpdir(), prefix));
  const env = { WATCHLLM_DATA_DIR: dataDir };
  const first = await startProcess(['start'], env);
  let killed = false;
  const sender = async () => {
    while (!killed) {
      const post = next();
      try {
        const res = await fetch(`${first.otlpHttp}/v1/traces`, { method: 'POST', headers: { 'content-type': post.contentType }, body: post.body });
        if (res.status === 200) post.acked();
      } catch {
        // connection died with the process: not acknowledged
      }
    }
  };
  const senders = Array.from({ length: 8 }, sender);
  for (let i = 0; i < waitSteps && !enough(); i++) await new Promise((r) => setTimeout(r, 50));
  killed = true;
  await stopProcess(first, 'SIGKILL');
  await Promise.all(senders);

  // Restart: replays anything spooled, then shut down cleanly.
  const second = await startProcess(['start'], env);
  expect((await fetch(`${second.api}/healthz`)).status).toBe(200);
  expect(await stopProcess(second, 'SIGTERM')).toBe(0);
  return dataDir;
}

it('every acknowledged span survives kill -9 and restart exactly once', async () => {
  const acked = new Set<number>();
  let n = 0;
  const next = (): Post => {
    const traceNo = ++n;
    return { body: request(traceNo), contentType: 'application/json', acked: () => acked.add(traceNo) };
  };
  // Kill once a good number of requests were acknowledged, while others are in flight.
  const dataDir = await killUnderLoadAndRestart('watchllm-kill-', next, () => acked.size >= 20, 200);
  expect(acked.size).toBeGreaterThanOrEqual(20);

  const store = openStore({ kind: 'embedded', dataDir, database: 'watchllm' });
  try {
    const rs = await store.client.query({
      query: `SELECT reinterpretAsUInt64(reverse(unhex(substring(TraceId, 17)))) AS trace, count() AS n, uniqExact(SpanId) AS u
              FROM watchllm.otel_traces GROUP BY TraceId`,
      format: 'JSONEachRow',
    });
    const stored = new Map((await rs.json<{ trace: string; n: string; u: string }>()).map((r) => [Number(r.trace), r]));
    for (const traceNo of acked) {
      const row = stored.get(traceNo);
      expect(row, `trace ${traceNo} was acknowledged`).toBeDefined();
      expect(Number(row!.n), `trace ${traceNo} rows`).toBe(SPANS_PER_REQUEST);
      expect(Number(row!.u)).toBe(SPANS_PER_REQUEST);
    }
  } finally {
    await store.close();
  }
}, 120_000);

it('every acknowledged span of big protobuf requests (write-ahead, grouped spool inserts) survives kill -9 exactly once', async () => {
  // ~1 MB requests of 500 GenAI spans with fresh ids each, from many senders: acknowledged from
  // the spool and inserted later in big groups — the kill lands with groups spooled or being inserted.
  const acked = new Set<string>();
  let seed = 0;
  const next = (): Post => {
    const body = encodeGenAiRequest(500, seed++);
    const spanIds = readTraces(body, 'protobuf', 'default').resourceSpans[0].scopeSpans[0].spans.map((s) => s.spanId);
    return { body, contentType: 'application/x-protobuf', acked: () => spanIds.forEach((id) => acked.add(id)) };
  };
  const dataDir = await killUnderLoadAndRestart('watchllm-kill-big-', next, () => acked.size >= 16 * 500, 300);
  expect(acked.size).toBeGreaterThanOrEqual(16 * 500);

  const store = openStore({ kind: 'embedded', dataDir, database: 'watchllm' });
  try {
    const rs = await store.client.query({ query: 'SELECT SpanId, count() AS n FROM watchllm.otel_traces GROUP BY SpanId', format: 'JSONEachRow' });
    const stored = new Map((await rs.json<{ SpanId: string; n: string }>()).map((r) => [r.SpanId, Number(r.n)]));
    expect([...acked].filter((id) => !stored.has(id)), 'acknowledged spans missing after restart').toEqual([]);
    expect([...stored].filter(([, count]) => count > 1), 'spans stored twice').toEqual([]);
  } finally {
    await store.close();
  }
}, 120_000);
