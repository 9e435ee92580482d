import { Readable } from 'node:stream';
import type { Store } from './client.js';

/**
 * Inserts pre-encoded JSONEachRow text. The same text is what the spool keeps,
 * so a replay is byte-identical and `token` makes the store drop a repeat.
 */
export async function insertJsonLines(store: Store, table: string, body: string, token: string): Promise<void> {
  const result = await store.client.exec({
    query: `INSERT INTO ${store.table(table)} FORMAT JSONEachRow`,
    values: Readable.from([body]),
    clickhouse_settings: {
      insert_deduplication_token: token,
      deduplicate_blocks_in_dependent_materialized_views: 1,
      // One block per insert keeps deduplication all-or-nothing for the batch.
      max_insert_block_size: '10000000',
      min_insert_block_size_rows: '0',
      min_insert_block_size_bytes: '0',
    },
  });
  result.stream.resume();
}

const PERMANENT = /CANNOT_PARSE|Cannot parse|TYPE_MISMATCH|Cannot read|INCORRECT_DATA|UNKNOWN_TABLE|NO_SUCH_COLUMN|UNKNOWN_IDENTIFIER|Code: (27|26|53|60|62|117)\b/;

/** A store error that a retry cannot fix (bad rows, missing table) versus an outage. */
export function isPermanentStoreError(err: unknown): boolean {
  return PERMANENT.test(String((err as Error)?.message ?? err));
}
