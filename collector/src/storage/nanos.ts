/**
 * Arithmetic on the span model's decimal nanosecond timestamps ("1764806400123456789")
 * without BigInt: parsing one cost ~300 B of garbage per span on the ingest path. Seconds
 * and the nanoseconds past them each fit a double exactly.
 */

/** The digits of s[from, to) as a number; NaN when one is not a digit. */
function digits(s: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const d = s.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return NaN;
    n = n * 10 + d;
  }
  return n;
}

const split = (ns: string) => (ns.length > 9 ? ns.length - 9 : 0);
const secondsOf = (ns: string) => digits(ns, 0, split(ns));
const subsecondOf = (ns: string) => digits(ns, split(ns), ns.length);

const TWO_POW_23 = 2 ** 23;
const TWO_POW_32 = 2 ** 32;

/**
 * The two 32-bit halves of a timestamp (low, high), or undefined past 2106 or when it is not
 * decimal. ns = s·10⁹ + f = (s·1953125)·2⁹ + f, and s·1953125 < 2⁵³ while s < 2³².
 */
export function nanosHalves(ns: string, into: [number, number]): [number, number] | undefined {
  const s = secondsOf(ns);
  const f = subsecondOf(ns);
  if (!(s < TWO_POW_32 && f >= 0)) return undefined;
  const m = s * 1953125;
  const mh = Math.floor(m / TWO_POW_23);
  let lo = (m - mh * TWO_POW_23) * 512 + f;
  let hi = mh;
  if (lo >= TWO_POW_32) {
    lo -= TWO_POW_32;
    hi += 1;
  }
  into[0] = lo;
  into[1] = hi;
  return into;
}

/** end − start in ns, never negative: a number while a double holds it exactly, else a bigint. */
export function durationNanos(start: string, end: string): number | bigint {
  if (start === end) return 0;
  const d = (secondsOf(end) - secondsOf(start)) * 1e9 + (subsecondOf(end) - subsecondOf(start));
  if (Number.isSafeInteger(d)) return d > 0 ? d : 0;
  const big = BigInt(end) - BigInt(start);
  return big > 0n ? big : 0n;
}
