import { describe, expect, it } from 'vitest';
import { alignSeries, isolatedPoints, keyColors, PALETTE, ratioSeries, topSeries, zeroFilled } from './series.js';

describe('series', () => {
  it('aligns series on the union of timestamps, in seconds', () => {
    const data = alignSeries([
      { key: 'a', points: [[1000, 1], [3000, 3]] },
      { key: 'b', points: [[2000, 5], [3000, 6]] },
    ]);
    expect(data).toEqual([[1, 2, 3], [1, null, 3], [null, 5, 6]]);
    expect(alignSeries([])).toEqual([[]]);
  });

  it('fills every bucket of a range with the count or 0', () => {
    expect(zeroFilled([{ key: 'error', points: [[120_000, 2]] }], 90_000, 200_000, 60_000)).toEqual([
      { key: 'error', points: [[60_000, 0], [120_000, 2], [180_000, 0]] },
    ]);
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

  it('finds the values a line cannot draw: no neighbour on either side', () => {
    expect(isolatedPoints([null, 3, null, null, 1, 2, null, 0])).toEqual([1, 7]);
    expect(isolatedPoints([5])).toEqual([0]);
    expect(isolatedPoints([1, 2, 3])).toEqual([]);
    expect(isolatedPoints([])).toEqual([]);
  });

  it('gives each key one colour in priority order, grey for other, null as the empty key', () => {
    const colors = keyColors(['b', null, 'a', 'b']);
    expect([...colors.keys()]).toEqual(['other', 'b', '', 'a']);
    expect(colors.get('b')).toBe(PALETTE[0]);
    expect(colors.get('')).toBe(PALETTE[1]);
    expect(colors.get('other')).toBe(PALETTE[PALETTE.length - 1]);
    // More keys than colours: they cycle, never taking the grey of "other".
    const many = keyColors(Array.from({ length: 9 }, (_, i) => `k${i}`));
    expect(many.get('k7')).toBe(PALETTE[0]);
  });
});
