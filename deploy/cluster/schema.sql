-- WatchLLM schema for a ClickHouse cluster. GENERATED from collector/src/storage/migrations — do not edit.
-- Regenerate: npm run build && node collector/dist/bin/cluster-ddl.js --cluster watchllm --database watchllm > deploy/cluster/schema.sql
-- Apply once per cluster (every statement is idempotent): clickhouse-client --multiquery < deploy/cluster/schema.sql

CREATE DATABASE IF NOT EXISTS watchllm ON CLUSTER watchllm;

CREATE TABLE IF NOT EXISTS watchllm.watchllm_schema_migrations_local ON CLUSTER watchllm
(
  Version UInt32,
  Name String,
  AppliedAt DateTime64(3) DEFAULT now64(3)
)
ENGINE = ReplicatedMergeTree('/clickhouse/tables/{shard}/watchllm/watchllm_schema_migrations', '{replica}')
ORDER BY Version;

CREATE TABLE IF NOT EXISTS watchllm.watchllm_schema_migrations ON CLUSTER watchllm AS watchllm.watchllm_schema_migrations_local
ENGINE = Distributed(watchllm, watchllm, watchllm_schema_migrations_local, cityHash64(Version));

CREATE TABLE IF NOT EXISTS watchllm.otel_traces_local ON CLUSTER watchllm
(
  Timestamp DateTime64(9) CODEC(Delta, ZSTD(1)),
  TraceId String CODEC(ZSTD(1)),
  SpanId String CODEC(ZSTD(1)),
  ParentSpanId String CODEC(ZSTD(1)),
  TraceState String CODEC(ZSTD(1)),
  SpanName LowCardinality(String) CODEC(ZSTD(1)),
  SpanKind LowCardinality(String) CODEC(ZSTD(1)),
  ServiceName LowCardinality(String) CODEC(ZSTD(1)),
  ResourceAttributes Map(LowCardinality(String), String) CODEC(ZSTD(1)),
  ScopeName String CODEC(ZSTD(1)),
  ScopeVersion String CODEC(ZSTD(1)),
  SpanAttributes Map(LowCardinality(String), String) CODEC(ZSTD(1)),
  Duration UInt64 CODEC(ZSTD(1)),
  StatusCode LowCardinality(String) CODEC(ZSTD(1)),
  StatusMessage String CODEC(ZSTD(1)),
  Events Nested (Timestamp DateTime64(9), Name LowCardinality(String), Attributes Map(LowCardinality(String), String)) CODEC(ZSTD(1)),
  Links Nested (TraceId String, SpanId String, TraceState String, Attributes Map(LowCardinality(String), String)) CODEC(ZSTD(1)),
  ProjectId LowCardinality(String) DEFAULT 'default' CODEC(ZSTD(1)),
  AttributeTypes Map(LowCardinality(String), LowCardinality(String)) CODEC(ZSTD(1)),
  GenAiOperation LowCardinality(String) CODEC(ZSTD(1)),
  GenAiProvider LowCardinality(String) CODEC(ZSTD(1)),
  GenAiRequestModel LowCardinality(String) CODEC(ZSTD(1)),
  GenAiResponseModel LowCardinality(String) CODEC(ZSTD(1)),
  GenAiInputTokens UInt64 CODEC(T64, ZSTD(1)),
  GenAiOutputTokens UInt64 CODEC(T64, ZSTD(1)),
  GenAiCacheReadTokens UInt64 CODEC(T64, ZSTD(1)),
  GenAiCacheWriteTokens UInt64 CODEC(T64, ZSTD(1)),
  GenAiReasoningTokens UInt64 CODEC(T64, ZSTD(1)),
  CostUsd Nullable(Float64) CODEC(ZSTD(1)),
  CostSource LowCardinality(String) CODEC(ZSTD(1)),
  PriceVersion LowCardinality(String) CODEC(ZSTD(1)),
  GenAiAgentName LowCardinality(String) CODEC(ZSTD(1)),
  GenAiToolName LowCardinality(String) CODEC(ZSTD(1)),
  GenAiConversationId String CODEC(ZSTD(1)),
  GenAiUserId String CODEC(ZSTD(1)),
  GenAiStepType LowCardinality(String) CODEC(ZSTD(1)),
  GenAiRecord String CODEC(ZSTD(3)),
  GenAiDiagnostics String CODEC(ZSTD(3)),
  INDEX idx_trace_id TraceId TYPE bloom_filter(0.001) GRANULARITY 1,
  INDEX idx_res_attr_key mapKeys(ResourceAttributes) TYPE bloom_filter(0.01) GRANULARITY 1,
  INDEX idx_res_attr_value mapValues(ResourceAttributes) TYPE bloom_filter(0.01) GRANULARITY 1,
  INDEX idx_span_attr_key mapKeys(SpanAttributes) TYPE bloom_filter(0.01) GRANULARITY 1,
  INDEX idx_span_attr_value mapValues(SpanAttributes) TYPE bloom_filter(0.01) GRANULARITY 1,
  INDEX idx_duration Duration TYPE minmax GRANULARITY 1
)
ENGINE = ReplicatedMergeTree('/clickhouse/tables/{shard}/watchllm/otel_traces', '{replica}')
PARTITION BY toDate(Timestamp)
ORDER BY (ProjectId, TraceId, Timestamp)
SETTINGS index_granularity = 8192, index_granularity_bytes = 1048576, ttl_only_drop_parts = 1, replicated_deduplication_window = 10000;

CREATE TABLE IF NOT EXISTS watchllm.otel_traces ON CLUSTER watchllm AS watchllm.otel_traces_local
ENGINE = Distributed(watchllm, watchllm, otel_traces_local, cityHash64(TraceId));

CREATE TABLE IF NOT EXISTS watchllm.otel_traces_trace_id_ts_local ON CLUSTER watchllm
(
  TraceId String CODEC(ZSTD(1)),
  Start DateTime CODEC(Delta, ZSTD(1)),
  End DateTime CODEC(Delta, ZSTD(1)),
  ProjectId LowCardinality(String) DEFAULT 'default' CODEC(ZSTD(1)),
  INDEX idx_trace_id TraceId TYPE bloom_filter(0.01) GRANULARITY 1
)
ENGINE = ReplicatedMergeTree('/clickhouse/tables/{shard}/watchllm/otel_traces_trace_id_ts', '{replica}')
PARTITION BY toDate(Start)
ORDER BY (TraceId, Start)
SETTINGS index_granularity = 8192, ttl_only_drop_parts = 1;

CREATE TABLE IF NOT EXISTS watchllm.otel_traces_trace_id_ts ON CLUSTER watchllm AS watchllm.otel_traces_trace_id_ts_local
ENGINE = Distributed(watchllm, watchllm, otel_traces_trace_id_ts_local, cityHash64(TraceId));

CREATE MATERIALIZED VIEW IF NOT EXISTS watchllm.otel_traces_trace_id_ts_mv ON CLUSTER watchllm TO watchllm.otel_traces_trace_id_ts_local
AS SELECT TraceId, min(Timestamp) AS Start, max(Timestamp) AS End, ProjectId FROM watchllm.otel_traces_local WHERE TraceId != '' GROUP BY ProjectId, TraceId;

CREATE TABLE IF NOT EXISTS watchllm.otel_logs_local ON CLUSTER watchllm
(
  Timestamp DateTime64(9) CODEC(Delta(8), ZSTD(1)),
  TimestampTime DateTime DEFAULT toDateTime(Timestamp),
  TraceId String CODEC(ZSTD(1)),
  SpanId String CODEC(ZSTD(1)),
  TraceFlags UInt8,
  SeverityText LowCardinality(String) CODEC(ZSTD(1)),
  SeverityNumber UInt8,
  ServiceName LowCardinality(String) CODEC(ZSTD(1)),
  Body String CODEC(ZSTD(1)),
  ResourceSchemaUrl LowCardinality(String) CODEC(ZSTD(1)),
  ResourceAttributes Map(LowCardinality(String), String) CODEC(ZSTD(1)),
  ScopeSchemaUrl LowCardinality(String) CODEC(ZSTD(1)),
  ScopeName String CODEC(ZSTD(1)),
  ScopeVersion LowCardinality(String) CODEC(ZSTD(1)),
  ScopeAttributes Map(LowCardinality(String), String) CODEC(ZSTD(1)),
  LogAttributes Map(LowCardinality(String), String) CODEC(ZSTD(1)),
  EventName LowCardinality(String) CODEC(ZSTD(1)),
  ProjectId LowCardinality(String) DEFAULT 'default' CODEC(ZSTD(1)),
  AttributeTypes Map(LowCardinality(String), LowCardinality(String)) CODEC(ZSTD(1)),
  INDEX idx_trace_id TraceId TYPE bloom_filter(0.001) GRANULARITY 1,
  INDEX idx_span_id SpanId TYPE bloom_filter(0.001) GRANULARITY 1,
  INDEX idx_res_attr_key mapKeys(ResourceAttributes) TYPE bloom_filter(0.01) GRANULARITY 1,
  INDEX idx_res_attr_value mapValues(ResourceAttributes) TYPE bloom_filter(0.01) GRANULARITY 1,
  INDEX idx_scope_attr_key mapKeys(ScopeAttributes) TYPE bloom_filter(0.01) GRANULARITY 1,
  INDEX idx_scope_attr_value mapValues(ScopeAttributes) TYPE bloom_filter(0.01) GRANULARITY 1,
  INDEX idx_log_attr_key mapKeys(LogAttributes) TYPE bloom_filter(0.01) GRANULARITY 1,
  INDEX idx_log_attr_value mapValues(LogAttributes) TYPE bloom_filter(0.01) GRANULARITY 1,
  INDEX idx_body Body TYPE tokenbf_v1(32768, 3, 0) GRANULARITY 8
)
ENGINE = ReplicatedMergeTree('/clickhouse/tables/{shard}/watchllm/otel_logs', '{replica}')
PARTITION BY toDate(TimestampTime)
PRIMARY KEY (ProjectId, ServiceName, TimestampTime)
ORDER BY (ProjectId, ServiceName, TimestampTime, Timestamp)
SETTINGS index_granularity = 8192, ttl_only_drop_parts = 1, replicated_deduplication_window = 10000;

CREATE TABLE IF NOT EXISTS watchllm.otel_logs ON CLUSTER watchllm AS watchllm.otel_logs_local
ENGINE = Distributed(watchllm, watchllm, otel_logs_local, cityHash64(TraceId));

CREATE TABLE IF NOT EXISTS watchllm.otel_metrics_gauge_local ON CLUSTER watchllm
(
  ResourceAttributes Map(LowCardinality(String), String) CODEC(ZSTD(1)),
  ResourceSchemaUrl String CODEC(ZSTD(1)),
  ScopeName String CODEC(ZSTD(1)),
  ScopeVersion String CODEC(ZSTD(1)),
  ScopeAttributes Map(LowCardinality(String), String) CODEC(ZSTD(1)),
  ScopeDroppedAttrCount UInt32 CODEC(ZSTD(1)),
  ScopeSchemaUrl String CODEC(ZSTD(1)),
  ServiceName LowCardinality(String) CODEC(ZSTD(1)),
  MetricName String CODEC(ZSTD(1)),
  MetricDescription String CODEC(ZSTD(1)),
  MetricUnit String CODEC(ZSTD(1)),
  Attributes Map(LowCardinality(String), String) CODEC(ZSTD(1)),
  StartTimeUnix DateTime64(9) CODEC(Delta, ZSTD(1)),
  TimeUnix DateTime64(9) CODEC(Delta, ZSTD(1)),
  Value Float64 CODEC(ZSTD(1)),
  Flags UInt32 CODEC(ZSTD(1)),
  Exemplars Nested (FilteredAttributes Map(LowCardinality(String), String), TimeUnix DateTime64(9), Value Float64, SpanId String, TraceId String) CODEC(ZSTD(1)),
  ProjectId LowCardinality(String) DEFAULT 'default' CODEC(ZSTD(1)),
  INDEX idx_res_attr_key mapKeys(ResourceAttributes) TYPE bloom_filter(0.01) GRANULARITY 1,
  INDEX idx_res_attr_value mapValues(ResourceAttributes) TYPE bloom_filter(0.01) GRANULARITY 1,
  INDEX idx_scope_attr_key mapKeys(ScopeAttributes) TYPE bloom_filter(0.01) GRANULARITY 1,
  INDEX idx_scope_attr_value mapValues(ScopeAttributes) TYPE bloom_filter(0.01) GRANULARITY 1,
  INDEX idx_attr_key mapKeys(Attributes) TYPE bloom_filter(0.01) GRANULARITY 1,
  INDEX idx_attr_value mapValues(Attributes) TYPE bloom_filter(0.01) GRANULARITY 1
)
ENGINE = ReplicatedMergeTree('/clickhouse/tables/{shard}/watchllm/otel_metrics_gauge', '{replica}')
PARTITION BY toDate(TimeUnix)
ORDER BY (ProjectId, ServiceName, MetricName, Attributes, toUnixTimestamp64Nano(TimeUnix))
SETTINGS index_granularity = 8192, ttl_only_drop_parts = 1, replicated_deduplication_window = 10000;

CREATE TABLE IF NOT EXISTS watchllm.otel_metrics_gauge ON CLUSTER watchllm AS watchllm.otel_metrics_gauge_local
ENGINE = Distributed(watchllm, watchllm, otel_metrics_gauge_local, cityHash64((ProjectId, ServiceName, MetricName, Attributes, toUnixTimestamp64Nano(TimeUnix))));

CREATE TABLE IF NOT EXISTS watchllm.otel_metrics_sum_local ON CLUSTER watchllm
(
  ResourceAttributes Map(LowCardinality(String), String) CODEC(ZSTD(1)),
  ResourceSchemaUrl String CODEC(ZSTD(1)),
  ScopeName String CODEC(ZSTD(1)),
  ScopeVersion String CODEC(ZSTD(1)),
  ScopeAttributes Map(LowCardinality(String), String) CODEC(ZSTD(1)),
  ScopeDroppedAttrCount UInt32 CODEC(ZSTD(1)),
  ScopeSchemaUrl String CODEC(ZSTD(1)),
  ServiceName LowCardinality(String) CODEC(ZSTD(1)),
  MetricName String CODEC(ZSTD(1)),
  MetricDescription String CODEC(ZSTD(1)),
  MetricUnit String CODEC(ZSTD(1)),
  Attributes Map(LowCardinality(String), String) CODEC(ZSTD(1)),
  StartTimeUnix DateTime64(9) CODEC(Delta, ZSTD(1)),
  TimeUnix DateTime64(9) CODEC(Delta, ZSTD(1)),
  Value Float64 CODEC(ZSTD(1)),
  Flags UInt32 CODEC(ZSTD(1)),
  Exemplars Nested (FilteredAttributes Map(LowCardinality(String), String), TimeUnix DateTime64(9), Value Float64, SpanId String, TraceId String) CODEC(ZSTD(1)),
  AggregationTemporality Int32 CODEC(ZSTD(1)),
  IsMonotonic Boolean CODEC(Delta, ZSTD(1)),
  ProjectId LowCardinality(String) DEFAULT 'default' CODEC(ZSTD(1)),
  INDEX idx_res_attr_key mapKeys(ResourceAttributes) TYPE bloom_filter(0.01) GRANULARITY 1,
  INDEX idx_res_attr_value mapValues(ResourceAttributes) TYPE bloom_filter(0.01) GRANULARITY 1,
  INDEX idx_scope_attr_key mapKeys(ScopeAttributes) TYPE bloom_filter(0.01) GRANULARITY 1,
  INDEX idx_scope_attr_value mapValues(ScopeAttributes) TYPE bloom_filter(0.01) GRANULARITY 1,
  INDEX idx_attr_key mapKeys(Attributes) TYPE bloom_filter(0.01) GRANULARITY 1,
  INDEX idx_attr_value mapValues(Attributes) TYPE bloom_filter(0.01) GRANULARITY 1
)
ENGINE = ReplicatedMergeTree('/clickhouse/tables/{shard}/watchllm/otel_metrics_sum', '{replica}')
PARTITION BY toDate(TimeUnix)
ORDER BY (ProjectId, ServiceName, MetricName, Attributes, toUnixTimestamp64Nano(TimeUnix))
SETTINGS index_granularity = 8192, ttl_only_drop_parts = 1, replicated_deduplication_window = 10000;

CREATE TABLE IF NOT EXISTS watchllm.otel_metrics_sum ON CLUSTER watchllm AS watchllm.otel_metrics_sum_local
ENGINE = Distributed(watchllm, watchllm, otel_metrics_sum_local, cityHash64((ProjectId, ServiceName, MetricName, Attributes, toUnixTimestamp64Nano(TimeUnix))));

CREATE TABLE IF NOT EXISTS watchllm.otel_metrics_histogram_local ON CLUSTER watchllm
(
  ResourceAttributes Map(LowCardinality(String), String) CODEC(ZSTD(1)),
  ResourceSchemaUrl String CODEC(ZSTD(1)),
  ScopeName String CODEC(ZSTD(1)),
  ScopeVersion String CODEC(ZSTD(1)),
  ScopeAttributes Map(LowCardinality(String), String) CODEC(ZSTD(1)),
  ScopeDroppedAttrCount UInt32 CODEC(ZSTD(1)),
  ScopeSchemaUrl String CODEC(ZSTD(1)),
  ServiceName LowCardinality(String) CODEC(ZSTD(1)),
  MetricName String CODEC(ZSTD(1)),
  MetricDescription String CODEC(ZSTD(1)),
  MetricUnit String CODEC(ZSTD(1)),
  Attributes Map(LowCardinality(String), String) CODEC(ZSTD(1)),
  StartTimeUnix DateTime64(9) CODEC(Delta, ZSTD(1)),
  TimeUnix DateTime64(9) CODEC(Delta, ZSTD(1)),
  Count UInt64 CODEC(Delta, ZSTD(1)),
  Sum Float64 CODEC(ZSTD(1)),
  BucketCounts Array(UInt64) CODEC(ZSTD(1)),
  ExplicitBounds Array(Float64) CODEC(ZSTD(1)),
  Exemplars Nested (FilteredAttributes Map(LowCardinality(String), String), TimeUnix DateTime64(9), Value Float64, SpanId String, TraceId String) CODEC(ZSTD(1)),
  Flags UInt32 CODEC(ZSTD(1)),
  Min Float64 CODEC(ZSTD(1)),
  Max Float64 CODEC(ZSTD(1)),
  AggregationTemporality Int32 CODEC(ZSTD(1)),
  ProjectId LowCardinality(String) DEFAULT 'default' CODEC(ZSTD(1)),
  INDEX idx_res_attr_key mapKeys(ResourceAttributes) TYPE bloom_filter(0.01) GRANULARITY 1,
  INDEX idx_res_attr_value mapValues(ResourceAttributes) TYPE bloom_filter(0.01) GRANULARITY 1,
  INDEX idx_scope_attr_key mapKeys(ScopeAttributes) TYPE bloom_filter(0.01) GRANULARITY 1,
  INDEX idx_scope_attr_value mapValues(ScopeAttributes) TYPE bloom_filter(0.01) GRANULARITY 1,
  INDEX idx_attr_key mapKeys(Attributes) TYPE bloom_filter(0.01) GRANULARITY 1,
  INDEX idx_attr_value mapValues(Attributes) TYPE bloom_filter(0.01) GRANULARITY 1
)
ENGINE = ReplicatedMergeTree('/clickhouse/tables/{shard}/watchllm/otel_metrics_histogram', '{replica}')
PARTITION BY toDate(TimeUnix)
ORDER BY (ProjectId, ServiceName, MetricName, Attributes, toUnixTimestamp64Nano(TimeUnix))
SETTINGS index_granularity = 8192, ttl_only_drop_parts = 1, replicated_deduplication_window = 10000;

CREATE TABLE IF NOT EXISTS watchllm.otel_metrics_histogram ON CLUSTER watchllm AS watchllm.otel_metrics_histogram_local
ENGINE = Distributed(watchllm, watchllm, otel_metrics_histogram_local, cityHash64((ProjectId, ServiceName, MetricName, Attributes, toUnixTimestamp64Nano(TimeUnix))));

CREATE TABLE IF NOT EXISTS watchllm.otel_metrics_exponential_histogram_local ON CLUSTER watchllm
(
  ResourceAttributes Map(LowCardinality(String), String) CODEC(ZSTD(1)),
  ResourceSchemaUrl String CODEC(ZSTD(1)),
  ScopeName String CODEC(ZSTD(1)),
  ScopeVersion String CODEC(ZSTD(1)),
  ScopeAttributes Map(LowCardinality(String), String) CODEC(ZSTD(1)),
  ScopeDroppedAttrCount UInt32 CODEC(ZSTD(1)),
  ScopeSchemaUrl String CODEC(ZSTD(1)),
  ServiceName LowCardinality(String) CODEC(ZSTD(1)),
  MetricName String CODEC(ZSTD(1)),
  MetricDescription String CODEC(ZSTD(1)),
  MetricUnit String CODEC(ZSTD(1)),
  Attributes Map(LowCardinality(String), String) CODEC(ZSTD(1)),
  StartTimeUnix DateTime64(9) CODEC(Delta, ZSTD(1)),
  TimeUnix DateTime64(9) CODEC(Delta, ZSTD(1)),
  Count UInt64 CODEC(Delta, ZSTD(1)),
  Sum Float64 CODEC(ZSTD(1)),
  Scale Int32 CODEC(ZSTD(1)),
  ZeroCount UInt64 CODEC(ZSTD(1)),
  PositiveOffset Int32 CODEC(ZSTD(1)),
  PositiveBucketCounts Array(UInt64) CODEC(ZSTD(1)),
  NegativeOffset Int32 CODEC(ZSTD(1)),
  NegativeBucketCounts Array(UInt64) CODEC(ZSTD(1)),
  Exemplars Nested (FilteredAttributes Map(LowCardinality(String), String), TimeUnix DateTime64(9), Value Float64, SpanId String, TraceId String) CODEC(ZSTD(1)),
  Flags UInt32 CODEC(ZSTD(1)),
  Min Float64 CODEC(ZSTD(1)),
  Max Float64 CODEC(ZSTD(1)),
  AggregationTemporality Int32 CODEC(ZSTD(1)),
  ProjectId LowCardinality(String) DEFAULT 'default' CODEC(ZSTD(1)),
  INDEX idx_res_attr_key mapKeys(ResourceAttributes) TYPE bloom_filter(0.01) GRANULARITY 1,
  INDEX idx_res_attr_value mapValues(ResourceAttributes) TYPE bloom_filter(0.01) GRANULARITY 1,
  INDEX idx_scope_attr_key mapKeys(ScopeAttributes) TYPE bloom_filter(0.01) GRANULARITY 1,
  INDEX idx_scope_attr_value mapValues(ScopeAttributes) TYPE bloom_filter(0.01) GRANULARITY 1,
  INDEX idx_attr_key mapKeys(Attributes) TYPE bloom_filter(0.01) GRANULARITY 1,
  INDEX idx_attr_value mapValues(Attributes) TYPE bloom_filter(0.01) GRANULARITY 1
)
ENGINE = ReplicatedMergeTree('/clickhouse/tables/{shard}/watchllm/otel_metrics_exponential_histogram', '{replica}')
PARTITION BY toDate(TimeUnix)
ORDER BY (ProjectId, ServiceName, MetricName, Attributes, toUnixTimestamp64Nano(TimeUnix))
SETTINGS index_granularity = 8192, ttl_only_drop_parts = 1, replicated_deduplication_window = 10000;

CREATE TABLE IF NOT EXISTS watchllm.otel_metrics_exponential_histogram ON CLUSTER watchllm AS watchllm.otel_metrics_exponential_histogram_local
ENGINE = Distributed(watchllm, watchllm, otel_metrics_exponential_histogram_local, cityHash64((ProjectId, ServiceName, MetricName, Attributes, toUnixTimestamp64Nano(TimeUnix))));

CREATE TABLE IF NOT EXISTS watchllm.otel_metrics_summary_local ON CLUSTER watchllm
(
  ResourceAttributes Map(LowCardinality(String), String) CODEC(ZSTD(1)),
  ResourceSchemaUrl String CODEC(ZSTD(1)),
  ScopeName String CODEC(ZSTD(1)),
  ScopeVersion String CODEC(ZSTD(1)),
  ScopeAttributes Map(LowCardinality(String), String) CODEC(ZSTD(1)),
  ScopeDroppedAttrCount UInt32 CODEC(ZSTD(1)),
  ScopeSchemaUrl String CODEC(ZSTD(1)),
  ServiceName LowCardinality(String) CODEC(ZSTD(1)),
  MetricName String CODEC(ZSTD(1)),
  MetricDescription String CODEC(ZSTD(1)),
  MetricUnit String CODEC(ZSTD(1)),
  Attributes Map(LowCardinality(String), String) CODEC(ZSTD(1)),
  StartTimeUnix DateTime64(9) CODEC(Delta, ZSTD(1)),
  TimeUnix DateTime64(9) CODEC(Delta, ZSTD(1)),
  Count UInt64 CODEC(Delta, ZSTD(1)),
  Sum Float64 CODEC(ZSTD(1)),
  ValueAtQuantiles Nested (Quantile Float64, Value Float64) CODEC(ZSTD(1)),
  Flags UInt32 CODEC(ZSTD(1)),
  ProjectId LowCardinality(String) DEFAULT 'default' CODEC(ZSTD(1)),
  INDEX idx_res_attr_key mapKeys(ResourceAttributes) TYPE bloom_filter(0.01) GRANULARITY 1,
  INDEX idx_res_attr_value mapValues(ResourceAttributes) TYPE bloom_filter(0.01) GRANULARITY 1,
  INDEX idx_scope_attr_key mapKeys(ScopeAttributes) TYPE bloom_filter(0.01) GRANULARITY 1,
  INDEX idx_scope_attr_value mapValues(ScopeAttributes) TYPE bloom_filter(0.01) GRANULARITY 1,
  INDEX idx_attr_key mapKeys(Attributes) TYPE bloom_filter(0.01) GRANULARITY 1,
  INDEX idx_attr_value mapValues(Attributes) TYPE bloom_filter(0.01) GRANULARITY 1
)
ENGINE = ReplicatedMergeTree('/clickhouse/tables/{shard}/watchllm/otel_metrics_summary', '{replica}')
PARTITION BY toDate(TimeUnix)
ORDER BY (ProjectId, ServiceName, MetricName, Attributes, toUnixTimestamp64Nano(TimeUnix))
SETTINGS index_granularity = 8192, ttl_only_drop_parts = 1, replicated_deduplication_window = 10000;

CREATE TABLE IF NOT EXISTS watchllm.otel_metrics_summary ON CLUSTER watchllm AS watchllm.otel_metrics_summary_local
ENGINE = Distributed(watchllm, watchllm, otel_metrics_summary_local, cityHash64((ProjectId, ServiceName, MetricName, Attributes, toUnixTimestamp64Nano(TimeUnix))));

CREATE TABLE IF NOT EXISTS watchllm.watchllm_genai_minute_local ON CLUSTER watchllm
(
  ProjectId LowCardinality(String) CODEC(ZSTD(1)),
  Time DateTime CODEC(Delta, ZSTD(1)),
  ServiceName LowCardinality(String) CODEC(ZSTD(1)),
  Provider LowCardinality(String) CODEC(ZSTD(1)),
  Model LowCardinality(String) CODEC(ZSTD(1)),
  Operation LowCardinality(String) CODEC(ZSTD(1)),
  AgentName LowCardinality(String) CODEC(ZSTD(1)),
  UserId String CODEC(ZSTD(1)),
  Calls SimpleAggregateFunction(sum, UInt64) CODEC(T64, ZSTD(1)),
  Errors SimpleAggregateFunction(sum, UInt64) CODEC(T64, ZSTD(1)),
  PricedCalls SimpleAggregateFunction(sum, UInt64) CODEC(T64, ZSTD(1)),
  UnpricedCalls SimpleAggregateFunction(sum, UInt64) CODEC(T64, ZSTD(1)),
  CostUsdSum SimpleAggregateFunction(sum, Float64) CODEC(ZSTD(1)),
  InputTokens SimpleAggregateFunction(sum, UInt64) CODEC(T64, ZSTD(1)),
  OutputTokens SimpleAggregateFunction(sum, UInt64) CODEC(T64, ZSTD(1)),
  CacheReadTokens SimpleAggregateFunction(sum, UInt64) CODEC(T64, ZSTD(1)),
  CacheWriteTokens SimpleAggregateFunction(sum, UInt64) CODEC(T64, ZSTD(1)),
  ReasoningTokens SimpleAggregateFunction(sum, UInt64) CODEC(T64, ZSTD(1)),
  LatencyMs AggregateFunction(quantilesTDigest(0.5, 0.95, 0.99), Float64),
  TtftMs AggregateFunction(quantilesTDigestIf(0.5, 0.95, 0.99), Float64, UInt8),
  TtftCount SimpleAggregateFunction(sum, UInt64) CODEC(T64, ZSTD(1))
)
ENGINE = ReplicatedAggregatingMergeTree('/clickhouse/tables/{shard}/watchllm/watchllm_genai_minute', '{replica}')
PARTITION BY toYYYYMM(Time)
ORDER BY (ProjectId, Time, ServiceName, Provider, Model, Operation, AgentName, UserId);

CREATE TABLE IF NOT EXISTS watchllm.watchllm_genai_minute ON CLUSTER watchllm AS watchllm.watchllm_genai_minute_local
ENGINE = Distributed(watchllm, watchllm, watchllm_genai_minute_local, cityHash64((ProjectId, Time, ServiceName, Provider, Model, Operation, AgentName, UserId)));

CREATE TABLE IF NOT EXISTS watchllm.watchllm_genai_hour_local ON CLUSTER watchllm
(
  ProjectId LowCardinality(String) CODEC(ZSTD(1)),
  Time DateTime CODEC(Delta, ZSTD(1)),
  ServiceName LowCardinality(String) CODEC(ZSTD(1)),
  Provider LowCardinality(String) CODEC(ZSTD(1)),
  Model LowCardinality(String) CODEC(ZSTD(1)),
  Operation LowCardinality(String) CODEC(ZSTD(1)),
  AgentName LowCardinality(String) CODEC(ZSTD(1)),
  Calls SimpleAggregateFunction(sum, UInt64) CODEC(T64, ZSTD(1)),
  Errors SimpleAggregateFunction(sum, UInt64) CODEC(T64, ZSTD(1)),
  PricedCalls SimpleAggregateFunction(sum, UInt64) CODEC(T64, ZSTD(1)),
  UnpricedCalls SimpleAggregateFunction(sum, UInt64) CODEC(T64, ZSTD(1)),
  CostUsdSum SimpleAggregateFunction(sum, Float64) CODEC(ZSTD(1)),
  InputTokens SimpleAggregateFunction(sum, UInt64) CODEC(T64, ZSTD(1)),
  OutputTokens SimpleAggregateFunction(sum, UInt64) CODEC(T64, ZSTD(1)),
  CacheReadTokens SimpleAggregateFunction(sum, UInt64) CODEC(T64, ZSTD(1)),
  CacheWriteTokens SimpleAggregateFunction(sum, UInt64) CODEC(T64, ZSTD(1)),
  ReasoningTokens SimpleAggregateFunction(sum, UInt64) CODEC(T64, ZSTD(1)),
  LatencyMs AggregateFunction(quantilesTDigest(0.5, 0.95, 0.99), Float64),
  TtftMs AggregateFunction(quantilesTDigestIf(0.5, 0.95, 0.99), Float64, UInt8),
  TtftCount SimpleAggregateFunction(sum, UInt64) CODEC(T64, ZSTD(1))
)
ENGINE = ReplicatedAggregatingMergeTree('/clickhouse/tables/{shard}/watchllm/watchllm_genai_hour', '{replica}')
PARTITION BY toYYYYMM(Time)
ORDER BY (ProjectId, Time, ServiceName, Provider, Model, Operation, AgentName);

CREATE TABLE IF NOT EXISTS watchllm.watchllm_genai_hour ON CLUSTER watchllm AS watchllm.watchllm_genai_hour_local
ENGINE = Distributed(watchllm, watchllm, watchllm_genai_hour_local, cityHash64((ProjectId, Time, ServiceName, Provider, Model, Operation, AgentName)));

CREATE TABLE IF NOT EXISTS watchllm.watchllm_genai_user_hour_local ON CLUSTER watchllm
(
  ProjectId LowCardinality(String) CODEC(ZSTD(1)),
  Time DateTime CODEC(Delta, ZSTD(1)),
  ServiceName LowCardinality(String) CODEC(ZSTD(1)),
  Provider LowCardinality(String) CODEC(ZSTD(1)),
  Model LowCardinality(String) CODEC(ZSTD(1)),
  Operation LowCardinality(String) CODEC(ZSTD(1)),
  AgentName LowCardinality(String) CODEC(ZSTD(1)),
  UserId String CODEC(ZSTD(1)),
  Calls SimpleAggregateFunction(sum, UInt64) CODEC(T64, ZSTD(1)),
  Errors SimpleAggregateFunction(sum, UInt64) CODEC(T64, ZSTD(1)),
  PricedCalls SimpleAggregateFunction(sum, UInt64) CODEC(T64, ZSTD(1)),
  UnpricedCalls SimpleAggregateFunction(sum, UInt64) CODEC(T64, ZSTD(1)),
  CostUsdSum SimpleAggregateFunction(sum, Float64) CODEC(ZSTD(1)),
  InputTokens SimpleAggregateFunction(sum, UInt64) CODEC(T64, ZSTD(1)),
  OutputTokens SimpleAggregateFunction(sum, UInt64) CODEC(T64, ZSTD(1)),
  CacheReadTokens SimpleAggregateFunction(sum, UInt64) CODEC(T64, ZSTD(1)),
  CacheWriteTokens SimpleAggregateFunction(sum, UInt64) CODEC(T64, ZSTD(1)),
  ReasoningTokens SimpleAggregateFunction(sum, UInt64) CODEC(T64, ZSTD(1)),
  LatencyMs AggregateFunction(quantilesTDigest(0.5, 0.95, 0.99), Float64),
  TtftMs AggregateFunction(quantilesTDigestIf(0.5, 0.95, 0.99), Float64, UInt8),
  TtftCount SimpleAggregateFunction(sum, UInt64) CODEC(T64, ZSTD(1))
)
ENGINE = ReplicatedAggregatingMergeTree('/clickhouse/tables/{shard}/watchllm/watchllm_genai_user_hour', '{replica}')
PARTITION BY toYYYYMM(Time)
ORDER BY (ProjectId, Time, ServiceName, Provider, Model, Operation, AgentName, UserId);

CREATE TABLE IF NOT EXISTS watchllm.watchllm_genai_user_hour ON CLUSTER watchllm AS watchllm.watchllm_genai_user_hour_local
ENGINE = Distributed(watchllm, watchllm, watchllm_genai_user_hour_local, cityHash64((ProjectId, Time, ServiceName, Provider, Model, Operation, AgentName, UserId)));

CREATE MATERIALIZED VIEW IF NOT EXISTS watchllm.watchllm_genai_minute_mv ON CLUSTER watchllm TO watchllm.watchllm_genai_minute_local
AS SELECT ProjectId, toStartOfMinute(Timestamp) AS Time, ServiceName, GenAiProvider AS Provider,
    if(GenAiRequestModel != '', GenAiRequestModel, GenAiResponseModel) AS Model, GenAiOperation AS Operation, GenAiAgentName AS AgentName, GenAiUserId AS UserId,
    count() AS Calls, countIf(StatusCode = 'Error') AS Errors,
    countIf(CostUsd IS NOT NULL) AS PricedCalls, countIf((CostUsd IS NULL AND GenAiStepType IN ('llm', 'embedding') AND GenAiInputTokens + GenAiOutputTokens > 0)) AS UnpricedCalls,
    sum(ifNull(CostUsd, 0)) AS CostUsdSum,
    sum(GenAiInputTokens) AS InputTokens, sum(GenAiOutputTokens) AS OutputTokens,
    sum(GenAiCacheReadTokens) AS CacheReadTokens, sum(GenAiCacheWriteTokens) AS CacheWriteTokens,
    sum(GenAiReasoningTokens) AS ReasoningTokens,
    quantilesTDigestState(0.5, 0.95, 0.99)(Duration / 1e6) AS LatencyMs,
    quantilesTDigestIfState(0.5, 0.95, 0.99)(ifNull(JSONExtract(GenAiRecord, 'timeToFirstChunkMs', 'Nullable(Float64)'), 0), JSONExtract(GenAiRecord, 'timeToFirstChunkMs', 'Nullable(Float64)') IS NOT NULL) AS TtftMs,
    countIf(JSONExtract(GenAiRecord, 'timeToFirstChunkMs', 'Nullable(Float64)') IS NOT NULL) AS TtftCount
  FROM watchllm.otel_traces_local
  WHERE (GenAiOperation != '' OR GenAiStepType != '')
  GROUP BY ProjectId, Time, ServiceName, Provider, Model, Operation, AgentName, UserId;

CREATE MATERIALIZED VIEW IF NOT EXISTS watchllm.watchllm_genai_hour_mv ON CLUSTER watchllm TO watchllm.watchllm_genai_hour_local
AS SELECT ProjectId, toStartOfHour(Time) AS Time, ServiceName, Provider, Model, Operation, AgentName,
    sum(Calls) AS Calls, sum(Errors) AS Errors, sum(PricedCalls) AS PricedCalls, sum(UnpricedCalls) AS UnpricedCalls,
    sum(CostUsdSum) AS CostUsdSum, sum(InputTokens) AS InputTokens, sum(OutputTokens) AS OutputTokens,
    sum(CacheReadTokens) AS CacheReadTokens, sum(CacheWriteTokens) AS CacheWriteTokens, sum(ReasoningTokens) AS ReasoningTokens,
    quantilesTDigestMergeState(0.5, 0.95, 0.99)(LatencyMs) AS LatencyMs,
    quantilesTDigestIfMergeState(0.5, 0.95, 0.99)(TtftMs) AS TtftMs,
    sum(TtftCount) AS TtftCount
  FROM watchllm.watchllm_genai_minute_local
  GROUP BY ProjectId, Time, ServiceName, Provider, Model, Operation, AgentName;

CREATE MATERIALIZED VIEW IF NOT EXISTS watchllm.watchllm_genai_user_hour_mv ON CLUSTER watchllm TO watchllm.watchllm_genai_user_hour_local
AS SELECT ProjectId, toStartOfHour(Time) AS Time, ServiceName, Provider, Model, Operation, AgentName, UserId,
    sum(Calls) AS Calls, sum(Errors) AS Errors, sum(PricedCalls) AS PricedCalls, sum(UnpricedCalls) AS UnpricedCalls,
    sum(CostUsdSum) AS CostUsdSum, sum(InputTokens) AS InputTokens, sum(OutputTokens) AS OutputTokens,
    sum(CacheReadTokens) AS CacheReadTokens, sum(CacheWriteTokens) AS CacheWriteTokens, sum(ReasoningTokens) AS ReasoningTokens,
    quantilesTDigestMergeState(0.5, 0.95, 0.99)(LatencyMs) AS LatencyMs,
    quantilesTDigestIfMergeState(0.5, 0.95, 0.99)(TtftMs) AS TtftMs,
    sum(TtftCount) AS TtftCount
  FROM watchllm.watchllm_genai_minute_local
  GROUP BY ProjectId, Time, ServiceName, Provider, Model, Operation, AgentName, UserId;

CREATE TABLE IF NOT EXISTS watchllm.watchllm_trace_summary_local ON CLUSTER watchllm
(
  ProjectId LowCardinality(String) CODEC(ZSTD(1)),
  Day Date CODEC(Delta, ZSTD(1)),
  TraceId String CODEC(ZSTD(1)),
  Start SimpleAggregateFunction(min, DateTime64(9)) CODEC(Delta, ZSTD(1)),
  End SimpleAggregateFunction(max, DateTime64(9)) CODEC(Delta, ZSTD(1)),
  Root AggregateFunction(argMin, Tuple(String, String), Tuple(UInt8, DateTime64(9))),
  SpanCount SimpleAggregateFunction(sum, UInt64) CODEC(T64, ZSTD(1)),
  ErrorCount SimpleAggregateFunction(sum, UInt64) CODEC(T64, ZSTD(1)),
  GenAiCalls SimpleAggregateFunction(sum, UInt64) CODEC(T64, ZSTD(1)),
  GenAiErrors SimpleAggregateFunction(sum, UInt64) CODEC(T64, ZSTD(1)),
  LlmCalls SimpleAggregateFunction(sum, UInt64) CODEC(T64, ZSTD(1)),
  PricedCalls SimpleAggregateFunction(sum, UInt64) CODEC(T64, ZSTD(1)),
  UnpricedCalls SimpleAggregateFunction(sum, UInt64) CODEC(T64, ZSTD(1)),
  CostUsdSum SimpleAggregateFunction(sum, Float64) CODEC(ZSTD(1)),
  InputTokens SimpleAggregateFunction(sum, UInt64) CODEC(T64, ZSTD(1)),
  OutputTokens SimpleAggregateFunction(sum, UInt64) CODEC(T64, ZSTD(1)),
  CacheReadTokens SimpleAggregateFunction(sum, UInt64) CODEC(T64, ZSTD(1)),
  CacheWriteTokens SimpleAggregateFunction(sum, UInt64) CODEC(T64, ZSTD(1)),
  ReasoningTokens SimpleAggregateFunction(sum, UInt64) CODEC(T64, ZSTD(1)),
  Models SimpleAggregateFunction(groupUniqArrayArray, Array(String)) CODEC(ZSTD(1)),
  Providers SimpleAggregateFunction(groupUniqArrayArray, Array(String)) CODEC(ZSTD(1)),
  Services SimpleAggregateFunction(groupUniqArrayArray, Array(String)) CODEC(ZSTD(1)),
  Operations SimpleAggregateFunction(groupUniqArrayArray, Array(String)) CODEC(ZSTD(1)),
  SessionId SimpleAggregateFunction(max, String) CODEC(ZSTD(1)),
  UserId SimpleAggregateFunction(max, String) CODEC(ZSTD(1))
)
ENGINE = ReplicatedAggregatingMergeTree('/clickhouse/tables/{shard}/watchllm/watchllm_trace_summary', '{replica}')
PARTITION BY toYYYYMM(Day)
ORDER BY (ProjectId, Day, TraceId);

CREATE TABLE IF NOT EXISTS watchllm.watchllm_trace_summary ON CLUSTER watchllm AS watchllm.watchllm_trace_summary_local
ENGINE = Distributed(watchllm, watchllm, watchllm_trace_summary_local, cityHash64(TraceId));

CREATE MATERIALIZED VIEW IF NOT EXISTS watchllm.watchllm_trace_summary_mv ON CLUSTER watchllm TO watchllm.watchllm_trace_summary_local
AS SELECT ProjectId, toDate(min(Timestamp)) AS Day, TraceId,
    min(Timestamp) AS Start, max(fromUnixTimestamp64Nano(toInt64(toUnixTimestamp64Nano(Timestamp) + Duration))) AS End,
    argMinState((CAST(SpanName, 'String'), CAST(ServiceName, 'String')), (ParentSpanId != '', Timestamp)) AS Root,
    count() AS SpanCount, countIf(StatusCode = 'Error') AS ErrorCount,
    countIf((GenAiOperation != '' OR GenAiStepType != '')) AS GenAiCalls, countIf((GenAiOperation != '' OR GenAiStepType != '') AND StatusCode = 'Error') AS GenAiErrors,
    countIf(GenAiStepType = 'llm') AS LlmCalls,
    countIf(CostUsd IS NOT NULL) AS PricedCalls, countIf((CostUsd IS NULL AND GenAiStepType IN ('llm', 'embedding') AND GenAiInputTokens + GenAiOutputTokens > 0)) AS UnpricedCalls,
    sum(ifNull(CostUsd, 0)) AS CostUsdSum,
    sum(GenAiInputTokens) AS InputTokens, sum(GenAiOutputTokens) AS OutputTokens,
    sum(GenAiCacheReadTokens) AS CacheReadTokens, sum(GenAiCacheWriteTokens) AS CacheWriteTokens,
    sum(GenAiReasoningTokens) AS ReasoningTokens,
    groupUniqArrayIf(CAST(if(GenAiRequestModel != '', GenAiRequestModel, GenAiResponseModel), 'String'), if(GenAiRequestModel != '', GenAiRequestModel, GenAiResponseModel) != '') AS Models,
    groupUniqArrayIf(CAST(GenAiProvider, 'String'), GenAiProvider != '') AS Providers,
    groupUniqArrayIf(CAST(ServiceName, 'String'), ServiceName != '') AS Services,
    groupUniqArrayIf(CAST(GenAiOperation, 'String'), GenAiOperation != '') AS Operations,
    max(GenAiConversationId) AS SessionId, max(GenAiUserId) AS UserId
  FROM watchllm.otel_traces_local
  WHERE TraceId != ''
  GROUP BY ProjectId, TraceId;

ALTER TABLE watchllm.otel_traces_local ON CLUSTER watchllm ADD INDEX IF NOT EXISTS idx_search_text lowerUTF8(concat(SpanName, ' ', arrayStringConcat(mapValues(SpanAttributes), ' '))) TYPE tokenbf_v1(32768, 3, 0) GRANULARITY 1;

CREATE TABLE IF NOT EXISTS watchllm.watchllm_api_keys_local ON CLUSTER watchllm
(
  KeyId String,
  ProjectId LowCardinality(String),
  KeyHash String,
  Prefix String,
  Revoked UInt8,
  CreatedAt DateTime64(3) DEFAULT now64(3),
  Version UInt64 DEFAULT 0
)
ENGINE = ReplicatedReplacingMergeTree('/clickhouse/tables/{shard}/watchllm/watchllm_api_keys', '{replica}')
ORDER BY (KeyId, Version);

CREATE TABLE IF NOT EXISTS watchllm.watchllm_api_keys ON CLUSTER watchllm AS watchllm.watchllm_api_keys_local
ENGINE = Distributed(watchllm, watchllm, watchllm_api_keys_local, cityHash64((KeyId, Version)));

ALTER TABLE watchllm.otel_traces_trace_id_ts_local ON CLUSTER watchllm MODIFY SETTING replicated_deduplication_window = 10000;

ALTER TABLE watchllm.watchllm_genai_minute_local ON CLUSTER watchllm MODIFY SETTING replicated_deduplication_window = 10000;

ALTER TABLE watchllm.watchllm_genai_hour_local ON CLUSTER watchllm MODIFY SETTING replicated_deduplication_window = 10000;

ALTER TABLE watchllm.watchllm_trace_summary_local ON CLUSTER watchllm MODIFY SETTING replicated_deduplication_window = 10000;

DROP VIEW IF EXISTS watchllm.watchllm_genai_minute_mv ON CLUSTER watchllm;

CREATE MATERIALIZED VIEW IF NOT EXISTS watchllm.watchllm_genai_minute_mv ON CLUSTER watchllm TO watchllm.watchllm_genai_minute_local
AS SELECT ProjectId, toStartOfMinute(Timestamp) AS Time, ServiceName, GenAiProvider AS Provider,
    if(GenAiStepType IN ('llm', 'embedding'), if(GenAiRequestModel != '', GenAiRequestModel, GenAiResponseModel), '') AS Model, GenAiOperation AS Operation, GenAiAgentName AS AgentName, GenAiUserId AS UserId,
    count() AS Calls, countIf(StatusCode = 'Error') AS Errors,
    countIf(CostUsd IS NOT NULL AND GenAiStepType IN ('llm', 'embedding')) AS PricedCalls, countIf((CostUsd IS NULL AND GenAiStepType IN ('llm', 'embedding') AND GenAiInputTokens + GenAiOutputTokens > 0)) AS UnpricedCalls,
    sumIf(ifNull(CostUsd, 0), GenAiStepType IN ('llm', 'embedding')) AS CostUsdSum,
    sumIf(GenAiInputTokens, GenAiStepType IN ('llm', 'embedding')) AS InputTokens, sumIf(GenAiOutputTokens, GenAiStepType IN ('llm', 'embedding')) AS OutputTokens,
    sumIf(GenAiCacheReadTokens, GenAiStepType IN ('llm', 'embedding')) AS CacheReadTokens, sumIf(GenAiCacheWriteTokens, GenAiStepType IN ('llm', 'embedding')) AS CacheWriteTokens,
    sumIf(GenAiReasoningTokens, GenAiStepType IN ('llm', 'embedding')) AS ReasoningTokens,
    quantilesTDigestState(0.5, 0.95, 0.99)(Duration / 1e6) AS LatencyMs,
    quantilesTDigestIfState(0.5, 0.95, 0.99)(ifNull(JSONExtract(GenAiRecord, 'timeToFirstChunkMs', 'Nullable(Float64)'), 0), JSONExtract(GenAiRecord, 'timeToFirstChunkMs', 'Nullable(Float64)') IS NOT NULL) AS TtftMs,
    countIf(JSONExtract(GenAiRecord, 'timeToFirstChunkMs', 'Nullable(Float64)') IS NOT NULL) AS TtftCount
  FROM watchllm.otel_traces_local
  WHERE (GenAiOperation != '' OR GenAiStepType != '')
  GROUP BY ProjectId, Time, ServiceName, Provider, Model, Operation, AgentName, UserId;

DROP VIEW IF EXISTS watchllm.watchllm_trace_summary_mv ON CLUSTER watchllm;

CREATE MATERIALIZED VIEW IF NOT EXISTS watchllm.watchllm_trace_summary_mv ON CLUSTER watchllm TO watchllm.watchllm_trace_summary_local
AS SELECT ProjectId, toDate(min(Timestamp)) AS Day, TraceId,
    min(Timestamp) AS Start, max(fromUnixTimestamp64Nano(toInt64(toUnixTimestamp64Nano(Timestamp) + Duration))) AS End,
    argMinState((CAST(SpanName, 'String'), CAST(ServiceName, 'String')), (ParentSpanId != '', Timestamp)) AS Root,
    count() AS SpanCount, countIf(StatusCode = 'Error') AS ErrorCount,
    countIf((GenAiOperation != '' OR GenAiStepType != '')) AS GenAiCalls, countIf((GenAiOperation != '' OR GenAiStepType != '') AND StatusCode = 'Error') AS GenAiErrors,
    countIf(GenAiStepType = 'llm') AS LlmCalls,
    countIf(CostUsd IS NOT NULL AND GenAiStepType IN ('llm', 'embedding')) AS PricedCalls, countIf((CostUsd IS NULL AND GenAiStepType IN ('llm', 'embedding') AND GenAiInputTokens + GenAiOutputTokens > 0)) AS UnpricedCalls,
    sumIf(ifNull(CostUsd, 0), GenAiStepType IN ('llm', 'embedding')) AS CostUsdSum,
    sumIf(GenAiInputTokens, GenAiStepType IN ('llm', 'embedding')) AS InputTokens, sumIf(GenAiOutputTokens, GenAiStepType IN ('llm', 'embedding')) AS OutputTokens,
    sumIf(GenAiCacheReadTokens, GenAiStepType IN ('llm', 'embedding')) AS CacheReadTokens, sumIf(GenAiCacheWriteTokens, GenAiStepType IN ('llm', 'embedding')) AS CacheWriteTokens,
    sumIf(GenAiReasoningTokens, GenAiStepType IN ('llm', 'embedding')) AS ReasoningTokens,
    groupUniqArrayIf(CAST(if(GenAiStepType IN ('llm', 'embedding'), if(GenAiRequestModel != '', GenAiRequestModel, GenAiResponseModel), ''), 'String'), if(GenAiStepType IN ('llm', 'embedding'), if(GenAiRequestModel != '', GenAiRequestModel, GenAiResponseModel), '') != '') AS Models,
    groupUniqArrayIf(CAST(GenAiProvider, 'String'), GenAiProvider != '') AS Providers,
    groupUniqArrayIf(CAST(ServiceName, 'String'), ServiceName != '') AS Services,
    groupUniqArrayIf(CAST(GenAiOperation, 'String'), GenAiOperation != '') AS Operations,
    max(GenAiConversationId) AS SessionId, max(GenAiUserId) AS UserId
  FROM watchllm.otel_traces_local
  WHERE TraceId != ''
  GROUP BY ProjectId, TraceId;

CREATE TABLE IF NOT EXISTS watchllm.watchllm_trace_lookup_local ON CLUSTER watchllm
(
  ProjectId LowCardinality(String) CODEC(ZSTD(1)),
  TraceId String CODEC(ZSTD(1)),
  Start DateTime64(9) CODEC(Delta, ZSTD(1)),
  End DateTime64(9) CODEC(Delta, ZSTD(1))
)
ENGINE = ReplicatedMergeTree('/clickhouse/tables/{shard}/watchllm/watchllm_trace_lookup', '{replica}')
PARTITION BY toYYYYMM(Start)
ORDER BY (ProjectId, TraceId);

CREATE TABLE IF NOT EXISTS watchllm.watchllm_trace_lookup ON CLUSTER watchllm AS watchllm.watchllm_trace_lookup_local
ENGINE = Distributed(watchllm, watchllm, watchllm_trace_lookup_local, cityHash64(TraceId));

CREATE MATERIALIZED VIEW IF NOT EXISTS watchllm.watchllm_trace_lookup_mv ON CLUSTER watchllm TO watchllm.watchllm_trace_lookup_local
AS SELECT ProjectId, TraceId, min(Timestamp) AS Start, max(Timestamp) AS End
  FROM watchllm.otel_traces_local
  WHERE TraceId != ''
  GROUP BY ProjectId, TraceId;

INSERT INTO watchllm.watchllm_trace_lookup (ProjectId, TraceId, Start, End)
  SELECT ProjectId, TraceId, toDateTime64(Start, 9), toDateTime64(End, 9) + toIntervalSecond(1)
  FROM watchllm.otel_traces_trace_id_ts;

ALTER TABLE watchllm.watchllm_genai_user_hour_local ON CLUSTER watchllm MODIFY SETTING replicated_deduplication_window = 10000;

ALTER TABLE watchllm.otel_traces_local ON CLUSTER watchllm MODIFY SETTING min_bytes_for_wide_part = 67108864;

ALTER TABLE watchllm.otel_traces_local ON CLUSTER watchllm MODIFY SETTING fsync_after_insert = 1, fsync_part_directory = 1;

ALTER TABLE watchllm.otel_traces_trace_id_ts_local ON CLUSTER watchllm MODIFY SETTING fsync_after_insert = 1, fsync_part_directory = 1;

ALTER TABLE watchllm.otel_logs_local ON CLUSTER watchllm MODIFY SETTING fsync_after_insert = 1, fsync_part_directory = 1;

ALTER TABLE watchllm.otel_metrics_gauge_local ON CLUSTER watchllm MODIFY SETTING fsync_after_insert = 1, fsync_part_directory = 1;

ALTER TABLE watchllm.otel_metrics_sum_local ON CLUSTER watchllm MODIFY SETTING fsync_after_insert = 1, fsync_part_directory = 1;

ALTER TABLE watchllm.otel_metrics_histogram_local ON CLUSTER watchllm MODIFY SETTING fsync_after_insert = 1, fsync_part_directory = 1;

ALTER TABLE watchllm.otel_metrics_exponential_histogram_local ON CLUSTER watchllm MODIFY SETTING fsync_after_insert = 1, fsync_part_directory = 1;

ALTER TABLE watchllm.otel_metrics_summary_local ON CLUSTER watchllm MODIFY SETTING fsync_after_insert = 1, fsync_part_directory = 1;

ALTER TABLE watchllm.watchllm_genai_minute_local ON CLUSTER watchllm MODIFY SETTING fsync_after_insert = 1, fsync_part_directory = 1;

ALTER TABLE watchllm.watchllm_genai_hour_local ON CLUSTER watchllm MODIFY SETTING fsync_after_insert = 1, fsync_part_directory = 1;

ALTER TABLE watchllm.watchllm_genai_user_hour_local ON CLUSTER watchllm MODIFY SETTING fsync_after_insert = 1, fsync_part_directory = 1;

ALTER TABLE watchllm.watchllm_trace_summary_local ON CLUSTER watchllm MODIFY SETTING fsync_after_insert = 1, fsync_part_directory = 1;

ALTER TABLE watchllm.watchllm_api_keys_local ON CLUSTER watchllm MODIFY SETTING fsync_after_insert = 1, fsync_part_directory = 1;

ALTER TABLE watchllm.watchllm_trace_lookup_local ON CLUSTER watchllm MODIFY SETTING fsync_after_insert = 1, fsync_part_directory = 1;

ALTER TABLE watchllm.watchllm_trace_lookup_local ON CLUSTER watchllm ADD COLUMN IF NOT EXISTS Logs UInt8 DEFAULT 0;

ALTER TABLE watchllm.watchllm_trace_lookup ON CLUSTER watchllm ADD COLUMN IF NOT EXISTS Logs UInt8 DEFAULT 0;

CREATE MATERIALIZED VIEW IF NOT EXISTS watchllm.watchllm_trace_lookup_logs_mv ON CLUSTER watchllm TO watchllm.watchllm_trace_lookup_local
AS SELECT ProjectId, TraceId, min(Timestamp) AS Start, max(Timestamp) AS End, toUInt8(1) AS Logs
  FROM watchllm.otel_logs_local
  WHERE TraceId != '' AND SpanId != ''
  GROUP BY ProjectId, TraceId;

INSERT INTO watchllm.watchllm_trace_lookup (ProjectId, TraceId, Start, End, Logs)
  SELECT ProjectId, TraceId, min(Timestamp) AS Start, max(Timestamp) AS End, toUInt8(1) AS Logs
  FROM watchllm.otel_logs
  WHERE TraceId != '' AND SpanId != ''
  GROUP BY ProjectId, TraceId;

ALTER TABLE watchllm.otel_traces_local ON CLUSTER watchllm MODIFY SETTING min_compress_block_size = 4096;

ALTER TABLE watchllm.otel_logs_local ON CLUSTER watchllm MODIFY SETTING min_compress_block_size = 4096;

ALTER TABLE watchllm.otel_traces_local ON CLUSTER watchllm ADD COLUMN IF NOT EXISTS GenAiTags Array(LowCardinality(String)) CODEC(ZSTD(1));

ALTER TABLE watchllm.otel_traces ON CLUSTER watchllm ADD COLUMN IF NOT EXISTS GenAiTags Array(LowCardinality(String)) CODEC(ZSTD(1));

ALTER TABLE watchllm.watchllm_trace_summary_local ON CLUSTER watchllm ADD COLUMN IF NOT EXISTS Tags SimpleAggregateFunction(groupUniqArrayArray, Array(String)) CODEC(ZSTD(1));

ALTER TABLE watchllm.watchllm_trace_summary ON CLUSTER watchllm ADD COLUMN IF NOT EXISTS Tags SimpleAggregateFunction(groupUniqArrayArray, Array(String)) CODEC(ZSTD(1));

DROP VIEW IF EXISTS watchllm.watchllm_trace_summary_mv ON CLUSTER watchllm;

CREATE MATERIALIZED VIEW IF NOT EXISTS watchllm.watchllm_trace_summary_mv ON CLUSTER watchllm TO watchllm.watchllm_trace_summary_local
AS SELECT ProjectId, toDate(min(Timestamp)) AS Day, TraceId,
    min(Timestamp) AS Start, max(fromUnixTimestamp64Nano(toInt64(toUnixTimestamp64Nano(Timestamp) + Duration))) AS End,
    argMinState((CAST(SpanName, 'String'), CAST(ServiceName, 'String')), (ParentSpanId != '', Timestamp)) AS Root,
    count() AS SpanCount, countIf(StatusCode = 'Error') AS ErrorCount,
    countIf((GenAiOperation != '' OR GenAiStepType != '')) AS GenAiCalls, countIf((GenAiOperation != '' OR GenAiStepType != '') AND StatusCode = 'Error') AS GenAiErrors,
    countIf(GenAiStepType = 'llm') AS LlmCalls,
    countIf(CostUsd IS NOT NULL AND GenAiStepType IN ('llm', 'embedding')) AS PricedCalls, countIf((CostUsd IS NULL AND GenAiStepType IN ('llm', 'embedding') AND GenAiInputTokens + GenAiOutputTokens > 0)) AS UnpricedCalls,
    sumIf(ifNull(CostUsd, 0), GenAiStepType IN ('llm', 'embedding')) AS CostUsdSum,
    sumIf(GenAiInputTokens, GenAiStepType IN ('llm', 'embedding')) AS InputTokens, sumIf(GenAiOutputTokens, GenAiStepType IN ('llm', 'embedding')) AS OutputTokens,
    sumIf(GenAiCacheReadTokens, GenAiStepType IN ('llm', 'embedding')) AS CacheReadTokens, sumIf(GenAiCacheWriteTokens, GenAiStepType IN ('llm', 'embedding')) AS CacheWriteTokens,
    sumIf(GenAiReasoningTokens, GenAiStepType IN ('llm', 'embedding')) AS ReasoningTokens,
    groupUniqArrayIf(CAST(if(GenAiStepType IN ('llm', 'embedding'), if(GenAiRequestModel != '', GenAiRequestModel, GenAiResponseModel), ''), 'String'), if(GenAiStepType IN ('llm', 'embedding'), if(GenAiRequestModel != '', GenAiRequestModel, GenAiResponseModel), '') != '') AS Models,
    groupUniqArrayIf(CAST(GenAiProvider, 'String'), GenAiProvider != '') AS Providers,
    groupUniqArrayIf(CAST(ServiceName, 'String'), ServiceName != '') AS Services,
    groupUniqArrayIf(CAST(GenAiOperation, 'String'), GenAiOperation != '') AS Operations,
    max(GenAiConversationId) AS SessionId, max(GenAiUserId) AS UserId, groupUniqArrayArray(GenAiTags) AS Tags
  FROM watchllm.otel_traces_local
  WHERE TraceId != ''
  GROUP BY ProjectId, TraceId;

CREATE TABLE IF NOT EXISTS watchllm.watchllm_prompts_local ON CLUSTER watchllm
(
  ProjectId LowCardinality(String),
  Name String,
  Version UInt32,
  Type LowCardinality(String),
  Prompt String CODEC(ZSTD(1)),
  Config String CODEC(ZSTD(1)),
  CommitMessage String,
  Labels Array(String),
  Tags Array(String),
  CreatedAt DateTime64(3),
  UpdatedAt DateTime64(6),
  Deleted UInt8
)
ENGINE = ReplicatedMergeTree('/clickhouse/tables/{shard}/watchllm/watchllm_prompts', '{replica}')
ORDER BY (ProjectId, Name, Version, UpdatedAt)
SETTINGS fsync_after_insert = 1, fsync_part_directory = 1;

CREATE TABLE IF NOT EXISTS watchllm.watchllm_prompts ON CLUSTER watchllm AS watchllm.watchllm_prompts_local
ENGINE = Distributed(watchllm, watchllm, watchllm_prompts_local, cityHash64(ProjectId, Name));

CREATE TABLE IF NOT EXISTS watchllm.watchllm_langfuse_events_local ON CLUSTER watchllm
(
  ProjectId LowCardinality(String),
  TraceId String,
  EntityId String,
  EventId String,
  EventType LowCardinality(String),
  EventTime DateTime64(3),
  Body String CODEC(ZSTD(1)),
  ReceivedAt DateTime64(3)
)
ENGINE = ReplicatedMergeTree('/clickhouse/tables/{shard}/watchllm/watchllm_langfuse_events', '{replica}')
ORDER BY (ProjectId, TraceId, EntityId, EventTime)
TTL toDateTime(ReceivedAt) + INTERVAL 7 DAY
SETTINGS fsync_after_insert = 1, fsync_part_directory = 1;

CREATE TABLE IF NOT EXISTS watchllm.watchllm_langfuse_events ON CLUSTER watchllm AS watchllm.watchllm_langfuse_events_local
ENGINE = Distributed(watchllm, watchllm, watchllm_langfuse_events_local, cityHash64(ProjectId, TraceId));

CREATE TABLE IF NOT EXISTS watchllm.watchllm_langfuse_emitted_local ON CLUSTER watchllm
(
  ProjectId LowCardinality(String),
  TraceId String,
  EntityId String,
  EmittedAt DateTime64(3)
)
ENGINE = ReplicatedMergeTree('/clickhouse/tables/{shard}/watchllm/watchllm_langfuse_emitted', '{replica}')
ORDER BY (ProjectId, TraceId, EntityId)
TTL toDateTime(EmittedAt) + INTERVAL 8 DAY
SETTINGS fsync_after_insert = 1, fsync_part_directory = 1;

CREATE TABLE IF NOT EXISTS watchllm.watchllm_langfuse_emitted ON CLUSTER watchllm AS watchllm.watchllm_langfuse_emitted_local
ENGINE = Distributed(watchllm, watchllm, watchllm_langfuse_emitted_local, cityHash64(ProjectId, TraceId));

CREATE TABLE IF NOT EXISTS watchllm.watchllm_datasets_local ON CLUSTER watchllm
(
  ProjectId LowCardinality(String),
  Name String,
  Id String,
  Description String,
  Metadata String CODEC(ZSTD(1)),
  CreatedAt DateTime64(3),
  UpdatedAt DateTime64(6),
  Deleted UInt8
)
ENGINE = ReplicatedMergeTree('/clickhouse/tables/{shard}/watchllm/watchllm_datasets', '{replica}')
ORDER BY (ProjectId, Name, UpdatedAt)
SETTINGS fsync_after_insert = 1, fsync_part_directory = 1;

CREATE TABLE IF NOT EXISTS watchllm.watchllm_datasets ON CLUSTER watchllm AS watchllm.watchllm_datasets_local
ENGINE = Distributed(watchllm, watchllm, watchllm_datasets_local, cityHash64(ProjectId, Name));

CREATE TABLE IF NOT EXISTS watchllm.watchllm_dataset_items_local ON CLUSTER watchllm
(
  ProjectId LowCardinality(String),
  DatasetId String,
  Id String,
  Status LowCardinality(String),
  Input String CODEC(ZSTD(1)),
  ExpectedOutput String CODEC(ZSTD(1)),
  Metadata String CODEC(ZSTD(1)),
  SourceTraceId String,
  SourceObservationId String,
  CreatedAt DateTime64(3),
  UpdatedAt DateTime64(6),
  Deleted UInt8
)
ENGINE = ReplicatedMergeTree('/clickhouse/tables/{shard}/watchllm/watchllm_dataset_items', '{replica}')
ORDER BY (ProjectId, DatasetId, Id, UpdatedAt)
SETTINGS fsync_after_insert = 1, fsync_part_directory = 1;

CREATE TABLE IF NOT EXISTS watchllm.watchllm_dataset_items ON CLUSTER watchllm AS watchllm.watchllm_dataset_items_local
ENGINE = Distributed(watchllm, watchllm, watchllm_dataset_items_local, cityHash64(ProjectId, DatasetId));

CREATE TABLE IF NOT EXISTS watchllm.watchllm_dataset_runs_local ON CLUSTER watchllm
(
  ProjectId LowCardinality(String),
  DatasetId String,
  Name String,
  Id String,
  Description String,
  Metadata String CODEC(ZSTD(1)),
  CreatedAt DateTime64(3),
  UpdatedAt DateTime64(6),
  Deleted UInt8
)
ENGINE = ReplicatedMergeTree('/clickhouse/tables/{shard}/watchllm/watchllm_dataset_runs', '{replica}')
ORDER BY (ProjectId, DatasetId, Name, UpdatedAt)
SETTINGS fsync_after_insert = 1, fsync_part_directory = 1;

CREATE TABLE IF NOT EXISTS watchllm.watchllm_dataset_runs ON CLUSTER watchllm AS watchllm.watchllm_dataset_runs_local
ENGINE = Distributed(watchllm, watchllm, watchllm_dataset_runs_local, cityHash64(ProjectId, DatasetId));

CREATE TABLE IF NOT EXISTS watchllm.watchllm_dataset_run_items_local ON CLUSTER watchllm
(
  ProjectId LowCardinality(String),
  DatasetId String,
  RunId String,
  Id String,
  DatasetItemId String,
  TraceId String,
  ObservationId String,
  CreatedAt DateTime64(3),
  UpdatedAt DateTime64(6),
  Deleted UInt8
)
ENGINE = ReplicatedMergeTree('/clickhouse/tables/{shard}/watchllm/watchllm_dataset_run_items', '{replica}')
ORDER BY (ProjectId, DatasetId, RunId, Id, UpdatedAt)
SETTINGS fsync_after_insert = 1, fsync_part_directory = 1;

CREATE TABLE IF NOT EXISTS watchllm.watchllm_dataset_run_items ON CLUSTER watchllm AS watchllm.watchllm_dataset_run_items_local
ENGINE = Distributed(watchllm, watchllm, watchllm_dataset_run_items_local, cityHash64(ProjectId, DatasetId));

CREATE TABLE IF NOT EXISTS watchllm.watchllm_dataset_run_scores_local ON CLUSTER watchllm
(
  ProjectId LowCardinality(String),
  DatasetId String,
  RunId String,
  Id String,
  Name String,
  Value Nullable(Float64),
  StringValue String,
  DataType LowCardinality(String),
  Comment String,
  CreatedAt DateTime64(3),
  UpdatedAt DateTime64(6),
  Deleted UInt8
)
ENGINE = ReplicatedMergeTree('/clickhouse/tables/{shard}/watchllm/watchllm_dataset_run_scores', '{replica}')
ORDER BY (ProjectId, DatasetId, RunId, Id, UpdatedAt)
SETTINGS fsync_after_insert = 1, fsync_part_directory = 1;

CREATE TABLE IF NOT EXISTS watchllm.watchllm_dataset_run_scores ON CLUSTER watchllm AS watchllm.watchllm_dataset_run_scores_local
ENGINE = Distributed(watchllm, watchllm, watchllm_dataset_run_scores_local, cityHash64(ProjectId, DatasetId));

CREATE TABLE IF NOT EXISTS watchllm.watchllm_media_local ON CLUSTER watchllm
(
  ProjectId LowCardinality(String),
  MediaId String,
  ContentType LowCardinality(String),
  ContentLength UInt64,
  Sha256 String,
  TraceId String,
  ObservationId String,
  Field LowCardinality(String),
  UploadToken String,
  AccessToken String,
  Content String CODEC(ZSTD(1)),
  Uploaded UInt8,
  CreatedAt DateTime64(3),
  UpdatedAt DateTime64(6)
)
ENGINE = ReplicatedReplacingMergeTree('/clickhouse/tables/{shard}/watchllm/watchllm_media', '{replica}')
ORDER BY (ProjectId, MediaId)
SETTINGS fsync_after_insert = 1, fsync_part_directory = 1;

CREATE TABLE IF NOT EXISTS watchllm.watchllm_media ON CLUSTER watchllm AS watchllm.watchllm_media_local
ENGINE = Distributed(watchllm, watchllm, watchllm_media_local, cityHash64(ProjectId, MediaId));

ALTER TABLE watchllm.watchllm_prompts_local ON CLUSTER watchllm ADD COLUMN IF NOT EXISTS CreateId String;

ALTER TABLE watchllm.watchllm_prompts ON CLUSTER watchllm ADD COLUMN IF NOT EXISTS CreateId String;

ALTER TABLE watchllm.watchllm_prompts_local ON CLUSTER watchllm MODIFY SETTING replicated_deduplication_window = 10000;

ALTER TABLE watchllm.watchllm_datasets_local ON CLUSTER watchllm MODIFY SETTING replicated_deduplication_window = 10000;

ALTER TABLE watchllm.watchllm_dataset_runs_local ON CLUSTER watchllm MODIFY SETTING replicated_deduplication_window = 10000;

CREATE TABLE IF NOT EXISTS watchllm.watchllm_session_scores_local ON CLUSTER watchllm
(
  ProjectId LowCardinality(String),
  SessionId String,
  Id String,
  Name String,
  Score Nullable(Float64),
  Label String,
  Explanation String,
  Author String,
  CreatedAt DateTime64(3),
  UpdatedAt DateTime64(6),
  Deleted UInt8
)
ENGINE = ReplicatedMergeTree('/clickhouse/tables/{shard}/watchllm/watchllm_session_scores', '{replica}')
ORDER BY (ProjectId, SessionId, Id, UpdatedAt)
SETTINGS fsync_after_insert = 1, fsync_part_directory = 1, replicated_deduplication_window = 10000;

CREATE TABLE IF NOT EXISTS watchllm.watchllm_session_scores ON CLUSTER watchllm AS watchllm.watchllm_session_scores_local
ENGINE = Distributed(watchllm, watchllm, watchllm_session_scores_local, cityHash64(ProjectId, SessionId));

CREATE TABLE IF NOT EXISTS watchllm.watchllm_evaluators_local ON CLUSTER watchllm
(
  ProjectId LowCardinality(String),
  Name String,
  Id String,
  Definition String CODEC(ZSTD(1)),
  CreatedAt DateTime64(3),
  UpdatedAt DateTime64(6),
  Deleted UInt8
)
ENGINE = ReplicatedMergeTree('/clickhouse/tables/{shard}/watchllm/watchllm_evaluators', '{replica}')
ORDER BY (ProjectId, Name, UpdatedAt)
SETTINGS fsync_after_insert = 1, fsync_part_directory = 1, replicated_deduplication_window = 10000;

CREATE TABLE IF NOT EXISTS watchllm.watchllm_evaluators ON CLUSTER watchllm AS watchllm.watchllm_evaluators_local
ENGINE = Distributed(watchllm, watchllm, watchllm_evaluators_local, cityHash64(ProjectId, Name));

CREATE TABLE IF NOT EXISTS watchllm.watchllm_evaluator_progress_local ON CLUSTER watchllm
(
  ProjectId LowCardinality(String),
  Evaluator String,
  DoneUntil DateTime64(9)
)
ENGINE = ReplicatedReplacingMergeTree('/clickhouse/tables/{shard}/watchllm/watchllm_evaluator_progress', '{replica}')
ORDER BY (ProjectId, Evaluator)
SETTINGS fsync_after_insert = 1, fsync_part_directory = 1;

CREATE TABLE IF NOT EXISTS watchllm.watchllm_evaluator_progress ON CLUSTER watchllm AS watchllm.watchllm_evaluator_progress_local
ENGINE = Distributed(watchllm, watchllm, watchllm_evaluator_progress_local, cityHash64(ProjectId, Evaluator));

CREATE TABLE IF NOT EXISTS watchllm.watchllm_worker_leases_local ON CLUSTER watchllm
(
  Lease LowCardinality(String),
  Bucket Int64,
  Holder String,
  UpdatedAt DateTime64(6)
)
ENGINE = ReplicatedMergeTree('/clickhouse/tables/{shard}/watchllm/watchllm_worker_leases', '{replica}')
ORDER BY (Lease, Bucket)
TTL toDateTime(UpdatedAt) + INTERVAL 1 DAY
SETTINGS fsync_after_insert = 1, fsync_part_directory = 1, replicated_deduplication_window = 10000;

CREATE TABLE IF NOT EXISTS watchllm.watchllm_worker_leases ON CLUSTER watchllm AS watchllm.watchllm_worker_leases_local
ENGINE = Distributed(watchllm, watchllm, watchllm_worker_leases_local, cityHash64(Lease));

CREATE TABLE IF NOT EXISTS watchllm.watchllm_comments_local ON CLUSTER watchllm
(
  ProjectId LowCardinality(String),
  ObjectType LowCardinality(String),
  ObjectId String,
  Id String,
  Content String,
  Author String,
  CreatedAt DateTime64(3),
  UpdatedAt DateTime64(6),
  Deleted UInt8
)
ENGINE = ReplicatedMergeTree('/clickhouse/tables/{shard}/watchllm/watchllm_comments', '{replica}')
ORDER BY (ProjectId, ObjectType, ObjectId, Id, UpdatedAt)
SETTINGS fsync_after_insert = 1, fsync_part_directory = 1;

CREATE TABLE IF NOT EXISTS watchllm.watchllm_comments ON CLUSTER watchllm AS watchllm.watchllm_comments_local
ENGINE = Distributed(watchllm, watchllm, watchllm_comments_local, cityHash64(ProjectId, ObjectType, ObjectId));

CREATE TABLE IF NOT EXISTS watchllm.watchllm_score_configs_local ON CLUSTER watchllm
(
  ProjectId LowCardinality(String),
  Id String,
  Name String,
  DataType LowCardinality(String),
  MinValue Nullable(Float64),
  MaxValue Nullable(Float64),
  CategoryLabels Array(String),
  CategoryValues Array(Float64),
  Description Nullable(String),
  Archived UInt8,
  CreatedAt DateTime64(3),
  UpdatedAt DateTime64(6)
)
ENGINE = ReplicatedReplacingMergeTree('/clickhouse/tables/{shard}/watchllm/watchllm_score_configs', '{replica}')
ORDER BY (ProjectId, Id)
SETTINGS fsync_after_insert = 1, fsync_part_directory = 1;

CREATE TABLE IF NOT EXISTS watchllm.watchllm_score_configs ON CLUSTER watchllm AS watchllm.watchllm_score_configs_local
ENGINE = Distributed(watchllm, watchllm, watchllm_score_configs_local, cityHash64(ProjectId, Id));

ALTER TABLE watchllm.watchllm_session_scores_local ON CLUSTER watchllm ADD COLUMN IF NOT EXISTS ConfigId String;

ALTER TABLE watchllm.watchllm_session_scores ON CLUSTER watchllm ADD COLUMN IF NOT EXISTS ConfigId String;

CREATE TABLE IF NOT EXISTS watchllm.watchllm_models_local ON CLUSTER watchllm
(
  ProjectId LowCardinality(String),
  Id String,
  ModelName String,
  MatchPattern String,
  StartDate Nullable(DateTime64(3)),
  Unit LowCardinality(String),
  InputPrice Nullable(Float64),
  OutputPrice Nullable(Float64),
  TotalPrice Nullable(Float64),
  Prices Map(LowCardinality(String), Float64),
  TokenizerId LowCardinality(String),
  TokenizerConfig String,
  CreatedAt DateTime64(3),
  UpdatedAt DateTime64(6),
  Deleted UInt8
)
ENGINE = ReplicatedReplacingMergeTree('/clickhouse/tables/{shard}/watchllm/watchllm_models', '{replica}')
ORDER BY (ProjectId, Id)
SETTINGS fsync_after_insert = 1, fsync_part_directory = 1;

CREATE TABLE IF NOT EXISTS watchllm.watchllm_models ON CLUSTER watchllm AS watchllm.watchllm_models_local
ENGINE = Distributed(watchllm, watchllm, watchllm_models_local, cityHash64(ProjectId, Id));

CREATE TABLE IF NOT EXISTS watchllm.watchllm_annotation_queues_local ON CLUSTER watchllm
(
  ProjectId LowCardinality(String),
  Id String,
  Name String,
  Description Nullable(String),
  ScoreConfigIds Array(String),
  CreatedAt DateTime64(3),
  UpdatedAt DateTime64(6)
)
ENGINE = ReplicatedReplacingMergeTree('/clickhouse/tables/{shard}/watchllm/watchllm_annotation_queues', '{replica}', UpdatedAt)
ORDER BY (ProjectId, Id)
SETTINGS fsync_after_insert = 1, fsync_part_directory = 1;

CREATE TABLE IF NOT EXISTS watchllm.watchllm_annotation_queues ON CLUSTER watchllm AS watchllm.watchllm_annotation_queues_local
ENGINE = Distributed(watchllm, watchllm, watchllm_annotation_queues_local, cityHash64(ProjectId, Id));

CREATE TABLE IF NOT EXISTS watchllm.watchllm_annotation_queue_items_local ON CLUSTER watchllm
(
  ProjectId LowCardinality(String),
  QueueId String,
  Id String,
  ObjectType LowCardinality(String),
  ObjectId String,
  Status LowCardinality(String),
  CompletedAt Nullable(DateTime64(3)),
  CreatedAt DateTime64(3),
  UpdatedAt DateTime64(6),
  Deleted UInt8
)
ENGINE = ReplicatedReplacingMergeTree('/clickhouse/tables/{shard}/watchllm/watchllm_annotation_queue_items', '{replica}', UpdatedAt)
ORDER BY (ProjectId, QueueId, Id)
SETTINGS fsync_after_insert = 1, fsync_part_directory = 1;

CREATE TABLE IF NOT EXISTS watchllm.watchllm_annotation_queue_items ON CLUSTER watchllm AS watchllm.watchllm_annotation_queue_items_local
ENGINE = Distributed(watchllm, watchllm, watchllm_annotation_queue_items_local, cityHash64(ProjectId, QueueId));

ALTER TABLE watchllm.watchllm_session_scores_local ON CLUSTER watchllm ADD COLUMN IF NOT EXISTS DataType LowCardinality(String);

ALTER TABLE watchllm.watchllm_session_scores ON CLUSTER watchllm ADD COLUMN IF NOT EXISTS DataType LowCardinality(String);

ALTER TABLE watchllm.otel_traces_local ON CLUSTER watchllm MODIFY SETTING min_parts_to_merge_at_once = 10;

ALTER TABLE watchllm.otel_traces_local ON CLUSTER watchllm MODIFY SETTING min_parts_to_merge_at_once = 16;

INSERT INTO watchllm.watchllm_schema_migrations (Version, Name) SELECT 1, 'otel_traces with GenAI columns and trace-id lookup';

INSERT INTO watchllm.watchllm_schema_migrations (Version, Name) SELECT 2, 'otel_logs and otel_metrics_* (contrib layouts + ProjectId)';

INSERT INTO watchllm.watchllm_schema_migrations (Version, Name) SELECT 3, 'GenAI usage rollups, trace summaries, full-text skip index';

INSERT INTO watchllm.watchllm_schema_migrations (Version, Name) SELECT 4, 'API keys (hashed) per project';

INSERT INTO watchllm.watchllm_schema_migrations (Version, Name) SELECT 5, 'insert deduplication window on view-fed tables';

INSERT INTO watchllm.watchllm_schema_migrations (Version, Name) SELECT 6, 'usage rollups count model calls only; trace id lookup; dedup window on the per-user hour rollup';

INSERT INTO watchllm.watchllm_schema_migrations (Version, Name) SELECT 7, 'otel_traces writes inserts of up to 64 MiB as compact parts';

INSERT INTO watchllm.watchllm_schema_migrations (Version, Name) SELECT 8, 'inserted parts are fsynced before the insert returns';

INSERT INTO watchllm.watchllm_schema_migrations (Version, Name) SELECT 9, 'the trace lookup records the time range of span-attached log records';

INSERT INTO watchllm.watchllm_schema_migrations (Version, Name) SELECT 10, 'otel_traces and otel_logs end compressed blocks at granules from 4 KiB, for point reads';

INSERT INTO watchllm.watchllm_schema_migrations (Version, Name) SELECT 11, 'span tags, and their union in the trace summary';

INSERT INTO watchllm.watchllm_schema_migrations (Version, Name) SELECT 12, 'prompt versions with their labels and tags';

INSERT INTO watchllm.watchllm_schema_migrations (Version, Name) SELECT 13, 'Langfuse ingestion events waiting to become spans';

INSERT INTO watchllm.watchllm_schema_migrations (Version, Name) SELECT 14, 'datasets, their items and experiment runs';

INSERT INTO watchllm.watchllm_schema_migrations (Version, Name) SELECT 15, 'media uploaded apart from the spans that show it';

INSERT INTO watchllm.watchllm_schema_migrations (Version, Name) SELECT 16, 'prompt versions, datasets and dataset runs created once across query services';

INSERT INTO watchllm.watchllm_schema_migrations (Version, Name) SELECT 17, 'scores on sessions';

INSERT INTO watchllm.watchllm_schema_migrations (Version, Name) SELECT 18, 'online evaluators and how far each has scored';

INSERT INTO watchllm.watchllm_schema_migrations (Version, Name) SELECT 19, 'comments';

INSERT INTO watchllm.watchllm_schema_migrations (Version, Name) SELECT 20, 'score configs, and the config a session score names';

INSERT INTO watchllm.watchllm_schema_migrations (Version, Name) SELECT 21, 'project model prices';

INSERT INTO watchllm.watchllm_schema_migrations (Version, Name) SELECT 22, 'annotation queues';

INSERT INTO watchllm.watchllm_schema_migrations (Version, Name) SELECT 23, 'score data types a score and label cannot tell (TEXT, CORRECTION) on session scores';

INSERT INTO watchllm.watchllm_schema_migrations (Version, Name) SELECT 24, 'otel_traces merges at least 10 parts at once';

INSERT INTO watchllm.watchllm_schema_migrations (Version, Name) SELECT 25, 'otel_traces merges at least 16 parts at once';
