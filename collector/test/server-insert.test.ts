import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore, type Store } from '../src/storage/client.js';
import { insertEncoded } from '../src/storage/insert-batch.js';
import { migrate } from '../src/storage/migrate.js';
import { startClickHouseHttpDouble, type ClickHouseHttpDouble } from './clickhouse-http-double.js';
import { writeLogGroup, writeTraceGroup } from './group-files.js';

// Server mode streams a spooled group's files over HTTP one after another; the embedded
// engine reads them with one file() glob (collector/src/storage/insert-batch.test.ts).
let dir: string;
let double: ClickHouseHttpDouble;
let store: Store;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'watchllm-server-insert-'));
  double = await startClickHouseHttpDouble({ dataDir: join(dir, 'engine') });
  store = openStore({ kind: 'server', url: double.url, database: 'server_insert' });
  await migrate(store);
});

afterAll(async () => {
  await store?.close();
  await double?.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function count(table: string): Promise<number> {
  const rs = await store.client.query({ query: `SELECT count() AS n FROM ${store.table(table)}`, format: 'JSONEachRow' });
  return Number((await rs.json<{ n: string }>())[0].n);
}

describe('inserting a spooled group into a ClickHouse server', () => {
  it('sends the Native files of a group as one stream; a replay with the token is dropped', async () => {
    const files = writeTraceGroup(dir, [31, 32]);
    for (let k = 0; k < 2; k++) await insertEncoded(store, 'otel_traces', { files, format: 'Native' }, 'tok-server-group');
    expect(await count('otel_traces')).toBe(31 + 32);
  });

  it('puts JSON lines of different files on separate lines', async () => {
    await insertEncoded(store, 'otel_logs', { files: writeLogGroup(dir), format: 'JSONEachRow' }, 'tok-server-json');
    expect(await count('otel_logs')).toBe(3);
  });
});
