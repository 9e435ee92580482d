import type { Migration } from '../schema.js';

export const COMMENTS_TABLE = 'watchllm_comments';

/**
 * Comments people leave on a trace, an observation (span), a session or a prompt (Langfuse's `api.comments`, the
 * UI's comment boxes). As session scores (migration 17), each change is a new row and reads take each comment's
 * latest row (argMax by UpdatedAt; a deleted comment's latest row is Deleted); an object's comments are read by its
 * key and all stay on one shard. Acknowledged comments survive a power loss (migration 8). No TTL: a comment is
 * kept until deleted, or erased with its trace or session.
 */
export const commentsMigration: Migration = {
  version: 19,
  name: 'comments',
  objects: [
    {
      kind: 'table',
      name: COMMENTS_TABLE,
      columns: [
        'ProjectId LowCardinality(String)',
        'ObjectType LowCardinality(String)',
        'ObjectId String',
        'Id String',
        'Content String',
        'Author String',
        'CreatedAt DateTime64(3)',
        'UpdatedAt DateTime64(6)',
        'Deleted UInt8',
      ],
      engine: 'MergeTree',
      orderBy: '(ProjectId, ObjectType, ObjectId, Id, UpdatedAt)',
      settings: 'fsync_after_insert = 1, fsync_part_directory = 1',
      shardingKey: 'cityHash64(ProjectId, ObjectType, ObjectId)',
    },
  ],
};
