import { ApiError } from '../routes/errors.js';
import { parseDuration } from './duration.js';

/** An optional integer query parameter within [min, max]; absent or empty → fallback. */
export function intParam(raw: string | undefined, name: string, fallback: number, min: number, max: number): number {
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) throw new ApiError(400, `${name} must be an integer from ${min} to ${max}`);
  return n;
}

/** An optional unsigned integer parameter up to `max`, as bigint (unix times in µs exceed 2^53 once scaled). */
export function bigintParam(raw: string | undefined, name: string, max: bigint): bigint | undefined {
  if (raw === undefined || raw === '') return undefined;
  if (!/^\d{1,19}$/.test(raw) || BigInt(raw) > max) throw new ApiError(400, `${name} must be an integer from 0 to ${max}`);
  return BigInt(raw);
}

// Span timestamps are Int64 nanoseconds: the latest representable instant in each unit.
export const MAX_UNIX_SECONDS = 9_223_372_035n;
export const MAX_UNIX_MICROS = 9_223_372_036_854_774n;

/** An optional Go-style duration ("100ms", "1.5s") in nanoseconds. */
export function durationParam(raw: string | undefined, name: string): bigint | undefined {
  if (raw === undefined || raw === '') return undefined;
  const nanos = parseDuration(raw);
  if (nanos === undefined) throw new ApiError(400, `${name} must be a duration such as 100ms or 1.5s`);
  return nanos;
}
