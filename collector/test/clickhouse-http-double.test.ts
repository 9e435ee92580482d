import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { ClickHouseError, ClickHouseLogLevel, createClient, type ClickHouseClient } from '@clickhouse/client';
import { startClickHouseHttpDouble, type ClickHouseHttpDouble } from './clickhouse-http-double.js';
import { sqlString } from './clickhouse-double-engine.js';
import { isPermanentStoreError, isRejectedDataError } from '../src/storage/insert-batch.js';

const USER = 'watchllm';
const PASSWORD = "p@ss:w'rd";
let dataDir: string;
let double: ClickHouseHttpDouble;
let client: ClickHouseClient;

function connect(extra: Parameters<typeof createClient>[0] = {}): ClickHouseClient {
  return createClient({ url: double.url, username: USER, password: PASSWORD, ...extra });
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'watchllm-ch-double-'));
  double = await startClickHouseHttpDouble({ dataDir, user: USER, password: PASSWORD });
  client = connect({ compression: { request: true, response: true }, log: { level: ClickHouseLogLevel.OFF } });
  await client.command({ query: 'CREATE DATABASE IF NOT EXISTS d' });
  await client.command({ query: 'CREATE TABLE IF NOT EXISTS d.t (id UInt64, s String) ENGINE = MergeTree ORDER BY id SETTINGS non_replicated_deduplication_window = 100' });
});

afterAll(async () => {
  await client?.close();
  await double?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('ClickHouse HTTP test double', () => {
  it('answers /ping and the raw interface like ClickHouse', async () => {
    expect(await (await fetch(`${double.url}/ping`)).text()).toBe('Ok.\n');
    expect((await client.ping()).success).toBe(true);
    const auth = `Basic ${Buffer.from(`${USER}:${PASSWORD}`).toString('base64')}`;
    const res = await fetch(`${double.url}/?query=${encodeURIComponent('SELECT 1 + 1')}`, { headers: { authorization: auth } });
    expect(res.headers.get('x-clickhouse-format')).toBe('TabSeparated');
    expect(await res.text()).toBe('2\n');
    // Query begins in the URL and continues in the body.
    const split = await fetch(`${double.url}/?query=${encodeURIComponent('SELECT 40')}`, { method: 'POST', headers: { authorization: auth }, body: '+ 2 AS x FORMAT JSONEachRow' });
    expect(await split.text()).toBe('{"x":42}\n');
  });

  it('round-trips bind values that need escaping, through gzip both ways', async () => {
    const tricky = "tab\there, new\nline, quote ' back\\slash, ünïcode";
    const rs = await client.query({
      query: 'SELECT {s:String} AS s, {a:Array(String)} AS a, {n:Nullable(UInt64)} AS n, {big:UInt64} AS big',
      query_params: { s: tricky, a: [tricky, 'x'], n: null, big: '18446744073709551615' },
      format: 'JSONEachRow',
      clickhouse_settings: { output_format_json_quote_64bit_integers: 1 },
    });
    expect(await rs.json()).toEqual([{ s: tricky, a: [tricky, 'x'], n: null, big: '18446744073709551615' }]);
  });

  it('inserts with the query in the URL and the data in the body; dedup tokens work', async () => {
    const rows = [
      { id: 1, s: 'a' },
      { id: 2, s: 'b' },
    ];
    const settings = { insert_deduplication_token: 'batch-1' };
    await client.insert({ table: 'd.t', values: rows, format: 'JSONEachRow', clickhouse_settings: settings });
    await client.insert({ table: 'd.t', values: rows, format: 'JSONEachRow', clickhouse_settings: settings });
    const rs = await client.query({ query: 'SELECT toUInt8(count()) AS n FROM d.t', format: 'JSONEachRow' });
    expect(await rs.json()).toEqual([{ n: 2 }]);
  });

  it('applies settings and the database to one request only', async () => {
    const db = connect({ database: 'd' });
    try {
      const rs = await db.query({ query: "SELECT currentDatabase() AS d, toString(getSetting('max_threads')) AS m", format: 'JSONEachRow', clickhouse_settings: { max_threads: 1 } });
      expect(await rs.json()).toEqual([{ d: 'd', m: '1' }]);
      const again = await client.query({ query: "SELECT currentDatabase() AS d, getSetting('max_threads') != 1 AS fresh", format: 'JSONEachRow' });
      expect(await again.json()).toEqual([{ d: 'default', fresh: 1 }]);
    } finally {
      await db.close();
    }
  });

  it("starts from a server's defaults where the embedded engine's differ", async () => {
    const rs = await client.query({ query: "SELECT getSetting('date_time_input_format') AS f", format: 'JSONEachRow' });
    expect(await rs.json()).toEqual([{ f: 'basic' }]);
    const implicit = await client.query({ query: '1 + 1' }).catch((e: unknown) => e);
    expect((implicit as ClickHouseError).type).toBe('SYNTAX_ERROR');
  });

  it('accepts a gzip request body on the raw interface', async () => {
    const auth = { 'x-clickhouse-user': USER, 'x-clickhouse-key': PASSWORD, 'content-encoding': 'gzip' };
    const res = await fetch(`${double.url}/`, { method: 'POST', headers: auth, body: gzipSync(`SELECT ${sqlString('zipped')} AS z FORMAT JSONEachRow`) });
    expect(await res.text()).toBe('{"z":"zipped"}\n');
  });

  it('reports errors the way @clickhouse/client parses them', async () => {
    const err = await client.query({ query: 'SELECT * FROM d.missing', format: 'JSONEachRow' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ClickHouseError);
    expect((err as ClickHouseError).code).toBe('60');
    expect((err as ClickHouseError).type).toBe('UNKNOWN_TABLE');
    const syntax = await client.command({ query: 'SELECT 1 +' }).catch((e: unknown) => e);
    expect((syntax as ClickHouseError).type).toBe('SYNTAX_ERROR');
    // The exporter tells rows the store refuses from a missing table by these codes, on a server too.
    const unparsable = await client.query({ query: "SELECT toDateTime64('not a time', 9)", format: 'JSONEachRow' }).catch((e: unknown) => e);
    expect([isRejectedDataError(unparsable), isRejectedDataError(err), isPermanentStoreError(err)], String(unparsable)).toEqual([true, false, true]);
    const res = await fetch(`${double.url}/?query=SELECT+1`, { headers: { 'x-clickhouse-user': USER, 'x-clickhouse-key': 'wrong' } });
    expect(res.status).toBe(401);
    expect(res.headers.get('x-clickhouse-exception-code')).toBe('516');
    const wrong = connect({ password: 'wrong', log: { level: ClickHouseLogLevel.OFF } });
    const denied = await wrong.query({ query: 'SELECT 1' }).catch((e: unknown) => e);
    expect((denied as ClickHouseError).type).toBe('AUTHENTICATION_FAILED');
    await wrong.close();
  });

  it('can run a statement and then lose its answer', async () => {
    double.loseAnswers(1, /^INSERT INTO d\.t\b/);
    const lossy = connect({ request_timeout: 2000, log: { level: ClickHouseLogLevel.OFF } });
    await expect(lossy.insert({ table: 'd.t', values: [{ id: 3, s: 'c' }], format: 'JSONEachRow' })).rejects.toThrow();
    expect(double.lostAnswers).toBe(1);
    const rs = await lossy.query({ query: 'SELECT s FROM d.t WHERE id = 3', format: 'JSONEachRow' });
    expect(await rs.json()).toEqual([{ s: 'c' }]);
    await lossy.close();
  });

  it('refuses connections while paused and answers again after resume', async () => {
    await double.pause();
    const down = connect({ request_timeout: 2000, log: { level: ClickHouseLogLevel.OFF } });
    await expect(down.query({ query: 'SELECT 1' })).rejects.toThrow();
    await double.resume();
    const rs = await down.query({ query: 'SELECT 7 AS x', format: 'JSONEachRow' });
    expect(await rs.json()).toEqual([{ x: 7 }]);
    await down.close();
  });
});
