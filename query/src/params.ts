/**
 * Query-string parsing for the JSON API. Every value is validated here into a typed value
 * (readers bind them as query parameters); a bad value is a 400 that names the parameter.
 */
import { decodeTimeIdCursor, type TimeIdKey } from './cursor.js';
import { normalizeTraceId } from './reader/trace-reader.js';
import { ApiError } from './routes/errors.js';

export interface TimeRange {
  startMs: number;
  endMs: number;
}

export interface AttributeFilter {
  key: string;
  value: string;
}

export const ATTR_PREFIX = 'attr.';
const MAX_ATTR_FILTERS = 20;
const MAX_STRING = 1024;
// DateTime64(9) holds nanoseconds in an Int64: the last representable millisecond is in 2262.
const MAX_TIME_MS = 9_223_372_036_854;
const UNIX_MS = /^\d{1,16}$/;
const ISO_8601 = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?)?(?:Z|[+-]\d{2}:?\d{2})?$/i;
const STEP = /^(\d{1,7})(s|m|h|d)?$/;
const STEP_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400 };

/** A 400 naming the parameter and what is wrong with it. */
export function bad(name: string, why: string): ApiError {
  return new ApiError(400, `parameter ${name}: ${why}`);
}

/** Unix milliseconds from ISO 8601 or a unix-millisecond integer; undefined when not a time. */
export function parseTimeMs(raw: string): number | undefined {
  let ms: number;
  if (UNIX_MS.test(raw)) ms = Number(raw);
  else if (ISO_8601.test(raw)) ms = Date.parse(isoWithMillis(raw));
  else return undefined;
  return Number.isFinite(ms) && ms >= 0 && ms <= MAX_TIME_MS ? ms : undefined;
}

// Date.parse reads at most millisecond fractions reliably: cut finer digits first.
function isoWithMillis(raw: string): string {
  return raw.replace(/(\.\d{3})\d+/, '$1');
}

/** Step of a time series in seconds ("300", "300s", "5m", "1h", "1d"); undefined when malformed. */
export function parseStepSeconds(raw: string): number | undefined {
  const m = STEP.exec(raw);
  if (!m) return undefined;
  return Number(m[1]) * STEP_SECONDS[m[2] ?? 's'];
}

/** A plain decimal number as a query parameter writes one (`-1.5`, `2e3`); NaN for anything else (hex, `Infinity`, blanks). */
export function decimalNumber(raw: string): number {
  return /^-?\d+(\.\d+)?(e[+-]?\d+)?$/i.test(raw) ? Number(raw) : NaN;
}

/** The query parameters of one request, restricted to the names a route declares. */
export class Params {
  private readonly search: URLSearchParams;

  /** Refuses parameter names the route does not know (`attr.<key>` only when `attributes` is set). */
  constructor(url: string, allowed: readonly string[], options: { attributes?: boolean } = {}) {
    this.search = new URL(url).searchParams;
    const known = new Set(allowed);
    for (const name of this.search.keys()) {
      if (known.has(name)) continue;
      if (options.attributes && name.startsWith(ATTR_PREFIX) && name.length > ATTR_PREFIX.length) continue;
      throw bad(name.slice(0, 64), `unknown parameter; expected one of ${[...allowed, ...(options.attributes ? ['attr.<key>'] : [])].join(', ')}`);
    }
  }

  /** The first value of `name`; an empty value counts as absent. */
  string(name: string, maxLength = MAX_STRING): string | undefined {
    const v = this.search.get(name);
    if (v === null || v === '') return undefined;
    if (v.length > maxLength) throw bad(name, `longer than ${maxLength} characters`);
    return v;
  }

  number(name: string, opts: { min?: number; max?: number; integer?: boolean } = {}): number | undefined {
    const raw = this.string(name, 64);
    if (raw === undefined) return undefined;
    const n = decimalNumber(raw);
    if (!Number.isFinite(n) || (opts.integer && !Number.isInteger(n))) throw bad(name, `"${raw}" is not ${opts.integer ? 'an integer' : 'a number'}`);
    // Past ±2^53 a number is no longer exact: no parameter means anything out there.
    const { min = -Number.MAX_SAFE_INTEGER, max = Number.MAX_SAFE_INTEGER } = opts;
    if (n < min) throw bad(name, `must be at least ${min}`);
    if (n > max) throw bad(name, `must be at most ${max}`);
    return n;
  }

  oneOf<T extends string>(name: string, values: readonly T[]): T | undefined {
    const raw = this.string(name, 64);
    if (raw === undefined) return undefined;
    if (!(values as readonly string[]).includes(raw)) throw bad(name, `must be one of ${values.join(', ')}`);
    return raw as T;
  }

  /** Unix milliseconds from ISO 8601 or unix milliseconds. */
  time(name: string): number | undefined {
    const raw = this.string(name, 64);
    if (raw === undefined) return undefined;
    const ms = parseTimeMs(raw);
    if (ms === undefined) throw bad(name, `"${raw}" is not an ISO 8601 time or unix milliseconds`);
    return ms;
  }

  /** One project's `start`/`end` (as `timeRange`): the scope every filtered read starts from. */
  scope(projectId: string, defaultSpanMs: number): TimeRange & { projectId: string } {
    return { projectId, ...this.timeRange(defaultSpanMs) };
  }

  /**
   * `start`/`end` (or the parameters `names` gives); start defaults to the `defaultSpanMs` before
   * end (Infinity: the epoch), end to `defaultEndMs` (now).
   */
  timeRange(defaultSpanMs: number, defaultEndMs = Date.now(), names = { from: 'start', to: 'end' }): TimeRange {
    const endMs = this.time(names.to) ?? defaultEndMs;
    const startMs = this.time(names.from) ?? Math.max(0, endMs - defaultSpanMs);
    if (startMs >= endMs) throw bad(names.from, `must be before ${names.to}`);
    return { startMs, endMs };
  }

  limit(defaultLimit: number, max: number): number {
    return this.number('limit', { min: 1, max, integer: true }) ?? defaultLimit;
  }

  stepSeconds(name: string, min: number, max: number): number | undefined {
    const raw = this.string(name, 16);
    if (raw === undefined) return undefined;
    const s = parseStepSeconds(raw);
    if (s === undefined) throw bad(name, `"${raw}" is not a step like 60s, 5m, 1h or 1d`);
    if (s < min || s > max || s % min !== 0) throw bad(name, `must be a multiple of ${min}s between ${min}s and ${max}s`);
    return s;
  }

  /** The `step` of a time series over `rangeMs`: as given (a multiple of 60 s), else at most ~120 points; at most 2,000 points either way. */
  bucketStep(rangeMs: number): number {
    const step = this.stepSeconds('step', 60, 31 * 86_400) ?? defaultStepSeconds(rangeMs);
    if (rangeMs / (step * 1000) > MAX_SERIES_POINTS) throw bad('step', `gives more than ${MAX_SERIES_POINTS} points over the range`);
    return step;
  }

  /** A comma-separated list (`id=a,b`), blanks left out; undefined when absent or empty. */
  commaList(name: string, maxCount = 100, maxLength = MAX_STRING): string[] | undefined {
    const values = this.string(name, maxLength)?.split(',').map((v) => v.trim()).filter(Boolean);
    if (values === undefined || values.length === 0) return undefined;
    if (values.length > maxCount) throw bad(name, `at most ${maxCount} values`);
    return values;
  }

  /** Every value of a repeatable parameter (`tag=a&tag=b`), empty ones left out. */
  all(name: string, maxCount = 20, maxLength = MAX_STRING): string[] {
    const values = this.search.getAll(name).filter((v) => v !== '');
    if (values.length > maxCount) throw bad(name, `at most ${maxCount} values`);
    for (const v of values) if (v.length > maxLength) throw bad(name, `longer than ${maxLength} characters`);
    return values;
  }

  /** `attr.<key>=<value>` pairs, repeatable; every pair must match. */
  attributes(): AttributeFilter[] {
    const out: AttributeFilter[] = [];
    for (const [name, value] of this.search) {
      if (!name.startsWith(ATTR_PREFIX)) continue;
      const key = name.slice(ATTR_PREFIX.length);
      if (key.length > 256) throw bad(name.slice(0, 64), 'attribute key longer than 256 characters');
      if (value.length > MAX_STRING) throw bad(name, `longer than ${MAX_STRING} characters`);
      out.push({ key, value });
    }
    if (out.length > MAX_ATTR_FILTERS) throw bad('attr.*', `at most ${MAX_ATTR_FILTERS} attribute filters`);
    return out;
  }

  /** A trace id (16 or 32 hex characters, any case) in its stored form: 32 lower-case hex. */
  traceId(name: string): string | undefined {
    const raw = this.string(name, 64);
    if (raw === undefined) return undefined;
    const id = normalizeTraceId(raw);
    if (id === undefined) throw bad(name, `"${raw}" must be 16 or 32 hex characters`);
    return id;
  }

  /** A span id (16 hex characters, any case), lower-cased as stored. */
  spanId(name: string): string | undefined {
    const id = this.string(name, 64)?.toLowerCase();
    if (id !== undefined && !/^[0-9a-f]{16}$/.test(id)) throw bad(name, `"${id}" must be 16 hex characters`);
    return id;
  }

  /** A (time, id) keyset cursor this API returned earlier. */
  timeIdCursor(name: string, validId: (id: string) => boolean): TimeIdKey | undefined {
    const raw = this.string(name, 2048);
    if (raw === undefined) return undefined;
    const key = decodeTimeIdCursor(raw, validId);
    if (!key) throw bad(name, 'not a cursor returned by this API');
    return key;
  }
}

const MAX_SERIES_POINTS = 2000;

/** A step giving at most ~120 points over the range, in whole minutes. */
export function defaultStepSeconds(rangeMs: number): number {
  const nice = [60, 300, 900, 3600, 3 * 3600, 6 * 3600, 86_400, 7 * 86_400];
  return nice.find((s) => rangeMs / (s * 1000) <= 120) ?? 30 * 86_400;
}
