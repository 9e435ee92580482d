import { describe, expect, it } from 'vitest';
import { insertRows, nanosToDateTime64, TABLES } from '@watchllm/collector';
import { migratedTestStore } from '../../test/migrated-store.js';
import type { EvaluatorSpec } from './definition.js';
import { EvaluatorSpans } from './evaluator-spans.js';
import { EvaluatorConflict, EvaluatorStore } from './evaluator-store.js';

const testStore = migratedTestStore('evaluators');

const spec = (over: Partial<EvaluatorSpec> = {}): EvaluatorSpec => ({
  enabled: true,
  target: 'llm',
  filters: {},
  samplingRate: 1,
  judge: { baseUrl: 'http://judge.local/v1', model: 'judge-1', apiKeyEnv: 'JUDGE_KEY' },
  promptTemplate: 'Rate {{output}} for {{input}}',
  output: { type: 'numeric' },
  ...over,
});

describe('EvaluatorStore', () => {
  it('creates, reads, lists, changes and deletes an evaluator', async () => {
    const store = new EvaluatorStore(testStore());
    const created = await store.create('p', 'helpfulness', spec());
    expect(created).toMatchObject({ name: 'helpfulness', target: 'llm', samplingRate: 1 });
    expect(await store.get('p', 'helpfulness')).toMatchObject({ name: 'helpfulness', promptTemplate: 'Rate {{output}} for {{input}}', createdAtMs: created.createdAtMs });
    expect(await store.get('other-project', 'helpfulness')).toBeUndefined();
    const changed = await store.update('p', 'helpfulness', (old) => ({ ...old, enabled: false, samplingRate: 0.5 }));
    expect(changed).toMatchObject({ enabled: false, samplingRate: 0.5, createdAtMs: created.createdAtMs });
    expect((await store.list('p')).map((d) => [d.name, d.enabled])).toEqual([['helpfulness', false]]);
    expect(await store.remove('p', 'helpfulness')).toBe(true);
    expect(await store.get('p', 'helpfulness')).toBeUndefined();
    expect(await store.remove('p', 'helpfulness')).toBe(false);
    expect(await store.update('p', 'helpfulness', (old) => old)).toBeUndefined();
    // A name deleted can be created again, fresh.
    const again = await store.create('p', 'helpfulness', spec({ target: 'trace' }));
    expect(again.target).toBe('trace');
    expect(again.createdAtMs).toBeGreaterThanOrEqual(created.createdAtMs);
  });

  it('makes one evaluator of a name two services create at once; the other create is refused', async () => {
    const [a, b] = [new EvaluatorStore(testStore()), new EvaluatorStore(testStore())];
    const outcomes = await Promise.allSettled([a.create('p', 'tone', spec({ samplingRate: 0.1 })), b.create('p', 'tone', spec({ samplingRate: 0.2 }))]);
    const won = outcomes.filter((o) => o.status === 'fulfilled');
    expect(won).toHaveLength(1);
    expect(outcomes.find((o) => o.status === 'rejected')?.reason).toBeInstanceOf(EvaluatorConflict);
    expect((await a.get('p', 'tone'))?.samplingRate).toBe((won[0] as PromiseFulfilledResult<{ samplingRate: number }>).value.samplingRate);
  });

  it('lists the enabled evaluators of every project for the worker', async () => {
    const store = new EvaluatorStore(testStore());
    await store.create('q1', 'on', spec());
    await store.create('q2', 'off', spec({ enabled: false }));
    const enabled = (await store.enabledEverywhere()).map((d) => `${d.projectId}/${d.name}`);
    expect(enabled).toContain('q1/on');
    expect(enabled).not.toContain('q2/off');
  });
});

describe('EvaluatorSpans.candidates', () => {
  const traceIds = Array.from({ length: 200 }, (_, i) => (i + 1).toString(16).padStart(32, '0'));
  const startMs = Date.now() - 60_000;

  it('samples traces by their id alike on every replica, in proportion to the rate; filters by model', async () => {
    await insertRows(
      testStore(),
      TABLES.traces,
      traceIds.map((traceId, i) => ({
        Timestamp: nanosToDateTime64((BigInt(startMs + i) * 1_000_000n).toString()),
        TraceId: traceId,
        SpanId: traceId.slice(16),
        ParentSpanId: 'f'.repeat(16),
        SpanName: 'chat',
        SpanKind: 'Client',
        ServiceName: 'svc',
        Duration: '1000',
        StatusCode: 'Ok',
        ProjectId: 'sampling',
        GenAiOperation: 'chat',
        GenAiRequestModel: i % 2 ? 'model-a' : 'model-b',
        GenAiStepType: 'llm',
      })),
    );
    const fromNs = (BigInt(startMs - 1000) * 1_000_000n).toString();
    const def = { name: 'sampled', ...spec({ samplingRate: 0.3 }), createdAtMs: startMs, updatedAtMs: startMs };
    const [one, two] = [new EvaluatorSpans(testStore()), new EvaluatorSpans(testStore())];
    const picked = await one.candidates('sampling', def, fromNs, 1000);
    expect(await two.candidates('sampling', def, fromNs, 1000)).toEqual(picked);
    expect(picked.length).toBeGreaterThan(30);
    expect(picked.length).toBeLessThan(90);
    // A higher rate keeps the same traces and more.
    const more = await one.candidates('sampling', { ...def, samplingRate: 0.6 }, fromNs, 1000);
    expect(more.map((c) => c.traceId)).toEqual(expect.arrayContaining(picked.map((c) => c.traceId)));
    expect(await one.candidates('sampling', { ...def, samplingRate: 0 }, fromNs, 1000)).toEqual([]);
    const all = await one.candidates('sampling', { ...def, samplingRate: 1 }, fromNs, 1000);
    expect(all).toHaveLength(200);
    // The earliest first, a batch at a time.
    expect((await one.candidates('sampling', { ...def, samplingRate: 1 }, fromNs, 5)).map((c) => c.traceId)).toEqual(traceIds.slice(0, 5));
    const modelA = await one.candidates('sampling', { ...def, samplingRate: 1, filters: { model: 'model-a' } }, fromNs, 1000);
    expect(modelA).toHaveLength(100);
    const skipped = await one.candidates('sampling', { ...def, samplingRate: 1 }, fromNs, 1000, [`${traceIds[0]}/${traceIds[0].slice(16)}`]);
    expect(skipped).toHaveLength(199);
  });
});
