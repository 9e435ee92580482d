import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore, type Store } from '../client.js';
import { migrate } from '../migrate.js';
import { TABLES } from '../schema.js';

let store: Store;
beforeAll(async () => {
  store = openStore({ kind: 'embedded', dataDir: mkdtempSync(join(tmpdir(), 'watchllm-m8-')), database: 'm8' });
  await migrate(store);
});
afterAll(async () => {
  await store?.close();
});

describe('migration 8', () => {
  it('makes every MergeTree table fsync its inserted parts (a table added later must too)', async () => {
    const rs = await store.client.query({
      query: "SELECT name, engine_full FROM system.tables WHERE database = {db:String} AND engine LIKE '%MergeTree'",
      query_params: { db: 'm8' },
      format: 'JSONEachRow',
    });
    const tables = await rs.json<{ name: string; engine_full: string }>();
    expect(tables.length).toBeGreaterThanOrEqual(10);
    const unsynced = tables.filter((t) => !/fsync_after_insert = 1\b/.test(t.engine_full) || !/fsync_part_directory = 1\b/.test(t.engine_full)).map((t) => t.name);
    // The migrations log: a row lost to a power cut only re-runs a migration, and migrations are idempotent.
    expect(unsynced).toEqual([TABLES.migrations]);
  });
});
