import { randomUUID } from 'node:crypto';
import type { Store } from './client.js';

/**
 * Inserts JSONEachRow rows into one table; `dedupToken` makes a replayed insert a no-op.
 * Without one a fresh token is sent anyway: the embedded engine keeps the previous
 * insert's token for the session, which would make this insert look like a replay.
 */
export async function insertRows(store: Store, table: string, rows: Record<string, unknown>[], dedupToken: string = randomUUID()): Promise<void> {
  if (rows.length === 0) return;
  await store.client.insert({
    table: store.table(table),
    values: rows,
    format: 'JSONEachRow',
    clickhouse_settings: { insert_deduplication_token: dedupToken, deduplicate_blocks_in_dependent_materialized_views: 1, max_threads: 0 },
  });
}
