import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore, type Store } from '../client.js';
import { migrate } from '../migrate.js';

let dataDir: string;
let store: Store;
beforeAll(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'watchllm-m10-'));
  store = openStore({ kind: 'embedded', dataDir, database: 'm10' });
});
afterAll(async () => {
  await store?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('migration 10', () => {
  it('lets the span and log tables end a compressed block at any granule past 4 KiB', async () => {
    await migrate(store);
    const rs = await store.client.query({
      query: "SELECT name, engine_full FROM system.tables WHERE database = 'm10' AND name IN ('otel_traces', 'otel_logs') ORDER BY name",
      format: 'JSONEachRow',
    });
    const tables = await rs.json<{ name: string; engine_full: string }>();
    expect(tables.map((t) => t.name)).toEqual(['otel_logs', 'otel_traces']);
    for (const t of tables) expect(t.engine_full, t.name).toContain('min_compress_block_size = 4096');
  });
});
