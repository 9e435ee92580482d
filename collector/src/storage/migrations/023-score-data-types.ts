import type { Migration } from '../schema.js';
import { SESSION_SCORES_TABLE } from './017-session-scores.js';

/**
 * Langfuse's TEXT and CORRECTION scores: their text is kept as the label, and their data type beside it, since a
 * score and a label cannot tell a text from a category. Scores on spans carry it as an attribute of their log
 * record (`watchllm.evaluation.data_type`); scores on sessions in this column ('' for the other types).
 */
export const scoreDataTypesMigration: Migration = {
  version: 23,
  name: 'score data types a score and label cannot tell (TEXT, CORRECTION) on session scores',
  objects: [{ kind: 'addColumn', table: SESSION_SCORES_TABLE, column: 'DataType LowCardinality(String)' }],
};
