/**
 * What the exporters that send on to another OTLP backend share (`otlphttp`, `otlp` over gRPC): the
 * contrib exporterhelper's keys (`headers`, `compression`, `timeout`, `retry_on_failure`,
 * `sending_queue`), their validation, and the consumers that encode each batch at once and queue it,
 * with every outcome counted on /metrics under the exporter's id.
 */
import { bytes, durationMs, isObject, positiveInt, type Problems } from '../config/validate.js';
import { encodeRequest } from '../otlp/encode.js';
import { countLogRecords, type LogsBatch } from '../model/logs.js';
import { countDataPoints, type MetricsBatch } from '../model/metrics.js';
import { countSpans, type TracesBatch } from '../model/types.js';
import type { Telemetry } from '../telemetry.js';
import type { Consume, Consumers, Lifecycle, Signal } from '../components/types.js';
import type { SendResult } from './otlp-http-sender.js';
import { RetryingQueue, type QueuedRequest } from './retrying-queue.js';

export interface ForwardingConfig {
  /** Sent with every request (HTTP headers, gRPC metadata); null for none. */
  headers: Record<string, string> | null;
  compression: 'gzip' | 'none';
  timeout: string | number;
  retry_on_failure: { enabled: boolean; initial_interval: string | number; max_interval: string | number; max_elapsed_time: string | number };
  /** `max_bytes` is WatchLLM's: requests are held encoded, so memory is bounded by size as well as count. */
  sending_queue: { num_consumers: number; queue_size: number; max_bytes: string | number };
}

export const forwardingDefaults = (): ForwardingConfig => ({
  headers: null,
  compression: 'gzip',
  timeout: '30s',
  retry_on_failure: { enabled: true, initial_interval: '5s', max_interval: '30s', max_elapsed_time: '300s' },
  sending_queue: { num_consumers: 10, queue_size: 1000, max_bytes: '64MiB' },
});

export function validateForwarding(c: ForwardingConfig, path: string, problems: Problems): void {
  if (c.headers !== null && (!isObject(c.headers) || Object.values(c.headers).some((v) => typeof v !== 'string'))) {
    problems.push(`${path}.headers: expected a mapping of header names to strings`);
  }
  if (c.compression !== 'gzip' && c.compression !== 'none') problems.push(`${path}.compression: expected gzip or none, got "${String(c.compression)}"`);
  if (durationMs(c.timeout, `${path}.timeout`, problems) === 0) problems.push(`${path}.timeout: must be more than 0`);
  const r = c.retry_on_failure;
  if (typeof r.enabled !== 'boolean') problems.push(`${path}.retry_on_failure.enabled: expected true or false`);
  for (const key of ['initial_interval', 'max_interval', 'max_elapsed_time'] as const) durationMs(r[key], `${path}.retry_on_failure.${key}`, problems);
  positiveInt(c.sending_queue.num_consumers, `${path}.sending_queue.num_consumers`, problems);
  positiveInt(c.sending_queue.queue_size, `${path}.sending_queue.queue_size`, problems);
  bytes(c.sending_queue.max_bytes, `${path}.sending_queue.max_bytes`, problems);
}

const COUNTS: Record<Signal, (batch: unknown) => number> = {
  traces: (b) => countSpans(b as TracesBatch),
  logs: (b) => countLogRecords(b as LogsBatch),
  metrics: (b) => countDataPoints(b as MetricsBatch),
};
const SHUTDOWN_GRACE_MS = 5000;

export interface ForwardingExporterOptions {
  /** The exporter's key in the config (`otlphttp/tempo`): its metric label and log prefix. */
  id: string;
  config: ForwardingConfig;
  telemetry: Telemetry;
  /** Signals this exporter can send, each with where to (a URL, a gRPC endpoint). */
  targets: Partial<Record<Signal, string>>;
  encoding: 'proto' | 'json';
  send(signal: Signal, target: string, payload: Buffer): Promise<SendResult>;
  /** After the queue is drained at shutdown (e.g. closing a gRPC channel). */
  close?(): void;
}

export function createForwardingExporter(o: ForwardingExporterOptions): Lifecycle & { consumers: Consumers; queueDepth(): number } {
  const { id, config: c, telemetry } = o;
  const ignore: Problems = [];
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
    send: (r) => o.send(r.signal as Signal, r.url, r.payload),
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

  const consumerFor = (signal: Signal, target: string): Consume => (batch) => {
    const items = COUNTS[signal](batch);
    if (items === 0) return Promise.resolve();
    let payload: Buffer;
    try {
      // Encoded now: the batch belongs to the pipeline once this returns.
      payload = encodeRequest(signal, batch, o.encoding);
    } catch (err) {
      telemetry.forwardDropped.inc({ exporter: id, signal, reason: 'rejected' }, items);
      warn(`could not encode a ${signal} batch: ${(err as Error).message}`);
      return Promise.resolve();
    }
    queue.offer({ signal, url: target, payload, items });
    return Promise.resolve();
  };
  const consumers: Consumers = {};
  for (const [signal, target] of Object.entries(o.targets) as [Signal, string][]) if (target) consumers[signal] = consumerFor(signal, target);
  return {
    consumers,
    // Not the store's queue: a slow backend here must not make admission refuse ingest.
    queueDepth: () => 0,
    async start() {},
    async shutdown() {
      await queue.shutdown(SHUTDOWN_GRACE_MS);
      o.close?.();
    },
  };
}
