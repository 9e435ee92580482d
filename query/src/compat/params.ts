import { ApiError } from '../routes/errors.js';
import { parseDuration } from './duration.js';

/** An optional integer query parameter within [min, max]; absent or empty → fallback. */
export function intParam(raw: string | undefined, name: string, fallback: number, min: number, max: number): number {
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) throw new ApiError(400, `${name} must be an integer from ${min} to ${max}`);
  return n;
}

/** An optional unsigned integer parameter as bigint (unix times in s/µs/ns can exceed 2^53 after scaling). */
export function bigintParam(raw: string | undefined, name: string): bigint | undefined {
  if (raw === undefined || raw === '') return undefined;
  if (!/^\d{1,19}$/.test(raw)) throw new ApiError(400, `${name} must be a non-negative integer`);
  return BigInt(raw);
}

/** An optional Go-style duration ("100ms", "1.5s") in nanoseconds. */
export function durationParam(raw: string | undefined, name: string): bigint | undefined {
  if (raw === undefined || raw === '') return undefined;
  const nanos = parseDuration(raw);
  if (nanos === undefined) throw new ApiError(400, `${name} must be a duration such as 100ms or 1.5s`);
  return nanos;
}
