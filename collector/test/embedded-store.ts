import { afterAll, beforeAll } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore, type Store } from '../src/storage/client.js';

/**
 * An embedded store on a fresh directory for the calling test file (database `database`), opened
 * before its tests and closed and removed after them. The returned function gives the open store.
 */
export function embeddedTestStore(database: string): () => Store {
  let dataDir: string;
  let store: Store;
  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), `watchllm-${database}-`));
    store = openStore({ kind: 'embedded', dataDir, database });
  });
  afterAll(async () => {
    await store?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });
  return () => store;
}

/** Each table of `database` with its engine clause as the engine reports it (settings included). */
export async function tableEngines(store: Store, database: string): Promise<{ name: string; engine: string; engine_full: string }[]> {
  const rs = await store.client.query({
    query: 'SELECT name, engine, engine_full FROM system.tables WHERE database = {db:String} ORDER BY name',
    query_params: { db: database },
    format: 'JSONEachRow',
  });
  return rs.json();
}
