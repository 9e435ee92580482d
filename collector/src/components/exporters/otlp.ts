/**
 * `otlp`: forwards what a pipeline carries to another backend over OTLP/gRPC (Tempo, Jaeger, an
 * OTel Collector), with the contrib exporter's keys (`endpoint`, `tls`, `headers` as metadata,
 * `compression`, `timeout`, `retry_on_failure`, `sending_queue`). Like `otlphttp`, it queues
 * each batch encoded and never holds up ingest.
 */
import { durationMs } from '../../config/validate.js';
import { createForwardingExporter, forwardingDefaults, validateForwarding, type ForwardingConfig } from '../../forward/forwarding-exporter.js';
import { createGrpcSender, grpcTarget } from '../../forward/otlp-grpc-sender.js';
import { defaultClientTls, validateClientTls, type ClientTls } from '../../forward/tls.js';
import type { ExporterFactory } from '../types.js';

export interface OtlpGrpcExporterConfig extends ForwardingConfig {
  /** `host:port` (TLS unless `tls.insecure`), or `http://host:port` / `https://host:port`. */
  endpoint: string;
  tls: ClientTls;
}

export const otlpGrpcExporter: ExporterFactory<OtlpGrpcExporterConfig> = {
  kind: 'exporter',
  type: 'otlp',
  signals: ['traces', 'logs', 'metrics'],
  createDefaultConfig: () => ({
    endpoint: '',
    tls: defaultClientTls(),
    ...forwardingDefaults(),
  }),
  validate(c, path, problems) {
    const { address } = grpcTarget(typeof c.endpoint === 'string' ? c.endpoint : '', c.tls);
    if (!/^(\[[0-9a-fA-F:.]+\]|[^\s:/[\]]+):\d{1,5}$/.test(address)) problems.push(`${path}.endpoint: "${String(c.endpoint)}" is not host:port (e.g. tempo:4317)`);
    validateClientTls(c.tls, `${path}.tls`, problems);
    validateForwarding(c, path, problems);
  },
  create(settings, c, id) {
    const sender = createGrpcSender(c.endpoint, { tls: c.tls, headers: c.headers ?? {}, compression: c.compression, timeoutMs: durationMs(c.timeout, '', []) });
    return createForwardingExporter({
      id,
      config: c,
      telemetry: settings.telemetry,
      encoding: 'proto',
      targets: { traces: c.endpoint, logs: c.endpoint, metrics: c.endpoint },
      send: (signal, _target, payload) => sender.send(signal, payload),
      close: sender.close,
    });
  },
};
