import { AggregatorRegistry, Counter, Gauge, Histogram, Registry, collectDefaultMetrics, type MetricObjectWithValues, type MetricValue } from 'prom-client';

/** A registry's metrics as JSON (`getMetricsAsJSON`), e.g. from a worker thread's Telemetry. */
export type MetricsJson = MetricObjectWithValues<MetricValue<string>>[];

/** Which registry: the collector's own (/metrics) or the span-derived one (/metrics/spans). */
export type MetricsKind = 'own' | 'spans';

/** Metrics kept in another thread, read at each scrape of the registry asked for. */
export type RemoteMetrics = (which: MetricsKind) => Promise<MetricsJson>;

/** What a /metrics endpoint serves: Prometheus text and its content type. */
export interface MetricsExposition {
  readonly contentType: string;
  metrics(): Promise<string>;
}

/** What the spool gauges read from a spool. */
export interface SpoolLevels {
  readonly bytes: number;
  readonly oldestAgeMs: number;
}

/**
 * A label whose values come from senders (a model name): past `max` distinct values the rest
 * count under "other", so a client sending endless new names cannot grow the registry (and
 * every scrape) without bound.
 */
export class BoundedLabel {
  private readonly seen = new Set<string>();
  constructor(readonly max: number) {}

  of(value: string): string {
    if (this.seen.has(value)) return value;
    if (this.seen.size >= this.max) return 'other';
    this.seen.add(value);
    return value;
  }
}

/**
 * The collector's own metrics, Prometheus-named (`watchllm_…`). One instance per
 * process, passed to components; served at /metrics by whichever role runs.
 */
export class Telemetry {
  readonly registry = new Registry();
  /**
   * Metrics derived from the spans themselves under Tempo's metrics-generator names
   * (traces_spanmetrics_*, traces_service_graph_*), which Grafana queries by those names:
   * served apart (/metrics/spans) so /metrics holds only the collector's own watchllm_ metrics.
   */
  readonly spanMetricsRegistry = new Registry();

  readonly received = new Counter({
    name: 'watchllm_receiver_items_received_total',
    help: 'Spans, log records or data points received, before any refusal.',
    labelNames: ['signal', 'transport'],
    registers: [this.registry],
  });
  readonly accepted = new Counter({
    name: 'watchllm_receiver_items_accepted_total',
    help: 'Items acknowledged to the client (spooled or written).',
    labelNames: ['signal', 'transport'],
    registers: [this.registry],
  });
  readonly refused = new Counter({
    name: 'watchllm_receiver_requests_refused_total',
    help: 'Requests refused, by reason (bad_request, unauthenticated, too_large, rate_limited, overloaded, …).',
    labelNames: ['signal', 'transport', 'reason'],
    registers: [this.registry],
  });
  readonly dropped = new Counter({
    name: 'watchllm_items_dropped_total',
    help: 'Items not stored because they were invalid (e.g. ids of the wrong length): reported to the client as partial success, or refused with the request when none was valid.',
    labelNames: ['signal', 'reason'],
    registers: [this.registry],
  });
  readonly requestBytes = new Histogram({
    name: 'watchllm_receiver_request_bytes',
    help: 'Request body size as received (HTTP: before gzip is undone; gRPC: the message after grpc-js inflated it).',
    labelNames: ['signal', 'transport'],
    buckets: [1024, 8192, 65536, 262144, 1048576, 4194304, 16777216],
    registers: [this.registry],
  });
  readonly batchSize = new Histogram({
    name: 'watchllm_exporter_batch_items',
    help: 'Rows per insert.',
    labelNames: ['signal'],
    buckets: [10, 100, 500, 1000, 2000, 5000, 10000, 50000],
    registers: [this.registry],
  });
  readonly exportSeconds = new Histogram({
    name: 'watchllm_exporter_insert_duration_seconds',
    help: 'Time to insert one batch into the store.',
    labelNames: ['signal', 'outcome'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });
  readonly rejectedBatches = new Counter({
    name: 'watchllm_exporter_rejected_batches_total',
    help: 'Spooled batches the store refused as invalid rows (retrying cannot help): moved to <spool dir>/rejected with the store\'s message, not inserted.',
    labelNames: ['table'],
    registers: [this.registry],
  });
  /** Read at every scrape: gauges set as batches come and go would freeze during an outage, or be missing at start. */
  private readonly queues = new Set<() => number>();
  private readonly spools = new Set<SpoolLevels>();
  readonly queueDepth: Gauge = new Gauge({
    name: 'watchllm_exporter_queue_items',
    help: 'Items waiting to be written.',
    labelNames: ['signal'],
    registers: [this.registry],
    collect: () => {
      let items = 0;
      for (const depth of this.queues) items += depth();
      this.queueDepth.set({ signal: 'all' }, items);
    },
  });
  readonly spoolBytes: Gauge = new Gauge({
    name: 'watchllm_spool_bytes',
    help: 'Bytes in the on-disk spool not yet written to the store.',
    registers: [this.registry],
    collect: () => {
      let bytes = 0;
      for (const s of this.spools) bytes += s.bytes;
      this.spoolBytes.set(bytes);
    },
  });
  readonly spoolAgeSeconds: Gauge = new Gauge({
    name: 'watchllm_spool_oldest_age_seconds',
    help: 'Age of the oldest spooled batch.',
    registers: [this.registry],
    collect: () => {
      let ageMs = 0;
      for (const s of this.spools) ageMs = Math.max(ageMs, s.oldestAgeMs);
      this.spoolAgeSeconds.set(ageMs / 1000);
    },
  });
  readonly truncated = new Counter({
    name: 'watchllm_attributes_truncated_total',
    help: 'Attributes dropped or values shortened by the limits processor.',
    labelNames: ['what'],
    registers: [this.registry],
  });
  readonly redacted = new Counter({
    name: 'watchllm_redaction_attributes_total',
    help: 'Attributes (and log body fields) the redaction processor removed or masked.',
    labelNames: ['signal', 'action'],
    registers: [this.registry],
  });
  readonly filtered = new Counter({
    name: 'watchllm_processor_filtered_items_total',
    help: 'Spans, log records and data points a filter processor dropped on purpose (acknowledged, not stored).',
    labelNames: ['signal'],
    registers: [this.registry],
  });
  readonly sampledOut = new Counter({
    name: 'watchllm_processor_sampled_out_items_total',
    help: 'Spans and log records the probabilistic_sampler processor left out (acknowledged, not stored).',
    labelNames: ['signal'],
    registers: [this.registry],
  });
  readonly mediaExtracted = new Counter({
    name: 'watchllm_processor_media_extracted_total',
    help: 'Base64 files (images, audio, PDFs) the media processor replaced by a @@@langfuseMedia reference, the file kept in watchllm_media.',
    labelNames: ['signal'],
    registers: [this.registry],
  });
  readonly mediaExtractedBytes = new Counter({
    name: 'watchllm_processor_media_extracted_bytes_total',
    help: 'Decoded bytes of the files the media processor took out of spans and log records.',
    labelNames: ['signal'],
    registers: [this.registry],
  });
  readonly mediaTooLarge = new Counter({
    name: 'watchllm_processor_media_too_large_total',
    help: 'Base64 files over the media processor\'s max_media_bytes, left inline (limits then cuts them).',
    labelNames: ['signal'],
    registers: [this.registry],
  });
  readonly genaiSpans = new Counter({
    name: 'watchllm_genai_spans_total',
    help: 'Spans normalized as GenAI, by matched convention (first in precedence) and step type.',
    labelNames: ['convention', 'step_type'],
    registers: [this.registry],
  });
  readonly genaiUnmapped = new Counter({
    name: 'watchllm_genai_unmapped_attributes_total',
    help: 'GenAI-looking attributes seen but not understood by the normalizer.',
    registers: [this.registry],
  });
  readonly genaiUnpriced = new Counter({
    name: 'watchllm_genai_unpriced_spans_total',
    help: 'LLM spans whose model has no known price (cost stored as NULL); past 100 models, the rest as model="other".',
    labelNames: ['model'],
    registers: [this.registry],
  });
  readonly unpricedModels = new BoundedLabel(100);
  /** Items the otlphttp exporters forwarded to another backend, and those they gave up on (and why). */
  readonly forwarded = new Counter({
    name: 'watchllm_forward_items_sent_total',
    help: 'Spans, log records and data points an otlphttp exporter delivered to its endpoint.',
    labelNames: ['exporter', 'signal'],
    registers: [this.registry],
  });
  readonly forwardDropped = new Counter({
    name: 'watchllm_forward_items_dropped_total',
    help: 'Items an otlphttp exporter did not deliver: queue_full, rejected (a non-retryable answer or a partial success), retries_exhausted, shutdown.',
    labelNames: ['exporter', 'signal', 'reason'],
    registers: [this.registry],
  });
  readonly forwardRetries = new Counter({
    name: 'watchllm_forward_retries_total',
    help: 'Export requests an otlphttp exporter sent again after a retryable answer or a network failure.',
    labelNames: ['exporter', 'signal'],
    registers: [this.registry],
  });
  readonly forwardQueue: Gauge = new Gauge({
    name: 'watchllm_forward_queue_requests',
    help: 'Export requests waiting in, or being sent from, an otlphttp exporter’s sending queue.',
    labelNames: ['exporter'],
    registers: [this.registry],
    collect: () => {
      for (const [exporter, depth] of this.forwardQueues) this.forwardQueue.set({ exporter }, depth());
    },
  });
  private readonly forwardQueues = new Map<string, () => number>();

  constructor(options: { processMetrics?: boolean } = {}) {
    if (options.processMetrics !== false) collectDefaultMetrics({ register: this.registry, prefix: 'watchllm_' });
  }

  /**
   * /metrics (`own`) or /metrics/spans (`spans`): this thread's registry with every remote one's
   * series added in (counters and histograms summed per label set), as one exposition.
   */
  exposition(which: MetricsKind): MetricsExposition {
    const registry = this.registryOf(which);
    return {
      contentType: registry.contentType,
      metrics: async () => {
        if (this.remotes.size === 0) return registry.metrics();
        const [local, ...remote] = await Promise.all([registry.getMetricsAsJSON(), ...[...this.remotes].map((read) => read(which))]);
        return AggregatorRegistry.aggregate([local, ...remote] as never).metrics();
      },
    };
  }

  registryOf(which: MetricsKind): Registry {
    return which === 'own' ? this.registry : this.spanMetricsRegistry;
  }

  /** Adds another thread's metrics to every scrape of this process; the returned function stops it. */
  addRemote(read: RemoteMetrics): () => void {
    this.remotes.add(read);
    return () => void this.remotes.delete(read);
  }

  private readonly remotes = new Set<RemoteMetrics>();

  /** Reports this many items waiting to be written in the queue gauge, as they are at each scrape. */
  watchQueue(depth: () => number): void {
    this.queues.add(depth);
  }

  /** Reports an otlphttp exporter's sending queue in the forward queue gauge, as it is at each scrape. */
  watchForwardQueue(exporter: string, depth: () => number): void {
    this.forwardQueues.set(exporter, depth);
  }

  /** Reports this spool's bytes and oldest batch in the spool gauges, as they are at each scrape. */
  watchSpool(spool: SpoolLevels): void {
    this.spools.add(spool);
  }
}
