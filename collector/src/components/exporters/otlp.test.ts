import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../config/load.js';
import { FACTORIES } from '../registry.js';

describe('otlp (gRPC) exporter config', () => {
  it('loads the commented example of the shipped otel-config.yaml once uncommented', () => {
    const text = readFileSync(new URL('../../../../otel-config.yaml', import.meta.url), 'utf8');
    const uncommented = text.replace(/^(\s+)# (otlp\/jaeger:|  endpoint: jaeger|  tls:)/gm, '$1$2');
    expect(uncommented).not.toBe(text);
    const c = parseConfig(uncommented.replace('exporters: [clickhouse]\n    # GenAI', 'exporters: [clickhouse, otlp/jaeger]\n    # GenAI'), {}, FACTORIES);
    expect(c.exporters.get('otlp/jaeger')!.config).toMatchObject({ endpoint: 'jaeger:4317', tls: { insecure: true }, compression: 'gzip' });
  });

  it('names the key and the problem', () => {
    let message = '';
    try {
      parseConfig(
        `receivers: { otlp: { protocols: { grpc: {} } } }
exporters: { otlp/a: { endpoint: "jaeger", tls: { insecure: "no", cert_file: /x.pem } , compression: snappy }, otlp/b: {} }
service: { pipelines: { traces: { receivers: [otlp], exporters: [otlp/a, otlp/b] } } }`,
        {},
        FACTORIES,
      );
    } catch (err) {
      message = (err as Error).message;
    }
    for (const expected of [
      'exporters.otlp/a.endpoint: "jaeger" is not host:port (e.g. tempo:4317)',
      'exporters.otlp/a.tls.insecure: expected true or false',
      'exporters.otlp/a.tls: cert_file and key_file go together',
      'exporters.otlp/a.compression: expected gzip or none, got "snappy"',
      'exporters.otlp/b.endpoint: "" is not host:port',
    ]) expect(message).toContain(expected);
  });
});
