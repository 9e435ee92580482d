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

/** `ALTER TABLE … MODIFY SETTING` of one table: `settings` as ClickHouse lists them (`name = value, …`). */
export function modifySettings(table: string, settings: string): SchemaObject {
  return { kind: 'raw', sql: `ALTER TABLE {db}.${table}{on_cluster} MODIFY SETTING ${settings}` };
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

/** Tags of the span (semconv's record.tags), for the trace summary's tag filter. */
export const TRACE_TAGS_COLUMN = 'GenAiTags Array(LowCardinality(String)) CODEC(ZSTD(1))';

/** Our columns as migration 1 created them (a migration's schema never changes once shipped). */
export const WATCHLLM_TRACE_COLUMNS_V1 = [
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

/** Our columns today, in the table's order: what the exporter writes. */
export const WATCHLLM_TRACE_COLUMNS = [...WATCHLLM_TRACE_COLUMNS_V1, TRACE_TAGS_COLUMN];
