import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { configErrors } from '../../../test/config-errors.js';
import { commentedExample } from '../../../test/commented-example.js';
import { parseConfig } from '../../config/load.js';
import { readTraces } from '../../otlp/signals.js';
import { Telemetry } from '../../telemetry.js';
import type { ComponentSettings } from '../types.js';
import { FACTORIES } from '../registry.js';
import { otlpHttpExporter, signalUrl } from './otlphttp.js';

const pipelines = (exporter: string) =>
  `service: { pipelines: { traces: { receivers: [otlp], exporters: [${exporter}] }, logs: { receivers: [otlp], exporters: [${exporter}] } } }`;

describe('otlphttp exporter config', () => {
  it('loads the commented example of the shipped otel-config.yaml', () => {
    const c = parseConfig(`receivers: { otlp: { protocols: { http: {} } } }\nexporters:\n${commentedExample('otlphttp/tempo')}\n${pipelines('otlphttp/tempo')}`, { TEMPO_TOKEN: 's3cret' }, FACTORIES);
    expect(c.exporters.get('otlphttp/tempo')!.config).toMatchObject({
      endpoint: 'http://tempo:4318',
      headers: { Authorization: 'Bearer s3cret' },
      compression: 'gzip',
      encoding: 'proto',
      retry_on_failure: { enabled: true, initial_interval: '5s', max_interval: '30s', max_elapsed_time: '300s' },
      sending_queue: { num_consumers: 10, queue_size: 1000, max_bytes: '64MiB' },
    });
  });

  it('sends each signal to its own endpoint, else to the base endpoint’s /v1/<signal>', () => {
    const c = { endpoint: 'https://otlp.example.com/base/', traces_endpoint: 'https://t.example.com/in', logs_endpoint: '', metrics_endpoint: '' };
    expect(signalUrl(c, 'traces')).toBe('https://t.example.com/in');
    expect(signalUrl(c, 'logs')).toBe('https://otlp.example.com/base/v1/logs');
    expect(signalUrl({ ...c, endpoint: '' }, 'metrics')).toBe('');
  });

  it('names the key and the problem', () => {
    const message = configErrors(`
receivers: { otlp: {} }
exporters:
  otlphttp/a: { endpoint: "tempo:4318", headers: { x: 1 }, compression: zstd, encoding: xml, timeout: 0s, retry_on_failure: { enabled: "yes", initial_interval: soon }, sending_queue: { num_consumers: 0, queue_size: -1, max_bytes: lots } }
  otlphttp/b: { logs_endpoint: "http://logs:4318/v1/logs" }
service: { pipelines: { traces: { receivers: [otlp], exporters: [otlphttp/a, otlphttp/b] }, logs: { receivers: [otlp], exporters: [otlphttp/b] } } }
`);
    for (const expected of [
      'exporters.otlphttp/a.endpoint: "tempo:4318" is not an http:// or https:// URL',
      'exporters.otlphttp/a.headers: expected a mapping of header names to strings',
      'exporters.otlphttp/a.compression: expected gzip or none, got "zstd"',
      'exporters.otlphttp/a.encoding: expected proto or json, got "xml"',
      'exporters.otlphttp/a.timeout: must be more than 0',
      'exporters.otlphttp/a.retry_on_failure.enabled: expected true or false',
      'exporters.otlphttp/a.retry_on_failure.initial_interval: "soon" is not a duration',
      'exporters.otlphttp/a.sending_queue.num_consumers: expected a positive integer',
      'exporters.otlphttp/a.sending_queue.queue_size: expected a positive integer',
      'exporters.otlphttp/a.sending_queue.max_bytes',
      'exporters.otlphttp/b: a traces pipeline sends here, but neither endpoint nor traces_endpoint is set',
    ]) expect(message).toContain(expected);
    expect(message).not.toContain('exporters.otlphttp/b: a logs pipeline');
    expect(configErrors(`receivers: { otlp: { protocols: { http: {} } } }\nexporters: { otlphttp: { endpoint: "http://x:4318" } }\n${pipelines('otlphttp')}`)).toBe('');
  });

  it('checks the tls block: readable files, a certificate with its key', () => {
    const message = configErrors(`
receivers: { otlp: {} }
exporters:
  otlphttp: { endpoint: "https://x:4318", tls: { ca_file: /nonexistent/ca.pem, cert_file: ${TLS_DIR}/client.pem, insecure_skip_verify: maybe } }
${pipelines('otlphttp')}`);
    expect(message).toContain('exporters.otlphttp.tls.ca_file: cannot read "/nonexistent/ca.pem" (ENOENT)');
    expect(message).toContain('exporters.otlphttp.tls: cert_file and key_file go together');
    expect(message).toContain('exporters.otlphttp.tls.insecure_skip_verify: expected true or false');
  });
});

const TLS_DIR = fileURLToPath(new URL('../../../test/tls', import.meta.url));

describe('otlphttp exporter', () => {
  it('delivers through a backend that answers 503 twice, drops what it answers 400 to, and counts both', async () => {
    const received: Buffer[] = [];
    let calls = 0;
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c) => chunks.push(c));
      req.on('end', () => {
        calls++;
        const body = gunzipSync(Buffer.concat(chunks));
        if (req.headers['x-tenant'] !== 'acme') res.statusCode = 401;
        else if (body.includes('refuse-me')) res.statusCode = 400;
        else if (calls <= 2) res.statusCode = 503;
        else received.push(body);
        res.end();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const telemetry = new Telemetry({ processMetrics: false });
    const config = otlpHttpExporter.createDefaultConfig();
    config.endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    config.headers = { 'x-tenant': 'acme' };
    config.retry_on_failure = { enabled: true, initial_interval: '10ms', max_interval: '20ms', max_elapsed_time: '5s' };
    const exporter = otlpHttpExporter.create({ telemetry } as ComponentSettings, config, 'otlphttp/test');
    const batch = (name: string) =>
      readTraces(Buffer.from(JSON.stringify({ resourceSpans: [{ resource: {}, scopeSpans: [{ scope: {}, spans: [{ traceId: 'ab'.repeat(16), spanId: 'cd'.repeat(8), name, startTimeUnixNano: '1', endTimeUnixNano: '2' }] }] }] })), 'json', 'p');
    const sent = batch('keep-me');
    await exporter.consumers.traces!(sent);
    await exporter.consumers.traces!(batch('refuse-me'));
    expect(exporter.queueDepth()).toBe(0);
    await exporter.shutdown();
    server.close();
    expect(received.map((b) => readTraces(b, 'protobuf', 'p'))).toEqual([sent]);
    const text = await telemetry.registry.metrics();
    expect(text).toContain('watchllm_forward_items_sent_total{exporter="otlphttp/test",signal="traces"} 1');
    expect(text).toContain('watchllm_forward_items_dropped_total{exporter="otlphttp/test",signal="traces",reason="rejected"} 1');
    expect(text).toMatch(/watchllm_forward_retries_total\{exporter="otlphttp\/test",signal="traces"\} [12]/);
  });

  it('sends over mutual TLS with a private CA and a client certificate (tls: ca_file, cert_file, key_file)', async () => {
    const pem = (name: string) => readFileSync(`${TLS_DIR}/${name}`);
    const received: string[] = [];
    // The backend trusts only client certificates signed by the test CA.
    const server = createTlsServer({ key: pem('server.key'), cert: pem('server.pem'), ca: pem('ca.pem'), requestCert: true, rejectUnauthorized: true }, (req, res) => {
      received.push(String(req.socket.getPeerCertificate().subject?.CN));
      req.resume();
      req.on('end', () => res.end());
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const config = otlpHttpExporter.createDefaultConfig();
    config.endpoint = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
    config.tls = { ...config.tls, ca_file: `${TLS_DIR}/ca.pem`, cert_file: `${TLS_DIR}/client.pem`, key_file: `${TLS_DIR}/client.key` };
    const telemetry = new Telemetry({ processMetrics: false });
    const exporter = otlpHttpExporter.create({ telemetry } as ComponentSettings, config, 'otlphttp/mtls');
    await exporter.consumers.traces!(
      readTraces(Buffer.from(JSON.stringify({ resourceSpans: [{ resource: {}, scopeSpans: [{ scope: {}, spans: [{ traceId: 'ab'.repeat(16), spanId: 'cd'.repeat(8), name: 's', startTimeUnixNano: '1', endTimeUnixNano: '2' }] }] }] })), 'json', 'p'),
    );
    await exporter.shutdown();
    server.close();
    expect(received).toEqual(['watchllm-test-client']);
    expect(await telemetry.registry.metrics()).toContain('watchllm_forward_items_sent_total{exporter="otlphttp/mtls",signal="traces"} 1');
  });
});
