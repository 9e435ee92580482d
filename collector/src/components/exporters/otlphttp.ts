/**
 * `otlphttp`: forwards what a pipeline carries to another OTLP/HTTP backend (Tempo, Jaeger, an
 * OTel Collector, a vendor), with the OTel Collector contrib exporter's config keys. Beside the
 * clickhouse exporter in a pipeline it tees the data: each batch is encoded at once and queued,
 * so the ingest path never waits on the other backend, and a failing or slow one only fills this
 * exporter's bounded queue (drops are counted by reason in watchllm_forward_items_dropped_total).
 * `tls` (a private CA, a client certificate, skipping verification) applies to https endpoints.
 */
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { ExportLogsServiceResponse, ExportMetricsServiceResponse, ExportTraceServiceResponse } from '../../otlp/proto.js';
import { durationMs, type Problems } from '../../config/validate.js';
import { createForwardingExporter, forwardingDefaults, validateForwarding, type ForwardingConfig } from '../../forward/forwarding-exporter.js';
import { sendOtlp, type SendOptions } from '../../forward/otlp-http-sender.js';
import { defaultClientTls, readClientTls, validateClientTls, type ClientTls } from '../../forward/tls.js';
import type { ExporterFactory, Signal } from '../types.js';

export interface OtlpHttpExporterConfig extends ForwardingConfig {
  /** Base URL; each signal is sent to `<endpoint>/v1/<signal>` unless its own endpoint is set. */
  endpoint: string;
  traces_endpoint: string;
  logs_endpoint: string;
  metrics_endpoint: string;
  encoding: 'proto' | 'json';
  tls: ClientTls;
}

const SIGNAL_PATHS: Record<Signal, string> = { traces: 'v1/traces', logs: 'v1/logs', metrics: 'v1/metrics' };
const ENDPOINT_KEYS = { traces: 'traces_endpoint', logs: 'logs_endpoint', metrics: 'metrics_endpoint' } as const;
const RESPONSES = { traces: ExportTraceServiceResponse, logs: ExportLogsServiceResponse, metrics: ExportMetricsServiceResponse };

/** Where a signal goes: its own endpoint, else the base endpoint plus the signal's path (as the contrib exporter builds it). */
export function signalUrl(c: Pick<OtlpHttpExporterConfig, 'endpoint' | 'traces_endpoint' | 'logs_endpoint' | 'metrics_endpoint'>, signal: Signal): string {
  const own = c[ENDPOINT_KEYS[signal]];
  if (own) return own;
  return c.endpoint ? `${c.endpoint.replace(/\/+$/, '')}/${SIGNAL_PATHS[signal]}` : '';
}

function checkUrl(v: unknown, path: string, problems: Problems): void {
  if (v === '') return;
  let url: URL | undefined;
  try {
    url = typeof v === 'string' ? new URL(v) : undefined;
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) problems.push(`${path}: "${String(v)}" is not an http:// or https:// URL`);
}

export const otlpHttpExporter: ExporterFactory<OtlpHttpExporterConfig> = {
  kind: 'exporter',
  type: 'otlphttp',
  signals: ['traces', 'logs', 'metrics'],
  createDefaultConfig: () => ({ endpoint: '', traces_endpoint: '', logs_endpoint: '', metrics_endpoint: '', encoding: 'proto', tls: defaultClientTls(), ...forwardingDefaults() }),
  validate(c, path, problems) {
    for (const key of ['endpoint', 'traces_endpoint', 'logs_endpoint', 'metrics_endpoint'] as const) checkUrl(c[key], `${path}.${key}`, problems);
    if (c.encoding !== 'proto' && c.encoding !== 'json') problems.push(`${path}.encoding: expected proto or json, got "${String(c.encoding)}"`);
    validateClientTls(c.tls, `${path}.tls`, problems);
    validateForwarding(c, path, problems);
  },
  validateForSignal(c, signal, path, problems) {
    if (!signalUrl(c, signal)) problems.push(`${path}: a ${signal} pipeline sends here, but neither endpoint nor ${ENDPOINT_KEYS[signal]} is set`);
  },
  create(settings, c, id) {
    // One pool of kept-alive connections per scheme for the exporter's lifetime.
    const agents = {
      http: new HttpAgent({ keepAlive: true }),
      https: new HttpsAgent({ keepAlive: true, ...readClientTls(c.tls), rejectUnauthorized: !c.tls.insecure_skip_verify }),
    };
    const options = (signal: Signal): SendOptions => ({
      headers: c.headers ?? {},
      encoding: c.encoding,
      compression: c.compression,
      timeoutMs: durationMs(c.timeout, '', []),
      responseType: RESPONSES[signal],
      agent: signalUrl(c, signal).startsWith('https:') ? agents.https : agents.http,
    });
    const perSignal = { traces: options('traces'), logs: options('logs'), metrics: options('metrics') };
    return createForwardingExporter({
      id,
      config: c,
      telemetry: settings.telemetry,
      encoding: c.encoding,
      targets: { traces: signalUrl(c, 'traces'), logs: signalUrl(c, 'logs'), metrics: signalUrl(c, 'metrics') },
      send: (signal, url, payload) => sendOtlp(url, payload, perSignal[signal]),
      close: () => {
        agents.http.destroy();
        agents.https.destroy();
      },
    });
  },
};
