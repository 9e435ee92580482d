import type { SpoolBody } from '../spool/spool.js';
import { TABLES } from './schema.js';

export type InsertFormat = 'JSONEachRow' | 'Native';

/** How a table's encoded rows travel to the store and sit in the spool. */
export interface RowEncoding {
  format: InsertFormat;
  /** Spool file extension; it tells a replay which format the file holds. */
  ext: string;
  /** One insert body from bodies encoded separately (Native: a stream of blocks; JSON: lines). */
  join(bodies: SpoolBody[]): SpoolBody;
}

export function encodeJsonLines(rows: Record<string, unknown>[]): string {
  let out = '';
  for (let i = 0; i < rows.length; i++) out += (i ? '\n' : '') + JSON.stringify(rows[i]);
  return out;
}

/** Rows for one table, already encoded in that table's format. */
export interface EncodedRows {
  table: string;
  body: SpoolBody;
  /** Row count, for batch sizes. */
  rows: number;
  /** Called once the body is written (inserted or spooled) and nothing reads it any more. */
  release?: () => void;
}

/** Rows of a JSON-encoded table, ready for the writer. */
export function jsonRows(table: string, rows: Record<string, unknown>[]): EncodedRows {
  return { table, body: encodeJsonLines(rows), rows: rows.length };
}

export const JSON_LINES: RowEncoding = {
  format: 'JSONEachRow',
  ext: 'jsonl',
  join: (bodies) => (bodies.length === 1 ? bodies[0] : bodies.join('\n')),
};

/** otel_traces as Native blocks (trace-block.ts): the hot table, where encoding and parsing JSON cost most. */
export const TRACES_NATIVE: RowEncoding = {
  format: 'Native',
  ext: 'native',
  // The engine reads every block of the stream and squashes them into one part per insert. The
  // blocks stay separate pieces in memory: written with one writev, not copied together first.
  join: (bodies) => (bodies.length === 1 ? bodies[0] : (bodies as Uint8Array[])),
};

/** The encoding the exporter uses per table (logs and metrics are light: JSON keeps them simple). */
export function encodingFor(table: string): RowEncoding {
  return table === TABLES.traces ? TRACES_NATIVE : JSON_LINES;
}

/** The format a spool file holds, from its extension. */
export function formatOfExt(ext: string): InsertFormat {
  const encoding = [JSON_LINES, TRACES_NATIVE].find((e) => e.ext === ext);
  if (!encoding) throw new Error(`unknown spool file format .${ext}`);
  return encoding.format;
}
