import type { Store } from '@watchllm/collector';
import { READ_SETTINGS } from '../reader/query.js';
import type { SqlParams } from './sql-params.js';

/** Runs a parameterized read with the shared read settings and returns its rows. */
export async function readRows<T>(store: Store, query: string, params: SqlParams): Promise<T[]> {
  const rs = await store.client.query({ query, query_params: params.values, format: 'JSONEachRow', clickhouse_settings: READ_SETTINGS });
  return rs.json<T>();
}
