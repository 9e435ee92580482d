import { describe, expect, it } from 'vitest';
import { alignSeries, ratioSeries, topSeries } from './series.js';

describe('series', () => {
  it('aligns series on the union of timestamps, in seconds', () => {
    const data = alignSeries([
      { key: 'a', points: [[1000, 1], [3000, 3]] },
      { key: 'b', points: [[2000, 5], [3000, 6]] },
    ]);
    expect(data).toEqual([[1, 2, 3], [1, null, 3], [null, 5, 6]]);
    expect(alignSeries([])).toEqual([[]]);
  });

  it('computes error rate per bucket without dividing by zero', () => {
    const rate = ratioSeries([{ key: 'm', points: [[1, 1]] }], [{ key: 'm', points: [[1, 4], [2, 0], [3, 2]] }]);
    expect(rate).toEqual([{ key: 'm', points: [[1, 0.25], [2, null], [3, 0]] }]);
  });

  it('folds small series into other', () => {
    const series = Array.from({ length: 5 }, (_, i) => ({ key: `k${i}`, points: [[1, i] as [number, number]] }));
    const top = topSeries(series, 3);
    expect(top.map((s) => s.key)).toEqual(['k4', 'k3', 'other']);
    expect(top[2].points).toEqual([[1, 3]]);
  });
});
