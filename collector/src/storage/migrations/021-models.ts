import type { Migration } from '../schema.js';

export const MODELS_TABLE = 'watchllm_models';

/**
 * A project's own model prices (Langfuse's Models API and its "Models" settings): which model names a definition
 * prices (a regex), from when, and USD per unit by usage type. The flat input/output/total prices are kept as
 * Langfuse shows them beside the `prices` map. An update or a deletion is a newer row of the same id that the
 * table keeps in its place when parts merge; reads take each id's latest row (argMax by UpdatedAt) meanwhile.
 * Collectors read every project's definitions every few seconds, so the table stays small and unsharded by time.
 * Acknowledged definitions survive a power loss (migration 8). No TTL: a definition is kept until deleted.
 */
export const modelsMigration: Migration = {
  version: 21,
  name: 'project model prices',
  objects: [
    {
      kind: 'table',
      name: MODELS_TABLE,
      columns: [
        'ProjectId LowCardinality(String)',
        'Id String',
        'ModelName String',
        'MatchPattern String',
        'StartDate Nullable(DateTime64(3))',
        'Unit LowCardinality(String)',
        'InputPrice Nullable(Float64)',
        'OutputPrice Nullable(Float64)',
        'TotalPrice Nullable(Float64)',
        'Prices Map(LowCardinality(String), Float64)',
        'TokenizerId LowCardinality(String)',
        'TokenizerConfig String',
        'CreatedAt DateTime64(3)',
        'UpdatedAt DateTime64(6)',
        'Deleted UInt8',
      ],
      engine: 'ReplacingMergeTree',
      orderBy: '(ProjectId, Id)',
      settings: 'fsync_after_insert = 1, fsync_part_directory = 1',
      shardingKey: 'cityHash64(ProjectId, Id)',
    },
  ],
};
