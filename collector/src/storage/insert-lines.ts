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
      // The embedded engine keeps SETs for the session: undo a read's thread cap (0 = all cores).
      max_threads: 0,
      // A batch split into several blocks gets per-block tokens derived from this one, split the
      // same way on replay; forcing one block made parsing ~40% slower (measured), so we don't.
      deduplicate_blocks_in_dependent_materialized_views: 1,
    },
  });
  result.stream.resume();
}

const PERMANENT = /CANNOT_PARSE|Cannot parse|TYPE_MISMATCH|Cannot read|INCORRECT_DATA|UNKNOWN_TABLE|NO_SUCH_COLUMN|UNKNOWN_IDENTIFIER|Code: (27|26|53|60|62|117)\b/;

/** A store error that a retry cannot fix (bad rows, missing table) versus an outage. */
export function isPermanentStoreError(err: unknown): boolean {
  return PERMANENT.test(String((err as Error)?.message ?? err));
}
