import { modifySettings, TABLES, type Migration } from '../schema.js';

/**
 * otel_traces merges at least 16 parts at once (10 since migration 24). With 10, a 100k-span burst after a
 * warm-up (11 parts) started a merge inside it — 4–5 µs of engine CPU per span of the burst, replaying the
 * burst's inserts alone — and under sustained load wider merges rewrite each row fewer times: 1M GenAI
 * spans at full speed, merge CPU 13.9 → 10.2 µs per span and stored 28.6k → 30.5k spans/s (medians of three
 * alternating pairs, docs/benchmarks.md). Up to ~16 more small parts wait for their first merge.
 */
export const mergeWidth16Migration: Migration = {
  version: 25,
  name: 'otel_traces merges at least 16 parts at once',
  objects: [modifySettings(TABLES.traces, 'min_parts_to_merge_at_once = 16')],
};
