import type { GenAiRecord } from '@watchllm/semconv';
import { NativeSink } from './native.js';

/**
 * The GenAI record as stored in GenAiRecord: its non-null fields as JSON, the diagnostics left
 * out (they have their own column), written as bytes straight into the Native block. Why not
 * JSON.stringify: on Node 20 it took ~1.5–2 µs for this ~250-byte record, the biggest single
 * function of the collector's profile; most of the record is short ASCII strings and counts,
 * which are copied here byte by byte. Anything else (escapes, non-ASCII, toJSON) goes through
 * JSON.stringify, so the text is exactly what `JSON.stringify` of the compact record gives
 * (a test compares both).
 */
export function writeCompactRecord(out: NativeSink, record: GenAiRecord): void {
  out.u8(0x7b); // {
  let first = true;
  // for-in, not Object.keys: its keyed loads over the record's ~30 fields were a third of this function.
  for (const key in record) {
    const value = record[key as keyof GenAiRecord];
    if (value === null || value === undefined || key === 'diagnostics') continue;
    if (!first) out.u8(0x2c); // ,
    first = false;
    out.raw(keyJson(key));
    writeJsonValue(out, value, 0);
  }
  out.u8(0x7d); // }
}

/** `"key":` as bytes for each field name of the record (a few dozen, all ASCII). */
const KEY_JSON = new Map<string, Uint8Array>();

function keyJson(key: string): Uint8Array {
  let bytes = KEY_JSON.get(key);
  if (bytes === undefined) {
    bytes = Buffer.from(`${JSON.stringify(key)}:`);
    if (KEY_JSON.size < 256) KEY_JSON.set(key, bytes);
  }
  return bytes;
}

/** The compact record as a string (the JSON-lines path): the same bytes writeCompactRecord writes. */
export function compactRecordJson(record: GenAiRecord): string {
  const sink = new NativeSink(512);
  writeCompactRecord(sink, record);
  return sink.bytes().toString('utf8');
}

/** Past this nesting JSON.stringify takes the rest (records are shallow; this bounds the recursion). */
const MAX_OWN_DEPTH = 8;

function writeJsonValue(out: NativeSink, value: unknown, depth: number): void {
  switch (typeof value) {
    case 'string':
      return writeJsonString(out, value);
    case 'number':
      // Token counts: digits written straight; other numbers as JSON.stringify writes them.
      if (value >= 0 && value < 1e15 && Number.isInteger(value) && !Object.is(value, -0)) return out.decimal(value);
      return out.text(Number.isFinite(value) ? String(value) : 'null');
    case 'boolean':
      return out.text(value ? 'true' : 'false');
    case 'object':
      if (value === null) return out.text('null');
      if (depth < MAX_OWN_DEPTH && typeof (value as { toJSON?: unknown }).toJSON !== 'function') {
        if (Array.isArray(value)) return writeJsonArray(out, value, depth);
        if (Object.getPrototypeOf(value) === Object.prototype) return writeJsonObject(out, value as Record<string, unknown>, depth);
      }
  }
  // Anything else exactly as JSON.stringify says it (undefined and functions only reach here inside arrays, as null).
  const text = JSON.stringify(value);
  out.text(text === undefined ? 'null' : text);
}

function writeJsonArray(out: NativeSink, items: unknown[], depth: number): void {
  out.text('[');
  for (let i = 0; i < items.length; i++) {
    if (i > 0) out.text(',');
    const item = items[i];
    // JSON.stringify writes undefined, functions and symbols in arrays as null.
    if (item === undefined || typeof item === 'function' || typeof item === 'symbol') out.text('null');
    else writeJsonValue(out, item, depth + 1);
  }
  out.text(']');
}

function writeJsonObject(out: NativeSink, obj: Record<string, unknown>, depth: number): void {
  out.text('{');
  let first = true;
  for (const key of Object.keys(obj)) {
    const value = obj[key];
    // JSON.stringify leaves out properties it cannot write.
    if (value === undefined || typeof value === 'function' || typeof value === 'symbol') continue;
    if (!first) out.text(',');
    first = false;
    writeJsonString(out, key);
    out.text(':');
    writeJsonValue(out, value, depth + 1);
  }
  out.text('}');
}

/** A JSON string literal: printable ASCII without `"` or `\` is copied as is; anything else as JSON.stringify escapes it. */
function writeJsonString(out: NativeSink, s: string): void {
  const len = s.length;
  out.ensure(len + 2);
  const buf = out.buf;
  const start = out.pos;
  buf[start] = 0x22;
  for (let i = 0; i < len; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c > 0x7e || c === 0x22 || c === 0x5c) {
      out.text(JSON.stringify(s));
      return;
    }
    buf[start + 1 + i] = c;
  }
  buf[start + 1 + len] = 0x22;
  out.pos = start + len + 2;
}
