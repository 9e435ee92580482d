import type { TableSpec } from '../ddl.js';
import type { Migration } from '../schema.js';

/**
 * otel_logs and otel_metrics_* with the OTel Collector contrib ClickHouse
 * exporter's columns (same names and types, so Grafana's ClickHouse datasource
 * works), plus ProjectId first in every sort key so reads stay per project.
 */
export const LOGS_METRICS_TABLES = {
  logs: 'otel_logs',
  gauge: 'otel_metrics_gauge',
  sum: 'otel_metrics_sum',
  histogram: 'otel_metrics_histogram',
  exponentialHistogram: 'otel_metrics_exponential_histogram',
  summary: 'otel_metrics_summary',
} as const;

const map = 'Map(LowCardinality(String), String)';
const projectId = "ProjectId LowCardinality(String) DEFAULT 'default' CODEC(ZSTD(1))";
// A replayed batch with the same insert_deduplication_token is dropped inside this window.
const settings = 'index_granularity = 8192, ttl_only_drop_parts = 1, non_replicated_deduplication_window = 10000';

const logsTable: TableSpec = {
  name: LOGS_METRICS_TABLES.logs,
  columns: [
    'Timestamp DateTime64(9) CODEC(Delta(8), ZSTD(1))',
    'TimestampTime DateTime DEFAULT toDateTime(Timestamp)',
    'TraceId String CODEC(ZSTD(1))',
    'SpanId String CODEC(ZSTD(1))',
    'TraceFlags UInt8',
    'SeverityText LowCardinality(String) CODEC(ZSTD(1))',
    'SeverityNumber UInt8',
    'ServiceName LowCardinality(String) CODEC(ZSTD(1))',
    'Body String CODEC(ZSTD(1))',
    'ResourceSchemaUrl LowCardinality(String) CODEC(ZSTD(1))',
    `ResourceAttributes ${map} CODEC(ZSTD(1))`,
    'ScopeSchemaUrl LowCardinality(String) CODEC(ZSTD(1))',
    'ScopeName String CODEC(ZSTD(1))',
    'ScopeVersion LowCardinality(String) CODEC(ZSTD(1))',
    `ScopeAttributes ${map} CODEC(ZSTD(1))`,
    `LogAttributes ${map} CODEC(ZSTD(1))`,
    // OTLP event_name (or the older `event.name` attribute): GenAI content events arrive as named log records.
    'EventName LowCardinality(String) CODEC(ZSTD(1))',
    projectId,
    // OTLP types of non-string values so they read back typed. Keys: 'r.<key>' resource,
    // 'sc.<key>' scope, 'l.<key>' log attribute, 'body' the body when it is not a string.
    'AttributeTypes Map(LowCardinality(String), LowCardinality(String)) CODEC(ZSTD(1))',
  ],
  indexes: [
    // Trace and span id blooms let the query side join log records to spans.
    'INDEX idx_trace_id TraceId TYPE bloom_filter(0.001) GRANULARITY 1',
    'INDEX idx_span_id SpanId TYPE bloom_filter(0.001) GRANULARITY 1',
    'INDEX idx_res_attr_key mapKeys(ResourceAttributes) TYPE bloom_filter(0.01) GRANULARITY 1',
    'INDEX idx_res_attr_value mapValues(ResourceAttributes) TYPE bloom_filter(0.01) GRANULARITY 1',
    'INDEX idx_scope_attr_key mapKeys(ScopeAttributes) TYPE bloom_filter(0.01) GRANULARITY 1',
    'INDEX idx_scope_attr_value mapValues(ScopeAttributes) TYPE bloom_filter(0.01) GRANULARITY 1',
    'INDEX idx_log_attr_key mapKeys(LogAttributes) TYPE bloom_filter(0.01) GRANULARITY 1',
    'INDEX idx_log_attr_value mapValues(LogAttributes) TYPE bloom_filter(0.01) GRANULARITY 1',
    'INDEX idx_body Body TYPE tokenbf_v1(32768, 3, 0) GRANULARITY 8',
  ],
  engine: 'MergeTree',
  partitionBy: 'toDate(TimestampTime)',
  primaryKey: '(ProjectId, ServiceName, TimestampTime)',
  orderBy: '(ProjectId, ServiceName, TimestampTime, Timestamp)',
  settings,
};

const METRIC_COMMON_COLUMNS = [
  `ResourceAttributes ${map} CODEC(ZSTD(1))`,
  'ResourceSchemaUrl String CODEC(ZSTD(1))',
  'ScopeName String CODEC(ZSTD(1))',
  'ScopeVersion String CODEC(ZSTD(1))',
  `ScopeAttributes ${map} CODEC(ZSTD(1))`,
  'ScopeDroppedAttrCount UInt32 CODEC(ZSTD(1))',
  'ScopeSchemaUrl String CODEC(ZSTD(1))',
  'ServiceName LowCardinality(String) CODEC(ZSTD(1))',
  'MetricName String CODEC(ZSTD(1))',
  'MetricDescription String CODEC(ZSTD(1))',
  'MetricUnit String CODEC(ZSTD(1))',
  `Attributes ${map} CODEC(ZSTD(1))`,
  'StartTimeUnix DateTime64(9) CODEC(Delta, ZSTD(1))',
  'TimeUnix DateTime64(9) CODEC(Delta, ZSTD(1))',
];

const EXEMPLARS = `Exemplars Nested (FilteredAttributes ${map}, TimeUnix DateTime64(9), Value Float64, SpanId String, TraceId String) CODEC(ZSTD(1))`;
const FLAGS = 'Flags UInt32 CODEC(ZSTD(1))';
const MIN_MAX = ['Min Float64 CODEC(ZSTD(1))', 'Max Float64 CODEC(ZSTD(1))'];
const TEMPORALITY = 'AggregationTemporality Int32 CODEC(ZSTD(1))';
const COUNT_SUM = ['Count UInt64 CODEC(Delta, ZSTD(1))', 'Sum Float64 CODEC(ZSTD(1))'];

function metricTable(name: string, columns: string[]): TableSpec {
  return {
    name,
    columns: [...METRIC_COMMON_COLUMNS, ...columns, projectId],
    indexes: [
      'INDEX idx_res_attr_key mapKeys(ResourceAttributes) TYPE bloom_filter(0.01) GRANULARITY 1',
      'INDEX idx_res_attr_value mapValues(ResourceAttributes) TYPE bloom_filter(0.01) GRANULARITY 1',
      'INDEX idx_scope_attr_key mapKeys(ScopeAttributes) TYPE bloom_filter(0.01) GRANULARITY 1',
      'INDEX idx_scope_attr_value mapValues(ScopeAttributes) TYPE bloom_filter(0.01) GRANULARITY 1',
      'INDEX idx_attr_key mapKeys(Attributes) TYPE bloom_filter(0.01) GRANULARITY 1',
      'INDEX idx_attr_value mapValues(Attributes) TYPE bloom_filter(0.01) GRANULARITY 1',
    ],
    engine: 'MergeTree',
    partitionBy: 'toDate(TimeUnix)',
    orderBy: '(ProjectId, ServiceName, MetricName, Attributes, toUnixTimestamp64Nano(TimeUnix))',
    settings,
  };
}

const T = LOGS_METRICS_TABLES;

export const logsMetricsMigration: Migration = {
  version: 2,
  name: 'otel_logs and otel_metrics_* (contrib layouts + ProjectId)',
  objects: [
    { kind: 'table', ...logsTable },
    { kind: 'table', ...metricTable(T.gauge, ['Value Float64 CODEC(ZSTD(1))', FLAGS, EXEMPLARS]) },
    {
      kind: 'table',
      ...metricTable(T.sum, ['Value Float64 CODEC(ZSTD(1))', FLAGS, EXEMPLARS, TEMPORALITY, 'IsMonotonic Boolean CODEC(Delta, ZSTD(1))']),
    },
    {
      kind: 'table',
      ...metricTable(T.histogram, [
        ...COUNT_SUM,
        'BucketCounts Array(UInt64) CODEC(ZSTD(1))',
        'ExplicitBounds Array(Float64) CODEC(ZSTD(1))',
        EXEMPLARS,
        FLAGS,
        ...MIN_MAX,
        TEMPORALITY,
      ]),
    },
    {
      kind: 'table',
      ...metricTable(T.exponentialHistogram, [
        ...COUNT_SUM,
        'Scale Int32 CODEC(ZSTD(1))',
        'ZeroCount UInt64 CODEC(ZSTD(1))',
        'PositiveOffset Int32 CODEC(ZSTD(1))',
        'PositiveBucketCounts Array(UInt64) CODEC(ZSTD(1))',
        'NegativeOffset Int32 CODEC(ZSTD(1))',
        'NegativeBucketCounts Array(UInt64) CODEC(ZSTD(1))',
        EXEMPLARS,
        FLAGS,
        ...MIN_MAX,
        TEMPORALITY,
      ]),
    },
    {
      kind: 'table',
      ...metricTable(T.summary, [...COUNT_SUM, 'ValueAtQuantiles Nested (Quantile Float64, Value Float64) CODEC(ZSTD(1))', FLAGS]),
    },
  ],
};
