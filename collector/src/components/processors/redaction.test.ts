import { describe, expect, it } from 'vitest';
import { configProblems, loadCommentedExamples, loadPipelineConfig } from '../../../test/processor-config.js';

describe('redaction processor config', () => {
  it('takes the contrib processor keys in every signal pipeline', () => {
    const c = loadPipelineConfig('  redaction/pii: { allow_all_keys: true, blocked_values: ["(?i)sk-[a-z0-9]{20,}"], hash_function: sha3, summary: debug }', 'redaction/pii');
    expect(c.pipelines.map((p) => p.processors)).toEqual([['redaction/pii'], ['redaction/pii'], ['redaction/pii']]);
    expect(c.processors.get('redaction/pii')!.config).toMatchObject({ allow_all_keys: true, allowed_keys: [], hash_function: 'sha3', summary: 'debug' });
  });

  it('names the key and the problem: bad patterns, hash function, HMAC key, summary, unsupported sanitizers', () => {
    const message = configProblems(
      '  redaction/pii: { allow_all_keys: "yes", allowed_keys: [1], blocked_values: ["ok", "(a"], blocked_key_patterns: ["(?=x)"], hash_function: hmac-sha256, hmac_key: "${env:HMAC}", summary: loud, url_sanitizer: { enabled: true } }',
      'redaction/pii',
      { HMAC: 'short' },
    );
    expect(message).toContain('processors.redaction/pii.allow_all_keys: expected true or false');
    expect(message).toContain('processors.redaction/pii.allowed_keys[0]: expected a string, got 1');
    expect(message).toContain('processors.redaction/pii.blocked_values[1]: invalid regular expression "(a": error parsing regexp: missing closing )');
    expect(message).toContain('processors.redaction/pii.blocked_key_patterns[0]: invalid regular expression "(?=x)"');
    expect(message).toContain('processors.redaction/pii.hmac_key: hmac-sha256 needs a key of at least 32 bytes');
    expect(message).toContain('processors.redaction/pii.summary: "loud" is not one of debug, info, silent');
    expect(message).toContain('processors.redaction/pii.url_sanitizer: unknown key');
    expect(configProblems('  redaction/pii: { hash_function: crc32 }', 'redaction/pii')).toContain(
      'processors.redaction/pii.hash_function: "crc32" is not one of md5, sha1, sha3, hmac-sha256, hmac-sha512',
    );
  });

  it('loads the commented example in the shipped otel-config.yaml once uncommented', () => {
    expect(loadCommentedExamples('redaction').processors.get('redaction')!.config).toMatchObject({ allow_all_keys: true, hash_function: 'sha3', summary: 'info' });
  });
});
