import type { SchemaObject } from '../ddl.js';
import { TABLES, TRACE_TAGS_COLUMN, type Migration } from '../schema.js';
import { arrayAgg, ROLLUP_TABLES, traceSummaryView } from './003-rollups.js';
import { replaceView } from './006-rollups-model-calls.js';

/**
 * Tags (Langfuse trace tags, OpenInference `tag.tags`, Vercel metadata tags) per span, and their
 * union per trace in the trace summary, so a search by tag reads the summary as it does for a
 * model or a user. Traces written before this have no tags.
 */
export const traceTagsMigration: Migration = {
  version: 11,
  name: 'span tags, and their union in the trace summary',
  objects: [
    { kind: 'addColumn', table: TABLES.traces, column: TRACE_TAGS_COLUMN },
    { kind: 'addColumn', table: ROLLUP_TABLES.traceSummary, column: `Tags ${arrayAgg}` },
    ...replaceView(traceSummaryView(true, true) as SchemaObject & { kind: 'view' }),
  ],
};
