import type { SchemaObject } from './ddl.js';

/**
 * Versioned schema. A migration is append-only: never edit one that has shipped,
 * add the next version instead. `otel_traces` keeps every column of the OTel
 * Collector contrib ClickHouse exporter (same names and types) so Grafana's
 * ClickHouse datasource and existing queries work; WatchLLM's columns follow.
 */
export interface Migration {
  version: number;
  name: string;
  objects: SchemaObject[];
}

export const TABLES = {
  traces: 'otel_traces',
  traceIdTs: 'otel_traces_trace_id_ts',
  traceIdTsMv: 'otel_traces_trace_id_ts_mv',
  migrations: 'watchllm_schema_migrations',
} as const;

const map = 'Map(LowCardinality(String), String)';

export const OTEL_TRACES_CONTRIB_COLUMNS = [
  'Timestamp DateTime64(9) CODEC(Delta, ZSTD(1))',
  'TraceId String CODEC(ZSTD(1))',
  'SpanId String CODEC(ZSTD(1))',
  'ParentSpanId String CODEC(ZSTD(1))',
  'TraceState String CODEC(ZSTD(1))',
  'SpanName LowCardinality(String) CODEC(ZSTD(1))',
  'SpanKind LowCardinality(String) CODEC(ZSTD(1))',
  'ServiceName LowCardinality(String) CODEC(ZSTD(1))',
  `ResourceAttributes ${map} CODEC(ZSTD(1))`,
  'ScopeName String CODEC(ZSTD(1))',
  'ScopeVersion String CODEC(ZSTD(1))',
  `SpanAttributes ${map} CODEC(ZSTD(1))`,
  'Duration UInt64 CODEC(ZSTD(1))',
  'StatusCode LowCardinality(String) CODEC(ZSTD(1))',
  'StatusMessage String CODEC(ZSTD(1))',
  `Events Nested (Timestamp DateTime64(9), Name LowCardinality(String), Attributes ${map}) CODEC(ZSTD(1))`,
  `Links Nested (TraceId String, SpanId String, TraceState String, Attributes ${map}) CODEC(ZSTD(1))`,
];

export const WATCHLLM_TRACE_COLUMNS = [
  "ProjectId LowCardinality(String) DEFAULT 'default' CODEC(ZSTD(1))",
  // OTLP value types of non-string attributes, so values read back typed.
  // Keys: 'r.<key>' resource, 's.<key>' span, 'e<i>.<key>' event i, 'l<i>.<key>' link i.
  'AttributeTypes Map(LowCardinality(String), LowCardinality(String)) CODEC(ZSTD(1))',
  'GenAiOperation LowCardinality(String) CODEC(ZSTD(1))',
  'GenAiProvider LowCardinality(String) CODEC(ZSTD(1))',
  'GenAiRequestModel LowCardinality(String) CODEC(ZSTD(1))',
  'GenAiResponseModel LowCardinality(String) CODEC(ZSTD(1))',
  'GenAiInputTokens UInt64 CODEC(T64, ZSTD(1))',
  'GenAiOutputTokens UInt64 CODEC(T64, ZSTD(1))',
  'GenAiCacheReadTokens UInt64 CODEC(T64, ZSTD(1))',
  'GenAiCacheWriteTokens UInt64 CODEC(T64, ZSTD(1))',
  'GenAiReasoningTokens UInt64 CODEC(T64, ZSTD(1))',
  'CostUsd Nullable(Float64) CODEC(ZSTD(1))',
  'CostSource LowCardinality(String) CODEC(ZSTD(1))',
  'PriceVersion LowCardinality(String) CODEC(ZSTD(1))',
  'GenAiAgentName LowCardinality(String) CODEC(ZSTD(1))',
  'GenAiToolName LowCardinality(String) CODEC(ZSTD(1))',
  'GenAiConversationId String CODEC(ZSTD(1))',
  'GenAiUserId String CODEC(ZSTD(1))',
  'GenAiStepType LowCardinality(String) CODEC(ZSTD(1))',
  'GenAiRecord String CODEC(ZSTD(3))',
  'GenAiDiagnostics String CODEC(ZSTD(3))',
];

export const MIGRATIONS: Migration[] = [
  {
    version: 1,
    name: 'otel_traces with GenAI columns and trace-id lookup',
    objects: [
      {
        kind: 'table',
        name: TABLES.traces,
        columns: [...OTEL_TRACES_CONTRIB_COLUMNS, ...WATCHLLM_TRACE_COLUMNS],
        indexes: [
          'INDEX idx_trace_id TraceId TYPE bloom_filter(0.001) GRANULARITY 1',
          'INDEX idx_res_attr_key mapKeys(ResourceAttributes) TYPE bloom_filter(0.01) GRANULARITY 1',
          'INDEX idx_res_attr_value mapValues(ResourceAttributes) TYPE bloom_filter(0.01) GRANULARITY 1',
          'INDEX idx_span_attr_key mapKeys(SpanAttributes) TYPE bloom_filter(0.01) GRANULARITY 1',
          'INDEX idx_span_attr_value mapValues(SpanAttributes) TYPE bloom_filter(0.01) GRANULARITY 1',
          'INDEX idx_duration Duration TYPE minmax GRANULARITY 1',
        ],
        engine: 'MergeTree',
        partitionBy: 'toDate(Timestamp)',
        // Reads are scoped by project first, then service and time.
        orderBy: '(ProjectId, ServiceName, SpanName, toDateTime(Timestamp))',
        // The dedup window lets a replayed batch with the same insert_deduplication_token be dropped.
        settings: 'index_granularity = 8192, ttl_only_drop_parts = 1, non_replicated_deduplication_window = 10000',
      },
      {
        kind: 'table',
        name: TABLES.traceIdTs,
        columns: [
          'TraceId String CODEC(ZSTD(1))',
          'Start DateTime CODEC(Delta, ZSTD(1))',
          'End DateTime CODEC(Delta, ZSTD(1))',
          "ProjectId LowCardinality(String) DEFAULT 'default' CODEC(ZSTD(1))",
        ],
        indexes: ['INDEX idx_trace_id TraceId TYPE bloom_filter(0.01) GRANULARITY 1'],
        engine: 'MergeTree',
        partitionBy: 'toDate(Start)',
        orderBy: '(TraceId, Start)',
        settings: 'index_granularity = 8192, ttl_only_drop_parts = 1',
      },
      {
        kind: 'view',
        name: TABLES.traceIdTsMv,
        to: TABLES.traceIdTs,
        select:
          'SELECT TraceId, min(Timestamp) AS Start, max(Timestamp) AS End, ProjectId FROM {db}.otel_traces ' +
          "WHERE TraceId != '' GROUP BY ProjectId, TraceId",
      },
    ],
  },
];
