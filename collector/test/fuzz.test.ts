import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gzipSync } from 'node:zlib';
import { createOtlpHttpReceiver } from '../src/receivers/otlp-http.js';
import { tracesHandler } from '../src/otlp/signals.js';
import { logsHandler } from '../src/otlp/logs-signal.js';
import { metricsHandler } from '../src/otlp/metrics-signal.js';
import { encodeGenAiRequest, genAiRequestObject } from '../src/bench/genai-request.js';
import { ExportTraceServiceRequest } from '../src/otlp/proto.js';
import { traceRows } from '../src/storage/trace-rows.js';
import { encodeJsonLines } from '../src/storage/row-encoding.js';
import { encodeTraceBlock } from '../src/storage/trace-block.js';
import type { TracesBatch } from '../src/model/types.js';
import { compressSync as snappyCompress } from 'snappy';
import { framedSnappy, zstdRleBomb } from './compressed-bodies.js';
import { mutateBytes, mutateJson, rng } from './mutations.js';

let url = '';
let receiver: ReturnType<typeof createOtlpHttpReceiver>;
let accepted = 0;

beforeAll(async () => {
  // The consumer encodes rows like the real exporter would, so bad values that slip through decoding would throw here.
  receiver = createOtlpHttpReceiver(
    [
      tracesHandler({
        consumeTraces: async (b: TracesBatch) => {
          encodeJsonLines(traceRows(b));
          encodeTraceBlock(b);
          accepted++;
        },
      }),
      logsHandler({ consumeLogs: async () => {} }),
      metricsHandler({ consumeMetrics: async () => {} }),
    ],
    { host: '127.0.0.1', port: 0, maxRequestBytes: 4 << 20, maxDecompressedBytes: 8 << 20, authenticate: () => ({ projectId: 'default' }) },
  );
  url = `http://127.0.0.1:${(await receiver.start()).port}`;
});
afterAll(() => receiver.shutdown());

async function post(path: string, body: Uint8Array | string, headers: Record<string, string>): Promise<number> {
  const res = await fetch(url + path, { method: 'POST', headers, body });
  await res.arrayBuffer();
  return res.status;
}

describe('fuzzing the OTLP/HTTP receiver', () => {
  it('answers thousands of mutated protobuf bodies with 200 or 4xx, never a crash or 5xx', async () => {
    const r = rng(42);
    const seeds = [encodeGenAiRequest(3, 1), encodeGenAiRequest(1, 2)];
    const statuses = new Map<number, number>();
    for (let i = 0; i < 2000; i++) {
      const path = ['/v1/traces', '/v1/logs', '/v1/metrics'][i % 3];
      const status = await post(path, mutateBytes(seeds[i % 2], r), { 'content-type': 'application/x-protobuf' });
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
      expect(status === 200 || (status >= 400 && status < 500), `case ${i}: ${status}`).toBe(true);
    }
    expect(statuses.get(400)).toBeGreaterThan(100);
  }, 120_000);

  it('answers thousands of mistyped OTLP/JSON bodies with 200 or 4xx', async () => {
    const r = rng(7);
    const base = genAiRequestObject(2, 3) as { resourceSpans: { scopeSpans: { spans: Record<string, unknown>[] }[] }[] };
    // The JSON encoding: hex ids, string int64.
    const json = JSON.parse(
      JSON.stringify(ExportTraceServiceRequest.toObject(ExportTraceServiceRequest.fromObject(base), { longs: String, bytes: String })),
      (k, v) => (['traceId', 'spanId', 'parentSpanId'].includes(k) && typeof v === 'string' ? Buffer.from(v, 'base64').toString('hex') : v),
    );
    expect(await post('/v1/traces', JSON.stringify(json), { 'content-type': 'application/json' })).toBe(200);
    for (let i = 0; i < 2000; i++) {
      const status = await post('/v1/traces', JSON.stringify(mutateJson(json, r)), { 'content-type': 'application/json' });
      expect(status === 200 || (status >= 400 && status < 500), `case ${i}: ${status}`).toBe(true);
    }
  }, 120_000);

  it('refuses a gzip bomb without inflating it all, and keeps serving', async () => {
    const bomb = gzipSync(Buffer.alloc(64 << 20));
    expect(bomb.length).toBeLessThan(1 << 20);
    expect(await post('/v1/traces', bomb, { 'content-type': 'application/x-protobuf', 'content-encoding': 'gzip' })).toBe(413);
    expect(await post('/v1/traces', 'not gzip', { 'content-type': 'application/x-protobuf', 'content-encoding': 'gzip' })).toBe(400);
    expect(await post('/v1/traces', encodeGenAiRequest(1, 9), { 'content-type': 'application/x-protobuf' })).toBe(200);
  });

  it('refuses zstd and snappy bombs, and answers mutated compressed bodies with 200 or 4xx', async () => {
    const headers = (encoding: string) => ({ 'content-type': 'application/x-protobuf', 'content-encoding': encoding });
    expect(await post('/v1/traces', zstdRleBomb(1024), headers('zstd'))).toBe(413);
    expect(await post('/v1/traces', Buffer.from([0x80, 0x80, 0x80, 0x80, 0x04, 0x00]), headers('snappy'))).toBe(413);
    const r = rng(11);
    const seeds: [string, Buffer][] = [['snappy', snappyCompress(Buffer.from(encodeGenAiRequest(3, 4))) as Buffer], ['x-snappy-framed', framedSnappy(Buffer.from(encodeGenAiRequest(1, 5)))], ['zstd', zstdRleBomb(2)]];
    expect(await post('/v1/traces', seeds[0][1], headers('snappy'))).toBe(200);
    for (let i = 0; i < 600; i++) {
      const [encoding, body] = seeds[i % seeds.length];
      const status = await post('/v1/traces', mutateBytes(body, r), headers(encoding));
      expect(status === 200 || (status >= 400 && status < 500), `case ${i}: ${status}`).toBe(true);
    }
    expect(await post('/v1/traces', encodeGenAiRequest(1, 9), { 'content-type': 'application/x-protobuf' })).toBe(200);
  }, 60_000);

  it('names the problem for other refusals', async () => {
    expect(await post('/v1/traces', '{}', { 'content-type': 'text/plain' })).toBe(415);
    expect(await post('/v1/traces', Buffer.alloc(5 << 20), { 'content-type': 'application/x-protobuf' })).toBe(413);
    const res = await fetch(`${url}/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"xyz"}]}]}]}' });
    expect(res.status).toBe(400);
    expect((await res.json()).message).toMatch(/resourceSpans\[0\]\.scopeSpans\[0\]\.spans\[0\]\.traceId: "xyz" is not a hex id/);
  });
});
