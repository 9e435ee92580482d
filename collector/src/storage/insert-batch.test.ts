import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeGenAiRequest } from '../bench/genai-request.js';
import { decodeTracesProtobuf } from '../otlp/traces-wire.js';
import { openStore, type Store } from './client.js';
import { assertInsertableDirs, filesPattern, insertEncoded, insertThreads, isPermanentStoreError, isRejectedDataError } from './insert-batch.js';
import { migrate } from './migrate.js';
import { SEARCH_TEXT_EXPR } from './migrations/003-rollups.js';
import { encodeTraceBlock } from './trace-block.js';
import { writeLogGroup, writeTraceGroup } from '../../test/group-files.js';

let store: Store;
beforeAll(async () => {
  store = openStore({ kind: 'embedded', dataDir: mkdtempSync(join(tmpdir(), 'insert-batch-')), database: 'insert_batch_test' });
  await migrate(store);
});
afterAll(() => store.close());

/** Bytes of skip-index files per active otel_traces part. */
async function indexBytesPerPart(): Promise<number[]> {
  const rs = await store.client.query({
    query: "SELECT secondary_indices_compressed_bytes AS b FROM system.parts WHERE database = {db:String} AND table = 'otel_traces' AND active ORDER BY name",
    query_params: { db: 'insert_batch_test' },
    format: 'JSONEachRow',
  });
  return (await rs.json<{ b: string | number }>()).map((r) => Number(r.b));
}

async function searchCount(word: string): Promise<number> {
  const rs = await store.client.query({
    query: `SELECT count() AS n FROM ${store.table('otel_traces')} WHERE hasToken(${SEARCH_TEXT_EXPR}, {w:String})`,
    query_params: { w: word },
    format: 'JSONEachRow',
    clickhouse_settings: { use_skip_indexes: 1 },
  });
  return Number((await rs.json<{ n: string }>())[0].n);
}

describe('insertEncoded with skip indexes deferred to merges', () => {
  it('writes parts without index files, finds rows in them all the same, and indexes them when they merge', async () => {
    // No background merge between the two inserts and the first look at the parts.
    await store.client.command({ query: `SYSTEM STOP MERGES ${store.table('otel_traces')}` });
    const body = (seed: number) => encodeTraceBlock(decodeTracesProtobuf(encodeGenAiRequest(50, seed), 'p'));
    await insertEncoded(store, 'otel_traces', { body: body(1), format: 'Native' }, 'tok-built', { skipIndexesOnInsert: true });
    await insertEncoded(store, 'otel_traces', { body: body(2), format: 'Native' }, 'tok-deferred', { skipIndexesOnInsert: false });
    const [built, deferred] = await indexBytesPerPart();
    expect(built).toBeGreaterThan(0);
    expect(deferred).toBe(0);
    expect(await searchCount('quarterly')).toBe(100);
    await store.client.command({ query: `SYSTEM START MERGES ${store.table('otel_traces')}` });
    await store.client.command({ query: `OPTIMIZE TABLE ${store.table('otel_traces')} FINAL` });
    const merged = await indexBytesPerPart();
    expect(merged).toHaveLength(1);
    expect(merged[0]).toBeGreaterThan(built);
    expect(await searchCount('quarterly')).toBe(100);
  });
});

describe('insertEncoded from a group of files', () => {
  const count = async (table: string) => {
    const rs = await store.client.query({ query: `SELECT count() AS n FROM ${store.table(table)}`, format: 'JSONEachRow' });
    return Number((await rs.json<{ n: string }>())[0].n);
  };

  it('inserts every file of the group once; a replay with the token is dropped', async () => {
    await store.client.command({ query: `TRUNCATE TABLE ${store.table('otel_traces')}` });
    const files = writeTraceGroup(mkdtempSync(join(tmpdir(), 'group-')), [43, 44, 45]);
    for (let i = 0; i < 2; i++) await insertEncoded(store, 'otel_traces', { files, format: 'Native' }, 'tok-group');
    expect(await count('otel_traces')).toBe(43 + 44 + 45);
  });

  it('reads JSON lines files of a group as separate lines', async () => {
    const files = writeLogGroup(mkdtempSync(join(tmpdir(), 'group-json-')));
    await insertEncoded(store, 'otel_logs', { files, format: 'JSONEachRow' }, 'tok-json-group');
    expect(await count('otel_logs')).toBe(3);
  });

  it('names a group as one glob of plain names in one directory, and refuses anything else', () => {
    expect(filesPattern(['/s/a.native'])).toBe('/s/a.native');
    expect(filesPattern(['/s/a.native', '/s/b.native'])).toBe('/s/{a.native,b.native}');
    expect(() => filesPattern(['/s/a.native', '/t/b.native'])).toThrow(/cannot insert/);
    expect(() => filesPattern(['/s/a.native', '/s/b*.native'])).toThrow(/cannot insert/);
  });
});

describe('otel_traces parts', () => {
  it('an insert of the exporter’s size is written as a compact part', async () => {
    await store.client.command({ query: `TRUNCATE TABLE ${store.table('otel_traces')}` });
    const body = encodeTraceBlock(decodeTracesProtobuf(encodeGenAiRequest(500, 9), 'p'));
    await insertEncoded(store, 'otel_traces', { body, format: 'Native' }, 'tok-compact');
    const rs = await store.client.query({
      query: "SELECT part_type FROM system.parts WHERE database = {db:String} AND table = 'otel_traces' AND active",
      query_params: { db: 'insert_batch_test' },
      format: 'JSONEachRow',
    });
    expect(await rs.json()).toEqual([{ part_type: 'Compact' }]);
  });
});

describe('insert threads', () => {
  it('one per insert on the embedded engine (it shares the cores with the collector), all on a server', () => {
    expect(insertThreads(store)).toBe(1);
    const server = openStore({ kind: 'server', url: 'http://127.0.0.1:1', database: 'x' });
    expect(insertThreads(server)).toBe(0);
    void server.close();
  });
});

describe('directories the embedded engine inserts from', () => {
  it('tells rows the engine refuses from a schema problem and from an outage', async () => {
    const failure = (query: string) => store.client.command({ query }).then(() => undefined, (err: unknown) => err);
    const logs = store.table('otel_logs');
    for (const row of [
      '{"Timestamp":"18446744073.709551615"}', // past DateTime64's range (CANNOT_PARSE_DATETIME)
      '{"Timestamp":"9999999999.709551615"}', // DECIMAL_OVERFLOW
      '{"SeverityNumber":"abc"}', // CANNOT_PARSE_INPUT_ASSERTION_FAILED
    ]) {
      const err = await failure(`INSERT INTO ${logs} FORMAT JSONEachRow ${row}`);
      expect([isRejectedDataError(err), isPermanentStoreError(err)], String(err)).toEqual([true, true]);
    }
    const missing = await failure(`INSERT INTO ${store.table('no_such_table')} FORMAT JSONEachRow {"a":1}`);
    expect([isRejectedDataError(missing), isPermanentStoreError(missing)]).toEqual([false, true]);
    const outage = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:8123'), { code: 'ECONNREFUSED' });
    expect([isRejectedDataError(outage), isPermanentStoreError(outage)]).toEqual([false, false]);
    expect(isRejectedDataError(new Error('Code: 41. DB::Exception: Cannot read DateTime'))).toBe(true);
  });

  it('refuses at start a data or spool directory whose path file() would read as a glob', () => {
    const embedded = (dataDir: string) => ({ config: { kind: 'embedded', dataDir, database: 'x' } }) as unknown as Store;
    expect(() => assertInsertableDirs(embedded('/data/watchllm'), '/data/spool')).not.toThrow();
    expect(() => assertInsertableDirs(embedded('/data/a*b'), undefined)).toThrow(/data directory "\/data\/a\*b\/inserts" contains one of \* \? \{ \}/);
    expect(() => assertInsertableDirs(embedded('/data/ok'), '/spool/{x}')).toThrow(/spool directory/);
    const server = { config: { kind: 'server', url: 'http://x', database: 'x' } } as unknown as Store;
    expect(() => assertInsertableDirs(server, '/spool/{x}')).not.toThrow();
  });
});
