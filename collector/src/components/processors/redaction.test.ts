import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../config/load.js';
import { FACTORIES } from '../registry.js';
import { commentedProcessorExample } from '../../../test/commented-example.js';

const config = (redaction: string) => `
receivers: { otlp: { protocols: { http: { endpoint: "127.0.0.1:4318" } } } }
processors: { ${redaction} }
exporters: { clickhouse: {} }
service:
  pipelines:
    traces: { receivers: [otlp], processors: [redaction/pii], exporters: [clickhouse] }
    logs: { receivers: [otlp], processors: [redaction/pii], exporters: [clickhouse] }
    metrics: { receivers: [otlp], processors: [redaction/pii], exporters: [clickhouse] }
`;

function problems(redaction: string): string {
  try {
    parseConfig(config(redaction), { HMAC: 'short' }, FACTORIES);
    return '';
  } catch (err) {
    return (err as Error).message;
  }
}

describe('redaction processor config', () => {
  it('takes the contrib processor keys in every signal pipeline', () => {
    const c = parseConfig(config('redaction/pii: { allow_all_keys: true, blocked_values: ["(?i)sk-[a-z0-9]{20,}"], hash_function: sha3, summary: debug }'), {}, FACTORIES);
    expect(c.pipelines.map((p) => p.processors)).toEqual([['redaction/pii'], ['redaction/pii'], ['redaction/pii']]);
    expect(c.processors.get('redaction/pii')!.config).toMatchObject({ allow_all_keys: true, allowed_keys: [], hash_function: 'sha3', summary: 'debug' });
  });

  it('names the key and the problem: bad patterns, hash function, HMAC key, summary, unsupported sanitizers', () => {
    const message = problems(
      'redaction/pii: { allow_all_keys: "yes", allowed_keys: [1], blocked_values: ["ok", "(a"], blocked_key_patterns: ["(?=x)"], hash_function: hmac-sha256, hmac_key: "${env:HMAC}", summary: loud, url_sanitizer: { enabled: true } }',
    );
    expect(message).toContain('processors.redaction/pii.allow_all_keys: expected true or false');
    expect(message).toContain('processors.redaction/pii.allowed_keys[0]: expected a string, got 1');
    expect(message).toContain('processors.redaction/pii.blocked_values[1]: invalid regular expression "(a": error parsing regexp: missing closing )');
    expect(message).toContain('processors.redaction/pii.blocked_key_patterns[0]: invalid regular expression "(?=x)"');
    expect(message).toContain('processors.redaction/pii.hmac_key: hmac-sha256 needs a key of at least 32 bytes');
    expect(message).toContain('processors.redaction/pii.summary: "loud" is not one of debug, info, silent');
    expect(message).toContain('processors.redaction/pii.url_sanitizer: unknown key');
    expect(problems('redaction/pii: { hash_function: crc32 }')).toContain('processors.redaction/pii.hash_function: "crc32" is not one of md5, sha1, sha3, hmac-sha256, hmac-sha512');
  });
  it('loads the commented example in the shipped otel-config.yaml once uncommented', () => {
    const yaml = commentedProcessorExample('redaction').replace(/^  redaction:/, '  redaction/pii:');
    const c = parseConfig(config('').replace('processors: {  }', `processors:\n${yaml}`), {}, FACTORIES);
    expect(c.processors.get('redaction/pii')!.config).toMatchObject({ allow_all_keys: true, hash_function: 'sha3', summary: 'info' });
  });
});
