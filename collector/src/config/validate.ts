/** Small typed readers for config objects; every problem names its key path. */
export type Problems = string[];

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Deep-merges a user's component config onto its defaults, reporting keys the
 * defaults don't know (typos are the commonest config bug).
 */
export function mergeOntoDefaults<T>(defaults: T, user: unknown, path: string, problems: Problems): T {
  // `key:` with no value (YAML null) means "on, with defaults", as in the OTel Collector.
  if (user === undefined || user === null) return defaults;
  if (!isObject(defaults)) return user as T;
  if (!isObject(user)) {
    problems.push(`${path}: expected a mapping, got ${Array.isArray(user) ? 'a list' : typeof user}`);
    return defaults;
  }
  const out: Record<string, unknown> = { ...(defaults as Record<string, unknown>) };
  for (const [k, v] of Object.entries(user)) {
    if (!(k in out)) {
      problems.push(`${path}.${k}: unknown key (known: ${Object.keys(out).join(', ')})`);
      continue;
    }
    out[k] = isObject(out[k]) ? mergeOntoDefaults(out[k], v, `${path}.${k}`, problems) : v;
  }
  return out as T;
}

const UNITS: Record<string, number> = { b: 1, kb: 1e3, mb: 1e6, gb: 1e9, kib: 1024, mib: 1024 ** 2, gib: 1024 ** 3 };

/** Accepts a byte count as a number or a string like `512MiB`, `1GiB`, `64kb`. */
export function bytes(v: unknown, path: string, problems: Problems): number {
  if (typeof v === 'number' && Number.isFinite(v) && v >= 0) return v;
  const m = typeof v === 'string' ? /^\s*(\d+(?:\.\d+)?)\s*([a-zA-Z]*)\s*$/.exec(v) : null;
  const unit = m ? UNITS[(m[2] || 'b').toLowerCase()] : undefined;
  if (!m || unit === undefined) {
    problems.push(`${path}: "${String(v)}" is not a size (e.g. 1048576, 512MiB, 1GiB)`);
    return 0;
  }
  return Math.round(Number(m[1]) * unit);
}

const DURATION_UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** Accepts milliseconds as a number or a Go-style duration string (`200ms`, `5s`, `1m`, `72h`; also `30d`). */
export function durationMs(v: unknown, path: string, problems: Problems): number {
  if (typeof v === 'number' && Number.isFinite(v) && v >= 0) return v;
  const m = typeof v === 'string' ? /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)\s*$/.exec(v) : null;
  if (!m) {
    problems.push(`${path}: "${String(v)}" is not a duration (e.g. 200ms, 5s, 1m, 72h, 30d)`);
    return 0;
  }
  return Number(m[1]) * DURATION_UNITS[m[2]];
}

export function positiveInt(v: unknown, path: string, problems: Problems): number {
  if (typeof v === 'number' && Number.isInteger(v) && v > 0) return v;
  problems.push(`${path}: expected a positive integer, got ${JSON.stringify(v)}`);
  return 1;
}

/** `host:port`, port 0 allowed (ephemeral, for tests). */
export function endpoint(v: unknown, path: string, problems: Problems): { host: string; port: number } {
  const m = typeof v === 'string' ? /^(.*):(\d{1,5})$/.exec(v) : null;
  const port = m ? Number(m[2]) : NaN;
  if (!m || port > 65535) {
    problems.push(`${path}: "${String(v)}" is not host:port`);
    return { host: '127.0.0.1', port: 0 };
  }
  return { host: m[1].replace(/^\[(.*)\]$/, '$1') || '0.0.0.0', port };
}
