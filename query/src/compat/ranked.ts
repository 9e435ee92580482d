/**
 * Prometheus' topk / bottomk over time: at each point, only the `n` highest (lowest) of the given
 * series keep their value there (NaN never ranks). `values` reads a series' points (point → value).
 */
export function rankedPoints<S>(series: S[], values: (s: S) => Map<number, number>, fn: 'topk' | 'bottomk', n: number): Map<number, number>[] {
  const kept = series.map(() => new Map<number, number>());
  const points = new Set(series.flatMap((s) => [...values(s).keys()]));
  for (const p of points) {
    const at = series.map((s, i) => ({ i, v: values(s).get(p) })).filter((x): x is { i: number; v: number } => x.v !== undefined && !Number.isNaN(x.v));
    at.sort((a, b) => (fn === 'topk' ? b.v - a.v : a.v - b.v));
    for (const { i, v } of at.slice(0, n)) kept[i].set(p, v);
  }
  return kept;
}
