import { OTEL_TRACES_CONTRIB_COLUMNS, TABLES, WATCHLLM_TRACE_COLUMNS_V1, type Migration } from '../schema.js';

export const tracesMigration: Migration =
{
  version: 1,
  name: 'otel_traces with GenAI columns and trace-id lookup',
  objects: [
    {
      kind: 'table',
      name: TABLES.traces,
      columns: [...OTEL_TRACES_CONTRIB_COLUMNS, ...WATCHLLM_TRACE_COLUMNS_V1],
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
      // Daily partitions give time pruning; inside a day a trace's spans sit together, so the
      // most frequent read (trace by id, steps) touches one granule instead of one per span name.
      // Search and rollups read the summary and rollup tables. (p95 trace by id at 1M spans:
      // 109 ms ordered by service and span name, see docs/benchmarks.md for the change.)
      orderBy: '(ProjectId, TraceId, Timestamp)',
      // The dedup window lets a replayed batch with the same insert_deduplication_token be dropped.
      // 1 MiB granules (not the default 10 MiB): a span's attributes are KBs, and a trace read
      // should decompress little beyond its own rows.
      settings: 'index_granularity = 8192, index_granularity_bytes = 1048576, ttl_only_drop_parts = 1, non_replicated_deduplication_window = 10000',
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
