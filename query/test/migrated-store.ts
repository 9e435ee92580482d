import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { migrate, openStore, type Store } from '@watchllm/collector';

/**
 * An embedded store with the current schema on a fresh directory for the calling test file, opened
 * before its tests and closed and removed after them. The returned function gives the open store.
 */
export function migratedTestStore(name: string): () => Store {
  let dataDir: string;
  let store: Store;
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), `watchllm-${name}-`));
    store = openStore({ kind: 'embedded', dataDir, database: 'watchllm' });
    await migrate(store);
  });
  afterAll(async () => {
    await store?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });
  return () => store;
}
