import type { Migration } from '../schema.js';
import { SESSION_SCORES_TABLE } from './017-session-scores.js';

export const SCORE_CONFIGS_TABLE = 'watchllm_score_configs';

/**
 * Score configs (Langfuse's): what a score of a name may be — a number within bounds, one of some categories, or
 * true / false — which scores naming the config are checked against. A config is never deleted (it is archived), and
 * an update is a new row that replaces the config's earlier ones: reads take the latest (FINAL), merges keep only
 * it. A project has tens of configs, so the table stays small. No TTL: a config lasts as long as the scores that
 * name it. Session scores (migration 17) keep the config they name; span scores keep it as a log attribute.
 */
export const scoreConfigsMigration: Migration = {
  version: 20,
  name: 'score configs, and the config a session score names',
  objects: [
    {
      kind: 'table',
      name: SCORE_CONFIGS_TABLE,
      columns: [
        'ProjectId LowCardinality(String)',
        'Id String',
        'Name String',
        'DataType LowCardinality(String)',
        'MinValue Nullable(Float64)',
        'MaxValue Nullable(Float64)',
        // A categorical (or boolean) config's categories, label i with value i.
        'CategoryLabels Array(String)',
        'CategoryValues Array(Float64)',
        'Description Nullable(String)',
        'Archived UInt8',
        'CreatedAt DateTime64(3)',
        'UpdatedAt DateTime64(6)',
      ],
      engine: 'ReplacingMergeTree',
      orderBy: '(ProjectId, Id)',
      // An acknowledged change must survive a power loss, as acknowledged spans do (migration 8).
      settings: 'fsync_after_insert = 1, fsync_part_directory = 1',
      shardingKey: 'cityHash64(ProjectId, Id)',
    },
    { kind: 'addColumn', table: SESSION_SCORES_TABLE, column: 'ConfigId String' },
  ],
};
