import type { Exemplar, Metric, MetricsBatch, ResourceMetrics, ScopeMetrics } from '../model/metrics.js';
import type { TypedAttributes } from '../model/types.js';
import { serviceNameOf } from './log-rows.js';
import { LOGS_METRICS_TABLES } from './migrations/002-logs-metrics.js';
import { nanosToDateTime64 } from './trace-rows.js';
import { stringifyAttributes } from './values.js';

export type MetricTable = (typeof LOGS_METRICS_TABLES)[Exclude<keyof typeof LOGS_METRICS_TABLES, 'logs'>];

/** One otel_metrics_* row in JSONEachRow shape, tagged with the table it belongs to. */
export interface MetricRow {
  table: MetricTable;
  row: Record<string, unknown>;
}

/** Values as ClickHouse reads them from JSON: JSON has no NaN/Infinity, so those go as ClickHouse's own spellings. */
export function float(v: number): number | string {
  if (Number.isFinite(v)) return v;
  return Number.isNaN(v) ? 'nan' : v > 0 ? 'inf' : '-inf';
}

function plainMap(a: TypedAttributes): Record<string, string> {
  // otel_metrics_* have no AttributeTypes column (contrib layout); values are stored as strings.
  return stringifyAttributes(a, '', {});
}

export function metricRows(batch: MetricsBatch): MetricRow[] {
  const rows: MetricRow[] = [];
  for (const rm of batch.resourceMetrics) {
    for (const sm of rm.scopeMetrics) {
      const shared = sharedColumns(rm, sm, batch.projectId);
      for (const metric of sm.metrics) pushMetricRows(rows, metric, shared);
    }
  }
  return rows;
}

/** Rows grouped per destination table, the shape the ClickHouse exporter writes. */
export function groupByTable(rows: MetricRow[]): { table: MetricTable; rows: Record<string, unknown>[] }[] {
  const byTable = new Map<MetricTable, Record<string, unknown>[]>();
  for (const { table, row } of rows) {
    let list = byTable.get(table);
    if (!list) byTable.set(table, (list = []));
    list.push(row);
  }
  return [...byTable].map(([table, tableRows]) => ({ table, rows: tableRows }));
}

export function metricTableRows(batch: MetricsBatch): { table: MetricTable; rows: Record<string, unknown>[] }[] {
  return groupByTable(metricRows(batch));
}

function sharedColumns(rm: ResourceMetrics, sm: ScopeMetrics, projectId: string): Record<string, unknown> {
  return {
    ResourceAttributes: plainMap(rm.resource.attributes),
    ResourceSchemaUrl: rm.resource.schemaUrl,
    ScopeName: sm.scope.name,
    ScopeVersion: sm.scope.version,
    ScopeAttributes: plainMap(sm.scope.attributes),
    ScopeDroppedAttrCount: sm.scope.droppedAttributesCount,
    ScopeSchemaUrl: sm.scope.schemaUrl,
    ServiceName: serviceNameOf(rm.resource),
    ProjectId: projectId,
  };
}

interface PointCommon {
  attributes: TypedAttributes;
  startTimeUnixNano: string;
  timeUnixNano: string;
  flags: number;
}

function pointColumns(shared: Record<string, unknown>, m: Metric, p: PointCommon): Record<string, unknown> {
  return {
    ...shared,
    MetricName: m.name,
    MetricDescription: m.description,
    MetricUnit: m.unit,
    Attributes: plainMap(p.attributes),
    StartTimeUnix: nanosToDateTime64(p.startTimeUnixNano),
    TimeUnix: nanosToDateTime64(p.timeUnixNano),
    Flags: p.flags,
  };
}

function exemplarColumns(exemplars: Exemplar[]): Record<string, unknown[]> {
  return {
    'Exemplars.FilteredAttributes': exemplars.map((e) => plainMap(e.filteredAttributes)),
    'Exemplars.TimeUnix': exemplars.map((e) => nanosToDateTime64(e.timeUnixNano)),
    'Exemplars.Value': exemplars.map((e) => float(e.value)),
    'Exemplars.SpanId': exemplars.map((e) => e.spanId),
    'Exemplars.TraceId': exemplars.map((e) => e.traceId),
  };
}

const T = LOGS_METRICS_TABLES;

function pushMetricRows(rows: MetricRow[], m: Metric, shared: Record<string, unknown>): void {
  const d = m.data;
  switch (d.kind) {
    case 'gauge':
      for (const p of d.points) {
        rows.push({ table: T.gauge, row: { ...pointColumns(shared, m, p), Value: float(p.value), ...exemplarColumns(p.exemplars) } });
      }
      return;
    case 'sum':
      for (const p of d.points) {
        const row = { ...pointColumns(shared, m, p), Value: float(p.value), ...exemplarColumns(p.exemplars), AggregationTemporality: d.temporality, IsMonotonic: d.isMonotonic };
        rows.push({ table: T.sum, row });
      }
      return;
    case 'histogram':
      for (const p of d.points) {
        const row = {
          ...pointColumns(shared, m, p),
          Count: p.count,
          Sum: float(p.sum ?? 0),
          BucketCounts: p.bucketCounts,
          ExplicitBounds: p.explicitBounds.map(float),
          ...exemplarColumns(p.exemplars),
          Min: float(p.min ?? 0),
          Max: float(p.max ?? 0),
          AggregationTemporality: d.temporality,
        };
        rows.push({ table: T.histogram, row });
      }
      return;
    case 'exponentialHistogram':
      for (const p of d.points) {
        const row = {
          ...pointColumns(shared, m, p),
          Count: p.count,
          Sum: float(p.sum ?? 0),
          Scale: p.scale,
          ZeroCount: p.zeroCount,
          PositiveOffset: p.positive.offset,
          PositiveBucketCounts: p.positive.bucketCounts,
          NegativeOffset: p.negative.offset,
          NegativeBucketCounts: p.negative.bucketCounts,
          ...exemplarColumns(p.exemplars),
          Min: float(p.min ?? 0),
          Max: float(p.max ?? 0),
          AggregationTemporality: d.temporality,
        };
        rows.push({ table: T.exponentialHistogram, row });
      }
      return;
    case 'summary':
      for (const p of d.points) {
        const row = {
          ...pointColumns(shared, m, p),
          Count: p.count,
          Sum: float(p.sum),
          'ValueAtQuantiles.Quantile': p.quantiles.map((q) => float(q.quantile)),
          'ValueAtQuantiles.Value': p.quantiles.map((q) => float(q.value)),
        };
        rows.push({ table: T.summary, row });
      }
      return;
  }
}
