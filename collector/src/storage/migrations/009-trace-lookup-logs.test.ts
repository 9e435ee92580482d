import { describe, expect, it } from 'vitest';
import { embeddedTestStore } from '../../../test/embedded-store.js';
import { migrate } from '../migrate.js';
import { nanosToDateTime64 } from '../trace-rows.js';
import { insertRows } from '../insert-rows.js';
import { TABLES } from '../schema.js';
import { LOGS_METRICS_TABLES } from './002-logs-metrics.js';
import { MIGRATIONS } from './index.js';

const testStore = embeddedTestStore('m9');

const t0 = BigInt(Date.now()) * 1_000_000n;
const span = (traceId: string) => ({ Timestamp: nanosToDateTime64(t0.toString()), TraceId: traceId, SpanId: '00000000000000a1', SpanName: 'chat', ProjectId: 'default' });
const log = (traceId: string, spanId: string, atNs: bigint) => ({ Timestamp: nanosToDateTime64(atNs.toString()), TraceId: traceId, SpanId: spanId, Body: 'hi', ProjectId: 'default' });
const rows = async <T>(query: string) => (await (await testStore().client.query({ query, format: 'JSONEachRow' })).json()) as T[];

describe('migration 9 on a store created at version 8', () => {
  it('records the range of span-attached log records, those written before it too, apart from the spans', async () => {
    const store = testStore();
    const before = 'a'.repeat(32);
    const after = 'b'.repeat(32);
    await migrate(store, MIGRATIONS.filter((m) => m.version <= 8));
    await insertRows(store, TABLES.traces, [span(before), span(after)]);
    await insertRows(store, LOGS_METRICS_TABLES.logs, [log(before, '00000000000000a1', t0 + 5_000_000n), log(before, '00000000000000a1', t0 + 9_000_000n)]);
    expect((await migrate(store, MIGRATIONS.filter((m) => m.version <= 9))).applied).toEqual([9]);
    await insertRows(store, LOGS_METRICS_TABLES.logs, [
      log(after, '00000000000000a1', t0 + 7_000_000n),
      // Not tied to a span: nothing to join, so not recorded.
      log(after, '', t0 + 60_000_000_000n),
    ]);

    const lookup = await rows<{ TraceId: string; Logs: number; S: string; E: string }>(
      `SELECT TraceId, Logs, toString(toUnixTimestamp64Nano(min(Start))) AS S, toString(toUnixTimestamp64Nano(max(End))) AS E
       FROM m9.watchllm_trace_lookup GROUP BY TraceId, Logs ORDER BY TraceId, Logs`,
    );
    expect(lookup.map((r) => [r.TraceId, Number(r.Logs), r.S, r.E])).toEqual([
      [before, 0, `${t0}`, `${t0}`],
      [before, 1, `${t0 + 5_000_000n}`, `${t0 + 9_000_000n}`],
      [after, 0, `${t0}`, `${t0}`],
      [after, 1, `${t0 + 7_000_000n}`, `${t0 + 7_000_000n}`],
    ]);
  });
});
