import { modifySettings, TABLES, type Migration } from '../schema.js';
import { ROLLUP_TABLES } from './003-rollups.js';

/**
 * Tables fed by materialized views must drop a replayed block too (the spool replays
 * with the original insert_deduplication_token), or rollups would count it twice.
 */
const FED_BY_VIEWS = [TABLES.traceIdTs, ROLLUP_TABLES.genAiMinute, ROLLUP_TABLES.genAiHour, ROLLUP_TABLES.traceSummary];

export const dedupWindowMigration: Migration = {
  version: 5,
  name: 'insert deduplication window on view-fed tables',
  objects: FED_BY_VIEWS.map((table) => modifySettings(table, 'non_replicated_deduplication_window = 10000')),
};
