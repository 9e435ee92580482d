import { OtlpDecodeError } from './errors.js';

/**
 * Reads OTLP leaf values from either a protobufjs-decoded message or parsed
 * OTLP/JSON. The tree walkers (traces.ts, logs.ts, any-value.ts) are shared;
 * only these leaves differ between the two encodings.
 */
export interface LeafReader {
  readonly encoding: 'protobuf' | 'json';
  str(v: unknown, path: string): string;
  /** Unsigned 64-bit integer (fixed64) as a decimal string. */
  u64(v: unknown, path: string): string;
  /** Signed 64-bit integer as a JS number when safe, else a decimal string. */
  i64(v: unknown, path: string): number | string;
  num(v: unknown, path: string): number;
  bool(v: unknown, path: string): boolean;
  /** Bytes field holding an id, as lower-case hex ('' when absent). */
  id(v: unknown, path: string): string;
  /** Opaque bytes as base64. */
  bytes(v: unknown, path: string): string;
  list(v: unknown, path: string): readonly unknown[];
  obj(v: unknown, path: string): Record<string, unknown> | undefined;
}

interface LongLike {
  low: number;
  high: number;
  unsigned: boolean;
}

const TWO_32 = 4294967296;

function longToString(l: LongLike, signed: boolean): string {
  if (l.high === 0) return String(l.low >>> 0);
  // BigInt keeps all 64 bits: nanosecond timestamps exceed 2^53.
  const u = (BigInt(l.high >>> 0) << 32n) | BigInt(l.low >>> 0);
  return (signed ? BigInt.asIntN(64, u) : u).toString();
}

function longToNumberOrString(l: LongLike): number | string {
  const hi = l.high | 0;
  // Safe-integer range: |high| < 2^21.
  if (hi < 0x200000 && hi >= -0x200000) return hi * TWO_32 + (l.low >>> 0);
  return longToString(l, true);
}

function toHex(v: Uint8Array): string {
  return Buffer.isBuffer(v) ? v.toString('hex') : Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('hex');
}

/** protobufjs has already enforced wire types; leaves only need shape conversion. */
export const protobufLeafReader: LeafReader = {
  encoding: 'protobuf',
  str: (v) => (v as string) ?? '',
  u64: (v) => (v == null ? '0' : typeof v === 'number' ? String(v) : longToString(v as LongLike, false)),
  i64: (v) => (v == null ? 0 : typeof v === 'number' ? v : longToNumberOrString(v as LongLike)),
  num: (v) => (v as number) ?? 0,
  bool: (v) => (v as boolean) ?? false,
  id: (v) => (v == null || (v as Uint8Array).length === 0 ? '' : toHex(v as Uint8Array)),
  bytes: (v) => (v == null ? '' : Buffer.from(v as Uint8Array).toString('base64')),
  list: (v) => (v as unknown[]) ?? [],
  obj: (v) => (v as Record<string, unknown>) ?? undefined,
};

function typeName(v: unknown): string {
  return v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v;
}

function fail(path: string, expected: string, v: unknown): never {
  throw new OtlpDecodeError(`${path}: expected ${expected}, got ${typeName(v)}`);
}

const DIGITS = /^-?\d+$/;
/** Whether unsigned decimal `digits` (no leading zeros) is at most `max` (same form), compared without rounding. */
export function decimalAtMost(digits: string, max: string): boolean {
  return digits.length < max.length || (digits.length === max.length && digits <= max);
}

/** A UTF-16 surrogate without its pair (code units: no `u` flag). */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const LONE_SURROGATE_ALL = new RegExp(LONE_SURROGATE.source, 'g');
const MAX_U64 = '18446744073709551615';
/** The largest double below 2^64. */
const MAX_U64_NUMBER = 18446744073709549568;
const HEX = /^(?:[0-9a-fA-F]{2})*$/;
const BASE64 = /^[A-Za-z0-9+/_-]*={0,2}$/;

/** OTLP/JSON per the spec: ids hex, 64-bit integers as decimal strings (numbers accepted), enums as integers. */
export const jsonLeafReader: LeafReader = {
  encoding: 'json',
  str(v, path) {
    if (v == null) return '';
    if (typeof v !== 'string') fail(path, 'string', v);
    // A lone surrogate ('\ud800' in the JSON text) is no UTF-8: replaced, as the protobuf path replaces invalid UTF-8.
    return LONE_SURROGATE.test(v) ? v.replace(LONE_SURROGATE_ALL, '\ufffd') : v;
  },
  u64(v, path) {
    if (v == null) return '0';
    // Integral doubles past 2^53 are written out in full ('1e+21' is no UInt64 text).
    if (typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= MAX_U64_NUMBER) return Number.isSafeInteger(v) ? String(v) : BigInt(v).toString();
    if (typeof v === 'string' && DIGITS.test(v) && v[0] !== '-') {
      const digits = v.replace(/^0+(?=\d)/, '');
      if (decimalAtMost(digits, MAX_U64)) return digits;
    }
    fail(path, 'unsigned 64-bit integer (decimal string)', v);
  },
  i64(v, path) {
    if (v == null) return 0;
    if (typeof v === 'number' && Number.isInteger(v)) return v;
    if (typeof v === 'string' && DIGITS.test(v)) {
      const n = Number(v);
      return Number.isSafeInteger(n) ? n : BigInt(v).toString();
    }
    fail(path, '64-bit integer (decimal string)', v);
  },
  num(v, path) {
    if (v == null) return 0;
    if (typeof v === 'number') return v;
    // The spec's JSON mapping allows "NaN", "Infinity", "-Infinity" and numeric strings.
    if (typeof v === 'string' && v.trim() !== '' && !Number.isNaN(Number(v))) return Number(v);
    if (v === 'NaN') return NaN;
    fail(path, 'number', v);
  },
  bool(v, path) {
    if (v == null) return false;
    if (typeof v !== 'boolean') fail(path, 'boolean', v);
    return v;
  },
  id(v, path) {
    if (v == null || v === '') return '';
    if (typeof v !== 'string') fail(path, 'hex string', v);
    if (!HEX.test(v)) throw new OtlpDecodeError(`${path}: "${v.slice(0, 40)}" is not a hex id`);
    return v.toLowerCase();
  },
  bytes(v, path) {
    if (v == null) return '';
    if (typeof v !== 'string' || !BASE64.test(v)) fail(path, 'base64 string', v);
    return v;
  },
  list(v, path) {
    if (v == null) return [];
    if (!Array.isArray(v)) fail(path, 'array', v);
    return v;
  },
  obj(v, path) {
    if (v == null) return undefined;
    if (typeof v !== 'object' || Array.isArray(v)) fail(path, 'object', v);
    return v as Record<string, unknown>;
  },
};
