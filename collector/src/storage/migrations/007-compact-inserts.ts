import { modifySettings, TABLES, type Migration } from '../schema.js';

/**
 * Parts of up to 64 MiB (uncompressed) are written in the compact format: one file for all
 * columns instead of two per column. The exporter's inserts are ~10–30k GenAI spans (≤ 64 MiB of
 * Native); as wide parts each made ~100 files across otel_traces' columns. Compact, the engine
 * spent ~15% less CPU inserting them and merging them after (measured, docs/benchmarks.md);
 * merged parts past the bound are wide as before, so reads of settled data are unchanged.
 */
export const compactInsertsMigration: Migration = {
  version: 7,
  name: 'otel_traces writes inserts of up to 64 MiB as compact parts',
  objects: [modifySettings(TABLES.traces, 'min_bytes_for_wide_part = 67108864')],
};
