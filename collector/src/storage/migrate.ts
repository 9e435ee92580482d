import type { Store } from './client.js';
import { renderObject, renderTable, type RenderTarget, type TableSpec } from './ddl.js';
import { TABLES, type Migration } from './schema.js';
import { MIGRATIONS } from './migrations/index.js';

/** Which migrations a database has; the cluster schema creates and fills it too. */
export const MIGRATIONS_TABLE: TableSpec = {
  name: TABLES.migrations,
  columns: ['Version UInt32', 'Name String', 'AppliedAt DateTime64(3) DEFAULT now64(3)'],
  engine: 'MergeTree',
  orderBy: 'Version',
};

export interface MigrationResult {
  applied: number[];
  current: number;
}

/** Applies pending migrations in order and records each in the schema-version table. Idempotent. */
export async function migrate(store: Store, migrations: Migration[] = MIGRATIONS): Promise<MigrationResult> {
  const database = store.config.database;
  const target: RenderTarget = { database };
  await store.client.command({ query: `CREATE DATABASE IF NOT EXISTS ${database}` });
  for (const query of renderTable(MIGRATIONS_TABLE, target)) await store.client.command({ query });
  const done = new Set(await appliedVersions(store));
  const applied: number[] = [];
  for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
    if (done.has(m.version)) continue;
    // Every statement is IF NOT EXISTS, so a migration interrupted half-way simply re-runs.
    for (const object of m.objects) {
      for (const query of renderObject(object, target)) await store.client.command({ query });
    }
    await store.client.insert({
      table: store.table(TABLES.migrations),
      values: [{ Version: m.version, Name: m.name }],
      format: 'JSONEachRow',
    });
    applied.push(m.version);
  }
  const all = [...done, ...applied];
  return { applied, current: all.length ? Math.max(...all) : 0 };
}

async function appliedVersions(store: Store): Promise<number[]> {
  const rs = await store.client.query({
    query: `SELECT DISTINCT Version FROM ${store.table(TABLES.migrations)}`,
    format: 'JSONEachRow',
  });
  return (await rs.json<{ Version: number }>()).map((r) => Number(r.Version));
}
