import type { Store } from './client.js';

/** Inserts JSONEachRow rows into one table; `dedupToken` makes a replayed insert a no-op. */
export async function insertRows(store: Store, table: string, rows: Record<string, unknown>[], dedupToken?: string): Promise<void> {
  if (rows.length === 0) return;
  await store.client.insert({
    table: store.table(table),
    values: rows,
    format: 'JSONEachRow',
    clickhouse_settings: dedupToken
      ? { insert_deduplication_token: dedupToken, deduplicate_blocks_in_dependent_materialized_views: 1 }
      : undefined,
  });
}
