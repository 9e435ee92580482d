import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../config/load.js';
import { FACTORIES } from '../registry.js';
import { commentedExample } from '../../../test/commented-example.js';
import { configErrors } from '../../../test/config-errors.js';

describe('otlp (gRPC) exporter config', () => {
  it('loads the commented example of the shipped otel-config.yaml', () => {
    const c = parseConfig(`receivers: { otlp: { protocols: { grpc: {} } } }\nexporters:\n${commentedExample('otlp/jaeger')}\nservice: { pipelines: { traces: { receivers: [otlp], exporters: [otlp/jaeger] } } }`, {}, FACTORIES);
    expect(c.exporters.get('otlp/jaeger')!.config).toMatchObject({ endpoint: 'jaeger:4317', tls: { insecure: true }, compression: 'gzip' });
  });

  it('names the key and the problem', () => {
    const message = configErrors(`receivers: { otlp: { protocols: { grpc: {} } } }
exporters: { otlp/a: { endpoint: "jaeger", tls: { insecure: "no", cert_file: /x.pem } , compression: snappy }, otlp/b: {} }
service: { pipelines: { traces: { receivers: [otlp], exporters: [otlp/a, otlp/b] } } }`);
    for (const expected of [
      'exporters.otlp/a.endpoint: "jaeger" is not host:port (e.g. tempo:4317)',
      'exporters.otlp/a.tls.insecure: expected true or false',
      'exporters.otlp/a.tls: cert_file and key_file go together',
      'exporters.otlp/a.compression: expected gzip or none, got "snappy"',
      'exporters.otlp/b.endpoint: "" is not host:port',
    ]) expect(message).toContain(expected);
  });
});
