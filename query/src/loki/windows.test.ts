import { describe, expect, it } from 'vitest';
import { rng } from '../../../collector/test/mutations.js';
import { bucketNs, rangeSteps, windowSums, type BucketRow, type Steps } from './windows.js';

/** What the store's GROUP BY returns: ceil((time − start) / bucket) per label set. */
function bucketed(times: { t: bigint; label: string; v: number }[], steps: Steps, bucket: bigint): BucketRow[] {
  const rows = new Map<string, BucketRow & { firstT: bigint; lastT: bigint }>();
  for (const { t, label, v } of times) {
    const rel = t - steps.startNs;
    const b = rel > 0n ? (rel + bucket - 1n) / bucket : -(-rel / bucket);
    const key = `${b}/${label}`;
    const row = rows.get(key) ?? { b, labels: { l: label }, count: 0, bytes: 0, sum: 0, sumSquares: 0, min: Infinity, max: -Infinity, first: v, last: v, firstT: t, lastT: t };
    row.count++;
    row.bytes += 10;
    row.sum += v;
    row.sumSquares += v * v;
    row.min = Math.min(row.min, v);
    row.max = Math.max(row.max, v);
    if (t < row.firstT) [row.first, row.firstT] = [v, t];
    if (t >= row.lastT) [row.last, row.lastT] = [v, t];
    rows.set(key, row);
  }
  return [...rows.values()];
}

describe('windowSums', () => {
  it('counts, sums, bounds and orders each record at exactly the points t with t − range < time ≤ t (brute force, random steps and ranges)', () => {
    const r = rng(7);
    for (let round = 0; round < 200; round++) {
      const unit = BigInt(1 + Math.floor(r() * 5));
      const steps: Steps = { startNs: 1_000n + BigInt(Math.floor(r() * 50)), stepNs: unit * BigInt(1 + Math.floor(r() * 6)), points: 1 + Math.floor(r() * 20) };
      const rangeNs = unit * BigInt(1 + Math.floor(r() * 12));
      const times = Array.from({ length: Math.floor(r() * 40) }, () => ({ t: steps.startNs - rangeNs + BigInt(Math.floor(r() * Number(rangeNs + steps.stepNs * BigInt(steps.points)))), label: r() < 0.5 ? 'a' : 'b', v: Math.floor(r() * 100) - 50 }));
      const bucket = bucketNs(steps, rangeNs);
      const got = windowSums(bucketed(times, steps, bucket), steps, rangeNs, bucket).map((m) => `${m.labels.l}@${m.k}=${m.count}/${m.bytes}/${m.sum}/${m.sumSquares}/${m.min}/${m.max}/${m.first}/${m.last}`).sort();
      const want: string[] = [];
      for (const label of ['a', 'b']) {
        for (let k = 0; k < steps.points; k++) {
          const t = steps.startNs + BigInt(k) * steps.stepNs;
          const covered = times.filter((x) => x.label === label && x.t > t - rangeNs && x.t <= t).sort((a, b) => (a.t < b.t ? -1 : a.t > b.t ? 1 : 0));
          const inside = covered.map((x) => x.v);
          const n = inside.length;
          const sum = (xs: number[]) => xs.reduce((a, v) => a + v, 0);
          if (n > 0) want.push(`${label}@${k}=${n}/${n * 10}/${sum(inside)}/${sum(inside.map((v) => v * v))}/${Math.min(...inside)}/${Math.max(...inside)}/${inside[0]}/${inside[n - 1]}`);
        }
      }
      expect(got, JSON.stringify({ steps: { ...steps, startNs: String(steps.startNs), stepNs: String(steps.stepNs) }, rangeNs: String(rangeNs) })).toEqual(want.sort());
    }
  });

  it('uses the whole range as one bucket for a single point, and the common divisor otherwise', () => {
    expect(bucketNs({ startNs: 0n, stepNs: 1n, points: 1 }, 3_600n)).toBe(3_600n);
    expect(bucketNs({ startNs: 0n, stepNs: 60n, points: 10 }, 300n)).toBe(60n);
    expect(bucketNs({ startNs: 0n, stepNs: 45n, points: 10 }, 60n)).toBe(15n);
  });
});

describe('rangeSteps', () => {
  it('puts points at start, start + step, … up to end', () => {
    expect(rangeSteps({ projectId: 'p', startNs: 0n, endNs: 3_600_000_000_000n }, '1m')).toEqual({ startNs: 0n, stepNs: 60_000_000_000n, points: 61 });
  });
});
