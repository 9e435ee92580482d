import type { Problems } from '../../config/validate.js';
import type { LogsBatch } from '../../model/logs.js';
import type { MetricsBatch } from '../../model/metrics.js';
import type { TracesBatch } from '../../model/types.js';
import {
  compilePattern,
  createRedactionProcessor,
  HASH_FUNCTIONS,
  HMAC_KEY_MIN_BYTES,
  SUMMARIES,
  type HashFunction,
  type RedactionConfig,
  type RedactionSummary,
} from '../../processors/redaction.js';
import type { ProcessorFactory } from '../types.js';

/** The contrib redaction processor's keys (its URL and database sanitizers are not offered). */
export interface RedactionYaml {
  allow_all_keys: boolean;
  allowed_keys: string[];
  ignored_keys: string[];
  ignored_key_patterns: string[];
  blocked_key_patterns: string[];
  blocked_values: string[];
  allowed_values: string[];
  redact_all_types: boolean;
  hash_function: string;
  hmac_key: string;
  summary: string;
}

const LISTS = ['allowed_keys', 'ignored_keys', 'ignored_key_patterns', 'blocked_key_patterns', 'blocked_values', 'allowed_values'] as const;
const PATTERN_LISTS = ['ignored_key_patterns', 'blocked_key_patterns', 'blocked_values', 'allowed_values'] as const;

export function toRedactionConfig(c: RedactionYaml): RedactionConfig {
  return {
    allowAllKeys: c.allow_all_keys,
    allowedKeys: c.allowed_keys,
    ignoredKeys: c.ignored_keys,
    ignoredKeyPatterns: c.ignored_key_patterns,
    blockedKeyPatterns: c.blocked_key_patterns,
    blockedValues: c.blocked_values,
    allowedValues: c.allowed_values,
    redactAllTypes: c.redact_all_types,
    hashFunction: c.hash_function === '' ? undefined : (c.hash_function as HashFunction),
    hmacKey: c.hmac_key,
    // The contrib processor's default (no summary) is what `silent` says.
    summary: (c.summary === '' ? 'silent' : c.summary) as RedactionSummary,
  };
}

export const redactionProcessor: ProcessorFactory<RedactionYaml> = {
  kind: 'processor',
  type: 'redaction',
  signals: ['traces', 'logs', 'metrics'],
  // As the contrib processor: with nothing configured, every attribute is removed (the list fails closed).
  createDefaultConfig: () => ({
    allow_all_keys: false,
    allowed_keys: [],
    ignored_keys: [],
    ignored_key_patterns: [],
    blocked_key_patterns: [],
    blocked_values: [],
    allowed_values: [],
    redact_all_types: false,
    hash_function: '',
    hmac_key: '',
    summary: '',
  }),
  validate(c, path, problems: Problems) {
    for (const key of ['allow_all_keys', 'redact_all_types'] as const) {
      if (typeof c[key] !== 'boolean') problems.push(`${path}.${key}: expected true or false, got ${JSON.stringify(c[key])}`);
    }
    for (const key of LISTS) {
      if (!Array.isArray(c[key])) problems.push(`${path}.${key}: expected a list of strings`);
      else c[key].forEach((v, i) => typeof v !== 'string' && problems.push(`${path}.${key}[${i}]: expected a string, got ${JSON.stringify(v)}`));
    }
    for (const key of PATTERN_LISTS) {
      if (!Array.isArray(c[key])) continue;
      c[key].forEach((p, i) => {
        if (typeof p !== 'string') return;
        try {
          compilePattern(p);
        } catch (err) {
          problems.push(`${path}.${key}[${i}]: ${(err as Error).message} (patterns are RE2 syntax, as in Go)`);
        }
      });
    }
    if (c.hash_function !== '' && !HASH_FUNCTIONS.includes(c.hash_function as HashFunction)) {
      problems.push(`${path}.hash_function: "${c.hash_function}" is not one of ${HASH_FUNCTIONS.join(', ')}`);
    }
    const minKey = HMAC_KEY_MIN_BYTES[c.hash_function];
    if (minKey !== undefined && Buffer.byteLength(String(c.hmac_key ?? '')) < minKey) {
      problems.push(`${path}.hmac_key: ${c.hash_function} needs a key of at least ${minKey} bytes (e.g. \${env:REDACTION_HMAC_KEY})`);
    }
    if (c.summary !== '' && !SUMMARIES.includes(c.summary as RedactionSummary)) {
      problems.push(`${path}.summary: "${c.summary}" is not one of ${SUMMARIES.join(', ')}`);
    }
  },
  create(settings, c) {
    const p = createRedactionProcessor(toRedactionConfig(c), (signal, counts) => {
      if (counts.removed) settings.telemetry.redacted.inc({ signal, action: 'removed' }, counts.removed);
      if (counts.masked) settings.telemetry.redacted.inc({ signal, action: 'masked' }, counts.masked);
    });
    return {
      traces: (batch) => p.processTraces(batch as TracesBatch),
      logs: (batch) => p.processLogs(batch as LogsBatch),
      metrics: (batch) => p.processMetrics(batch as MetricsBatch),
    };
  },
};
