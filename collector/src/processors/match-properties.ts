import type { RE2JS } from 're2js';
import type { TypedAttributes } from '../model/types.js';
import { valueToString } from '../storage/values.js';
import { compilePattern } from './redaction.js';

/**
 * The contrib processors' `include` / `exclude` blocks (filterconfig.MatchProperties): which
 * spans, log records or metrics an `attributes` processor acts on. Every property given must
 * match; within a list, one item is enough — except `attributes` and `resources`, all of whose
 * entries must match. `match_type: strict` compares whole strings, `regexp` takes RE2 patterns.
 */
export interface MatchPropertiesYaml {
  match_type?: string;
  services?: string[];
  span_names?: string[];
  span_kinds?: string[];
  attributes?: { key: string; value?: unknown }[];
  resources?: { key: string; value?: unknown }[];
  libraries?: { name: string; version?: string }[];
  log_bodies?: string[];
  log_severity_texts?: string[];
  metric_names?: string[];
}

/** What an item offers to be matched on; a property the item's signal lacks is undefined. */
export interface MatchTarget {
  service: string;
  resource: TypedAttributes;
  library: { name: string; version: string };
  attributes?: TypedAttributes;
  spanName?: string;
  spanKind?: string;
  logBody?: string;
  severityText?: string;
  metricName?: string;
}

export type Matcher = (t: MatchTarget) => boolean;

/** Properties matched as text, one item of their list sufficing. */
const TEXT_PROPERTIES: ['services' | 'span_names' | 'span_kinds' | 'log_bodies' | 'log_severity_texts' | 'metric_names', (t: MatchTarget) => string | undefined][] = [
  ['services', (t) => t.service],
  ['span_names', (t) => t.spanName],
  ['span_kinds', (t) => t.spanKind],
  ['log_bodies', (t) => t.logBody],
  ['log_severity_texts', (t) => t.severityText],
  ['metric_names', (t) => t.metricName],
];
/** Properties matched against an attribute group, every entry of their list required. */
const ATTRIBUTE_PROPERTIES: ['attributes' | 'resources', (t: MatchTarget) => TypedAttributes | undefined][] = [
  ['attributes', (t) => t.attributes],
  ['resources', (t) => t.resource],
];

const KNOWN = ['match_type', 'services', 'span_names', 'span_kinds', 'attributes', 'resources', 'libraries', 'log_bodies', 'log_severity_texts', 'metric_names'];

/** Compiles one include/exclude block; throws an Error naming the property and the problem. */
export function compileMatch(m: MatchPropertiesYaml, path: string): Matcher {
  if (typeof m !== 'object' || m === null) throw new Error(`${path}: expected a mapping`);
  for (const k of Object.keys(m)) if (!KNOWN.includes(k)) throw new Error(`${path}.${k}: unknown key (known: ${KNOWN.join(', ')})`);
  if (m.match_type !== 'strict' && m.match_type !== 'regexp') throw new Error(`${path}.match_type: "${m.match_type ?? ''}" is not one of strict, regexp`);
  const regexp = m.match_type === 'regexp';
  const text = (pattern: unknown, at: string): ((s: string) => boolean) => {
    if (typeof pattern !== 'string') throw new Error(`${at}: expected a string, got ${JSON.stringify(pattern)}`);
    if (!regexp) return (s) => s === pattern;
    let re: RE2JS;
    try {
      re = compilePattern(pattern);
    } catch (err) {
      throw new Error(`${at}: ${(err as Error).message}`);
    }
    return (s) => re.test(s);
  };
  const anyOf = (list: unknown, at: string) => {
    if (!Array.isArray(list)) throw new Error(`${at}: expected a list`);
    const tests = list.map((p, i) => text(p, `${at}[${i}]`));
    return (s: string | undefined) => s !== undefined && tests.some((t) => t(s));
  };
  const allOf = (list: unknown, at: string) => {
    if (!Array.isArray(list)) throw new Error(`${at}: expected a list`);
    const tests = list.map((entry, i) => {
      const e = entry as { key?: unknown; value?: unknown };
      if (typeof e?.key !== 'string' || e.key === '') throw new Error(`${at}[${i}].key: required`);
      const value = e.value === undefined || e.value === null ? undefined : regexp ? text(e.value, `${at}[${i}].value`) : undefined;
      const expected = e.value === undefined || e.value === null ? undefined : typeof e.value === 'string' ? e.value : JSON.stringify(e.value);
      return (a: TypedAttributes) => {
        if (!Object.hasOwn(a.values, e.key as string)) return false;
        if (expected === undefined) return true;
        const actual = valueToString(a.values[e.key as string], a.types?.[e.key as string]);
        return value ? a.types?.[e.key as string] === undefined && value(actual) : actual === expected;
      };
    });
    return (a: TypedAttributes | undefined) => a !== undefined && tests.every((t) => t(a));
  };

  const checks: Matcher[] = [];
  for (const [name, read] of TEXT_PROPERTIES) {
    if (m[name] === undefined) continue;
    const test = anyOf(m[name], `${path}.${name}`);
    checks.push((t) => test(read(t)));
  }
  for (const [name, read] of ATTRIBUTE_PROPERTIES) {
    if (m[name] === undefined) continue;
    const test = allOf(m[name], `${path}.${name}`);
    checks.push((t) => test(read(t)));
  }
  if (m.libraries !== undefined) {
    if (!Array.isArray(m.libraries)) throw new Error(`${path}.libraries: expected a list`);
    const libs = m.libraries.map((l, i) => ({ name: text(l?.name, `${path}.libraries[${i}].name`), version: l?.version === undefined ? undefined : text(l.version, `${path}.libraries[${i}].version`) }));
    checks.push((t) => libs.some((l) => l.name(t.library.name) && (!l.version || l.version(t.library.version))));
  }
  if (checks.length === 0) throw new Error(`${path}: give at least one property to match (services, span_names, attributes, …)`);
  return (t) => checks.every((c) => c(t));
}

/** An include and an exclude block as one test: included (or no include) and not excluded. */
export function compileSelection(include: MatchPropertiesYaml | undefined, exclude: MatchPropertiesYaml | undefined, path: string): Matcher | undefined {
  const inc = include === undefined || include === null ? undefined : compileMatch(include, `${path}.include`);
  const exc = exclude === undefined || exclude === null ? undefined : compileMatch(exclude, `${path}.exclude`);
  if (!inc && !exc) return undefined;
  return (t) => (!inc || inc(t)) && !(exc && exc(t));
}
