import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { insertRows, LOGS_METRICS_TABLES, migrate, nanosToDateTime64, openStore, TABLES, type Store } from '@watchllm/collector';
import { TraceReader } from './trace-reader.js';

let dataDir: string;
let store: Store;
let reader: TraceReader;
const t0 = BigInt(Date.parse('2026-11-02T10:00:00Z')) * 1_000_000n;
const withLogs = 'c'.repeat(32);
const spansOnly = 'd'.repeat(32);

const span = (traceId: string, spanId: string, atNs: bigint, projectId = 'default') => ({
  Timestamp: nanosToDateTime64(atNs.toString()), TraceId: traceId, SpanId: spanId, SpanName: `op ${spanId}`, ProjectId: projectId,
});

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'watchllm-trace-reader-'));
  store = openStore({ kind: 'embedded', dataDir, database: 'watchllm' });
  await migrate(store);
  // Spans of one trace a day apart (two partitions), and another project's trace under the same id.
  await insertRows(store, TABLES.traces, [
    span(withLogs, '00000000000000a1', t0),
    span(withLogs, '00000000000000a2', t0 + 86_400_000_000_000n),
    span(spansOnly, '00000000000000b1', t0),
    span(spansOnly, '00000000000000f1', t0, 'other'),
  ]);
  await insertRows(store, LOGS_METRICS_TABLES.logs, [
    { Timestamp: nanosToDateTime64((t0 + 3_000_000n).toString()), TraceId: withLogs, SpanId: '00000000000000a1', Body: 'hi', ProjectId: 'default' },
  ]);
  reader = new TraceReader(store);
});

afterAll(async () => {
  await store?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('TraceReader', () => {
  it('locates a trace: its span range, and its log records only when it has some', async () => {
    expect(await reader.locate('default', withLogs)).toEqual({
      spans: { startNs: `${t0}`, endNs: `${t0 + 86_400_000_000_000n}` },
      logs: { startNs: `${t0 + 3_000_000n}`, endNs: `${t0 + 3_000_000n}` },
    });
    expect(await reader.locate('default', spansOnly)).toEqual({ spans: { startNs: `${t0}`, endNs: `${t0}` } });
    expect(await reader.locate('default', 'e'.repeat(32))).toEqual({});
  });

  it("reads every span in the located range, only the caller's project's", async () => {
    expect((await reader.getTrace('default', withLogs)).map((s) => s.spanId)).toEqual(['00000000000000a1', '00000000000000a2']);
    expect((await reader.getTrace('default', spansOnly)).map((s) => s.spanId)).toEqual(['00000000000000b1']);
    expect((await reader.getTrace('other', spansOnly)).map((s) => s.spanId)).toEqual(['00000000000000f1']);
    expect(await reader.getTrace('other', withLogs)).toEqual([]);
  });
});
