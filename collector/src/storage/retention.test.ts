import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startCollector } from '../collector.js';
import { readSettings } from '../settings.js';
import { attrs, scopeInfo, testSpan } from '../../test/model-fixtures.js';
import { embeddedTestStore } from '../../test/embedded-store.js';
import type { TracesBatch } from '../model/types.js';
import { insertRows } from './insert-rows.js';
import { migrate } from './migrate.js';
import { applyRetention, currentTtl } from './retention.js';
import { traceRows } from './trace-rows.js';

const store = embeddedTestStore('retention');
const DAY = 86_400;

/** One span per trace id, started `ageDays` ago. */
function spans(traces: [string, number][]): TracesBatch {
  const list = traces.map(([traceId, ageDays]) => {
    const startNs = `${BigInt(Date.now() - ageDays * DAY * 1000) * 1_000_000n}`;
    return { ...testSpan('chat', 3, attrs({ 'gen_ai.request.model': 'gpt-4o' })), traceId, startTimeUnixNano: startNs, endTimeUnixNano: startNs };
  });
  return { projectId: 'default', resourceSpans: [{ resource: attrs({ 'service.name': 'svc' }), scopeSpans: [{ scope: scopeInfo(), spans: list }] }], rejectedSpans: 0, rejectionReasons: [] };
}

const count = async (table: string) => {
  const rs = await store().client.query({ query: `SELECT count() AS n FROM ${store().table(table)}`, format: 'JSONEachRow' });
  return Number((await rs.json<{ n: string }>())[0]!.n);
};

const ttls = async () => {
  const rs = await store().client.query({ query: "SELECT name, create_table_query FROM system.tables WHERE database = 'retention' AND engine LIKE '%MergeTree'", format: 'JSONEachRow' });
  return Object.fromEntries((await rs.json<{ name: string; create_table_query: string }>()).map((t) => [t.name, currentTtl(t.create_table_query) ?? null]));
};

describe('retention (table TTLs)', () => {
  it('sets the raw tables’ and the rollups’ TTLs once, changes them when asked, and removes them', async () => {
    await migrate(store());
    const first = await applyRetention(store(), { rawSeconds: 30 * DAY, rollupSeconds: 400 * DAY });
    expect(first).toContain('otel_traces: TTL toDateTime(Timestamp) + toIntervalSecond(2592000)');
    expect(first).toContain('otel_logs: TTL TimestampTime + toIntervalSecond(2592000)');
    expect(first).toContain('watchllm_trace_summary: TTL toDateTime(Day) + toIntervalSecond(2592000)');
    expect(first).toContain('watchllm_genai_hour: TTL toDateTime(Time) + toIntervalSecond(34560000)');
    expect(first).toContain("watchllm_comments: TTL toDateTime(CreatedAt) + toIntervalSecond(2592000) WHERE ObjectType IN ('TRACE', 'OBSERVATION', 'SESSION')");
    expect(first).toContain('watchllm_media: TTL toDateTime(UpdatedAt) + toIntervalSecond(2592000)');
    expect(await applyRetention(store(), { rawSeconds: 30 * DAY, rollupSeconds: 400 * DAY })).toEqual([]);
    expect(await applyRetention(store(), { rawSeconds: 7 * DAY, rollupSeconds: 400 * DAY })).toHaveLength(13);
    const t = await ttls();
    expect(t.otel_metrics_sum).toBe('toDateTime(TimeUnix) + toIntervalSecond(604800)');
    expect(t.watchllm_genai_minute).toBe('toDateTime(Time) + toIntervalSecond(34560000)');
    expect(t.watchllm_api_keys).toBeNull();
    expect(await applyRetention(store(), { rawSeconds: 0, rollupSeconds: 0 })).toHaveLength(16);
    // The Langfuse staging tables keep their own week (migration 13), worker leases their day (18): retention does not touch them.
    const ownExpiry = (name: string) => name.startsWith('watchllm_langfuse_') || name === 'watchllm_worker_leases';
    expect(Object.entries(await ttls()).filter(([name]) => !ownExpiry(name)).every(([, v]) => v === null)).toBe(true);
  });

  it('drops expired spans, and the lookup and search rows of their traces, keeping the rest', async () => {
    const rows = traceRows(spans([['a1'.repeat(16), 3], ['b2'.repeat(16), 0]]));
    await insertRows(store(), 'otel_traces', rows as unknown as Record<string, unknown>[]);
    expect([await count('otel_traces'), await count('watchllm_trace_lookup'), await count('watchllm_trace_summary')]).toEqual([2, 2, 2]);
    await applyRetention(store(), { rawSeconds: DAY, rollupSeconds: 0 });
    for (const table of ['otel_traces', 'watchllm_trace_lookup', 'watchllm_trace_summary']) await store().client.command({ query: `OPTIMIZE TABLE ${store().table(table)} FINAL` });
    expect([await count('otel_traces'), await count('watchllm_trace_lookup'), await count('watchllm_trace_summary')]).toEqual([1, 1, 1]);
    const rs = await store().client.query({ query: `SELECT TraceId FROM ${store().table('otel_traces')}`, format: 'JSONEachRow' });
    expect(await rs.json()).toEqual([{ TraceId: 'b2'.repeat(16) }]);
  });

  it('is what the collector sets at start from WATCHLLM_RETENTION / WATCHLLM_ROLLUP_RETENTION (via otel-config.yaml)', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'retention-collector-'));
    const env = { WATCHLLM_DATA_DIR: dataDir, WATCHLLM_DATABASE: 'retention', WATCHLLM_OTLP_HTTP_PORT: '0', WATCHLLM_OTLP_GRPC_PORT: '0', WATCHLLM_RETENTION: '14d', WATCHLLM_ROLLUP_RETENTION: '8760h' };
    const collector = await startCollector(store(), readSettings(env));
    await collector.shutdown();
    const t = await ttls();
    expect(t.otel_traces).toBe('toDateTime(Timestamp) + toIntervalSecond(1209600)');
    expect(t.watchllm_genai_user_hour).toBe('toDateTime(Time) + toIntervalSecond(31536000)');
  });
});
