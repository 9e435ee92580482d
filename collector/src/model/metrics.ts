import type { ResourceInfo, ScopeInfo } from './resource.js';
import type { TypedAttributes } from './types.js';

/** Exemplar of a data point; ids lower-case hex ('' when absent). */
export interface Exemplar {
  filteredAttributes: TypedAttributes;
  timeUnixNano: string;
  value: number;
  /** Sent as as_int: the exact integer (see NumberPoint). */
  intValue?: number | string;
  spanId: string;
  traceId: string;
}

interface PointBase {
  attributes: TypedAttributes;
  startTimeUnixNano: string;
  timeUnixNano: string;
  flags: number;
}

export interface NumberPoint extends PointBase {
  /** as_double, or as_int converted (the stored column is Float64, as in the contrib exporter). */
  value: number;
  /**
   * Sent as as_int: the exact integer (a decimal string past 2^53), so a forwarded point goes on
   * as as_int, as it came, and counters keep their type and every digit in the next backend.
   */
  intValue?: number | string;
  exemplars: Exemplar[];
}

export interface HistogramPoint extends PointBase {
  /** Unsigned 64-bit counts as decimal strings. */
  count: string;
  /** Absent sum/min/max are undefined (stored as 0, as the contrib exporter does). */
  sum: number | undefined;
  min: number | undefined;
  max: number | undefined;
  bucketCounts: string[];
  explicitBounds: number[];
  exemplars: Exemplar[];
}

export interface ExpBuckets {
  offset: number;
  bucketCounts: string[];
}

export interface ExpHistogramPoint extends PointBase {
  count: string;
  sum: number | undefined;
  min: number | undefined;
  max: number | undefined;
  scale: number;
  zeroCount: string;
  positive: ExpBuckets;
  negative: ExpBuckets;
  exemplars: Exemplar[];
}

export interface SummaryPoint extends PointBase {
  count: string;
  sum: number;
  quantiles: { quantile: number; value: number }[];
}

/** OTLP AggregationTemporality: 0 unspecified, 1 delta, 2 cumulative. */
export type Temporality = 0 | 1 | 2;

export type MetricData =
  | { kind: 'gauge'; points: NumberPoint[] }
  | { kind: 'sum'; points: NumberPoint[]; temporality: Temporality; isMonotonic: boolean }
  | { kind: 'histogram'; points: HistogramPoint[]; temporality: Temporality }
  | { kind: 'exponentialHistogram'; points: ExpHistogramPoint[]; temporality: Temporality }
  | { kind: 'summary'; points: SummaryPoint[] };

export interface Metric {
  name: string;
  description: string;
  unit: string;
  data: MetricData;
}

export interface ScopeMetrics {
  scope: ScopeInfo;
  metrics: Metric[];
}

export interface ResourceMetrics {
  resource: ResourceInfo;
  scopeMetrics: ScopeMetrics[];
}

export interface MetricsBatch {
  projectId: string;
  resourceMetrics: ResourceMetrics[];
  /** Data points dropped while decoding, reported as OTLP partial success. */
  rejectedDataPoints: number;
  rejectionReasons: string[];
}

/** The stage after a metrics receiver (cf. the OTel Collector's consumer.Metrics). */
export interface MetricsConsumer {
  /** Resolves once the batch is durably accepted downstream; rejects with a classified error. */
  consumeMetrics(batch: MetricsBatch): Promise<void>;
}

export function countDataPoints(batch: MetricsBatch): number {
  let n = 0;
  for (const rm of batch.resourceMetrics) for (const sm of rm.scopeMetrics) for (const m of sm.metrics) n += m.data.points.length;
  return n;
}
