// Server time series → uPlot's columnar data ([xs, ...ys]) with timestamps in seconds.

import type { TimeSeries } from '../api/types.js';

export type AlignedData = [number[], ...(number | null)[][]];

/** Union of all timestamps (sorted), each series filled with null where it has no point. */
export function alignSeries(series: TimeSeries[]): AlignedData {
  const xsMs = [...new Set(series.flatMap((s) => s.points.map((p) => p[0])))].sort((a, b) => a - b);
  const index = new Map(xsMs.map((x, i) => [x, i]));
  const ys = series.map((s) => {
    const col: (number | null)[] = new Array(xsMs.length).fill(null);
    for (const [x, y] of s.points) col[index.get(x)!] = y === null || Number.isFinite(y) ? y : null;
    return col;
  });
  return [xsMs.map((x) => x / 1000), ...ys];
}

/** errors / calls per key and timestamp; buckets with no calls have no rate. */
export function ratioSeries(numerator: TimeSeries[], denominator: TimeSeries[]): TimeSeries[] {
  const num = new Map(numerator.map((s) => [s.key, new Map(s.points)]));
  return denominator.map((d) => ({
    key: d.key,
    points: d.points.map(([x, calls]): [number, number | null] => {
      const errors = num.get(d.key)?.get(x) ?? 0;
      return [x, calls && calls > 0 ? (errors ?? 0) / calls : null];
    }),
  }));
}

/**
 * Counts over a whole range: every bucket from the one holding `startMs` to the one holding `endMs`
 * (buckets start at multiples of `stepMs`, as the API makes them), 0 where a series has none.
 */
export function zeroFilled(series: TimeSeries[], startMs: number, endMs: number, stepMs: number): TimeSeries[] {
  const first = Math.floor(startMs / stepMs) * stepMs;
  const buckets = Math.min(Math.floor((endMs - first) / stepMs) + 1, 10_000);
  return series.map((s) => {
    const byTime = new Map(s.points);
    return { key: s.key, points: Array.from({ length: buckets }, (_, i): [number, number] => [first + i * stepMs, byTime.get(first + i * stepMs) ?? 0]) };
  });
}

/** Keep the `limit` series with the largest totals; fold the rest into "other" so charts stay legible. */
export function topSeries(series: TimeSeries[], limit = 8): TimeSeries[] {
  if (series.length <= limit) return series;
  const total = (s: TimeSeries) => s.points.reduce((sum, [, y]) => sum + (y ?? 0), 0);
  const sorted = [...series].sort((a, b) => total(b) - total(a));
  const other = new Map<number, number>();
  for (const s of sorted.slice(limit - 1)) for (const [x, y] of s.points) other.set(x, (other.get(x) ?? 0) + (y ?? 0));
  return [...sorted.slice(0, limit - 1), { key: 'other', points: [...other].sort((a, b) => a[0] - b[0]) }];
}

/** Indices of values with no value on either side: a line cannot show them, so the chart draws them as dots. */
export function isolatedPoints(ys: readonly (number | null | undefined)[]): number[] {
  const has = (i: number) => ys[i] !== null && ys[i] !== undefined;
  return ys.flatMap((_, i) => (has(i) && !has(i - 1) && !has(i + 1) ? [i] : []));
}

export const PALETTE = ['#4f7cff', '#f08c2e', '#2fb380', '#d9485f', '#9b6cf0', '#14a3b8', '#c4a000', '#8a8f98'];
/** Grey, the last palette colour: kept for the folded "other" series. */
const OTHER_COLOR = PALETTE[PALETTE.length - 1];

/**
 * One colour per group key shared by every chart, so a model keeps its colour from chart to chart (each metric
 * orders its series differently). Keys come in priority order (e.g. by cost); a missing key (null) is ''.
 */
export function keyColors(keys: readonly (string | null)[]): Map<string, string> {
  const colors = new Map<string, string>([['other', OTHER_COLOR]]);
  for (const key of keys) if (!colors.has(key ?? '')) colors.set(key ?? '', PALETTE[(colors.size - 1) % (PALETTE.length - 1)]);
  return colors;
}
