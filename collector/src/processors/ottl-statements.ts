import type { RE2JS } from 're2js';
import { setAttribute } from '../otlp/any-value.js';
import type { AttrValue, TypedAttributes, ValueType } from '../model/types.js';
import { isDouble, OttlError, parser, type Getter, type OttlContext, type PathRef, type Value } from './ottl.js';
import { compilePattern } from './redaction.js';

/**
 * OTTL statements as the contrib `transform` processor runs them: an editor call with an optional
 * `where` condition — `set(attributes["env"], "prod") where resource.attributes["k8s.namespace.name"] == "prod"`.
 * Editors: set, delete_key, delete_matching_keys, keep_keys, keep_matching_keys, truncate_all, limit,
 * replace_pattern, replace_all_patterns, replace_match, replace_all_matches (globs), merge_maps, flatten.
 * What a context lets them write is declared with it.
 */
export interface StatementContext<T> extends OttlContext<T> {
  /** Attribute maps editors may change (`attributes`, `resource.attributes`, …). */
  maps: Record<string, (item: T) => TypedAttributes>;
  /** Plain paths `set` and `replace_pattern` may write (`name`, `status.code`, …), each with its writer. */
  setters: Record<string, (item: T, value: Value) => void>;
}

export type Statement<T> = (item: T) => void;

const EDITORS = [
  'set',
  'delete_key',
  'delete_matching_keys',
  'keep_keys',
  'keep_matching_keys',
  'truncate_all',
  'limit',
  'replace_pattern',
  'replace_all_patterns',
  'replace_match',
  'replace_all_matches',
  'merge_maps',
  'flatten',
];

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
  const glob = () => {
    const source = literal('str', 'a glob pattern string');
    try {
      return compilePattern(globToRe2(source));
    } catch (err) {
      throw new OttlError(`invalid glob pattern ${JSON.stringify(source)}: ${(err as Error).message}`);
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
        // An integral double (`x * 1.0`) stays a double, as the attribute's type says.
        if (v !== undefined) write(item, structuredClone(v), typeof v === 'number' && isDouble(value, item) ? 'double' : undefined);
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
    case 'replace_pattern':
    case 'replace_match': {
      const ref = arg(() => p.pathRef());
      const write = writer(ref, context, p.fail);
      const read = readerOf(ref, context);
      const replace = editor.text === 'replace_pattern' ? patternReplacer(pattern(), literal('str', 'a replacement string')) : globReplacer(glob(), literal('str', 'a replacement string'));
      run = (item) => {
        const v = read(item);
        if (typeof v === 'string') write(item, replace(v));
      };
      break;
    }
    case 'replace_all_matches': {
      const get = map();
      const replace = globReplacer(glob(), literal('str', 'a replacement string'));
      run = (item) => {
        const a = get(item);
        for (const k of Object.keys(a.values)) {
          const v = a.values[k];
          if (typeof v === 'string' && a.types?.[k] === undefined) a.values[k] = replace(v);
        }
      };
      break;
    }
    case 'merge_maps': {
      // merge_maps(target, source, "insert" | "update" | "upsert")
      const get = map();
      const source = arg(() => p.value());
      const strategy = literal('str', 'a strategy ("insert", "update" or "upsert")');
      if (!['insert', 'update', 'upsert'].includes(strategy)) p.fail('merge_maps takes "insert", "update" or "upsert"');
      run = (item) => {
        const from = source(item);
        if (typeof from !== 'object' || from === null || Array.isArray(from)) return;
        const a = get(item);
        for (const k of Object.keys(from)) {
          const present = Object.hasOwn(a.values, k);
          if ((strategy === 'insert' && present) || (strategy === 'update' && !present)) continue;
          const v = structuredClone(from[k]);
          setAttribute(a, k, v, typeOf(v));
        }
      };
      break;
    }
    case 'flatten': {
      // flatten(target, Optional[prefix], Optional[depth]): nested maps and lists become dotted keys.
      const get = map();
      const prefix = p.peek()?.text === ',' && p.peek(1)?.kind === 'str' ? literal('str', 'a prefix') : undefined;
      const depth = p.peek()?.text === ',' ? literal('num', 'a depth') : Infinity;
      if (depth !== Infinity && (!Number.isInteger(depth) || depth < 0)) p.fail('flatten takes a depth of 0 or more');
      run = (item) => {
        const a = get(item);
        const entries: [string, AttrValue][] = [];
        for (const k of Object.keys(a.values)) flattenInto(entries, prefix ? `${prefix}.${k}` : k, a.values[k], depth);
        remove(a, () => true);
        for (const [k, v] of entries) setAttribute(a, k, v, typeOf(v));
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
function writer<T>(ref: PathRef, context: StatementContext<T>, fail: (what: string) => never): (item: T, value: Value, type?: ValueType) => void {
  const map = context.maps[ref.name];
  if (map && ref.keys.length === 1 && typeof ref.keys[0] === 'string') {
    const key = ref.keys[0];
    return (item, value, type) => setAttribute(map(item), key, value as AttrValue, type ?? typeOf(value));
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

function patternReplacer(re: RE2JS, replacement: string): (v: string) => string {
  return (v) => replaceAll(re, v, replacement);
}

/** replace_match: a value the glob matches whole becomes the replacement. */
function globReplacer(re: RE2JS, replacement: string): (v: string) => string {
  return (v) => (re.matches(v) ? replacement : v);
}

/**
 * A glob (`*` any run of characters, `?` one, `[abc]` / `[!a-z]` classes, `{a,b}` alternatives, `\` escapes, as
 * the gobwas/glob library OTTL uses reads them without separators) as an RE2 pattern matching the whole value.
 */
export function globToRe2(glob: string): string {
  let out = '';
  let braces = 0;
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '\\' && i + 1 < glob.length) out += quoteRe2(glob[++i]);
    else if (c === '*') out += '(?s:.*)';
    else if (c === '?') out += '(?s:.)';
    else if (c === '{') {
      braces++;
      out += '(?:';
    } else if (c === '}' && braces > 0) {
      braces--;
      out += ')';
    } else if (c === ',' && braces > 0) out += '|';
    else if (c === '[') {
      const end = glob.indexOf(']', i + 2);
      if (end < 0) throw new Error('unclosed [ class');
      const body = glob.slice(i + 1, end);
      out += body.startsWith('!') ? `[^${body.slice(1)}]` : `[${body}]`;
      i = end;
    } else out += quoteRe2(c);
  }
  if (braces > 0) throw new Error('unclosed { alternatives');
  return `^(?:${out})$`;
}

function quoteRe2(c: string): string {
  return /[\\.+*?()|[\]{}^$]/.test(c) ? `\\${c}` : c;
}

/** A value under `key`, nested maps and lists spread into `key.sub` / `key.0` entries down to `depth` levels. */
function flattenInto(out: [string, AttrValue][], key: string, v: AttrValue, depth: number): void {
  if (depth > 0 && typeof v === 'object' && v !== null) {
    const entries = Array.isArray(v) ? v.map((x, i) => [String(i), x] as const) : Object.keys(v).map((k) => [k, (v as Record<string, AttrValue>)[k]] as const);
    for (const [k, x] of entries) flattenInto(out, `${key}.${k}`, x, depth - 1);
    return;
  }
  out.push([key, v]);
}
