import { describe, expect, it } from 'vitest';
import type { Store } from '@watchllm/collector';
import { compileMetricsQuery } from './metrics-query.js';

const store = { table: (name: string) => `watchllm.${name}` } as unknown as Store;
const range = { fromTimestamp: '2026-01-01T00:00:00Z', toTimestamp: '2026-01-02T00:00:00Z' };
const compile = (q: object, views: ('observations' | 'traces')[] = ['observations', 'traces']) => compileMetricsQuery(JSON.stringify({ ...range, ...q }), store, 'p1', views);

describe('Langfuse metrics queries as SQL', () => {
  it('binds every value a caller gives and names outputs as Langfuse does', () => {
    const q = compile({
      view: 'observations',
      dimensions: [{ field: 'name' }],
      metrics: [{ measure: 'latency', aggregation: 'p95' }, { measure: 'count', aggregation: 'count', alias: 'n' }],
      filters: [
        { column: 'name', operator: 'contains', value: "x') OR 1=1 --", type: 'string' },
        { column: 'totalCost', operator: '>', value: 0.5, type: 'number' },
        { column: 'type', operator: 'any of', value: ['GENERATION', 'TOOL'], type: 'stringOptions' },
      ],
      timeDimension: { granularity: 'auto' },
      orderBy: [{ field: 'p95_latency', direction: 'desc' }],
    });
    expect(q.sql).not.toContain('OR 1=1');
    expect(q.sql).not.toContain('0.5');
    expect(Object.values(q.params)).toEqual(expect.arrayContaining(["x') OR 1=1 --", 0.5, ['GENERATION', 'TOOL'], 'p1']));
    expect(q.sql).toContain('quantile(0.95)(Duration / 1e6) AS `p95_latency`');
    expect(q.sql).toContain('INTERVAL 1 HOUR'); // a day in ≤ 50 buckets
    expect(q.sql).toContain('ORDER BY `p95_latency` DESC');
    expect(q.numericKeys).toEqual(['p95_latency', 'n']);
    expect(q.sql).not.toContain('LEFT JOIN'); // no trace field named: no join
    const byTrace = compile({ view: 'observations', dimensions: [{ field: 'traceName' }], metrics: [{ measure: 'count', aggregation: 'count' }], filters: [{ column: 'tags', operator: 'all of', value: ['a', 'b'] }] });
    expect(byTrace.sql).toContain('LEFT JOIN');
    expect(byTrace.sql).toContain('hasAll(TraceTags, {');
  });

  it('refuses by name what it cannot answer or would not be safe to write', () => {
    const refusal = (q: object, views?: ('observations' | 'traces')[]) => {
      try {
        compile(q, views);
      } catch (err) {
        return (err as Error).message;
      }
      return 'accepted';
    };
    const count = [{ measure: 'count', aggregation: 'count' }];
    expect(refusal({ view: 'traces', metrics: count }, ['observations'])).toContain('query.view: "traces" is not served here');
    expect(refusal({ view: 'observations', metrics: [{ measure: 'inputCost', aggregation: 'sum' }] })).toContain('query.metrics[0].measure');
    expect(refusal({ view: 'observations', metrics: [{ measure: 'latency', aggregation: 'histogram' }] })).toContain('query.metrics[0].aggregation');
    expect(refusal({ view: 'observations', metrics: [{ measure: 'count', aggregation: 'count', alias: 'x` FROM system.users --' }] })).toContain('query.metrics[0].alias');
    expect(refusal({ view: 'observations', metrics: count, dimensions: [{ field: 'SpanName) --' }] })).toContain('query.dimensions[0].field');
    expect(refusal({ view: 'observations', metrics: count, filters: [{ column: 'metadata', operator: '=', value: 'x' }] })).toContain('query.filters[0].column');
    expect(refusal({ view: 'observations', metrics: count, filters: [{ column: 'name', operator: 'matches', value: 'x' }] })).toContain('query.filters[0].operator');
    expect(refusal({ view: 'observations', metrics: count, orderBy: [{ field: 'name' }] })).toContain('query.orderBy[0].field');
    expect(refusal({ view: 'observations', metrics: [] })).toContain('query.metrics: at least one metric');
    expect(refusal({ view: 'observations', metrics: count, fromTimestamp: 'yesterday' })).toContain('query.fromTimestamp');
    expect(refusal({ view: 'observations', metrics: count, config: { row_limit: 5000 } })).toContain('query.config.row_limit');
    expect(() => compileMetricsQuery('{not json', store, 'p1', ['observations'])).toThrow('parameter query: not valid JSON');
  });
});
