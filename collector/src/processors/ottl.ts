import { createHash } from 'node:crypto';
import type { RE2JS } from 're2js';
import type { AttrValue, TypedAttributes } from '../model/types.js';
import { compilePattern } from './redaction.js';

/**
 * The part of the OpenTelemetry Transformation Language the filter processor's conditions use:
 * paths (`name`, `attributes["k"]`, `resource.attributes["k"]`, `status.code`, …), literals and
 * enums (`SPAN_KIND_SERVER`, `STATUS_CODE_ERROR`, `SEVERITY_NUMBER_WARN`, …), comparisons
 * (`== != < <= > >=`), arithmetic (`+ - * /`), `and` / `or` / `not`, parentheses, and converters
 * (`IsMatch`, `HasPrefix`, `IsRootSpan`, `Concat`, `Split`, `ParseJSON`, … — CONVERTER_NAMES), whose
 * results index like paths.
 * A condition compiles once into a function of the item; each context (span, log record, …)
 * says which paths exist, so a path it lacks is refused when the config loads.
 */

export type Value = AttrValue | undefined;
/** Reads one path's value from an item of a context (undefined: absent, `nil`). */
export type PathReader<T> = (item: T) => Value;
/** A context's paths: a plain path, or a path taking keys (`attributes["k"]`) whose reader gets them. */
export interface OttlContext<T> {
  name: string;
  paths: Record<string, PathReader<T>>;
  keyed: Record<string, (item: T) => Value>;
  /** The keyed paths that are attribute maps, with their value types (an attribute typed double reads as one). */
  maps?: Record<string, (item: T) => TypedAttributes>;
  /** Prefixes naming the context itself (`span` in `span.name`, as contrib 0.120+ configs write paths): dropped when a path is read. */
  prefixes?: string[];
}

/**
 * A path's name as the context declares it: its own prefix dropped (`span.attributes` →
 * `attributes` in the span context), and `scope.…` read as `instrumentation_scope.…`.
 */
export function canonicalPath(context: { prefixes?: string[] }, name: string): string {
  const dot = name.indexOf('.');
  if (dot < 0) return name;
  const head = name.slice(0, dot);
  if (context.prefixes?.includes(head)) return name.slice(dot + 1);
  return head === 'scope' ? `instrumentation_scope${name.slice(dot)}` : name;
}

/** The first segments of the dotted paths a statement or condition reads or writes (`span`, `resource`, …), in order, once each. */
export function pathHeads(src: string): string[] {
  const tokens = tokenize(src);
  const heads = new Set<string>();
  tokens.forEach((t, i) => {
    if (t.kind === 'ident' && tokens[i - 1]?.text !== '.' && tokens[i + 1]?.text === '.') heads.add(t.text);
  });
  return [...heads];
}
export type Condition<T> = (item: T) => boolean;

export class OttlError extends Error {}

/** The contrib processors' `error_mode` values (accepted; conditions and statements here never fail at run time). */
export const ERROR_MODES = ['ignore', 'silent', 'propagate'];

const ENUMS: Record<string, number> = {
  SPAN_KIND_UNSPECIFIED: 0,
  SPAN_KIND_INTERNAL: 1,
  SPAN_KIND_SERVER: 2,
  SPAN_KIND_CLIENT: 3,
  SPAN_KIND_PRODUCER: 4,
  SPAN_KIND_CONSUMER: 5,
  STATUS_CODE_UNSET: 0,
  STATUS_CODE_OK: 1,
  STATUS_CODE_ERROR: 2,
  METRIC_DATA_TYPE_NONE: 0,
  METRIC_DATA_TYPE_GAUGE: 1,
  METRIC_DATA_TYPE_SUM: 2,
  METRIC_DATA_TYPE_HISTOGRAM: 3,
  METRIC_DATA_TYPE_EXPONENTIAL_HISTOGRAM: 4,
  METRIC_DATA_TYPE_SUMMARY: 5,
  AGGREGATION_TEMPORALITY_UNSPECIFIED: 0,
  AGGREGATION_TEMPORALITY_DELTA: 1,
  AGGREGATION_TEMPORALITY_CUMULATIVE: 2,
  SEVERITY_NUMBER_UNSPECIFIED: 0,
};
const LEVELS = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL'];
LEVELS.forEach((level, i) => {
  ENUMS[`SEVERITY_NUMBER_${level}`] = i * 4 + 1;
  for (let n = 2; n <= 4; n++) ENUMS[`SEVERITY_NUMBER_${level}${n}`] = i * 4 + n;
});

type Token = { kind: 'str' | 'num' | 'ident' | 'op' | 'math' | 'punct'; text: string; value?: string | number; at: number };

function tokenize(src: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const at = i;
    if (c === '"') {
      let s = '';
      i++;
      for (;;) {
        if (i >= src.length) throw new OttlError(`unterminated string starting at ${at}`);
        const d = src[i++];
        if (d === '"') break;
        if (d === '\\') {
          const e = src[i++];
          // \" and \\ as in OTTL; \n \t \r; any other escape is kept whole, so regexes read as written ("\d+").
          s += e === 'n' ? '\n' : e === 't' ? '\t' : e === 'r' ? '\r' : e === '"' || e === '\\' ? e : `\\${e}`;
        } else s += d;
      }
      tokens.push({ kind: 'str', text: src.slice(at, i), value: s, at });
      continue;
    }
    const num = /^-?(?:\d+\.\d*|\.\d+|\d+)(?:[eE][+-]?\d+)?/.exec(src.slice(i));
    if (num && (c !== '-' || !lastIsValue(tokens))) {
      i += num[0].length;
      tokens.push({ kind: 'num', text: num[0], value: Number(num[0]), at });
      continue;
    }
    const op = /^(==|!=|<=|>=|<|>)/.exec(src.slice(i));
    if (op) {
      i += op[0].length;
      tokens.push({ kind: 'op', text: op[0], at });
      continue;
    }
    if ('+-*/'.includes(c)) {
      i++;
      tokens.push({ kind: 'math', text: c, at });
      continue;
    }
    if ('()[].,'.includes(c)) {
      i++;
      tokens.push({ kind: 'punct', text: c, at });
      continue;
    }
    const ident = /^[A-Za-z_][A-Za-z0-9_]*/.exec(src.slice(i));
    if (!ident) throw new OttlError(`unexpected "${c}" at ${at}`);
    i += ident[0].length;
    tokens.push({ kind: 'ident', text: ident[0], at });
  }
  return tokens;
}

function lastIsValue(tokens: Token[]): boolean {
  const t = tokens[tokens.length - 1];
  return !!t && (t.kind === 'str' || t.kind === 'num' || t.kind === 'ident' || t.text === ')' || t.text === ']');
}

export type Getter<T> = (item: T) => Value;

/** Compiles one condition for a context; throws an OttlError saying what is wrong and where. */
export function compileCondition<T>(src: string, context: OttlContext<T>): Condition<T> {
  const p = parser(src, context);
  const condition = p.condition();
  p.end();
  return condition;
}

/** A path as written (`attributes["k"]`): its dotted name and keys, for statements that write to it. */
export interface PathRef {
  name: string;
  keys: (string | number)[];
  at: number;
}

/** The parse of one condition or statement: its pieces, for the statement compiler to drive. */
export function parser<T>(src: string, context: OttlContext<T>) {
  const tokens = tokenize(src);
  let pos = 0;
  const peek = (ahead = 0) => tokens[pos + ahead];
  const fail = (what: string, t = peek()): never => {
    throw new OttlError(t ? `${what} at ${t.at} ("${t.text}")` : `${what} at the end`);
  };
  const expect = (text: string) => (peek()?.text === text ? tokens[pos++] : fail(`expected "${text}"`));
  const word = (w: string) => peek()?.kind === 'ident' && peek().text === w;

  function orExpr(): Condition<T> {
    let left = andExpr();
    while (word('or')) {
      pos++;
      const a = left;
      const b = andExpr();
      left = (item) => a(item) || b(item);
    }
    return left;
  }
  function andExpr(): Condition<T> {
    let left = notExpr();
    while (word('and')) {
      pos++;
      const a = left;
      const b = notExpr();
      left = (item) => a(item) && b(item);
    }
    return left;
  }
  function notExpr(): Condition<T> {
    if (word('not')) {
      pos++;
      const inner = notExpr();
      return (item) => !inner(item);
    }
    if (peek()?.text === '(') {
      const start = pos++;
      const inner = orExpr();
      expect(')');
      // `(end - start) > 5`: the parentheses held a value, not a condition — read it again as one.
      if (peek()?.kind !== 'op' && peek()?.kind !== 'math') return inner;
      pos = start;
    }
    const left = value();
    const op = peek();
    if (op?.kind !== 'op') return (item) => left(item) === true;
    pos++;
    const right = value();
    return compare(op.text, left, right);
  }
  /** A value, or arithmetic on values: `+ - * /` with the usual precedence. */
  function value(): Getter<T> {
    let left = term();
    while (peek()?.text === '+' || peek()?.text === '-') {
      const op = tokens[pos++].text;
      left = arithmetic(op, left, term());
    }
    return left;
  }
  function term(): Getter<T> {
    let left = primary();
    while (peek()?.text === '*' || peek()?.text === '/') {
      const op = tokens[pos++].text;
      left = arithmetic(op, left, primary());
    }
    return left;
  }
  function primary(): Getter<T> {
    const t = peek() ?? fail('expected a value');
    pos++;
    if (t.text === '(') {
      const inner = value();
      expect(')');
      return inner;
    }
    if (t.kind === 'num') return /[.eE]/.test(t.text) ? asDouble(constant(t.value)) : constant(t.value);
    if (t.kind === 'str') return constant(t.value);
    if (t.text === '[') return list();
    if (t.kind !== 'ident') return fail('expected a value', t);
    if (t.text === 'true' || t.text === 'false') return constant(t.text === 'true');
    if (t.text === 'nil') return constant(undefined);
    if (t.text in ENUMS) return constant(ENUMS[t.text]);
    if (peek()?.text === '(') {
      const call = converter(t);
      // A converter's result can be indexed like a path: `ParseJSON(body)["user"]["id"]`.
      const keys = indexKeys();
      return keys.length ? (item) => index(call(item), keys) : call;
    }
    return path(t);
  }
  /** `[a, b, …]` (the `[` consumed). */
  function list(): Getter<T> {
    const items: Getter<T>[] = [];
    while (peek()?.text !== ']') {
      if (items.length) expect(',');
      items.push(value());
    }
    pos++;
    return (item) => items.map((g) => g(item) ?? null);
  }
  function path(first: Token): Getter<T> {
    let name = first.text;
    while (peek()?.text === '.') {
      pos++;
      const next = peek();
      if (next?.kind !== 'ident') fail('expected a path segment');
      name += `.${next.text}`;
      pos++;
    }
    name = canonicalPath(context, name);
    const keys = indexKeys();
    if (keys.length > 0) {
      const read = context.keyed[name] ?? fail(`"${name}" takes no keys in the ${context.name} context (keyed paths: ${Object.keys(context.keyed).join(', ')})`, first);
      const get: Getter<T> = (item) => index(read(item), keys);
      const typed = context.maps?.[name];
      const key = keys[0];
      return typed && keys.length === 1 && typeof key === 'string' ? asDouble(get, (item) => typed(item).types?.[key] === 'double') : get;
    }
    const read = context.paths[name] ?? context.keyed[name];
    if (!read) fail(`unknown path "${name}" in the ${context.name} context (paths: ${[...Object.keys(context.paths), ...Object.keys(context.keyed).map((k) => `${k}["…"]`)].join(', ')})`, first);
    return read!;
  }
  /** `["k"][0]…` after a path or a converter call. */
  function indexKeys(): (string | number)[] {
    const keys: (string | number)[] = [];
    while (peek()?.text === '[') {
      pos++;
      const k = peek();
      if (k?.kind !== 'str' && k?.kind !== 'num') fail('expected a string key or an index');
      keys.push(k.value!);
      pos++;
      expect(']');
    }
    return keys;
  }
  function converter(fn: Token): Getter<T> {
    pos++; // (
    const args: Getter<T>[] = [];
    const literals: Value[] = [];
    while (peek()?.text !== ')') {
      if (args.length) expect(',');
      const t = peek();
      literals.push(t?.kind === 'str' ? t.value : undefined);
      args.push(value());
    }
    pos++; // )
    const arity = (n: number) => args.length === n || fail(`${fn.text} takes ${n === 0 ? 'no arguments' : `${n} argument${n > 1 ? 's' : ''}`}`, fn);
    switch (fn.text) {
      case 'IsMatch': {
        arity(2);
        if (typeof literals[1] !== 'string') fail('IsMatch takes a string literal pattern', fn);
        let re: RE2JS;
        try {
          re = compilePattern(literals[1] as string);
        } catch (err) {
          throw new OttlError((err as Error).message);
        }
        const target = args[0];
        return (item) => {
          const v = target(item);
          return typeof v === 'string' ? re.test(v) : typeof v === 'number' || typeof v === 'boolean' ? re.test(String(v)) : false;
        };
      }
      case 'HasPrefix':
      case 'HasSuffix': {
        arity(2);
        const [target, fix] = args;
        const prefix = fn.text === 'HasPrefix';
        return (item) => {
          const v = target(item);
          const f = fix(item);
          return typeof v === 'string' && typeof f === 'string' && (prefix ? v.startsWith(f) : v.endsWith(f));
        };
      }
      case 'IsString':
      case 'IsInt':
      case 'IsDouble':
      case 'IsBool':
      case 'IsMap':
      case 'IsList': {
        arity(1);
        const is = TYPE_TESTS[fn.text];
        const target = args[0];
        return (item) => is(target(item), isDouble(target, item));
      }
      case 'IsRootSpan': {
        arity(0);
        const parent = context.paths['parent_span_id.string'] ?? context.paths['span.parent_span_id.string'] ?? fail('IsRootSpan is only in the span and spanevent contexts', fn);
        return (item) => parent(item) === '';
      }
      case 'Split': {
        arity(2);
        const [target, delimiter] = args;
        return (item) => {
          const v = target(item);
          const d = delimiter(item);
          return typeof v === 'string' && typeof d === 'string' ? v.split(d) : undefined;
        };
      }
      case 'Concat': {
        arity(2);
        const [parts, separator] = args;
        return (item) => {
          const list = parts(item);
          const sep = separator(item);
          return Array.isArray(list) && typeof sep === 'string' ? list.map((v) => (v === null ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v))).join(sep) : undefined;
        };
      }
      case 'Substring': {
        arity(3);
        const [target, start, length] = args;
        return (item) => {
          const v = target(item);
          const a = start(item);
          const n = length(item);
          return typeof v === 'string' && typeof a === 'number' && typeof n === 'number' && a >= 0 && n >= 0 && a + n <= v.length ? v.slice(a, a + n) : undefined;
        };
      }
      default: {
        const convert = VALUE_CONVERTERS[fn.text];
        if (!convert) return fail(`unknown converter ${fn.text} (known: ${[...CONVERTER_NAMES].join(', ')})`, fn);
        arity(1);
        const target = args[0];
        const converted: Getter<T> = (item) => convert(target(item));
        return fn.text === 'Double' ? asDouble(converted) : converted;
      }
    }
  }

  /** A path (no converter, no literal) as written: what `set` and the other editors write to. */
  function pathRef(): PathRef {
    const first = peek();
    if (first?.kind !== 'ident' || first.text in ENUMS || ['true', 'false', 'nil'].includes(first.text) || tokens[pos + 1]?.text === '(') return fail('expected a path');
    const start = pos;
    path(tokens[pos++]);
    const ref: PathRef = { name: '', keys: [], at: first.at };
    for (let i = start; i < pos; i++) {
      const t = tokens[i];
      if (t.kind === 'ident') ref.name += (ref.name ? '.' : '') + t.text;
      else if (t.kind === 'str' || t.kind === 'num') ref.keys.push(t.value!);
    }
    ref.name = canonicalPath(context, ref.name);
    return ref;
  }

  return {
    condition: orExpr,
    value,
    pathRef,
    peek,
    fail,
    expect,
    word,
    /** The next token, consumed. */
    next: () => tokens[pos++],
    end: () => {
      if (pos < tokens.length) fail('unexpected');
    },
  };
}

/** One-argument converters to values; a value they cannot convert is nil. */
const VALUE_CONVERTERS: Record<string, (v: Value) => Value> = {
  ToLowerCase: (v) => (typeof v === 'string' ? v.toLowerCase() : undefined),
  ToUpperCase: (v) => (typeof v === 'string' ? v.toUpperCase() : undefined),
  SHA256: (v) => (typeof v === 'string' ? createHash('sha256').update(v).digest('hex') : undefined),
  String: (v) => (v === undefined || v === null ? undefined : typeof v === 'object' ? JSON.stringify(v) : String(v)),
  Int: (v) => {
    const n = typeof v === 'string' ? (/^\s*[+-]?\d+(?:\.\d*)?\s*$/.test(v) ? Number(v) : NaN) : typeof v === 'boolean' ? Number(v) : typeof v === 'number' ? v : NaN;
    return Number.isFinite(n) ? Math.trunc(n) : undefined;
  },
  Double: (v) => {
    const n = typeof v === 'string' ? (v.trim() === '' ? NaN : Number(v)) : typeof v === 'boolean' ? Number(v) : typeof v === 'number' ? v : NaN;
    return Number.isNaN(n) ? undefined : n;
  },
  Len: (v) => (typeof v === 'string' || Array.isArray(v) ? v.length : typeof v === 'object' && v !== null ? Object.keys(v).length : undefined),
  /** A JSON object or array as a map or list (`merge_maps(attributes, ParseJSON(body), "upsert")`); anything else is nil. */
  ParseJSON: (v) => {
    if (typeof v !== 'string') return undefined;
    try {
      const parsed: unknown = JSON.parse(v);
      return typeof parsed === 'object' && parsed !== null ? ownCopy(parsed as AttrValue) : undefined;
    } catch {
      return undefined;
    }
  },
};

/** A parsed JSON value with `__proto__` and friends as plain own keys, as attribute maps hold them. */
function ownCopy(v: AttrValue): AttrValue {
  if (Array.isArray(v)) return v.map(ownCopy);
  if (typeof v !== 'object' || v === null) return v;
  const out: Record<string, AttrValue> = {};
  for (const k of Object.keys(v)) Object.defineProperty(out, k, { value: ownCopy((v as Record<string, AttrValue>)[k]), enumerable: true, writable: true, configurable: true });
  return out;
}

/**
 * Getters whose numbers are OTTL doubles: always for a literal written `1000.0` (or `1e3`), `Double(…)` and arithmetic
 * on one of them, per item for an attribute typed double. A JS number cannot tell 2.0 from 2, so this is what makes
 * `x / 1000.0` (or an attribute holding 2.0, divided by 2) divide as doubles, as in OTTL, rather than as integers.
 */
const DOUBLES = new WeakMap<object, (item: never) => boolean>();
const ALWAYS = () => true;
export function asDouble<T>(g: Getter<T>, when: (item: T) => boolean = ALWAYS): Getter<T> {
  DOUBLES.set(g, when as (item: never) => boolean);
  return g;
}
/** Whether `g`'s value for `item` is an OTTL double (see DOUBLES); a non-integral number is one anyway. */
export function isDouble<T>(g: Getter<T>, item: T): boolean {
  const when = DOUBLES.get(g) as ((item: T) => boolean) | undefined;
  return when !== undefined && when(item);
}

/** `+ - * /` on numbers (integers divide to an integer, as OTTL's int64 do, unless a side is a double); anything else, or a division by zero, is nil. */
function arithmetic<T>(op: string, left: Getter<T>, right: Getter<T>): Getter<T> {
  const doubles = (item: T) => isDouble(left, item) || isDouble(right, item);
  const op2: Getter<T> = (item) => {
    const a = left(item);
    const b = right(item);
    if (typeof a !== 'number' || typeof b !== 'number') return undefined;
    switch (op) {
      case '+':
        return a + b;
      case '-':
        return a - b;
      case '*':
        return a * b;
      default:
        if (b === 0) return undefined;
        return Number.isInteger(a) && Number.isInteger(b) && !doubles(item) ? Math.trunc(a / b) : a / b;
    }
  };
  return DOUBLES.has(left) || DOUBLES.has(right) ? asDouble(op2, doubles) : op2;
}

const CONVERTER_NAMES = new Set(['IsMatch', 'HasPrefix', 'HasSuffix', 'IsString', 'IsInt', 'IsDouble', 'IsBool', 'IsMap', 'IsList', 'IsRootSpan', 'Concat', 'Split', 'Substring', ...Object.keys(VALUE_CONVERTERS)]);

const TYPE_TESTS: Record<string, (v: Value, double: boolean) => boolean> = {
  IsString: (v) => typeof v === 'string',
  IsInt: (v, double) => typeof v === 'number' && Number.isInteger(v) && !double,
  IsDouble: (v, double) => typeof v === 'number' && (double || !Number.isInteger(v)),
  IsBool: (v) => typeof v === 'boolean',
  IsMap: (v) => typeof v === 'object' && v !== null && !Array.isArray(v),
  IsList: (v) => Array.isArray(v),
};

function constant<T>(v: Value): Getter<T> {
  return () => v;
}

function index(v: Value, keys: (string | number)[]): Value {
  for (const k of keys) {
    if (v === undefined || v === null || typeof v !== 'object') return undefined;
    v = Array.isArray(v) ? (typeof k === 'number' ? v[k] : undefined) : typeof k === 'string' && Object.prototype.hasOwnProperty.call(v, k) ? v[k] : undefined;
  }
  return v;
}

/** OTTL comparison: nil equals only nil; numbers compare as numbers, strings as strings; other mixes are unequal and unordered. */
function compare<T>(op: string, left: Getter<T>, right: Getter<T>): Condition<T> {
  const test = (a: Value, b: Value): boolean => {
    const na = a === undefined || a === null;
    const nb = b === undefined || b === null;
    if (na || nb) return op === '==' ? na && nb : op === '!=' ? na !== nb : false;
    if (typeof a !== typeof b || (typeof a !== 'number' && typeof a !== 'string' && op !== '==' && op !== '!=')) return op === '!=';
    if (typeof a === 'object') return (JSON.stringify(a) === JSON.stringify(b)) === (op === '==');
    switch (op) {
      case '==':
        return a === b;
      case '!=':
        return a !== b;
      case '<':
        return (a as number | string) < (b as number | string);
      case '<=':
        return (a as number | string) <= (b as number | string);
      case '>':
        return (a as number | string) > (b as number | string);
      default:
        return (a as number | string) >= (b as number | string);
    }
  };
  return (item) => test(left(item), right(item));
}
