import { describe, expect, it } from 'vitest';
import { embeddedTestStore } from '../../../test/embedded-store.js';
import { migrate } from '../migrate.js';
import { nanosToDateTime64 } from '../trace-rows.js';
import { insertRows } from '../insert-rows.js';
import { TABLES } from '../schema.js';
import { ROLLUP_TABLES } from './003-rollups.js';
import { MIGRATIONS } from './index.js';

const testStore = embeddedTestStore('m11');

const t0 = BigInt(Date.now()) * 1_000_000n;
const span = (traceId: string, spanId: string, extra: Record<string, unknown> = {}) => ({
  Timestamp: nanosToDateTime64(t0.toString()), TraceId: traceId, SpanId: spanId, SpanName: 'chat', ProjectId: 'default', ...extra,
});
const rows = async <T>(query: string) => (await (await testStore().client.query({ query, format: 'JSONEachRow' })).json()) as T[];

describe('migration 11 on a store created at version 10', () => {
  it('adds span tags and their union to the trace summary; traces written before keep no tags', async () => {
    const store = testStore();
    const before = 'a'.repeat(32);
    const after = 'b'.repeat(32);
    await migrate(store, MIGRATIONS.filter((m) => m.version <= 10));
    await insertRows(store, TABLES.traces, [span(before, '00000000000000a1')]);
    expect((await migrate(store, MIGRATIONS.filter((m) => m.version <= 11))).applied).toEqual([11]);
    await insertRows(store, TABLES.traces, [
      span(after, '00000000000000b1', { GenAiTags: ['prod', 'rag'] }),
      span(after, '00000000000000b2', { GenAiTags: ['beta', 'prod'] }),
    ]);

    const summary = await rows<{ TraceId: string; T: string[] }>(
      `SELECT TraceId, arraySort(groupUniqArrayArray(Tags)) AS T FROM m11.${ROLLUP_TABLES.traceSummary} GROUP BY TraceId ORDER BY TraceId`,
    );
    expect(summary.map((r) => [r.TraceId, r.T])).toEqual([[before, []], [after, ['beta', 'prod', 'rag']]]);
    // Run again: nothing to apply, nothing breaks.
    expect((await migrate(store, MIGRATIONS.filter((m) => m.version <= 11))).applied).toEqual([]);
  });
});
