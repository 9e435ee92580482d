/**
 * `otlphttp`: forwards what a pipeline carries to another OTLP/HTTP backend (Tempo, Jaeger, an
 * OTel Collector, a vendor), with the OTel Collector contrib exporter's config keys. Beside the
 * clickhouse exporter in a pipeline it tees the data: each batch is encoded at once and queued,
 * so the ingest path never waits on the other backend, and a failing or slow one only fills this
 * exporter's bounded queue (drops are counted by reason in watchllm_forward_items_dropped_total).
 */
import { encodeRequest } from '../../otlp/encode.js';
import { ExportLogsServiceResponse, ExportMetricsServiceResponse, ExportTraceServiceResponse } from '../../otlp/proto.js';
import { countLogRecords, type LogsBatch } from '../../model/logs.js';
import { countDataPoints, type MetricsBatch } from '../../model/metrics.js';
import { countSpans, type TracesBatch } from '../../model/types.js';
import { bytes, durationMs, isObject, positiveInt, type Problems } from '../../config/validate.js';
import { sendOtlp, type SendOptions } from '../../forward/otlp-http-sender.js';
import { RetryingQueue, type QueuedRequest } from '../../forward/retrying-queue.js';
import type { Consume, Consumers, ExporterFactory, Signal } from '../types.js';

export interface OtlpHttpExporterConfig {
  /** Base URL; each signal is sent to `<endpoint>/v1/<signal>` unless its own endpoint is set. */
  endpoint: string;
  traces_endpoint: string;
  logs_endpoint: string;
  metrics_endpoint: string;
  /** Sent with every request (e.g. `Authorization`); null for none. */
  headers: Record<string, string> | null;
  compression: 'gzip' | 'none';
  encoding: 'proto' | 'json';
  timeout: string | number;
  retry_on_failure: { enabled: boolean; initial_interval: string | number; max_interval: string | number; max_elapsed_time: string | number };
  /** `max_bytes` is WatchLLM's: requests are held encoded, so memory is bounded by size as well as count. */
  sending_queue: { num_consumers: number; queue_size: number; max_bytes: string | number };
}

const SIGNAL_PATHS: Record<Signal, string> = { traces: 'v1/traces', logs: 'v1/logs', metrics: 'v1/metrics' };
const ENDPOINT_KEYS = { traces: 'traces_endpoint', logs: 'logs_endpoint', metrics: 'metrics_endpoint' } as const;
const RESPONSES = { traces: ExportTraceServiceResponse, logs: ExportLogsServiceResponse, metrics: ExportMetricsServiceResponse };
const COUNTS: Record<Signal, (batch: unknown) => number> = {
  traces: (b) => countSpans(b as TracesBatch),
  logs: (b) => countLogRecords(b as LogsBatch),
  metrics: (b) => countDataPoints(b as MetricsBatch),
};
const SHUTDOWN_GRACE_MS = 5000;

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
  createDefaultConfig: () => ({
    endpoint: '',
    traces_endpoint: '',
    logs_endpoint: '',
    metrics_endpoint: '',
    headers: null,
    compression: 'gzip',
    encoding: 'proto',
    timeout: '30s',
    retry_on_failure: { enabled: true, initial_interval: '5s', max_interval: '30s', max_elapsed_time: '300s' },
    sending_queue: { num_consumers: 10, queue_size: 1000, max_bytes: '64MiB' },
  }),
  validate(c, path, problems) {
    for (const key of ['endpoint', 'traces_endpoint', 'logs_endpoint', 'metrics_endpoint'] as const) checkUrl(c[key], `${path}.${key}`, problems);
    if (c.headers !== null && (!isObject(c.headers) || Object.values(c.headers).some((v) => typeof v !== 'string'))) {
      problems.push(`${path}.headers: expected a mapping of header names to strings`);
    }
    if (c.compression !== 'gzip' && c.compression !== 'none') problems.push(`${path}.compression: expected gzip or none, got "${String(c.compression)}"`);
    if (c.encoding !== 'proto' && c.encoding !== 'json') problems.push(`${path}.encoding: expected proto or json, got "${String(c.encoding)}"`);
    if (durationMs(c.timeout, `${path}.timeout`, problems) === 0) problems.push(`${path}.timeout: must be more than 0`);
    const r = c.retry_on_failure;
    if (typeof r.enabled !== 'boolean') problems.push(`${path}.retry_on_failure.enabled: expected true or false`);
    for (const key of ['initial_interval', 'max_interval', 'max_elapsed_time'] as const) durationMs(r[key], `${path}.retry_on_failure.${key}`, problems);
    positiveInt(c.sending_queue.num_consumers, `${path}.sending_queue.num_consumers`, problems);
    positiveInt(c.sending_queue.queue_size, `${path}.sending_queue.queue_size`, problems);
    bytes(c.sending_queue.max_bytes, `${path}.sending_queue.max_bytes`, problems);
  },
  validateForSignal(c, signal, path, problems) {
    if (!signalUrl(c, signal)) problems.push(`${path}: a ${signal} pipeline sends here, but neither endpoint nor ${ENDPOINT_KEYS[signal]} is set`);
  },
  create(settings, c, id) {
    const ignore: Problems = [];
    const telemetry = settings.telemetry;
    const sendOptions = (signal: Signal): SendOptions => ({
      headers: c.headers ?? {},
      encoding: c.encoding,
      compression: c.compression,
      timeoutMs: durationMs(c.timeout, '', ignore),
      responseType: RESPONSES[signal],
    });
    const perSignal = { traces: sendOptions('traces'), logs: sendOptions('logs'), metrics: sendOptions('metrics') };
    const labels = (r: QueuedRequest) => ({ exporter: id, signal: r.signal });
    let lastWarning = 0;
    // At most one line every 10 s: a backend that is down would otherwise log for every request.
    const warn = (message: string) => {
      if (Date.now() - lastWarning < 10_000) return;
      lastWarning = Date.now();
      console.warn(`${id} exporter: ${message}`);
    };
    const queue = new RetryingQueue({
      consumers: c.sending_queue.num_consumers,
      maxRequests: c.sending_queue.queue_size,
      maxBytes: bytes(c.sending_queue.max_bytes, '', ignore),
      retry: {
        enabled: c.retry_on_failure.enabled,
        initialIntervalMs: durationMs(c.retry_on_failure.initial_interval, '', ignore),
        maxIntervalMs: durationMs(c.retry_on_failure.max_interval, '', ignore),
        maxElapsedMs: durationMs(c.retry_on_failure.max_elapsed_time, '', ignore),
      },
      send: (r) => sendOtlp(r.url, r.payload, perSignal[r.signal as Signal]),
      events: {
        sent(r, rejected, message) {
          telemetry.forwarded.inc(labels(r), r.items - rejected);
          if (rejected > 0) {
            telemetry.forwardDropped.inc({ ...labels(r), reason: 'rejected' }, rejected);
            warn(`${r.url} rejected ${rejected} of ${r.items} items${message ? `: ${message}` : ''}`);
          }
        },
        retried(r, message) {
          telemetry.forwardRetries.inc(labels(r));
          warn(`retrying: ${message}`);
        },
        dropped(r, reason, items, message) {
          telemetry.forwardDropped.inc({ ...labels(r), reason }, items);
          warn(`dropped ${items} ${r.signal} items (${reason}): ${message}`);
        },
      },
    });
    telemetry.watchForwardQueue(id, () => queue.depth);

    const consumerFor = (signal: Signal): Consume => {
      const url = signalUrl(c, signal);
      return (batch) => {
        const items = COUNTS[signal](batch);
        if (items === 0) return Promise.resolve();
        let payload: Buffer;
        try {
          // Encoded now: the batch belongs to the pipeline once this returns.
          payload = encodeRequest(signal, batch, c.encoding);
        } catch (err) {
          telemetry.forwardDropped.inc({ exporter: id, signal, reason: 'rejected' }, items);
          warn(`could not encode a ${signal} batch: ${(err as Error).message}`);
          return Promise.resolve();
        }
        queue.offer({ signal, url, payload, items });
        return Promise.resolve();
      };
    };
    const consumers: Consumers = {};
    for (const signal of ['traces', 'logs', 'metrics'] as const) if (signalUrl(c, signal)) consumers[signal] = consumerFor(signal);
    return {
      consumers,
      // Not the store's queue: a slow backend here must not make admission refuse ingest.
      queueDepth: () => 0,
      async start() {},
      shutdown: () => queue.shutdown(SHUTDOWN_GRACE_MS),
    };
  },
};
