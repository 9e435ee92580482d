import { createHash } from 'node:crypto';
import type { RE2JS } from 're2js';
import type { AttrValue, TypedAttributes, ValueType } from '../model/types.js';
import { setAttribute } from '../otlp/any-value.js';
import { valueToString } from '../storage/values.js';
import { compilePattern } from './redaction.js';

/**
 * The OTel Collector contrib attribute actions (`attributes` and `resource` processors): insert,
 * update, upsert, delete, hash, extract and convert, applied in order to one attribute group.
 */

export type ActionName = 'insert' | 'update' | 'upsert' | 'delete' | 'hash' | 'extract' | 'convert';
export const ACTION_NAMES: readonly ActionName[] = ['insert', 'update', 'upsert', 'delete', 'hash', 'extract', 'convert'];
export type ConvertedType = 'string' | 'int' | 'double';
export const CONVERTED_TYPES: readonly ConvertedType[] = ['string', 'int', 'double'];

/** One action as written in the config (`action` in either case). */
export interface ActionYaml {
  key?: string;
  action?: string;
  value?: unknown;
  from_attribute?: string;
  from_context?: string;
  pattern?: string;
  converted_type?: string;
}

export type CompiledAction = Compiled;
type Compiled =
  | { action: 'insert' | 'update' | 'upsert'; key: string; value?: { value: AttrValue; type: ValueType | undefined }; fromAttribute?: string }
  | { action: 'delete' | 'hash'; key: string; pattern?: RE2JS }
  | { action: 'extract'; key: string; pattern: RE2JS; names: string[] }
  | { action: 'convert'; key: string; to: ConvertedType };

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** A config value as a typed attribute value (YAML integers are ints, other numbers doubles). */
export function typedConfigValue(v: unknown): { value: AttrValue; type: ValueType | undefined } {
  if (typeof v === 'string') return { value: v, type: undefined };
  if (typeof v === 'boolean') return { value: v, type: 'bool' };
  if (typeof v === 'number') return { value: v, type: Number.isInteger(v) ? 'int' : 'double' };
  if (Array.isArray(v)) return { value: v as AttrValue[], type: 'array' };
  if (v !== null && typeof v === 'object') return { value: v as Record<string, AttrValue>, type: 'kvlist' };
  return { value: null, type: 'empty' };
}

/** Checks and compiles a list of actions; throws an Error naming the action (`path[i]`) and the problem. */
export function compileActions(actions: ActionYaml[], path = 'actions'): Compiled[] {
  return actions.map((a, i) => {
    const at = `${path}[${i}]`;
    const name = String(a.action ?? '').toLowerCase() as ActionName;
    if (!ACTION_NAMES.includes(name)) throw new Error(`${at}.action: "${a.action ?? ''}" is not one of ${ACTION_NAMES.join(', ')}`);
    const key = typeof a.key === 'string' ? a.key : '';
    const sources = [a.value !== undefined && a.value !== null, !!a.from_attribute, !!a.from_context].filter(Boolean).length;
    const only = (allowed: (keyof ActionYaml)[]) => {
      for (const field of ['value', 'from_attribute', 'from_context', 'pattern', 'converted_type'] as const) {
        if (!allowed.includes(field) && a[field] !== undefined && a[field] !== null && a[field] !== '') throw new Error(`${at}.${field}: not used by the ${name} action`);
      }
    };
    if (a.from_context) throw new Error(`${at}.from_context: not supported here (request metadata does not reach processors); use value or from_attribute`);
    switch (name) {
      case 'insert':
      case 'update':
      case 'upsert':
        if (!key) throw new Error(`${at}.key: required by the ${name} action`);
        only(['value', 'from_attribute']);
        if (sources !== 1) throw new Error(`${at}: the ${name} action takes exactly one of value, from_attribute`);
        return a.from_attribute ? { action: name, key, fromAttribute: a.from_attribute } : { action: name, key, value: typedConfigValue(a.value) };
      case 'delete':
      case 'hash':
        if (!key && !a.pattern) throw new Error(`${at}: the ${name} action needs key, pattern or both`);
        only(['pattern']);
        return { action: name, key, pattern: a.pattern ? compileAt(a.pattern, `${at}.pattern`) : undefined };
      case 'extract': {
        if (!key) throw new Error(`${at}.key: required by the extract action`);
        only(['pattern']);
        if (!a.pattern) throw new Error(`${at}.pattern: required by the extract action (named groups become attributes)`);
        const pattern = compileAt(a.pattern, `${at}.pattern`);
        const groups = pattern.namedGroups() as Record<string, number>;
        const names: string[] = [];
        for (const [n, index] of Object.entries(groups)) names[index - 1] = n;
        if (pattern.groupCount() === 0) throw new Error(`${at}.pattern: has no named groups ((?P<name>…)) to extract into`);
        if (names.filter(Boolean).length !== pattern.groupCount()) throw new Error(`${at}.pattern: every group must be named ((?P<name>…))`);
        return { action: name, key, pattern, names };
      }
      case 'convert':
        if (!key) throw new Error(`${at}.key: required by the convert action`);
        only(['converted_type']);
        if (!CONVERTED_TYPES.includes(a.converted_type as ConvertedType)) throw new Error(`${at}.converted_type: "${a.converted_type ?? ''}" is not one of ${CONVERTED_TYPES.join(', ')}`);
        return { action: name, key, to: a.converted_type as ConvertedType };
    }
  });
}

function compileAt(pattern: string, at: string): RE2JS {
  try {
    return compilePattern(pattern);
  } catch (err) {
    throw new Error(`${at}: ${(err as Error).message}`);
  }
}

/** Applies the actions in order to one attribute group. */
export function applyActions(actions: Compiled[], a: TypedAttributes): void {
  for (const act of actions) {
    switch (act.action) {
      case 'insert':
      case 'update':
      case 'upsert': {
        const source = act.value ?? (act.fromAttribute !== undefined && Object.hasOwn(a.values, act.fromAttribute) ? { value: a.values[act.fromAttribute], type: a.types?.[act.fromAttribute] } : undefined);
        if (!source) continue;
        const exists = Object.hasOwn(a.values, act.key);
        if ((act.action === 'insert' && exists) || (act.action === 'update' && !exists)) continue;
        setAttribute(a, act.key, structuredClone(source.value), source.type);
        break;
      }
      case 'delete':
        for (const key of keysOf(act, a)) {
          delete a.values[key];
          if (a.types) delete a.types[key];
        }
        break;
      case 'hash':
        for (const key of keysOf(act, a)) setAttribute(a, key, sha256Of(a.values[key], a.types?.[key]), undefined);
        break;
      case 'extract': {
        const v = a.values[act.key];
        if (typeof v !== 'string' || a.types?.[act.key] !== undefined) continue;
        const m = act.pattern.matcher(v);
        if (!m.find()) continue;
        act.names.forEach((name, i) => setAttribute(a, name, m.group(i + 1) ?? '', undefined));
        break;
      }
      case 'convert':
        if (Object.hasOwn(a.values, act.key)) convert(a, act.key, act.to);
        break;
    }
  }
}

/** `key` (when set and present) and every key matching `pattern`. */
function keysOf(act: { key: string; pattern?: RE2JS }, a: TypedAttributes): string[] {
  const keys = act.key && Object.hasOwn(a.values, act.key) ? [act.key] : [];
  if (act.pattern) for (const k of Object.keys(a.values)) if (k !== act.key && act.pattern.test(k)) keys.push(k);
  return keys;
}

/** SHA-256 of the value's bytes as the contrib processor takes them (ints and doubles as 8 bytes little-endian); '' for other types. */
function sha256Of(v: AttrValue, type: ValueType | undefined): string {
  let bytes: Buffer;
  if (type === undefined) bytes = Buffer.from(v as string, 'utf8');
  else if (type === 'bool') bytes = Buffer.from([v ? 1 : 0]);
  else if (type === 'int') (bytes = Buffer.alloc(8)).writeBigInt64LE(BigInt.asIntN(64, BigInt(v as number | string)));
  else if (type === 'double') (bytes = Buffer.alloc(8)).writeDoubleLE(v as number);
  else return '';
  return createHash('sha256').update(bytes).digest('hex');
}

/** The contrib processor's conversions; a value that does not convert is left as it is. */
function convert(a: TypedAttributes, key: string, to: ConvertedType): void {
  const v = a.values[key];
  const type = a.types?.[key];
  if (to === 'string') {
    if (type !== undefined) setAttribute(a, key, valueToString(v, type), undefined);
    return;
  }
  if (to === 'int') {
    if (type === 'double') setAttribute(a, key, Math.trunc(v as number), 'int');
    else if (type === 'bool') setAttribute(a, key, v ? 1 : 0, 'int');
    else if (type === undefined && /^[+-]?\d+$/.test(v as string)) {
      const n = BigInt(v as string);
      if (n >= INT64_MIN && n <= INT64_MAX) setAttribute(a, key, n >= -MAX_SAFE && n <= MAX_SAFE ? Number(n) : n.toString(), 'int');
    }
    return;
  }
  if (type === 'int') setAttribute(a, key, Number(v), 'double');
  else if (type === 'bool') setAttribute(a, key, v ? 1 : 0, 'double');
  else if (type === undefined && /^[+-]?(?:\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?|inf(?:inity)?|nan)$/i.test(v as string)) {
    const s = (v as string).toLowerCase();
    setAttribute(a, key, s.includes('inf') ? (s.startsWith('-') ? -Infinity : Infinity) : s.includes('nan') ? NaN : Number(v), 'double');
  }
}
