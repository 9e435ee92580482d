import { describe, expect, it } from 'vitest';
import { toSeries } from './usage-reader.js';
import { planBuckets } from './usage-source.js';

const H = 3600;
const at = (s: number) => s * 1000;

describe('planBuckets', () => {
  it('reads whole hours from the hour table and the edges from the minute table', () => {
    const start = 1_700_000_000 - (1_700_000_000 % H) + 30 * 60 + 20; // hh:30:20
    const end = start + 5 * H;
    const plan = planBuckets(at(start), at(end));
    const s = start - 20; // rounded down to the minute
    expect(plan.hours).toEqual([s + 30 * 60, s + 30 * 60 + 4 * H]);
    expect(plan.minutes).toEqual([
      [s, s + 30 * 60],
      [s + 30 * 60 + 4 * H, s + 5 * H + 60],
    ]);
  });

  it('uses minutes only for ranges inside one hour or steps finer than an hour', () => {
    const start = 1_699_999_200; // an hour boundary
    expect(planBuckets(at(start + 60), at(start + 600))).toEqual({ minutes: [[start + 60, start + 600]] });
    expect(planBuckets(at(start), at(start + 10 * H), 300)).toEqual({ minutes: [[start, start + 10 * H]] });
    expect(planBuckets(at(start), at(start + 2 * H))).toEqual({ hours: [start, start + 2 * H], minutes: [] });
  });
});

describe('toSeries', () => {
  const range = { startMs: at(1_699_999_200), endMs: at(1_699_999_200 + 3 * H) };
  it('aligns points to the step grid, filling counters with 0 and latencies with null', () => {
    const rows = [
      { K: 'a', T: 1_699_999_200 + H, V: 2 },
      { K: 'b', T: 1_699_999_200, V: 7 },
    ];
    const calls = toSeries(rows, 'calls', range, H, true, 10);
    expect(calls.map((s) => s.key)).toEqual(['b', 'a']);
    expect(calls[1].points).toEqual([
      [at(1_699_999_200), 0],
      [at(1_699_999_200 + H), 2],
      [at(1_699_999_200 + 2 * H), 0],
    ]);
    expect(toSeries(rows, 'latency_p95', range, H, true, 1)[0].points.map((p) => p[1])).toEqual([7, null, null]);
  });

  it('returns one empty series when nothing matched and nothing is grouped', () => {
    expect(toSeries([], 'cost', range, H, false, 10)).toEqual([{ key: null, points: [[at(1_699_999_200), 0], [at(1_699_999_200 + H), 0], [at(1_699_999_200 + 2 * H), 0]] }]);
  });
});
