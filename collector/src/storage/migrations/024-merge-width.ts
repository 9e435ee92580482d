import { modifySettings, TABLES, type Migration } from '../schema.js';

/**
 * otel_traces merges at least 10 parts at once. Under sustained load merges were the engine's biggest cost (more
 * CPU than the inserts: each merge rewrites the spans' message columns and builds the skip indexes, including the
 * full-text one); merging wider means fewer rewrites of each row. 1M GenAI spans at full speed: merge CPU 15.5 →
 * 11 s, stored 39.4k / 39.9k → 45.7k / 45.6k spans/s (paired runs, docs/benchmarks.md). Parts wait longer before
 * their first merge (up to 10 inserts, ~20 s of heavy traffic); reads at 1M spans were unchanged within noise.
 */
export const mergeWidthMigration: Migration = {
  version: 24,
  name: 'otel_traces merges at least 10 parts at once',
  objects: [modifySettings(TABLES.traces, 'min_parts_to_merge_at_once = 10')],
};
