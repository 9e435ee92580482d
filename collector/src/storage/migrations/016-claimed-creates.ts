import { modifySettings, type Migration } from '../schema.js';
import { PROMPTS_TABLE } from './012-prompts.js';
import { DATASET_RUNS_TABLE, DATASETS_TABLE } from './014-datasets.js';

/** Tables whose creates claim a key (a prompt's next version number, a dataset's or a run's name) through insert deduplication. */
const CLAIMED = [PROMPTS_TABLE, DATASETS_TABLE, DATASET_RUNS_TABLE];

/**
 * Two query services creating the same prompt version, dataset or dataset run at once: each insert
 * carries a dedup token every contender for the key derives alike, so the table keeps the first and
 * drops the rest, and each reads back which create holds the key (a version's `CreateId`, a
 * dataset's or run's `Id`).
 * A MergeTree deduplicates only within a window of recent inserts (none by default; Replicated
 * tables have theirs, sized the same here); these tables take a few inserts a minute at most.
 */
export const claimedCreatesMigration: Migration = {
  version: 16,
  name: 'prompt versions, datasets and dataset runs created once across query services',
  objects: [
    { kind: 'addColumn', table: PROMPTS_TABLE, column: 'CreateId String' },
    ...CLAIMED.map((table) => modifySettings(table, 'non_replicated_deduplication_window = 10000')),
  ],
};
