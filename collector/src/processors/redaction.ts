import { createHash, createHmac } from 'node:crypto';
import { RE2JS } from 're2js';
import type { LogsBatch } from '../model/logs.js';
import type { MetricsBatch } from '../model/metrics.js';
import { putOwn, type AttrValue, type TracesBatch, type TypedAttributes, type ValueType } from '../model/types.js';
import { valueToString } from '../storage/values.js';

/**
 * The OTel Collector contrib `redaction` processor's rules, on WatchLLM's model: keys not allowed
 * are removed, values of keys matching `blocked_key_patterns` are masked whole, parts of values
 * matching `blocked_values` are masked, and a summary of what changed can be added as attributes
 * (`redaction.redacted.keys`, `redaction.masked.count`, …). Patterns are RE2, as the contrib
 * processor's (Go regexp) are — so its configs carry over, and matching takes linear time whatever
 * a sender puts in a value (a backtracking engine could stall the event loop on one hostile span).
 */

export type HashFunction = 'md5' | 'sha1' | 'sha3' | 'hmac-sha256' | 'hmac-sha512';
export type RedactionSummary = 'debug' | 'info' | 'silent';

export interface RedactionConfig {
  /** false: only `allowedKeys` (and `ignoredKeys`) are kept; true: every key is kept. */
  allowAllKeys: boolean;
  allowedKeys: string[];
  /** Kept as they are: never removed, never masked. */
  ignoredKeys: string[];
  ignoredKeyPatterns: string[];
  /** A key matching one of these has its whole value masked. */
  blockedKeyPatterns: string[];
  /** Parts of a value matching one of these are masked. */
  blockedValues: string[];
  /** A value matching one of these is kept as it is, even if it matches a blocked value. */
  allowedValues: string[];
  /** Check non-string values too, by their string form (a masked one becomes a string). */
  redactAllTypes: boolean;
  /** Replace a masked part with its hex digest instead of `****` (equal values stay equal). */
  hashFunction?: HashFunction;
  hmacKey?: string;
  summary: RedactionSummary;
}

export const HASH_FUNCTIONS: readonly HashFunction[] = ['md5', 'sha1', 'sha3', 'hmac-sha256', 'hmac-sha512'];
export const SUMMARIES: readonly RedactionSummary[] = ['debug', 'info', 'silent'];
/** Bytes an HMAC key needs at least (as the contrib processor asks). */
export const HMAC_KEY_MIN_BYTES: Record<string, number> = { 'hmac-sha256': 32, 'hmac-sha512': 64 };

const MASK = '****';
const SEPARATOR = ',';

/** The attributes the processor writes: always allowed, so data passing two of them keeps its summary. */
const SUMMARY = {
  redactedKeys: 'redaction.redacted.keys',
  redactedCount: 'redaction.redacted.count',
  maskedKeys: 'redaction.masked.keys',
  maskedCount: 'redaction.masked.count',
  allowedKeys: 'redaction.allowed.keys',
  allowedCount: 'redaction.allowed.count',
  ignoredCount: 'redaction.ignored.count',
  bodyRedactedKeys: 'redaction.body.redacted.keys',
  bodyRedactedCount: 'redaction.body.redacted.count',
  bodyMaskedKeys: 'redaction.body.masked.keys',
  bodyMaskedCount: 'redaction.body.masked.count',
  bodyAllowedKeys: 'redaction.body.allowed.keys',
  bodyAllowedCount: 'redaction.body.allowed.count',
  bodyIgnoredCount: 'redaction.body.ignored.count',
} as const;

/** Compiles an RE2 pattern; throws an Error whose message says what is wrong with it. */
export function compilePattern(pattern: string): RE2JS {
  try {
    return RE2JS.compile(pattern);
  } catch (err) {
    throw new Error(`invalid regular expression ${JSON.stringify(pattern)}: ${(err as Error).message}`);
  }
}

/**
 * Every match of `re` in `s` replaced by `replace(match)`, with Go's rule for empty matches (one
 * right after the previous match is skipped), so patterns behave as in the contrib processor.
 */
export function replaceMatches(re: RE2JS, s: string, replace: (match: string) => string): string {
  const m = re.matcher(s);
  let out = '';
  let last = 0;
  let prevEnd = -1;
  let any = false;
  while (m.find()) {
    const start = m.start();
    const end = m.end();
    if (start === end && start === prevEnd) continue;
    out += s.slice(last, start) + replace(s.slice(start, end));
    last = end;
    prevEnd = end;
    any = true;
  }
  return any ? out + s.slice(last) : s;
}

/** How a key is treated, decided once per distinct key. */
const enum KeyRule {
  Ignore,
  Remove,
  MaskWhole,
  CheckValue,
}

/** Keys seen are remembered with their rule; a sender inventing endless keys only empties the cache. */
const MAX_CACHED_KEYS = 10_000;

/** What one attribute group (or log body) went through. */
interface Outcome {
  removed: string[];
  masked: string[];
  allowed: string[];
  ignored: number;
}

const newOutcome = (): Outcome => ({ removed: [], masked: [], allowed: [], ignored: 0 });

export interface RedactionCounts {
  /** Attributes (or body fields) removed and masked since the last call. */
  removed: number;
  masked: number;
}

export function createRedactionProcessor(config: RedactionConfig, onRedacted?: (signal: 'traces' | 'logs' | 'metrics', counts: RedactionCounts) => void) {
  const allowed = new Set([...config.allowedKeys, ...Object.values(SUMMARY)]);
  const ignored = new Set(config.ignoredKeys);
  const ignoredPatterns = config.ignoredKeyPatterns.map(compilePattern);
  const blockedKeyPatterns = config.blockedKeyPatterns.map(compilePattern);
  const blockedValues = config.blockedValues.map(compilePattern);
  const allowedValues = config.allowedValues.map(compilePattern);
  const replacement = replacer(config.hashFunction, config.hmacKey);
  const rules = new Map<string, KeyRule>();
  let removed = 0;
  let masked = 0;

  function ruleOf(key: string): KeyRule {
    let rule = rules.get(key);
    if (rule !== undefined) return rule;
    if (ignored.has(key) || ignoredPatterns.some((re) => re.test(key))) rule = KeyRule.Ignore;
    else if (!config.allowAllKeys && !allowed.has(key)) rule = KeyRule.Remove;
    else if (blockedKeyPatterns.some((re) => re.test(key))) rule = KeyRule.MaskWhole;
    else rule = KeyRule.CheckValue;
    if (rules.size >= MAX_CACHED_KEYS) rules.clear();
    rules.set(key, rule);
    return rule;
  }

  const isAllowedValue = (s: string) => allowedValues.length > 0 && allowedValues.some((re) => re.test(s));

  /** The value with its blocked parts masked (the same string when nothing matched). */
  function maskBlocked(s: string): string {
    for (const re of blockedValues) if (re.test(s)) s = replaceMatches(re, s, replacement);
    return s;
  }

  /** One attribute group: the contrib processor's order — ignore, remove, allow by value, mask by key, mask by value. */
  function processAttributes(a: TypedAttributes): Outcome {
    const out = newOutcome();
    const values = a.values;
    for (const key in values) {
      const rule = ruleOf(key);
      if (rule === KeyRule.Ignore) {
        out.ignored++;
        continue;
      }
      if (rule === KeyRule.Remove) {
        out.removed.push(key);
        continue;
      }
      const type = a.types?.[key];
      // Non-string values are checked by their string form only when asked; otherwise as '' (the contrib processor's Str()).
      const text = type === undefined ? (values[key] as string) : config.redactAllTypes ? valueToString(values[key], type) : '';
      if (isAllowedValue(text)) {
        out.allowed.push(key);
        continue;
      }
      const next = rule === KeyRule.MaskWhole ? replacement(text) : maskBlocked(text);
      if (rule === KeyRule.MaskWhole || next !== text) {
        out.masked.push(key);
        setString(a, key, next);
      }
    }
    for (const key of out.removed) {
      delete values[key];
      if (a.types) delete a.types[key];
    }
    removed += out.removed.length;
    masked += out.masked.length;
    addSummary(a, out, false);
    return out;
  }

  /** A log body: a map's fields by the key rules (nested ones by their path), anything else by its value. */
  function processBody(value: AttrValue, type: ValueType | undefined, path: string, out: Outcome): { value: AttrValue; type: ValueType | undefined } {
    if (type === 'kvlist' || (type === undefined && isMap(value))) {
      const map = value as Record<string, AttrValue>;
      for (const key of Object.keys(map)) {
        const at = path ? `${path}.${key}` : key;
        const rule = ruleOf(key);
        if (rule === KeyRule.Ignore) out.ignored++;
        else if (rule === KeyRule.Remove) {
          delete map[key];
          out.removed.push(at);
        } else if (rule === KeyRule.MaskWhole) {
          putOwn(map, key, replacement(typeof map[key] === 'string' ? (map[key] as string) : ''));
          out.masked.push(at);
        } else putOwn(map, key, processBody(map[key], nestedType(map[key]), at, out).value);
      }
      return { value: map, type };
    }
    if (type === 'array' || (type === undefined && Array.isArray(value))) {
      const list = value as AttrValue[];
      for (let i = 0; i < list.length; i++) list[i] = processBody(list[i], nestedType(list[i]), path ? `${path}.[${i}]` : `[${i}]`, out).value;
      return { value: list, type };
    }
    const text = type === undefined && typeof value === 'string' ? value : valueToString(value, type ?? nestedType(value));
    if (isAllowedValue(text)) {
      out.allowed.push(path || 'body');
      return { value, type };
    }
    const next = maskBlocked(text);
    if (next === text) return { value, type };
    out.masked.push(path || 'body');
    return { value: next, type: undefined };
  }

  function processLogBody(record: LogsBatch['resourceLogs'][number]['scopeLogs'][number]['logRecords'][number]): void {
    const out = newOutcome();
    const next = processBody(record.body, record.bodyType, '', out);
    record.body = next.value;
    record.bodyType = next.type;
    removed += out.removed.length;
    masked += out.masked.length;
    addSummary(record.attributes, out, true);
  }

  function addSummary(a: TypedAttributes, out: Outcome, body: boolean): void {
    if (config.summary === 'silent') return;
    const [rk, rc, mk, mc, ak, ac, ic] = body
      ? [SUMMARY.bodyRedactedKeys, SUMMARY.bodyRedactedCount, SUMMARY.bodyMaskedKeys, SUMMARY.bodyMaskedCount, SUMMARY.bodyAllowedKeys, SUMMARY.bodyAllowedCount, SUMMARY.bodyIgnoredCount]
      : [SUMMARY.redactedKeys, SUMMARY.redactedCount, SUMMARY.maskedKeys, SUMMARY.maskedCount, SUMMARY.allowedKeys, SUMMARY.allowedCount, SUMMARY.ignoredCount];
    summarize(a, out.removed, rk, rc);
    summarize(a, out.masked, mk, mc);
    summarize(a, out.allowed, ak, ac);
    if (out.ignored > 0) addCount(a, ic, out.ignored);
  }

  /** `keys` (debug: sorted, merged with a list already there) and their count (info and debug), as the contrib processor writes them. */
  function summarize(a: TypedAttributes, keys: string[], keysAttribute: string, countAttribute: string): void {
    if (keys.length === 0) return;
    if (config.summary === 'debug') {
      const before = a.values[keysAttribute];
      const all = typeof before === 'string' && before !== '' ? [...keys, ...before.split(SEPARATOR)] : [...keys];
      setString(a, keysAttribute, all.sort().join(SEPARATOR));
    }
    addCount(a, countAttribute, keys.length);
  }

  /** A resource's attributes and its scopes' (the same in every signal's shape). */
  function processGroup(resource: TypedAttributes, scopes: { scope: { attributes: TypedAttributes } }[]): void {
    processAttributes(resource);
    for (const s of scopes) processAttributes(s.scope.attributes);
  }

  function flush(signal: 'traces' | 'logs' | 'metrics'): void {
    if ((removed || masked) && onRedacted) onRedacted(signal, { removed, masked });
    removed = 0;
    masked = 0;
  }

  return {
    processTraces(batch: TracesBatch): TracesBatch {
      for (const rs of batch.resourceSpans) {
        processGroup(rs.resource, rs.scopeSpans);
        for (const ss of rs.scopeSpans) {
          for (const span of ss.spans) {
            processAttributes(span.attributes);
            for (const e of span.events) processAttributes(e.attributes);
          }
        }
      }
      flush('traces');
      return batch;
    },
    processLogs(batch: LogsBatch): LogsBatch {
      for (const rl of batch.resourceLogs) {
        processGroup(rl.resource.attributes, rl.scopeLogs);
        for (const sl of rl.scopeLogs) {
          for (const record of sl.logRecords) {
            processAttributes(record.attributes);
            processLogBody(record);
          }
        }
      }
      flush('logs');
      return batch;
    },
    processMetrics(batch: MetricsBatch): MetricsBatch {
      for (const rm of batch.resourceMetrics) {
        processGroup(rm.resource.attributes, rm.scopeMetrics);
        for (const sm of rm.scopeMetrics) for (const metric of sm.metrics) for (const point of metric.data.points) processAttributes(point.attributes);
      }
      flush('metrics');
      return batch;
    },
  };
}

/** `****`, or the hex digest of what is masked. */
function replacer(hash: HashFunction | undefined, hmacKey = ''): (match: string) => string {
  switch (hash) {
    case undefined:
      return () => MASK;
    case 'md5':
    case 'sha1':
      return (s) => createHash(hash).update(s).digest('hex');
    case 'sha3':
      return (s) => createHash('sha3-256').update(s).digest('hex');
    case 'hmac-sha256':
      return (s) => createHmac('sha256', hmacKey).update(s).digest('hex');
    case 'hmac-sha512':
      return (s) => createHmac('sha512', hmacKey).update(s).digest('hex');
  }
}

function setString(a: TypedAttributes, key: string, value: string): void {
  putOwn<AttrValue>(a.values, key, value);
  if (a.types && Object.hasOwn(a.types, key)) delete a.types[key];
}

function addCount(a: TypedAttributes, key: string, n: number): void {
  const before = a.values[key];
  a.values[key] = (typeof before === 'number' ? before : 0) + n;
  (a.types ??= {})[key] = 'int';
}

function isMap(v: AttrValue): v is Record<string, AttrValue> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The type a value nested in a kvlist or array body reads back as (nested values carry no type of their own). */
function nestedType(v: AttrValue): ValueType | undefined {
  if (typeof v === 'string') return undefined;
  if (v === null) return 'empty';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int' : 'double';
  return Array.isArray(v) ? 'array' : 'kvlist';
}
