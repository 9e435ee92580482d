import type { Migration } from '../schema.js';

export const EVALUATORS_TABLE = 'watchllm_evaluators';
export const EVALUATOR_PROGRESS_TABLE = 'watchllm_evaluator_progress';
export const WORKER_LEASES_TABLE = 'watchllm_worker_leases';

/**
 * Online evaluators (an LLM judge scoring production spans). Definitions are rows per change, as
 * prompts are (migration 12): reads take each name's latest row; a create claims its name through
 * insert deduplication (migration 16's window), so two query services creating one name make one.
 * Progress is how far each evaluator has looked through its project's spans (span start time), so
 * a restart resumes there; only its maximum is read, and merges keep a row per evaluator. Leases say
 * which query service runs the evaluators in each period: one claim per period, the first kept.
 */
export const evaluatorsMigration: Migration = {
  version: 18,
  name: 'online evaluators and how far each has scored',
  objects: [
    {
      kind: 'table',
      name: EVALUATORS_TABLE,
      columns: [
        'ProjectId LowCardinality(String)',
        'Name String',
        'Id String',
        'Definition String CODEC(ZSTD(1))',
        'CreatedAt DateTime64(3)',
        'UpdatedAt DateTime64(6)',
        'Deleted UInt8',
      ],
      engine: 'MergeTree',
      orderBy: '(ProjectId, Name, UpdatedAt)',
      settings: 'fsync_after_insert = 1, fsync_part_directory = 1, non_replicated_deduplication_window = 10000',
      shardingKey: 'cityHash64(ProjectId, Name)',
    },
    {
      kind: 'table',
      name: EVALUATOR_PROGRESS_TABLE,
      columns: ['ProjectId LowCardinality(String)', 'Evaluator String', 'DoneUntil DateTime64(9)'],
      // Progress only moves forward and reads take max(DoneUntil): an older row a merge keeps costs a rescan, never a skip.
      engine: 'ReplacingMergeTree',
      orderBy: '(ProjectId, Evaluator)',
      // Lost to a power cut, progress only costs a rescan (scores are deduplicated), but every table here fsyncs alike (migration 8's test).
      settings: 'fsync_after_insert = 1, fsync_part_directory = 1',
      shardingKey: 'cityHash64(ProjectId, Evaluator)',
    },
    {
      kind: 'table',
      name: WORKER_LEASES_TABLE,
      columns: ['Lease LowCardinality(String)', 'Bucket Int64', 'Holder String', 'UpdatedAt DateTime64(6)'],
      engine: 'MergeTree',
      orderBy: '(Lease, Bucket)',
      ttl: 'toDateTime(UpdatedAt) + INTERVAL 1 DAY',
      // Claimed through insert deduplication (query/src/claimed-insert.ts): the window keeps a period's first claim.
      settings: 'fsync_after_insert = 1, fsync_part_directory = 1, non_replicated_deduplication_window = 10000',
      shardingKey: 'cityHash64(Lease)',
    },
  ],
};
