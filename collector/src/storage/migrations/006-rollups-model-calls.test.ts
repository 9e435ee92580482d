import { describe, expect, it } from 'vitest';
import { embeddedTestStore } from '../../../test/embedded-store.js';
import { migrate } from '../migrate.js';
import { nanosToDateTime64 } from '../trace-rows.js';
import { insertRows } from '../insert-rows.js';
import { TABLES } from '../schema.js';
import { MIGRATIONS } from './index.js';

const testStore = embeddedTestStore('m6');

/** A Vercel-style trace: a wrapper span repeating its model call's usage and price, plus the call itself. */
function trace(traceId: string, startNs: bigint) {
  const row = (spanId: string, parent: string, stepType: string, operation: string) => ({
    Timestamp: nanosToDateTime64((startNs + (parent ? 1000n : 0n)).toString()),
    TraceId: traceId,
    SpanId: spanId,
    ParentSpanId: parent,
    SpanName: operation,
    ServiceName: 'svc',
    Duration: '5000000',
    ProjectId: 'default',
    GenAiOperation: operation,
    GenAiRequestModel: 'gpt-4o-mini',
    GenAiInputTokens: 100,
    GenAiOutputTokens: 10,
    CostUsd: 0.5,
    GenAiStepType: stepType,
  });
  return [row(`${traceId.slice(0, 8)}00000001`, '', 'chain', 'ai.generateText'), row(`${traceId.slice(0, 8)}00000002`, `${traceId.slice(0, 8)}00000001`, 'llm', 'chat')];
}

const rows = async <T>(query: string) => (await (await testStore().client.query({ query, format: 'JSONEachRow' })).json()) as T[];

describe('migration 6 on a store created at version 5', () => {
  const before = 'a'.repeat(32);
  const after = 'b'.repeat(32);
  const t0 = BigInt(Date.now()) * 1_000_000n;

  it('backfills the trace lookup and counts only model calls from then on', async () => {
    const store = testStore();
    await migrate(store, MIGRATIONS.filter((m) => m.version <= 5));
    await insertRows(store, TABLES.traces, trace(before, t0));
    expect((await migrate(store, MIGRATIONS.filter((m) => m.version <= 6))).applied).toEqual([6]);
    await insertRows(store, TABLES.traces, trace(after, t0 + 1_000_000_000n));

    const lookup = await rows<{ TraceId: string; n: string }>(`SELECT TraceId, count() AS n FROM m6.watchllm_trace_lookup GROUP BY TraceId ORDER BY TraceId`);
    expect(lookup.map((r) => r.TraceId)).toEqual([before, after]);
    // Old summary rows keep the old (double-counting) sums; new ones count the model call once.
    const summary = await rows<{ TraceId: string; tokens: string; cost: number; models: string[] }>(
      `SELECT TraceId, sum(InputTokens) AS tokens, sum(CostUsdSum) AS cost, groupUniqArrayArray(Models) AS models FROM m6.watchllm_trace_summary GROUP BY TraceId ORDER BY TraceId`,
    );
    expect(summary.map((r) => [Number(r.tokens), r.cost, r.models])).toEqual([
      [200, 1, ['gpt-4o-mini']],
      [100, 0.5, ['gpt-4o-mini']],
    ]);
    const minute = await rows<{ Model: string; calls: string; tokens: string }>(
      `SELECT Model, sum(Calls) AS calls, sum(InputTokens) AS tokens FROM m6.watchllm_genai_user_hour GROUP BY Model ORDER BY Model`,
    );
    // The wrapper still counts as a GenAI operation (latency, errors) but under no model.
    expect(minute.map((r) => [r.Model, Number(r.calls), Number(r.tokens)])).toEqual([
      ['', 1, 0],
      ['gpt-4o-mini', 3, 300],
    ]);
  });
});
