import { modifySettings, type Migration } from '../schema.js';
import { tracesMigration } from './001-traces.js';
import { logsMetricsMigration } from './002-logs-metrics.js';
import { rollupsMigration } from './003-rollups.js';
import { apiKeysMigration } from './004-api-keys.js';
import { rollupsModelCallsMigration } from './006-rollups-model-calls.js';

/** Every table the earlier migrations created (views write into some of them). */
export const TABLES_SO_FAR = [tracesMigration, logsMetricsMigration, rollupsMigration, apiKeysMigration, rollupsModelCallsMigration]
  .flatMap((m) => m.objects)
  .flatMap((o) => (o.kind === 'table' ? [o.name] : []));

/**
 * The collector deletes a spooled batch once its insert returns; by default MergeTree has not
 * fsynced the new part by then, so a power loss (not a kill -9: the page cache survives that)
 * could lose acknowledged rows. Every table fsyncs its inserted parts, view-fed ones too (or the
 * rollups would lose what the spans keep). Merges need nothing: replaced parts stay on disk for
 * `old_parts_lifetime` after a merge. No measurable cost in paired runs (docs/benchmarks.md).
 */
export const fsyncInsertsMigration: Migration = {
  version: 8,
  name: 'inserted parts are fsynced before the insert returns',
  objects: TABLES_SO_FAR.map((table) => modifySettings(table, 'fsync_after_insert = 1, fsync_part_directory = 1')),
};
