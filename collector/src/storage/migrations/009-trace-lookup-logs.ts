import type { Migration } from '../schema.js';
import { LOGS_METRICS_TABLES } from './002-logs-metrics.js';
import { TRACE_LOOKUP_TABLES } from './006-rollups-model-calls.js';

const spanLogsByTrace = `SELECT ProjectId, TraceId, min(Timestamp) AS Start, max(Timestamp) AS End, toUInt8(1) AS Logs
  FROM {db}.${LOGS_METRICS_TABLES.logs}
  WHERE TraceId != '' AND SpanId != ''
  GROUP BY ProjectId, TraceId`;

/**
 * The trace lookup also records when a trace's span-attached log records were written (`Logs = 1`
 * rows): a trace read learns from one lookup whether there are log records to join and exactly
 * where, instead of searching otel_logs around the spans' range for every trace (most have none).
 */
export const traceLookupLogsMigration: Migration = {
  version: 9,
  name: 'the trace lookup records the time range of span-attached log records',
  objects: [
    // Rows from the spans' view leave it out: 0.
    { kind: 'addColumn', table: TRACE_LOOKUP_TABLES.traceLookup, column: 'Logs UInt8 DEFAULT 0' },
    { kind: 'view', name: 'watchllm_trace_lookup_logs_mv', to: TRACE_LOOKUP_TABLES.traceLookup, select: spanLogsByTrace },
    {
      kind: 'raw',
      // Log records written before this migration. Re-running after an interruption (or records the
      // view also caught meanwhile) only adds duplicate ranges, which min/max absorb.
      sql: `INSERT INTO {db}.${TRACE_LOOKUP_TABLES.traceLookup} (ProjectId, TraceId, Start, End, Logs)\n  ${spanLogsByTrace}`,
    },
  ],
};
