import { Counter, type Registry } from 'prom-client';
import { TallyHistogram, type HistogramSeries } from './tally-histogram.js';
import { SPAN_KINDS, type ResourceSpans, type Span } from '../model/types.js';

export { STATUS_CODES } from '../model/types.js';

/**
 * RED metrics derived from spans, under the names Tempo's metrics-generator gives them, so
 * Grafana's Tempo datasource (Service Graph tab, APM table) reads them from Prometheus as it
 * reads Tempo's. One set per registry, shared by the span-metrics and service-graph processors.
 */
export interface TraceMetrics {
  calls: Counter<'service' | 'span_name' | 'span_kind' | 'status_code'>;
  latency: TallyHistogram;
  edges: Counter<'client' | 'server' | 'connection_type'>;
  failedEdges: Counter<'client' | 'server' | 'connection_type'>;
  serverSeconds: TallyHistogram;
  clientSeconds: TallyHistogram;
  unpaired: Counter<'client' | 'server'>;
  dropped: Counter<'client' | 'server'>;
}

// Tempo's span-metrics buckets, extended for LLM calls that take tens of seconds.
const LATENCY_BUCKETS = [0.002, 0.004, 0.008, 0.016, 0.032, 0.064, 0.128, 0.256, 0.512, 1.024, 2.048, 4.096, 8.192, 16.384, 32.768, 65.536];
const EDGE_BUCKETS = [0.1, 0.2, 0.4, 0.8, 1.6, 3.2, 6.4, 12.8, 25.6, 51.2];

export function traceMetrics(registry: Registry): TraceMetrics {
  // Two processors (or two pipelines) built on one registry share the metrics it already holds.
  const counter = <L extends string>(name: string, help: string, labelNames: L[]) =>
    (registry.getSingleMetric(name) as Counter<L> | undefined) ?? new Counter<L>({ name, help, labelNames, registers: [registry] });
  const histogram = (name: string, help: string, buckets: number[]) => TallyHistogram.in(registry, name, help, buckets);
  const span = ['service', 'span_name', 'span_kind', 'status_code'] as ('service' | 'span_name' | 'span_kind' | 'status_code')[];
  const edge = ['client', 'server', 'connection_type'] as ('client' | 'server' | 'connection_type')[];
  return {
    calls: counter('traces_spanmetrics_calls_total', 'Spans received, by service, name, kind and status (Tempo span metrics).', span),
    latency: histogram('traces_spanmetrics_latency', 'Span durations in seconds (Tempo span metrics).', LATENCY_BUCKETS),
    edges: counter('traces_service_graph_request_total', 'Requests between two services (client span paired with its server span, or a virtual peer).', edge),
    failedEdges: counter('traces_service_graph_request_failed_total', 'Requests between two services that failed on either side.', edge),
    serverSeconds: histogram('traces_service_graph_request_server_seconds', "Server side's duration of requests between two services.", EDGE_BUCKETS),
    clientSeconds: histogram('traces_service_graph_request_client_seconds', "Client side's duration of requests between two services.", EDGE_BUCKETS),
    unpaired: counter('traces_service_graph_unpaired_spans_total', 'Client or server spans whose other side did not arrive in time.', ['client', 'server']),
    dropped: counter('traces_service_graph_dropped_spans_total', 'Spans not paired because too many were waiting for their other side.', ['client', 'server']),
  };
}

export const STATUS_ERROR = 2;

export function spanKindName(span: Span): string {
  return SPAN_KINDS[span.kind] ?? 'SPAN_KIND_UNSPECIFIED';
}

export function serviceOf(rs: ResourceSpans): string {
  const v = rs.resource.values['service.name'];
  return typeof v === 'string' && v !== '' ? v : 'unknown_service';
}

/** Seconds between a span's start and end (doubles: metrics need no nanosecond precision). */
export function durationSeconds(span: Span): number {
  const start = span.startTimeUnixNano;
  const end = span.endTimeUnixNano;
  // Most spans start and end within the same 10^12 ns (~17 min): subtracting the low digits alone
  // skips parsing the 19-digit strings whole, a fifth of this processor's time per span.
  const cut = start.length - 12;
  if (cut > 0 && end.length === start.length && end.startsWith(start.slice(0, cut))) {
    return Math.max(0, (Number(end.slice(cut)) - Number(start.slice(cut))) / 1e9);
  }
  return Math.max(0, (Number(end) - Number(start)) / 1e9);
}

type EdgeLabels = Record<'client' | 'server' | 'connection_type', string>;

/**
 * Edges found while processing one batch, summed per label set and written to the metrics once
 * per set: a label lookup in prom-client costs about as much as the rest of a span's work.
 */
export class EdgeTally {
  // client → server → connection type: no key string is built per edge.
  private readonly edges = new Map<string, Map<string, Map<string, Edge>>>();
  /**
   * `serverLabel` names the server in the labels (e.g. "other" past a bound on pairs); it runs once
   * per client and server in a batch, not per edge.
   */
  constructor(
    private readonly metrics: TraceMetrics,
    private readonly serverLabel: (client: string, server: string) => string,
  ) {}

  /** One request; a side's seconds are undefined when its span was not seen (a virtual peer, an uninstrumented user). */
  add(client: string, server: string, connectionType: string, clientSeconds: number | undefined, serverSeconds: number | undefined, failed: boolean): void {
    let servers = this.edges.get(client);
    if (!servers) this.edges.set(client, (servers = new Map()));
    let types = servers.get(server);
    if (!types) servers.set(server, (types = new Map()));
    let e = types.get(connectionType);
    if (!e) {
      const labels = { client, server: this.serverLabel(client, server), connection_type: connectionType };
      types.set(connectionType, (e = { labels, requests: 0, failed: 0, server: [], client: [] }));
    }
    e.requests++;
    if (failed) e.failed++;
    if (serverSeconds !== undefined) e.server.push(serverSeconds);
    if (clientSeconds !== undefined) e.client.push(clientSeconds);
  }

  flush(): void {
    for (const servers of this.edges.values()) {
      for (const types of servers.values()) {
        for (const e of types.values()) {
          const key = `${e.labels.client}\u0000${e.labels.server}\u0000${e.labels.connection_type}`;
          this.metrics.edges.inc(e.labels, e.requests);
          if (e.failed) this.metrics.failedEdges.inc(e.labels, e.failed);
          observeAll(this.metrics.serverSeconds.of(key, () => e.labels), e.server);
          observeAll(this.metrics.clientSeconds.of(key, () => e.labels), e.client);
        }
      }
    }
    this.edges.clear();
  }
}

interface Edge {
  labels: EdgeLabels;
  requests: number;
  failed: number;
  server: number[];
  client: number[];
}

function observeAll(series: HistogramSeries, values: number[]): void {
  for (const v of values) series.observe(v);
}
