import { describe, expect, it } from 'vitest';
import { evaluateMetric, toMatrix } from './evaluate.js';
import { keysFor } from './labels.js';
import { parseLogQL, type MetricQuery } from './logql.js';
import type { LokiReader } from './loki-reader.js';
import type { MetricRow, Steps } from './windows.js';

const steps: Steps = { startNs: 0n, stepNs: 60_000_000_000n, points: 3 };
const window = { projectId: 'p', startNs: 0n, endNs: 120_000_000_000n };
/** A reader that answers every range aggregation with `rows`. */
const readerOf = (rows: MetricRow[]) => ({ rangeAggregation: async () => rows }) as unknown as LokiReader;
const metric = (q: string) => parseLogQL(q) as MetricQuery;

describe('evaluateMetric', () => {
  it('aggregates range series by label subsets: count, max, avg', async () => {
    const rows: MetricRow[] = [
      { k: 0, labels: { app: 'a', pod: '1' }, count: 2, bytes: 20 },
      { k: 0, labels: { app: 'a', pod: '2' }, count: 4, bytes: 40 },
      { k: 1, labels: { app: 'b', pod: '1' }, count: 1, bytes: 10 },
    ];
    const run = async (q: string) => toMatrix(await evaluateMetric(readerOf(rows), window, metric(q), steps), steps).map((s) => [s.metric, s.values.map((v) => v[1])]);
    expect(await run('count by (app) (count_over_time({x="y"}[1m]))')).toEqual([
      [{ app: 'a' }, ['2']],
      [{ app: 'b' }, ['1']],
    ]);
    expect(await run('max without (pod) (bytes_rate({x="y"}[1m]))')).toEqual([
      [{ app: 'a' }, [String(40 / 60)]],
      [{ app: 'b' }, [String(10 / 60)]],
    ]);
    expect(await run('avg(count_over_time({x="y"}[1m]))')).toEqual([[{}, ['3', '1']]]);
  });

  it("refuses more than 500 series, as Loki's max_query_series", async () => {
    const rows = Array.from({ length: 501 }, (_, i): MetricRow => ({ k: 0, labels: { trace_id: String(i) }, count: 1, bytes: 1 }));
    await expect(evaluateMetric(readerOf(rows), window, metric('count_over_time({x="y"}[1m])'), steps)).rejects.toThrow(/maximum of series \(500\)/);
    await expect(evaluateMetric(readerOf(rows.slice(0, 500)), window, metric('count_over_time({x="y"}[1m])'), steps)).resolves.toHaveLength(500);
  });
});

describe('keysFor', () => {
  it('lists the attribute keys a label name can stand for', () => {
    expect(keysFor('level')).toEqual(['level']);
    expect(keysFor('user_id')).toEqual(['user_id', 'user.id', 'user-id']);
    expect(keysFor('a_b_c_d')).toHaveLength(8);
    expect(keysFor('a_b_c_d_e_f')).toBeUndefined();
  });
});
