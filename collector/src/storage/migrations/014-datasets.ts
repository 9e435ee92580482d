import type { Migration } from '../schema.js';

export const DATASETS_TABLE = 'watchllm_datasets';
export const DATASET_ITEMS_TABLE = 'watchllm_dataset_items';
export const DATASET_RUNS_TABLE = 'watchllm_dataset_runs';
export const DATASET_RUN_ITEMS_TABLE = 'watchllm_dataset_run_items';
export const DATASET_RUN_SCORES_TABLE = 'watchllm_dataset_run_scores';

// An acknowledged change must survive a power loss, as acknowledged spans do (migration 8).
const FSYNC = 'fsync_after_insert = 1, fsync_part_directory = 1';
const CHANGE = ['CreatedAt DateTime64(3)', 'UpdatedAt DateTime64(6)', 'Deleted UInt8'];

/**
 * Datasets and experiment runs (Langfuse's datasets): datasets, their items, runs over them, the
 * run's items (a dataset item linked to the trace the run made of it) and run-level scores. As
 * prompts (migration 12), each change is a new row and reads take each key's latest row (argMax by
 * UpdatedAt); a dataset's rows all stay on one shard.
 */
export const datasetsMigration: Migration = {
  version: 14,
  name: 'datasets, their items and experiment runs',
  objects: [
    {
      kind: 'table',
      name: DATASETS_TABLE,
      columns: ['ProjectId LowCardinality(String)', 'Name String', 'Id String', 'Description String', 'Metadata String CODEC(ZSTD(1))', ...CHANGE],
      engine: 'MergeTree',
      orderBy: '(ProjectId, Name, UpdatedAt)',
      settings: FSYNC,
      shardingKey: 'cityHash64(ProjectId, Name)',
    },
    {
      kind: 'table',
      name: DATASET_ITEMS_TABLE,
      columns: [
        'ProjectId LowCardinality(String)',
        'DatasetId String',
        'Id String',
        'Status LowCardinality(String)',
        'Input String CODEC(ZSTD(1))',
        'ExpectedOutput String CODEC(ZSTD(1))',
        'Metadata String CODEC(ZSTD(1))',
        'SourceTraceId String',
        'SourceObservationId String',
        ...CHANGE,
      ],
      engine: 'MergeTree',
      orderBy: '(ProjectId, DatasetId, Id, UpdatedAt)',
      settings: FSYNC,
      shardingKey: 'cityHash64(ProjectId, DatasetId)',
    },
    {
      kind: 'table',
      name: DATASET_RUNS_TABLE,
      columns: ['ProjectId LowCardinality(String)', 'DatasetId String', 'Name String', 'Id String', 'Description String', 'Metadata String CODEC(ZSTD(1))', ...CHANGE],
      engine: 'MergeTree',
      orderBy: '(ProjectId, DatasetId, Name, UpdatedAt)',
      settings: FSYNC,
      shardingKey: 'cityHash64(ProjectId, DatasetId)',
    },
    {
      kind: 'table',
      name: DATASET_RUN_ITEMS_TABLE,
      columns: ['ProjectId LowCardinality(String)', 'DatasetId String', 'RunId String', 'Id String', 'DatasetItemId String', 'TraceId String', 'ObservationId String', ...CHANGE],
      engine: 'MergeTree',
      orderBy: '(ProjectId, DatasetId, RunId, Id, UpdatedAt)',
      settings: FSYNC,
      shardingKey: 'cityHash64(ProjectId, DatasetId)',
    },
    {
      kind: 'table',
      name: DATASET_RUN_SCORES_TABLE,
      columns: [
        'ProjectId LowCardinality(String)',
        'DatasetId String',
        'RunId String',
        'Id String',
        'Name String',
        'Value Nullable(Float64)',
        'StringValue String',
        'DataType LowCardinality(String)',
        'Comment String',
        ...CHANGE,
      ],
      engine: 'MergeTree',
      orderBy: '(ProjectId, DatasetId, RunId, Id, UpdatedAt)',
      settings: FSYNC,
      shardingKey: 'cityHash64(ProjectId, DatasetId)',
    },
  ],
};
