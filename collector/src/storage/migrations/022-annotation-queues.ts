import type { Migration } from '../schema.js';

export const ANNOTATION_QUEUES_TABLE = 'watchllm_annotation_queues';
export const ANNOTATION_QUEUE_ITEMS_TABLE = 'watchllm_annotation_queue_items';

/** What both tables share: a change is a new row that replaces the earlier ones (the latest UpdatedAt wins, read FINAL). */
const replacing = {
  engine: 'ReplacingMergeTree',
  engineArgs: 'UpdatedAt',
  // An acknowledged change must survive a power loss, as acknowledged spans do (migration 8).
  settings: 'fsync_after_insert = 1, fsync_part_directory = 1',
} as const;

/**
 * Annotation queues (Langfuse's): traces, observations (spans) or sessions put in a queue for people to score with
 * the queue's score configs (migration 20), each item PENDING until someone completes it. A project has few queues
 * and a queue some thousands of items, so both tables stay small. A deleted item's latest row says Deleted. No TTL:
 * an item lasts until deleted, or erased with the trace or session it points at.
 */
export const annotationQueuesMigration: Migration = {
  version: 22,
  name: 'annotation queues',
  objects: [
    {
      kind: 'table',
      name: ANNOTATION_QUEUES_TABLE,
      columns: [
        'ProjectId LowCardinality(String)',
        'Id String',
        'Name String',
        'Description Nullable(String)',
        'ScoreConfigIds Array(String)',
        'CreatedAt DateTime64(3)',
        'UpdatedAt DateTime64(6)',
      ],
      ...replacing,
      orderBy: '(ProjectId, Id)',
      shardingKey: 'cityHash64(ProjectId, Id)',
    },
    {
      kind: 'table',
      name: ANNOTATION_QUEUE_ITEMS_TABLE,
      columns: [
        'ProjectId LowCardinality(String)',
        'QueueId String',
        'Id String',
        'ObjectType LowCardinality(String)',
        'ObjectId String',
        'Status LowCardinality(String)',
        'CompletedAt Nullable(DateTime64(3))',
        'CreatedAt DateTime64(3)',
        'UpdatedAt DateTime64(6)',
        'Deleted UInt8',
      ],
      ...replacing,
      orderBy: '(ProjectId, QueueId, Id)',
      // A queue's items stay on one shard: its counts and its walk read them together.
      shardingKey: 'cityHash64(ProjectId, QueueId)',
    },
  ],
};
