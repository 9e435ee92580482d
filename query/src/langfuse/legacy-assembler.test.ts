import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { migrate, openStore, TABLES, type Store } from '@watchllm/collector';
import { readRows } from '../reader/query.js';
import { LegacyAssembler } from './legacy-assembler.js';
import { stagedEvent, stageEvents, type StagedEvent } from './legacy-events.js';
import { otlpTraceId } from './legacy-spans.js';

let dataDir: string;
let store: Store;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'watchllm-legacy-'));
  store = openStore({ kind: 'embedded', dataDir, database: 'watchllm' });
  await migrate(store);
});

afterAll(async () => {
  await store?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const TRACE = '0af7651916cd43dd8448eb211c80319c';
const event = (type: string, body: Record<string, unknown>, at: string) => {
  const e = stagedEvent({ id: `${type}:${String(body.id)}:${at}`, type, timestamp: at, body });
  if (typeof e === "string") throw new Error(e);
  return e as StagedEvent;
};
const spanNames = async () =>
  (await readRows<{ SpanName: string }>(store, `SELECT SpanName FROM ${store.table(TABLES.traces)} WHERE TraceId = {t:String} ORDER BY SpanName`, { t: otlpTraceId(TRACE) })).map((r) => r.SpanName);

describe('LegacyAssembler', () => {
  it('writes a trace once quiet, holds an open generation (and the trace span) until it ends, and writes nothing twice', async () => {
    const assembler = new LegacyAssembler(store, { quietMs: 1000, openMaxMs: 60_000 });
    const t0 = Date.now();
    await stageEvents(store, 'p', [
      event('trace-create', { id: TRACE, name: 'chat', userId: 'u' }, '2026-01-01T00:00:00.000Z'),
      event('span-create', { id: 'step', traceId: TRACE, name: 'step', startTime: '2026-01-01T00:00:00.100Z', endTime: '2026-01-01T00:00:00.200Z' }, '2026-01-01T00:00:00.100Z'),
      event('generation-create', { id: 'gen', traceId: TRACE, name: 'answer', model: 'gpt-4o-mini', startTime: '2026-01-01T00:00:00.300Z' }, '2026-01-01T00:00:00.300Z'),
    ], t0);
    expect(await assembler.runOnce(t0 + 500)).toBe(1); // not quiet yet
    expect(await spanNames()).toEqual([]);
    expect(await assembler.runOnce(t0 + 1500)).toBe(1); // quiet: the ended span goes, the generation and the trace wait
    expect(await spanNames()).toEqual(['step']);
    await stageEvents(store, 'p', [event('generation-update', { id: 'gen', traceId: TRACE, endTime: '2026-01-01T00:00:01.000Z', usage: { input: 10, output: 2 } }, '2026-01-01T00:00:01.000Z')], t0 + 2000);
    expect(await assembler.runOnce(t0 + 3500)).toBe(0);
    expect(await spanNames()).toEqual(['answer', 'chat', 'step']);
    expect(await assembler.runOnce(t0 + 9000)).toBe(0);
    expect(await spanNames()).toEqual(['answer', 'chat', 'step']);
    const [gen] = await readRows<{ InputTokens: number; UserId: string }>(
      store,
      `SELECT GenAiInputTokens AS InputTokens, GenAiUserId AS UserId FROM ${store.table(TABLES.traces)} WHERE SpanName = 'answer'`,
      {},
    );
    expect(gen).toEqual({ InputTokens: 10, UserId: 'u' });
  });

  it('writes an observation that never ended after openMaxMs, with its start as its end', async () => {
    const assembler = new LegacyAssembler(store, { quietMs: 100, openMaxMs: 5000 });
    const t0 = Date.now();
    const trace = 'stuck-trace';
    await stageEvents(store, 'p', [event('span-create', { id: 'open', traceId: trace, name: 'never-ended', startTime: '2026-01-01T00:00:00.000Z' }, '2026-01-01T00:00:00.000Z')], t0);
    expect(await assembler.runOnce(t0 + 1000)).toBe(1);
    expect(await assembler.runOnce(t0 + 6000)).toBe(0);
    const rows = await readRows<{ SpanName: string; Duration: string }>(store, `SELECT SpanName, toString(Duration) AS Duration FROM ${store.table(TABLES.traces)} WHERE TraceId = {t:String}`, { t: otlpTraceId(trace) });
    expect(rows).toEqual([{ SpanName: 'never-ended', Duration: '0' }]);
  });

  it('reads only the recent rows of the staging table once what came before is written, and finds traces staged after a run', async () => {
    const assembler = new LegacyAssembler(store, { quietMs: 100, openMaxMs: 5000 });
    const sinceOfScans: unknown[] = [];
    const query = store.client.query.bind(store.client);
    const spy = vi.spyOn(store.client, 'query').mockImplementation((params) => {
      if (params.query.includes('AS FirstMs')) sinceOfScans.push(params.query_params?.since);
      return query(params);
    });
    try {
      const t0 = Date.now();
      await stageEvents(store, 'p', [event('span-create', { id: 'a', traceId: 'late-1', name: 'first', startTime: '2026-01-01T00:00:00.000Z', endTime: '2026-01-01T00:00:00.100Z' }, '2026-01-01T00:00:00.000Z')], t0);
      expect(await assembler.runOnce(t0 + 1000)).toBe(0); // the first run reads everything staged
      await stageEvents(store, 'p', [event('span-create', { id: 'b', traceId: 'late-2', name: 'second', startTime: '2026-01-01T00:00:00.000Z', endTime: '2026-01-01T00:00:00.100Z' }, '2026-01-01T00:00:00.000Z')], t0 + 2000);
      expect(await assembler.runOnce(t0 + 3000)).toBe(0);
      expect(sinceOfScans).toEqual([0, t0 + 1000 - 600_000]);
      const names = await readRows<{ SpanName: string }>(store, `SELECT SpanName FROM ${store.table(TABLES.traces)} WHERE TraceId IN {t:Array(String)} ORDER BY SpanName`, { t: [otlpTraceId('late-1'), otlpTraceId('late-2')] });
      expect(names.map((n) => n.SpanName)).toEqual(['first', 'second']);
    } finally {
      spy.mockRestore();
    }
  });

  it('says once that an update came after its observation was written (it is not applied)', async () => {
    const logged: string[] = [];
    const assembler = new LegacyAssembler(store, { quietMs: 100, openMaxMs: 5000, log: (m) => logged.push(m) });
    const t0 = Date.now();
    const at = '2026-01-01T00:00:00.000Z';
    await stageEvents(store, 'p', [event('span-create', { id: 'early', traceId: 'late-update', name: 'step', startTime: at, endTime: '2026-01-01T00:00:00.100Z' }, at)], t0);
    expect(await assembler.runOnce(t0 + 1000)).toBe(0);
    await stageEvents(store, 'p', [event('span-update', { id: 'early', traceId: 'late-update', output: 'too late' }, '2026-01-01T00:00:05.000Z')], t0 + 2000);
    expect(await assembler.runOnce(t0 + 3000)).toBe(0);
    expect(await assembler.runOnce(t0 + 4000)).toBe(0);
    expect(logged).toEqual([expect.stringMatching(/^Langfuse trace late-update: events for early came after it was written as spans and are not applied/)]);
    const rows = await readRows<{ n: string }>(store, `SELECT toString(count()) AS n FROM ${store.table(TABLES.traces)} WHERE TraceId = {t:String}`, { t: otlpTraceId('late-update') });
    expect(rows).toEqual([{ n: '1' }]);
  });
});

