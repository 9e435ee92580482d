import type { Store } from '@watchllm/collector';
import { readRows as readBoundRows, type ReadSettings } from '../reader/query.js';
import type { SqlParams } from './sql-params.js';

/** Runs a parameterized read with the shared read settings and returns its rows. */
export function readRows<T>(store: Store, query: string, params: SqlParams, settings?: ReadSettings): Promise<T[]> {
  return readBoundRows<T>(store, query, params.values, settings);
}
