import { putOwn, type AttrValue, type TypedAttributes, type ValueType, type ValueTypes } from '../model/types.js';

/**
 * Attribute values are stored as strings in Map(String, String) like the contrib
 * exporter does (arrays/kvlists as JSON, bytes as base64); their OTLP type goes
 * into AttributeTypes so the query side can restore typed values.
 */
export function valueToString(v: AttrValue, type: ValueType | undefined): string {
  if (type === undefined) return v as string;
  if (v === null) return '';
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

export function stringifyAttributes(a: TypedAttributes, prefix: string, typesOut: Record<string, string>): Record<string, string> {
  const types = a.types;
  // Every value is already a string: the map is the row's as it is (rows are only read from here on).
  if (types === undefined) return a.values as Record<string, string>;
  const out: Record<string, string> = {};
  for (const k in a.values) {
    const t = types[k];
    putOwn(out, k, valueToString(a.values[k], t));
    if (t !== undefined) typesOut[prefix + k] = t;
  }
  return out;
}

/** Inverse of stringifyAttributes for one attribute group. */
export function parseAttributes(map: Record<string, string>, types: Record<string, string>, prefix: string): Record<string, AttrValue> {
  const out: Record<string, AttrValue> = {};
  for (const k in map) putOwn(out, k, parseValue(map[k], types[prefix + k] as ValueType | undefined));
  return out;
}

export function parseValue(s: string, type: ValueType | undefined): AttrValue {
  switch (type) {
    case undefined:
    case 'bytes':
      return s;
    case 'bool':
      return s === 'true';
    case 'int': {
      const n = Number(s);
      return Number.isSafeInteger(n) ? n : s;
    }
    case 'double':
      return Number(s);
    case 'empty':
      return null;
    case 'array':
    case 'kvlist':
      try {
        return JSON.parse(s) as AttrValue;
      } catch {
        return s;
      }
  }
}

export type { ValueTypes };

/** Unix microseconds as a DateTime64(6) value. */
export const dateTime64Us = (us: number) => (us / 1e6).toFixed(6);
/** Unix milliseconds as a DateTime64(3) value. */
export const dateTime64Ms = (ms: number) => (ms / 1000).toFixed(3);
