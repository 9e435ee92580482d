import type { Migration } from '../schema.js';
import { tracesMigration } from './001-traces.js';
import { logsMetricsMigration } from './002-logs-metrics.js';
import { rollupsMigration } from './003-rollups.js';
import { apiKeysMigration } from './004-api-keys.js';
import { dedupWindowMigration } from './005-dedup-window.js';
import { rollupsModelCallsMigration } from './006-rollups-model-calls.js';
import { compactInsertsMigration } from './007-compact-inserts.js';
import { fsyncInsertsMigration } from './008-fsync-inserts.js';
import { traceLookupLogsMigration } from './009-trace-lookup-logs.js';
import { smallCompressedBlocksMigration } from './010-small-compressed-blocks.js';
import { traceTagsMigration } from './011-trace-tags.js';
import { promptsMigration } from './012-prompts.js';
import { langfuseEventsMigration } from './013-langfuse-events.js';
import { datasetsMigration } from './014-datasets.js';
import { mediaMigration } from './015-media.js';
import { claimedCreatesMigration } from './016-claimed-creates.js';
import { sessionScoresMigration } from './017-session-scores.js';
import { evaluatorsMigration } from './018-evaluators.js';
import { commentsMigration } from './019-comments.js';
import { scoreConfigsMigration } from './020-score-configs.js';
import { modelsMigration } from './021-models.js';
import { annotationQueuesMigration } from './022-annotation-queues.js';

export { ROLLUP_TABLES, ROLLUP_QUANTILES, SEARCH_TEXT_EXPR } from './003-rollups.js';
export { TRACE_LOOKUP_TABLES } from './006-rollups-model-calls.js';
export { PROMPTS_TABLE } from './012-prompts.js';
export { LANGFUSE_EMITTED_TABLE, LANGFUSE_EVENTS_TABLE } from './013-langfuse-events.js';
export { DATASET_ITEMS_TABLE, DATASET_RUN_ITEMS_TABLE, DATASET_RUN_SCORES_TABLE, DATASET_RUNS_TABLE, DATASETS_TABLE } from './014-datasets.js';
export { MEDIA_TABLE } from './015-media.js';
export { SESSION_SCORES_TABLE } from './017-session-scores.js';
export { COMMENTS_TABLE } from './019-comments.js';
export { SCORE_CONFIGS_TABLE } from './020-score-configs.js';
export { MODELS_TABLE } from './021-models.js';
export { ANNOTATION_QUEUE_ITEMS_TABLE, ANNOTATION_QUEUES_TABLE } from './022-annotation-queues.js';
export { EVALUATOR_PROGRESS_TABLE, EVALUATORS_TABLE, WORKER_LEASES_TABLE } from './018-evaluators.js';

/** Every migration, one file each; append new versions here. */
export const MIGRATIONS: Migration[] = [tracesMigration, logsMetricsMigration, rollupsMigration, apiKeysMigration, dedupWindowMigration, rollupsModelCallsMigration, compactInsertsMigration, fsyncInsertsMigration, traceLookupLogsMigration, smallCompressedBlocksMigration, traceTagsMigration, promptsMigration, langfuseEventsMigration, datasetsMigration, mediaMigration, claimedCreatesMigration, sessionScoresMigration, evaluatorsMigration, commentsMigration, scoreConfigsMigration, modelsMigration, annotationQueuesMigration];
