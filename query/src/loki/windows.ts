/**
 * Range aggregations from per-bucket totals. A point t counts the records with
 * t − range < time ≤ t. Records are grouped by the store into buckets of `bucketNs` (a divisor
 * of both the step and the range, so every point's range is a whole run of buckets), and each
 * point's total is a sliding sum over them: the store returns at most one row per bucket and
 * label set however long the range, rather than one per record per covering point.
 */
import { stepParam } from '../compat/time-params.js';
import type { SpanWindow } from '../compat/window.js';

export interface Steps {
  startNs: bigint;
  stepNs: bigint;
  /** Points at startNs + k·stepNs, k in [0, points). */
  points: number;
}

/** A range query's points: start, start + step, … up to end. */
export function rangeSteps(w: SpanWindow, raw: string | undefined): Steps {
  const stepNs = stepParam(w, raw);
  return { startNs: w.startNs, stepNs, points: Number((w.endNs - w.startNs) / stepNs + 1n) };
}

/** Totals of the records in bucket b: start + (b − 1)·bucket < time ≤ start + b·bucket. */
export interface BucketRow extends Totals {
  b: bigint;
  labels: Record<string, string>;
}

/** One range aggregation's totals at point k, per label set. */
export interface MetricRow extends Totals {
  k: number;
  labels: Record<string, string>;
}

/** Records, their lines' bytes, and (unwrapped) the sum, sum of squares, least, greatest, first and last of their samples. */
export interface Totals {
  count: number;
  bytes: number;
  sum: number;
  sumSquares: number;
  min: number;
  max: number;
  /** The samples of the earliest and the latest record. */
  first: number;
  last: number;
}

/** A stable identity of a label set (names sorted). */
export function labelsKey(labels: Record<string, string>): string {
  return JSON.stringify(Object.keys(labels).sort().map((k) => [k, labels[k]]));
}

const gcd = (a: bigint, b: bigint): bigint => (b === 0n ? a : gcd(b, a % b));

/** The bucket width: the step and range's greatest common divisor (the range itself for a single point). */
export function bucketNs(steps: Steps, rangeNs: bigint): bigint {
  return steps.points === 1 ? rangeNs : gcd(steps.stepNs, rangeNs);
}

/** Sliding sums of each label set's buckets at every point (points without records are left out). */
export function windowSums(rows: BucketRow[], steps: Steps, rangeNs: bigint, bucket: bigint): MetricRow[] {
  const groups = new Map<string, BucketRow[]>();
  for (const r of rows) {
    const key = labelsKey(r.labels);
    const list = groups.get(key);
    if (list) list.push(r);
    else groups.set(key, [r]);
  }
  const perStep = steps.stepNs / bucket;
  const perRange = rangeNs / bucket;
  const out: MetricRow[] = [];
  for (const list of groups.values()) {
    list.sort((a, b) => (a.b < b.b ? -1 : a.b > b.b ? 1 : 0));
    let count = 0;
    let bytes = 0;
    let sum = 0;
    let sumSquares = 0;
    let added = 0; // buckets [removed, added) are in the window
    let removed = 0;
    // Indexes of the window's buckets whose min (max) no later bucket undercuts (exceeds): the front is the window's.
    const mins: number[] = [];
    const maxes: number[] = [];
    for (let k = 0; k < steps.points; k++) {
      const hi = BigInt(k) * perStep;
      const lo = hi - perRange + 1n;
      for (; added < list.length && list[added].b <= hi; added++) {
        const r = list[added];
        count += r.count;
        bytes += r.bytes;
        sum += r.sum;
        sumSquares += r.sumSquares;
        while (mins.length && list[mins[mins.length - 1]].min >= r.min) mins.pop();
        mins.push(added);
        while (maxes.length && list[maxes[maxes.length - 1]].max <= r.max) maxes.pop();
        maxes.push(added);
      }
      for (; removed < added && list[removed].b < lo; removed++) {
        count -= list[removed].count;
        bytes -= list[removed].bytes;
        sum -= list[removed].sum;
        sumSquares -= list[removed].sumSquares;
      }
      while (mins.length && mins[0] < removed) mins.shift();
      while (maxes.length && maxes[0] < removed) maxes.shift();
      if (added > removed) {
        out.push({ k, labels: list[0].labels, count, bytes, sum, sumSquares, min: list[mins[0]].min, max: list[maxes[0]].max, first: list[removed].first, last: list[added - 1].last });
      }
    }
  }
  return out;
}
