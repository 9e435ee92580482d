import { describe, expect, it } from 'vitest';
import { configErrors } from '../../test/config-errors.js';
import { readFileSync } from 'node:fs';
import { FACTORIES } from '../components/registry.js';
import { parseConfig } from './load.js';
import { substituteEnv } from './env-subst.js';
import { assertSafeToListen } from '../pipeline/service.js';

const minimal = `
receivers: { otlp: { protocols: { http: { endpoint: "127.0.0.1:4318" } } } }
exporters: { clickhouse: {} }
service: { pipelines: { traces: { receivers: [otlp], exporters: [clickhouse] } } }
`;


describe('config', () => {
  it('loads the shipped otel-config.yaml', () => {
    const text = readFileSync(new URL('../../../otel-config.yaml', import.meta.url), 'utf8');
    const c = parseConfig(text, {}, FACTORIES);
    expect(c.pipelines.map((p) => [p.id, p.receivers, p.processors, p.exporters])).toEqual([
      ['traces', ['otlp'], ['media', 'limits', 'genai', 'spanmetrics', 'servicegraph'], ['clickhouse']],
      ['logs', ['otlp'], ['media'], ['clickhouse']],
      ['metrics', ['otlp'], [], ['clickhouse']],
    ]);
    expect(c.extensions.auth.enabled).toBe(false);
    expect(c.extensions.traces_worker.enabled).toBe(true);
    expect(parseConfig(text, { WATCHLLM_TRACES_WORKER: 'false' }, FACTORIES).extensions.traces_worker.enabled).toBe(false);
  });

  it('substitutes ${env:NAME} and ${env:NAME:-default}, typing whole-value references', () => {
    expect(substituteEnv({ a: '${env:X}', b: 'h:${env:P:-4318}', c: '${env:FLAG:-false}', d: ['${env:X}'] }, { X: '42' })).toEqual({
      a: 42,
      b: 'h:4318',
      c: false,
      d: [42],
    });
    expect(() => substituteEnv({ a: { b: '${env:MISSING}' } }, {})).toThrow(/a\.b: environment variable MISSING is not set/);
  });

  it('loads the commented CORS example of the shipped otel-config.yaml once uncommented', () => {
    const text = readFileSync(new URL('../../../otel-config.yaml', import.meta.url), 'utf8');
    const uncommented = text.replace(/^(\s+)# (cors:|  allowed_origins:|  allowed_headers:|  max_age:)/gm, '$1$2');
    expect(uncommented).not.toBe(text);
    const c = parseConfig(uncommented, {}, FACTORIES);
    expect((c.receivers.get('otlp')!.config as any).protocols.http.cors).toEqual({ allowed_origins: ['https://app.example.com', 'https://*.example.com'], allowed_headers: ['Authorization'], max_age: 7200 });
  });

  it('takes the contrib health_check extension, and says what to do with Go-only ones', () => {
    const base = `receivers: { otlp: { protocols: { http: {} } } }\nexporters: { debug: {} }\nservice: { extensions: [health_check], pipelines: { traces: { receivers: [otlp], exporters: [debug] } } }\n`;
    expect(parseConfig(`${base}extensions: { health_check: { endpoint: "127.0.0.1:13133", path: /ready } }`, {}, FACTORIES).extensions.health_check).toEqual({ host: '127.0.0.1', port: 13133, path: '/ready' });
    expect(parseConfig(`${base}extensions: { health_check: }`, {}, FACTORIES).extensions.health_check).toEqual({ host: '127.0.0.1', port: 13133, path: '/' });
    expect(parseConfig(base, {}, FACTORIES).extensions.health_check).toBeUndefined();
    let message = '';
    try {
      parseConfig(`${base}extensions: { health_check: { endpoint: nope, path: ready }, pprof: {}, zpages: {} }`, {}, FACTORIES);
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toContain('extensions.health_check.endpoint: "nope" is not host:port');
    expect(message).toContain('extensions.health_check.path: expected a path starting with /');
    expect(message).toContain("extensions.pprof: Go's pprof has no counterpart");
    expect(message).toContain('extensions.zpages: zpages has no counterpart here');
    // The contrib clickhouse exporter's connection keys: set for the process here.
    expect(configErrors(`${base.replace('debug: {}', 'clickhouse: { endpoint: "tcp://ch:9000", database: otel, ttl: 72h }')}`)).toMatch(
      /exporters\.clickhouse\.endpoint: the store is shared with the query service, so it is set for the process: WATCHLLM_CLICKHOUSE_URL[^]*exporters\.clickhouse\.database: the store is shared/,
    );
    // Like every listener, it may bind beyond loopback only with auth on.
    const exposed = parseConfig(`${base}extensions: { health_check: { endpoint: "0.0.0.0:13133" } }`, {}, FACTORIES);
    expect(() => assertSafeToListen(exposed)).toThrow(/refusing to listen on 0\.0\.0\.0 without authentication/);
  });

  it('refuses the media processor in a pipeline without a clickhouse exporter (its files would be lost)', () => {
    const forwardOnly = `
receivers: { otlp: { protocols: { http: { endpoint: "127.0.0.1:4318" } } } }
processors: { media: {} }
exporters: { clickhouse: {}, otlphttp: { endpoint: "http://backend:4318" } }
service: { pipelines: { traces: { receivers: [otlp], processors: [media], exporters: [otlphttp] }, traces/stored: { receivers: [otlp], processors: [media], exporters: [clickhouse, otlphttp] } } }
`;
    expect(() => parseConfig(forwardOnly, {}, FACTORIES)).toThrow(/service\.pipelines\.traces\.processors\[0\]: media keeps the files it takes out of spans through a clickhouse exporter, and this pipeline has none/);
    expect(() => parseConfig(forwardOnly.replace('exporters: [otlphttp] }', 'exporters: [clickhouse] }'), {}, FACTORIES)).not.toThrow();
  });

  it('names the key and the problem for every mistake at once', () => {
    const bad = `
receivers: { otlp: { protocols: { http: { endpoint: "nope", max_request_byte: 1, cors: { allowed_origins: ["app.example.com"], max_age: -1 } }, grpc: { cors: {} } } }, kafka: {} }
processors: { batch: { timeout: 1s }, genai: { custom_prices: [{ input_per_mtok: -1, output_per_mtok: 1 }] }, servicegraph: { wait: 0, max_items: -5 }, spanmetrics: { max_span_names: 1.5 } }
exporters: { clickhouse: { batch: { max_items: 0 }, materialize_skip_indexes_on_insert: "yes", spool: { max_insert_bytes: "lots", gather: "soon" }, ttl: 5s, rollup_ttl: forever } }
service: { pipelines: { traces: { receivers: [otlp, zipkin], exporters: [clickhouse] }, spans: {} } }
extensions: { traces_worker: { enabled: "sometimes" } }
`;
    let message = '';
    try {
      parseConfig(bad, {}, FACTORIES);
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toContain('receivers.kafka: unknown receiver type "kafka"');
    expect(message).toContain('processors.batch: the batch processor is not needed here — the clickhouse exporter batches its inserts itself');
    expect(message).toContain('receivers.otlp.protocols.http.endpoint: "nope" is not host:port');
    expect(message).toContain('receivers.otlp.protocols.http.max_request_byte: unknown key');
    expect(message).toContain('receivers.otlp.protocols.http.cors.allowed_origins[0]: "app.example.com" is not an origin');
    expect(message).toContain('receivers.otlp.protocols.http.cors.max_age: expected seconds');
    expect(message).toContain('receivers.otlp.protocols.grpc.cors: unknown key');
    expect(message).toContain('processors.genai.custom_prices[0].model: required');
    expect(message).toContain('processors.genai.custom_prices[0].input_per_mtok: expected a non-negative number');
    expect(message).toContain('processors.servicegraph.wait: must be longer than 0');
    expect(message).toContain('processors.servicegraph.max_items: expected a positive integer');
    expect(message).toContain('processors.spanmetrics.max_span_names: expected a positive integer');
    expect(message).toContain('exporters.clickhouse.batch.max_items: expected a positive integer');
    expect(message).toContain('exporters.clickhouse.materialize_skip_indexes_on_insert: expected true or false');
    expect(message).toContain('exporters.clickhouse.spool.max_insert_bytes');
    expect(message).toContain('exporters.clickhouse.spool.gather');
    expect(message).toContain('exporters.clickhouse.ttl: at least 1h (or 0 to keep data), got "5s"');
    expect(message).toContain('exporters.clickhouse.rollup_ttl: "forever" is not a duration (e.g. 200ms, 5s, 1m, 72h, 30d)');
    expect(message).toContain('service.pipelines.traces.receivers[1]: "zipkin" is not defined under receivers');
    expect(message).toContain('service.pipelines.spans: pipeline ids start with traces, logs or metrics');
    expect(message).toContain('extensions.traces_worker.enabled: expected true or false');
  });

  it('accepts a minimal config with defaults filled in', () => {
    const c = parseConfig(minimal, {}, FACTORIES);
    const ch = c.exporters.get('clickhouse')!.config as {
      batch: { max_items: number };
      spool: { max_bytes: string; max_insert_bytes: string; gather: string };
      materialize_skip_indexes_on_insert: boolean;
    };
    expect(ch.batch.max_items).toBe(20000);
    expect(ch.materialize_skip_indexes_on_insert).toBe(false);
    expect(ch.spool.max_bytes).toBe('1GiB');
    expect([ch.spool.max_insert_bytes, ch.spool.gather]).toEqual(['128MiB', '2s']);
  });
});
