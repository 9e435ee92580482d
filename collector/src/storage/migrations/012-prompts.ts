import type { Migration } from '../schema.js';

export const PROMPTS_TABLE = 'watchllm_prompts';

/**
 * Prompt versions (Langfuse's prompt management). A version's text or messages never change;
 * its labels, its prompt's tags and its deletion do, and each change is a new row for every
 * version it touches: reads take each version's latest row (argMax by UpdatedAt), which works the
 * same on a Distributed table as on one node. A prompt changes a few times a day at most, so the
 * history costs nothing worth merging away.
 */
export const promptsMigration: Migration = {
  version: 12,
  name: 'prompt versions with their labels and tags',
  objects: [
    {
      kind: 'table',
      name: PROMPTS_TABLE,
      columns: [
        'ProjectId LowCardinality(String)',
        'Name String',
        'Version UInt32',
        'Type LowCardinality(String)',
        'Prompt String CODEC(ZSTD(1))',
        'Config String CODEC(ZSTD(1))',
        'CommitMessage String',
        'Labels Array(String)',
        'Tags Array(String)',
        'CreatedAt DateTime64(3)',
        'UpdatedAt DateTime64(6)',
        'Deleted UInt8',
      ],
      engine: 'MergeTree',
      orderBy: '(ProjectId, Name, Version, UpdatedAt)',
      // An acknowledged version must survive a power loss, as acknowledged spans do (migration 8).
      settings: 'fsync_after_insert = 1, fsync_part_directory = 1',
      // A prompt's versions stay on one shard.
      shardingKey: 'cityHash64(ProjectId, Name)',
    },
  ],
};
