import type { Store } from '@watchllm/collector';
import { SqlParams } from '../compat/sql-params.js';

// Reads share the cores with ingest: cap threads so a read can't starve the event loop.
// Every read states the settings it relies on: the embedded engine keeps a query's SETs for
// the session, so a setting one read changes would otherwise stay changed for the next.
export const READ_SETTINGS = { max_threads: 1, use_skip_indexes: 1, max_bytes_before_external_group_by: '0' } as const;

/** Settings a read may raise over READ_SETTINGS (each read states them all again: see above). */
export interface ReadSettings {
  /** Bytes of GROUP BY state past which the store spills to disk (UInt64 as text). */
  max_bytes_before_external_group_by?: string;
}

export type QueryParams = Record<string, unknown>;

/** Runs one parameterized read (values only ever travel as query_params) and returns its rows. */
export async function readRows<T>(store: Store, query: string, params: QueryParams, settings: ReadSettings = {}): Promise<T[]> {
  const rs = await store.client.query({ query, query_params: params, format: 'JSONEachRow', clickhouse_settings: { ...READ_SETTINGS, ...settings } });
  return rs.json<T>();
}

/**
 * One page of `source` (a SELECT, without ORDER BY or LIMIT) in `orderBy` order, and how many rows
 * the source has in all — from one query: `count() OVER ()` counts every row before LIMIT cuts the
 * page, so the engine reads and groups the source once instead of once per answer. A page past
 * the end has no row to carry the total: the source is counted alone then. Meant for narrow, grouped
 * sources (trace and session summaries, scores): over wide rows the window would make the engine
 * read every matching row's columns, which ORDER BY … LIMIT spares.
 */
export async function readPageAndTotal<T>(
  store: Store,
  source: string,
  orderBy: string,
  params: QueryParams,
  page: { limit: number; offset: number },
): Promise<{ rows: T[]; total: number }> {
  const rows = await readRows<T & { PageTotal: string | number }>(
    store,
    `SELECT *, count() OVER () AS PageTotal FROM (${source}) ORDER BY ${orderBy} LIMIT {pageLimit:UInt32} OFFSET {pageOffset:UInt32}`,
    { ...params, pageLimit: page.limit, pageOffset: page.offset },
  );
  if (rows.length > 0) return { rows, total: Number(rows[0].PageTotal) };
  if (page.offset === 0) return { rows, total: 0 };
  const [counted] = await readRows<{ n: string | number }>(store, `SELECT count() AS n FROM (${source})`, params);
  return { rows, total: Number(counted?.n ?? 0) };
}


/** Collects WHERE/HAVING predicates and their bound values under generated parameter names. */
export class Predicates {
  readonly clauses: string[] = [];
  constructor(readonly params: QueryParams) {}

  /** Adds `clause`, in which `{}` placeholders are replaced by bound parameters of the given types, in order. */
  add(clause: string, ...values: [type: string, value: unknown][]): this {
    this.clauses.push(this.expr(clause, ...values));
    return this;
  }

  /** `sql` with its `{}` placeholders bound as in `add`, for use elsewhere in the statement (a SELECT or GROUP BY expression). */
  expr(sql: string, ...values: [type: string, value: unknown][]): string {
    const binder = new SqlParams(this.params);
    let i = 0;
    return sql.replace(/\{\}/g, () => {
      const [type, value] = values[i++];
      return binder.add(value, type);
    });
  }

  sql(joiner = ' AND '): string {
    return this.clauses.length ? this.clauses.join(joiner) : '1';
  }
}

export const DAY_MS = 86_400_000;

/** Unix seconds clamped to what DateTime holds (1970–2106). */
export function dateTimeSeconds(ms: number): number {
  return Math.min(4_294_967_295, Math.max(0, Math.floor(ms / 1000)));
}

/** Milliseconds → unix nanoseconds as a decimal string (exact for integers). */
export function msToNanos(ms: number): string {
  return (BigInt(Math.floor(ms)) * 1_000_000n).toString();
}

/** 'YYYY-MM-DD' (UTC) of a time, for Date32 parameters. */
export function utcDay(ms: number): string {
  return new Date(Math.min(ms, Date.UTC(2299, 11, 31))).toISOString().slice(0, 10);
}

/** One series of a time series read: its key (a level, an evaluation name) and [unix ms, value] points. */
export interface PointSeries {
  key: string;
  points: [number, number][];
}

/** Rows of a time series query as each key's [time, value] points, in row order. */
export function pointsByKey<R>(rows: R[], key: (r: R) => string, point: (r: R) => [number, number]): Map<string, [number, number][]> {
  const out = new Map<string, [number, number][]>();
  for (const r of rows) {
    const points = out.get(key(r));
    if (points) points.push(point(r));
    else out.set(key(r), [point(r)]);
  }
  return out;
}
