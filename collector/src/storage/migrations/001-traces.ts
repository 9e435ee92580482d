import { OTEL_TRACES_CONTRIB_COLUMNS, TABLES, WATCHLLM_TRACE_COLUMNS, type Migration } from '../schema.js';

export const tracesMigration: Migration =
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
};
