import type { SchemaObject } from '../ddl.js';
import { modifySettings, type Migration } from '../schema.js';
import { minuteView, ROLLUP_TABLES, traceSummaryView } from './003-rollups.js';

/** Trace id → span start range, ordered by trace id in monthly partitions, so trace-by-id is one cheap lookup. */
export const TRACE_LOOKUP_TABLES = {
  traceLookup: 'watchllm_trace_lookup',
  traceLookupMv: 'watchllm_trace_lookup_mv',
} as const;

/** A view's SELECT can't be altered in place: drop it, then create the new definition. */
export function replaceView(view: SchemaObject & { kind: 'view' }): SchemaObject[] {
  return [{ kind: 'raw', sql: `DROP VIEW IF EXISTS {db}.${view.name}{on_cluster}` }, view];
}

const traceLookupTable: SchemaObject = {
  kind: 'table',
  name: TRACE_LOOKUP_TABLES.traceLookup,
  columns: [
    "ProjectId LowCardinality(String) CODEC(ZSTD(1))",
    'TraceId String CODEC(ZSTD(1))',
    'Start DateTime64(9) CODEC(Delta, ZSTD(1))',
    'End DateTime64(9) CODEC(Delta, ZSTD(1))',
  ],
  engine: 'MergeTree',
  // The daily-partitioned otel_traces_trace_id_ts makes a point lookup touch every day's parts.
  partitionBy: 'toYYYYMM(Start)',
  orderBy: '(ProjectId, TraceId)',
};

const traceLookupView: SchemaObject = {
  kind: 'view',
  name: TRACE_LOOKUP_TABLES.traceLookupMv,
  to: TRACE_LOOKUP_TABLES.traceLookup,
  // Start/End are span start times: exactly the Timestamp range a trace read must scan.
  select: `SELECT ProjectId, TraceId, min(Timestamp) AS Start, max(Timestamp) AS End
  FROM {db}.otel_traces
  WHERE TraceId != ''
  GROUP BY ProjectId, TraceId`,
};

export const rollupsModelCallsMigration: Migration = {
  version: 6,
  name: 'usage rollups count model calls only; trace id lookup; dedup window on the per-user hour rollup',
  objects: [
    ...replaceView(minuteView(true) as SchemaObject & { kind: 'view' }),
    ...replaceView(traceSummaryView(true) as SchemaObject & { kind: 'view' }),
    traceLookupTable,
    traceLookupView,
    {
      kind: 'raw',
      // Traces written before this migration: the old lookup keeps whole seconds, so widen its end by one.
      // Re-running after an interruption only adds duplicate ranges, which min/max absorb.
      sql: `INSERT INTO {db}.${TRACE_LOOKUP_TABLES.traceLookup} (ProjectId, TraceId, Start, End)
  SELECT ProjectId, TraceId, toDateTime64(Start, 9), toDateTime64(End, 9) + toIntervalSecond(1)
  FROM {db}.otel_traces_trace_id_ts`,
    },
    // Migration 5 set this on the other view-fed tables; a replayed block must not count twice here either.
    modifySettings(ROLLUP_TABLES.genAiUserHour, 'non_replicated_deduplication_window = 10000'),
  ],
};
