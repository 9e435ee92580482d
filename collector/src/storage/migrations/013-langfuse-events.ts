import type { Migration } from '../schema.js';

export const LANGFUSE_EVENTS_TABLE = 'watchllm_langfuse_events';
export const LANGFUSE_EMITTED_TABLE = 'watchllm_langfuse_emitted';

const FSYNC = 'fsync_after_insert = 1, fsync_part_directory = 1';

/**
 * Langfuse's pre-OpenTelemetry ingestion (its JS SDK v3 and Python SDK v2 send trace, span and
 * generation create / update events): each event is kept here once acknowledged, until the
 * trace goes quiet and its observations are written to otel_traces as spans; what was written
 * is recorded beside, so a restart picks up where it stopped. Both expire after a week.
 */
export const langfuseEventsMigration: Migration = {
  version: 13,
  name: "Langfuse ingestion events waiting to become spans",
  objects: [
    {
      kind: 'table',
      name: LANGFUSE_EVENTS_TABLE,
      columns: [
        'ProjectId LowCardinality(String)',
        'TraceId String',
        'EntityId String',
        'EventId String',
        'EventType LowCardinality(String)',
        'EventTime DateTime64(3)',
        'Body String CODEC(ZSTD(1))',
        'ReceivedAt DateTime64(3)',
      ],
      engine: 'MergeTree',
      orderBy: '(ProjectId, TraceId, EntityId, EventTime)',
      ttl: 'toDateTime(ReceivedAt) + INTERVAL 7 DAY',
      settings: FSYNC,
      shardingKey: 'cityHash64(ProjectId, TraceId)',
    },
    {
      kind: 'table',
      name: LANGFUSE_EMITTED_TABLE,
      columns: ['ProjectId LowCardinality(String)', 'TraceId String', 'EntityId String', 'EmittedAt DateTime64(3)'],
      engine: 'MergeTree',
      orderBy: '(ProjectId, TraceId, EntityId)',
      ttl: 'toDateTime(EmittedAt) + INTERVAL 8 DAY',
      settings: FSYNC,
      shardingKey: 'cityHash64(ProjectId, TraceId)',
    },
  ],
};
