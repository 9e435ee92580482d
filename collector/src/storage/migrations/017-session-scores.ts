import type { Migration } from '../schema.js';

export const SESSION_SCORES_TABLE = 'watchllm_session_scores';

/**
 * Scores on a session as a whole (a conversation's user satisfaction: Langfuse's `score.create({ sessionId })`),
 * which no span carries. As dataset run scores (migration 14), each change is a new row and reads take each
 * score's latest row (argMax by UpdatedAt; a withdrawn score's latest row is Deleted); a session's scores are
 * read by its key, and all stay on one shard. Acknowledged scores survive a power loss (migration 8); a
 * client sending the same score again (same insert token) is dropped within the window.
 */
export const sessionScoresMigration: Migration = {
  version: 17,
  name: 'scores on sessions',
  objects: [
    {
      kind: 'table',
      name: SESSION_SCORES_TABLE,
      columns: [
        'ProjectId LowCardinality(String)',
        'SessionId String',
        'Id String',
        'Name String',
        'Score Nullable(Float64)',
        'Label String',
        'Explanation String',
        'Author String',
        'CreatedAt DateTime64(3)',
        'UpdatedAt DateTime64(6)',
        'Deleted UInt8',
      ],
      engine: 'MergeTree',
      orderBy: '(ProjectId, SessionId, Id, UpdatedAt)',
      settings: 'fsync_after_insert = 1, fsync_part_directory = 1, non_replicated_deduplication_window = 10000',
      shardingKey: 'cityHash64(ProjectId, SessionId)',
    },
  ],
};
