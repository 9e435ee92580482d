import { putOwn, type AttrValue, type TypedAttributes, type ValueType } from '../model/types.js';
import { OtlpDecodeError } from './errors.js';
import type { LeafReader } from './leaf-readers.js';

/** Nested arrays/kvlists deeper than this are refused rather than walked (hostile input). */
export const MAX_VALUE_DEPTH = 16;

interface AnyValueLike {
  stringValue?: unknown;
  boolValue?: unknown;
  intValue?: unknown;
  doubleValue?: unknown;
  arrayValue?: { values?: unknown };
  kvlistValue?: { values?: unknown };
  bytesValue?: unknown;
}

export interface Typed {
  value: AttrValue;
  type: ValueType | undefined;
}

const hasOwn = (o: object, k: string) => Object.prototype.hasOwnProperty.call(o, k);

const EMPTY: Typed = { value: null, type: 'empty' };

/** A fresh attribute group with nothing in it. */
export const emptyAttributes = (): TypedAttributes => ({ values: {}, types: undefined });

/** Refuses a value nested below MAX_VALUE_DEPTH (hostile input), naming where it was. */
export function checkValueDepth(depth: number, path: string): void {
  if (depth > MAX_VALUE_DEPTH) throw new OtlpDecodeError(`${path}: value nested deeper than ${MAX_VALUE_DEPTH} levels`);
}

/** Converts an OTLP AnyValue into a typed JS value; `type` is undefined for strings. */
export function readAnyValue(raw: unknown, r: LeafReader, path: string, depth = 0): Typed {
  if (raw == null) return EMPTY;
  const av = r.obj(raw, path) as AnyValueLike;
  checkValueDepth(depth, path);
  // Own properties only: protobufjs puts oneof defaults ('' , 0, false) on the prototype.
  if (hasOwn(av, 'stringValue')) return { value: r.str(av.stringValue, `${path}.stringValue`), type: undefined };
  if (hasOwn(av, 'intValue')) return { value: r.i64(av.intValue, `${path}.intValue`), type: 'int' };
  if (hasOwn(av, 'boolValue')) return { value: r.bool(av.boolValue, `${path}.boolValue`), type: 'bool' };
  if (hasOwn(av, 'doubleValue')) return { value: r.num(av.doubleValue, `${path}.doubleValue`), type: 'double' };
  if (hasOwn(av, 'arrayValue')) {
    const arr = r.obj(av.arrayValue, `${path}.arrayValue`);
    const items = r.list(arr?.values, `${path}.arrayValue.values`);
    const out: AttrValue[] = new Array(items.length);
    for (let i = 0; i < items.length; i++) out[i] = readAnyValue(items[i], r, `${path}.arrayValue.values[${i}]`, depth + 1).value;
    return { value: out, type: 'array' };
  }
  if (hasOwn(av, 'kvlistValue')) {
    const kv = r.obj(av.kvlistValue, `${path}.kvlistValue`);
    const typed = readKeyValues(kv?.values, r, `${path}.kvlistValue.values`, depth + 1);
    return { value: typed.values, type: 'kvlist' };
  }
  if (hasOwn(av, 'bytesValue')) return { value: r.bytes(av.bytesValue, `${path}.bytesValue`), type: 'bytes' };
  return EMPTY;
}

/** Sets one attribute; a later key replaces an earlier one, its type included. */
export function setAttribute(into: TypedAttributes, key: string, value: AttrValue, type: ValueType | undefined): void {
  putOwn(into.values, key, value);
  if (type !== undefined) putOwn((into.types ??= {}), key, type);
  else if (into.types && Object.hasOwn(into.types, key)) delete into.types[key];
}

/** Reads a repeated KeyValue into values + the types of non-string values. */
export function readKeyValues(raw: unknown, r: LeafReader, path: string, depth = 0): TypedAttributes {
  const list = r.list(raw, path);
  const out = emptyAttributes();
  for (let i = 0; i < list.length; i++) {
    const kv = r.obj(list[i], `${path}[${i}]`) as { key?: unknown; value?: unknown } | undefined;
    if (!kv) continue;
    const key = r.str(kv.key, `${path}[${i}].key`);
    const typed = readAnyValue(kv.value, r, `${path}[${i}].value`, depth);
    setAttribute(out, key, typed.value, typed.type);
  }
  return out;
}
