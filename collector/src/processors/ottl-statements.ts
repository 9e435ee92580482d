import type { RE2JS } from 're2js';
import { setAttribute } from '../otlp/any-value.js';
import type { AttrValue, TypedAttributes, ValueType } from '../model/types.js';
import { OttlError, parser, type Getter, type OttlContext, type PathRef, type Value } from './ottl.js';
import { compilePattern } from './redaction.js';

/**
 * OTTL statements as the contrib `transform` processor runs them: an editor call with an optional
 * `where` condition — `set(attributes["env"], "prod") where resource.attributes["k8s.namespace.name"] == "prod"`.
 * Editors: set, delete_key, delete_matching_keys, keep_keys, keep_matching_keys, truncate_all, limit,
 * replace_pattern, replace_all_patterns. What a context lets them write is declared with it.
 */
export interface StatementContext<T> extends OttlContext<T> {
  /** Attribute maps editors may change (`attributes`, `resource.attributes`, …). */
  maps: Record<string, (item: T) => TypedAttributes>;
  /** Plain paths `set` and `replace_pattern` may write (`name`, `status.code`, …), each with its writer. */
  setters: Record<string, (item: T, value: Value) => void>;
}

export type Statement<T> = (item: T) => void;

const EDITORS = ['set', 'delete_key', 'delete_matching_keys', 'keep_keys', 'keep_matching_keys', 'truncate_all', 'limit', 'replace_pattern', 'replace_all_patterns'];

/** Compiles one statement; throws an OttlError saying what is wrong and where. */
export function compileStatement<T>(src: string, context: StatementContext<T>): Statement<T> {
  const p = parser(src, context);
  const editor = p.next();
  if (editor?.kind !== 'ident' || !EDITORS.includes(editor.text)) return p.fail(`expected an editor (${EDITORS.join(', ')})`, editor);
  p.expect('(');
  let argCount = 0;
  const arg = <A>(read: () => A): A => {
    if (argCount++ > 0) p.expect(',');
    return read();
  };
  /** An attribute map the context lets editors change. */
  const map = () =>
    arg(() => {
      const ref = p.pathRef();
      const get = ref.keys.length === 0 ? context.maps[ref.name] : undefined;
      return get ?? p.fail(`"${ref.name}" is not an attribute map of the ${context.name} context (maps: ${Object.keys(context.maps).join(', ')})`);
    });
  /** A path the statement writes: one key of a map, or a settable plain path. */
  const target = () => arg(() => writer(p.pathRef(), context, p.fail));
  const literal = <K extends 'str' | 'num'>(kind: K, what: string): K extends 'str' ? string : number =>
    arg(() => {
      const t = p.next();
      return (t?.kind === kind ? t.value : p.fail(`expected ${what}`, t)) as K extends 'str' ? string : number;
    });
  const pattern = () => {
    const source = literal('str', 'a pattern string');
    try {
      return compilePattern(source);
    } catch (err) {
      throw new OttlError((err as Error).message);
    }
  };
  const stringList = () =>
    arg(() => {
      p.expect('[');
      const keys: string[] = [];
      while (p.peek()?.text !== ']') {
        if (keys.length) p.expect(',');
        const t = p.next();
        keys.push(t?.kind === 'str' ? (t.value as string) : p.fail('expected a string', t));
      }
      p.next();
      return keys;
    });

  let run: Statement<T>;
  switch (editor.text) {
    case 'set': {
      const write = target();
      const value = arg(() => p.value());
      run = (item) => {
        const v = value(item);
        if (v !== undefined) write(item, structuredClone(v));
      };
      break;
    }
    case 'delete_key': {
      const get = map();
      const key = literal('str', 'a key string');
      run = (item) => remove(get(item), (k) => k === key);
      break;
    }
    case 'delete_matching_keys': {
      const get = map();
      const re = pattern();
      run = (item) => remove(get(item), (k) => re.test(k));
      break;
    }
    case 'keep_keys': {
      const get = map();
      const keep = new Set(stringList());
      run = (item) => remove(get(item), (k) => !keep.has(k));
      break;
    }
    case 'keep_matching_keys': {
      const get = map();
      const re = pattern();
      run = (item) => remove(get(item), (k) => !re.test(k));
      break;
    }
    case 'truncate_all': {
      const get = map();
      const limit = literal('num', 'a length');
      if (!Number.isInteger(limit) || limit < 0) p.fail('truncate_all takes a length of 0 or more');
      run = (item) => {
        const a = get(item);
        for (const k of Object.keys(a.values)) {
          const v = a.values[k];
          if (typeof v === 'string' && a.types?.[k] === undefined && v.length > limit) a.values[k] = v.slice(0, limit);
        }
      };
      break;
    }
    case 'limit': {
      const get = map();
      const n = literal('num', 'a count');
      if (!Number.isInteger(n) || n < 0) p.fail('limit takes a count of 0 or more');
      const priority = p.peek()?.text === ',' ? stringList() : [];
      run = (item) => {
        const a = get(item);
        const keys = Object.keys(a.values);
        if (keys.length <= n) return;
        const kept = new Set([...new Set([...priority.filter((k) => Object.hasOwn(a.values, k)), ...keys])].slice(0, n));
        remove(a, (k) => !kept.has(k));
      };
      break;
    }
    case 'replace_pattern': {
      const ref = arg(() => p.pathRef());
      const write = writer(ref, context, p.fail);
      const read = readerOf(ref, context);
      const re = pattern();
      const replacement = literal('str', 'a replacement string');
      run = (item) => {
        const v = read(item);
        if (typeof v === 'string') write(item, replaceAll(re, v, replacement));
      };
      break;
    }
    default: {
      // replace_all_patterns(map, "key" | "value", pattern, replacement)
      const get = map();
      const mode = literal('str', '"key" or "value"');
      if (mode !== 'key' && mode !== 'value') p.fail('replace_all_patterns takes "key" or "value"');
      const re = pattern();
      const replacement = literal('str', 'a replacement string');
      run = (item) => {
        const a = get(item);
        for (const k of Object.keys(a.values)) {
          if (mode === 'value') {
            const v = a.values[k];
            if (typeof v === 'string' && a.types?.[k] === undefined) a.values[k] = replaceAll(re, v, replacement);
            continue;
          }
          const renamed = replaceAll(re, k, replacement);
          if (renamed === k) continue;
          const [value, type] = [a.values[k], a.types?.[k]];
          remove(a, (key) => key === k);
          setAttribute(a, renamed, value, type);
        }
      };
    }
  }
  p.expect(')');
  if (p.word('where')) {
    p.next();
    const condition = p.condition();
    p.end();
    const unconditional = run;
    return (item) => {
      if (condition(item)) unconditional(item);
    };
  }
  p.end();
  return run;
}

/** How a statement writes `ref`: one key of an attribute map (typed as the value is), or a settable plain path. */
function writer<T>(ref: PathRef, context: StatementContext<T>, fail: (what: string) => never): (item: T, value: Value) => void {
  const map = context.maps[ref.name];
  if (map && ref.keys.length === 1 && typeof ref.keys[0] === 'string') {
    const key = ref.keys[0];
    return (item, value) => setAttribute(map(item), key, value as AttrValue, typeOf(value));
  }
  const set = ref.keys.length === 0 ? context.setters[ref.name] : undefined;
  return set ?? fail(`cannot write "${ref.name}${ref.keys.map((k) => `[${JSON.stringify(k)}]`).join('')}" in the ${context.name} context (writable: ${[...Object.keys(context.maps).map((m) => `${m}["…"]`), ...Object.keys(context.setters)].join(', ')})`);
}

function readerOf<T>(ref: PathRef, context: StatementContext<T>): Getter<T> {
  const map = context.maps[ref.name];
  if (map && ref.keys.length === 1) return (item) => map(item).values[ref.keys[0] as string];
  return context.paths[ref.name] ?? context.keyed[ref.name];
}

/** The attribute type a written value reads back as (undefined: a string). */
export function typeOf(v: Value): ValueType | undefined {
  if (typeof v === 'string') return undefined;
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int' : 'double';
  if (Array.isArray(v)) return 'array';
  return v === null || v === undefined ? 'empty' : 'kvlist';
}

function remove(a: TypedAttributes, drop: (key: string) => boolean): void {
  for (const k of Object.keys(a.values)) {
    if (!drop(k)) continue;
    delete a.values[k];
    if (a.types) delete a.types[k];
  }
}

/** Every match replaced, `$1` / `${name}` in the replacement standing for groups (Go's expansion, as OTTL's). */
function replaceAll(re: RE2JS, s: string, replacement: string): string {
  return re.matcher(s).replaceAll(replacement.replace(/\$\{(\w+)\}/g, (_, g: string) => (/^\d+$/.test(g) ? `$${g}` : `$<${g}>`)));
}
