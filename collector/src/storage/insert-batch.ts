import { createReadStream, rmSync } from 'node:fs';
import { mkdir, unlink } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import type { ClickHouseSettings } from '@clickhouse/client';
import type { Store } from './client.js';
import { bodyPieces, writeBodyFile, type SpoolBody } from '../spool/spool.js';
import type { InsertFormat } from './row-encoding.js';

/** Encoded rows for one insert, in memory or already in files (a spooled batch or group, read in order), and their format. */
export type InsertSource = ({ body: SpoolBody } | { files: string[] }) & { format: InsertFormat };

/** How an insert treats the table's skip indexes. */
export interface InsertOptions {
  /**
   * false: parts written by this insert get their skip indexes when they are merged, not now.
   * Building them at insert was half of the engine's insert CPU for GenAI spans (the bloom and
   * token filters read every attribute value, messages included; measured in docs/benchmarks.md);
   * merges build them anyway, and a part not merged yet is small enough to read without them.
   */
  skipIndexesOnInsert: boolean;
}

export const DEFAULT_INSERT_OPTIONS: InsertOptions = { skipIndexesOnInsert: true };

/**
 * The embedded engine shares the cores with the collector that feeds it: one thread per insert
 * (its merges run in their own pool) kept both busier than an insert spreading over every core,
 * which the collector then waited for (~7% more stored spans/s over six paired runs on 2 cores).
 * A server has its cores to itself: 0 = all. Stated on every insert either way, because the
 * embedded engine keeps a query's SETs for the session.
 */
export function insertThreads(store: Store): number {
  return store.config.kind === 'embedded' ? 1 : 0;
}

const SETTINGS = (token: string, options: InsertOptions, store: Store): ClickHouseSettings => ({
  insert_deduplication_token: token,
  max_threads: insertThreads(store),
  // A batch split into several blocks gets per-block tokens derived from this one, split the
  // same way on replay; forcing one block made parsing ~40% slower (measured), so we don't.
  deduplicate_blocks_in_dependent_materialized_views: 1,
  ...(!options.skipIndexesOnInsert && knowsDeferredSkipIndexes(store) ? { materialize_skip_indexes_on_insert: 0 } : {}),
});

/** Servers before ClickHouse 25.x lack the setting (an unknown setting fails the insert): probed once per store. */
const deferredSkipIndexSupport = new WeakMap<Store, boolean>();

function knowsDeferredSkipIndexes(store: Store): boolean {
  return store.config.kind === 'embedded' || deferredSkipIndexSupport.get(store) === true;
}

/** Learns whether a ClickHouse server accepts `materialize_skip_indexes_on_insert` (until then inserts don't send it). */
export async function probeInsertSettings(store: Store): Promise<void> {
  if (store.config.kind === 'embedded' || deferredSkipIndexSupport.has(store)) return;
  try {
    const rs = await store.client.query({
      query: "SELECT count() AS n FROM system.settings WHERE name = 'materialize_skip_indexes_on_insert'",
      format: 'JSONEachRow',
    });
    const [row] = await rs.json<{ n: number | string }>();
    deferredSkipIndexSupport.set(store, Number(row?.n ?? 0) > 0);
  } catch {
    // Unknown for now; asked again by the next writer that starts.
  }
}

/**
 * Inserts pre-encoded rows. The same bytes are what the spool keeps, so a replay
 * is byte-identical and `token` makes the store drop a repeat.
 */
export async function insertEncoded(store: Store, table: string, source: InsertSource, token: string, options = DEFAULT_INSERT_OPTIONS): Promise<void> {
  const settings = SETTINGS(token, options, store);
  if (store.config.kind === 'embedded') {
    if ('files' in source) return insertFromFiles(store, table, source.files, source.format, settings);
    return insertViaFile(store, store.config.dataDir, table, source, settings);
  }
  const result = await store.client.exec({
    query: `INSERT INTO ${store.table(table)} FORMAT ${source.format}`,
    values: 'files' in source ? Readable.from(readInOrder(source.files, source.format)) : Readable.from(bodyPieces(source.body)),
    clickhouse_settings: settings,
  });
  result.stream.resume();
}

const scratchDir = (dataDir: string) => resolve(dataDir, 'inserts');

const GLOB_CHARACTERS = /[*?{}]/;

function assertInsertableDir(dir: string | undefined, what: string): void {
  if (dir === undefined) return;
  const path = resolve(dir);
  if (GLOB_CHARACTERS.test(path)) {
    throw new Error(`${what} "${path}" contains one of * ? { } — the embedded engine reads insert files with file(), which takes them as a glob; choose a path without them`);
  }
}

/**
 * The embedded engine reads batches through file(), which expands * ? {…} anywhere in the path:
 * a directory with those in its path would insert the wrong files or none. Checked at start.
 */
export function assertInsertableDirs(store: Store, spoolDir: string | undefined): void {
  if (store.config.kind !== 'embedded') return;
  assertInsertableDir(scratchDir(store.config.dataDir), 'data directory');
  assertInsertableDir(spoolDir, 'spool directory');
}

/** Drops batch files a crashed process left behind (never acknowledged from there: the spool holds what was). */
export function clearInsertScratch(store: Store): void {
  if (store.config.kind === 'embedded') rmSync(scratchDir(store.config.dataDir), { recursive: true, force: true });
}

/**
 * The embedded engine parses a file in parallel but data inlined after the statement on one
 * thread: the same rows insert ~1.8× faster from a file (12.4k vs 6.7k rows/s measured), so
 * the batch takes a trip through the page cache. Same SQL dialect, same client, same tokens.
 */
async function insertViaFile(store: Store, dataDir: string, table: string, source: { body: SpoolBody; format: InsertFormat }, settings: ClickHouseSettings): Promise<void> {
  const dir = scratchDir(dataDir);
  await mkdir(dir, { recursive: true });
  const file = join(dir, `${table}-${settings.insert_deduplication_token}.${source.format}`);
  // Not fsynced: the file is read back at once, and the spool keeps what must survive a crash.
  await writeBodyFile(file, source.body, false);
  try {
    await insertFromFiles(store, table, [file], source.format, settings);
  } finally {
    await unlink(file).catch(() => {});
  }
}

async function insertFromFiles(store: Store, table: string, files: string[], format: InsertFormat, settings: ClickHouseSettings): Promise<void> {
  await store.client.command({
    query: `INSERT INTO ${store.table(table)} SELECT * FROM file({file:String}, {format:String})`,
    query_params: { file: filesPattern(files), format },
    clickhouse_settings: settings,
  });
}

// Spool and scratch file names; anything else could be read as a glob.
const PLAIN_NAME = /^[A-Za-z0-9_.-]+$/;

/**
 * One path for file(): the file itself, or `dir/{a,b,…}` naming every file of a group. The rows
 * of one insert are squashed into one block however the files are read (an insert stays far
 * below min_insert_block_size_bytes), so a replay under the same token makes the same parts.
 */
export function filesPattern(files: string[]): string {
  const paths = files.map((f) => resolve(f));
  if (paths.length === 1) return paths[0];
  const dir = dirname(paths[0]);
  const names = paths.map((p) => {
    const name = basename(p);
    if (dirname(p) !== dir || !PLAIN_NAME.test(name)) throw new Error(`cannot insert ${p} with the files of ${dir}`);
    return name;
  });
  return join(dir, `{${names.join(',')}}`);
}

/** The files one after another, as one stream (JSON lines of different files on separate lines). */
async function* readInOrder(files: string[], format: InsertFormat): AsyncGenerator<Buffer> {
  for (let i = 0; i < files.length; i++) {
    if (i > 0 && format === 'JSONEachRow') yield Buffer.from('\n');
    for await (const chunk of createReadStream(files[i])) yield chunk as Buffer;
  }
}

/**
 * ClickHouse error codes that mean "these rows are not valid for these columns": the same
 * insert fails the same way every time, while the store itself is fine. (CANNOT_PARSE_TEXT 6,
 * …_ESCAPE_SEQUENCE 25, …_QUOTED_STRING 26, …_INPUT_ASSERTION_FAILED 27, …_DATE 38,
 * …_DATETIME 41, TYPE_MISMATCH 53, ARGUMENT_OUT_OF_BOUND 69, CANNOT_CONVERT_TYPE 70,
 * CANNOT_PARSE_NUMBER 72, INCORRECT_DATA 117, CANNOT_READ_ARRAY_FROM_TEXT 130,
 * TOO_LARGE_STRING_SIZE 131, SIZES_OF_ARRAYS_DONT_MATCH 190, VALUE_IS_OUT_OF_RANGE_OF_DATA_TYPE
 * 321, CANNOT_INSERT_NULL_IN_ORDINARY_COLUMN 349, DECIMAL_OVERFLOW 407.)
 */
const REJECTED_DATA_CODES = new Set([6, 25, 26, 27, 38, 41, 53, 69, 70, 72, 117, 130, 131, 190, 321, 349, 407]);
/** …and codes that mean the schema is not what the writer expects (UNKNOWN_TABLE 60, SYNTAX_ERROR 62, NO_SUCH_COLUMN_IN_TABLE 16, UNKNOWN_IDENTIFIER 47). */
const SCHEMA_CODES = new Set([16, 47, 60, 62]);

/** The ClickHouse error code of a store error (the client's `code`, or `Code: N` in the text); undefined for other failures. */
function storeErrorCode(err: unknown): number | undefined {
  const code = (err as { code?: unknown } | undefined)?.code;
  if (typeof code === 'string' && /^\d+$/.test(code)) return Number(code);
  const m = /\bCode: (\d+)\b/.exec(String((err as Error)?.message ?? err));
  return m ? Number(m[1]) : undefined;
}

/** The store refused the rows themselves (not an outage, not the schema): retrying the same rows cannot succeed. */
export function isRejectedDataError(err: unknown): boolean {
  const code = storeErrorCode(err);
  return code !== undefined && REJECTED_DATA_CODES.has(code);
}

/** A store error that a retry cannot fix (bad rows, missing table) versus an outage. */
export function isPermanentStoreError(err: unknown): boolean {
  const code = storeErrorCode(err);
  return code !== undefined && (REJECTED_DATA_CODES.has(code) || SCHEMA_CODES.has(code));
}
