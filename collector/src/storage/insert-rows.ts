import { randomUUID } from 'node:crypto';
import type { ClickHouseSettings } from '@clickhouse/client';
import type { Store } from './client.js';

export interface InsertRowsOptions {
  /**
   * The insert returns once its rows are in the shard's table, not queued on the node that took
   * it (a Distributed table's default), so a read right after sees them — and the shard applied
   * the dedup token. Only where the store has the setting: a server, by whichever name it knows.
   */
  foreground?: boolean;
}

/**
 * Inserts JSONEachRow rows into one table; `dedupToken` makes a replayed insert a no-op.
 * Without one a fresh token is sent anyway: the embedded engine keeps the previous
 * insert's token for the session, which would make this insert look like a replay.
 */
export async function insertRows(
  store: Store,
  table: string,
  rows: Record<string, unknown>[],
  dedupToken: string = randomUUID(),
  options: InsertRowsOptions = {},
): Promise<void> {
  if (rows.length === 0) return;
  await store.client.insert({
    table: store.table(table),
    values: rows,
    format: 'JSONEachRow',
    clickhouse_settings: {
      insert_deduplication_token: dedupToken,
      deduplicate_blocks_in_dependent_materialized_views: 1,
      max_threads: 0,
      ...(options.foreground ? await foregroundInsertSettings(store) : {}),
    },
  });
}

// ClickHouse 23.x renamed insert_distributed_sync to distributed_foreground_insert; older servers know only the first.
const FOREGROUND_NAMES = ['distributed_foreground_insert', 'insert_distributed_sync'] as const;
const foregroundSetting = new WeakMap<Store, Promise<ClickHouseSettings>>();

/** The settings that make a server's Distributed insert synchronous, asked of the server once per store. */
function foregroundInsertSettings(store: Store): Promise<ClickHouseSettings> {
  // The embedded engine has no Distributed tables: its inserts are always in the table on return.
  if (store.config.kind === 'embedded') return Promise.resolve({});
  let known = foregroundSetting.get(store);
  if (!known) {
    known = probeForegroundSetting(store);
    foregroundSetting.set(store, known);
    // A failed probe is asked again by the next insert rather than remembered.
    known.catch(() => foregroundSetting.delete(store));
  }
  return known;
}

async function probeForegroundSetting(store: Store): Promise<ClickHouseSettings> {
  const rs = await store.client.query({
    query: 'SELECT name FROM system.settings WHERE name IN {names:Array(String)}',
    query_params: { names: FOREGROUND_NAMES },
    format: 'JSONEachRow',
  });
  const names = new Set((await rs.json<{ name: string }>()).map((r) => r.name));
  const name = FOREGROUND_NAMES.find((n) => names.has(n));
  return name ? { [name]: 1 } : {};
}
