/** Go-style durations ("100ms", "1.5s", "1h30m") as used by TraceQL, Tempo and Jaeger parameters. */
const UNIT_NANOS: Record<string, bigint> = {
  ns: 1n,
  us: 1_000n,
  µs: 1_000n,
  μs: 1_000n,
  ms: 1_000_000n,
  s: 1_000_000_000n,
  m: 60_000_000_000n,
  h: 3_600_000_000_000n,
};

const PART = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)/y;
// Larger than any real span: keeps the result inside UInt64 and Int64.
const MAX_NANOS = 10n ** 18n;

/** Nanoseconds of a non-negative Go duration, or undefined when the text is not one. */
export function parseDuration(text: string): bigint | undefined {
  if (text.length === 0 || text.length > 64) return undefined;
  if (text === '0') return 0n;
  let total = 0n;
  PART.lastIndex = 0;
  while (PART.lastIndex < text.length) {
    const m = PART.exec(text);
    if (!m) return undefined;
    total += scaleDecimal(m[1], UNIT_NANOS[m[2]]);
  }
  return total <= MAX_NANOS ? total : undefined;
}

// Exact decimal × unit without going through floating point.
function scaleDecimal(decimal: string, unit: bigint): bigint {
  const [whole, frac = ''] = decimal.split('.');
  const digits = frac.slice(0, 9);
  const scale = 10n ** BigInt(digits.length);
  return (BigInt(whole || '0') * scale + BigInt(digits || '0')) * unit / scale;
}

const LONG_UNITS: Record<string, bigint> = { d: 86_400_000_000_000n, w: 604_800_000_000_000n, y: 31_536_000_000_000_000n };

/** A Prometheus duration (Go units plus d, w, y), as LogQL and TraceQL metrics take ranges and steps, in nanoseconds. */
export function parsePromDuration(text: string): bigint | undefined {
  let total = 0n;
  let rest = text;
  // Days, weeks and years first (Go's parser does not know them), the rest as a Go duration.
  for (;;) {
    const m = /^(\d+)([dwy])/.exec(rest);
    if (!m) break;
    total += BigInt(m[1]) * LONG_UNITS[m[2]];
    rest = rest.slice(m[0].length);
  }
  const go = rest === '' ? 0n : parseDuration(rest);
  if (text === '' || go === undefined || total + go > MAX_DURATION_NS) return undefined;
  return total + go;
}

// ~31 years: every window arithmetic on it stays inside Int64.
const MAX_DURATION_NS = 10n ** 18n;
