import { dateTime64Us, insertRows, type Store } from '@watchllm/collector';

/**
 * What stores of versioned rows share (prompts, datasets: a row per change, reads take each key's
 * latest row by UpdatedAt): changes to one key made one at a time in this process, and UpdatedAt
 * times that never tie.
 */
export class ChangeQueue {
  private readonly queues = new Map<string, Promise<unknown>>();
  private lastUpdateUs = 0;

  /**
   * Unix microseconds, strictly increasing within this process, so rows written one after the other
   * never tie; and later than `afterUs` (a row read from the store, which another process's clock may
   * have stamped ahead of this one's).
   */
  nextUpdateUs(afterUs = 0): number {
    return (this.lastUpdateUs = Math.max(Date.now() * 1000, this.lastUpdateUs + 1, afterUs + 1));
  }

  /** Runs `change` after the changes queued before it under `key` (whether they failed or not). */
  serialized<T>(key: string, change: () => Promise<T>): Promise<T> {
    const run = (this.queues.get(key) ?? Promise.resolve()).catch(() => {}).then(change);
    this.queues.set(key, run);
    void run.finally(() => {
      if (this.queues.get(key) === run) this.queues.delete(key);
    }).catch(() => {});
    return run;
  }
}

export { dateTime64Ms, dateTime64Us } from '@watchllm/collector';

/**
 * Inserts a key's latest row into `table`: `row` gets the UpdatedAt of the change (later than the key's previous
 * change, read as `afterMs`); returns that time in milliseconds, what the key's reads will show.
 */
export async function insertChange(store: Store, changes: ChangeQueue, table: string, afterMs: number, row: Record<string, unknown>): Promise<number> {
  // Reads floor the previous change's microseconds to `afterMs`: only the next whole millisecond is surely later.
  const updatedUs = changes.nextUpdateUs(afterMs * 1000 + 999);
  await insertRows(store, table, [{ ...row, UpdatedAt: dateTime64Us(updatedUs) }]);
  return Math.floor(updatedUs / 1000);
}

/** Stored JSON text back as a value (text that is not JSON as itself). */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/**
 * Each key's latest row in a versioned table of one project, deleted keys left out (kept with
 * `withDeleted`, IsDeleted saying which they are): `columns` as the latest row has them, with
 * CreatedMs (the first row's) and UpdatedUs (the latest's) as text.
 * `where` narrows the rows first and names key columns only (a column aggregated here would stand
 * for its aggregate there); filter other columns on the result.
 */
export const latestRows = (table: string, keys: readonly string[], columns: readonly string[], where = '1', withDeleted = false) => `
  SELECT ${keys.join(', ')}, ${columns.map((c) => `argMax(${c}, UpdatedAt) AS ${c}`).join(', ')},
         toString(toUnixTimestamp64Milli(min(CreatedAt))) AS CreatedMs, toString(toUnixTimestamp64Micro(max(UpdatedAt))) AS UpdatedUs,
         argMax(Deleted, UpdatedAt) AS IsDeleted
  FROM ${table} WHERE ProjectId = {projectId:String} AND ${where}
  GROUP BY ${keys.join(', ')}${withDeleted ? '' : ' HAVING IsDeleted = 0'}`;

/** The change times latestRows reads with each row. */
export interface ChangeTimesRow {
  CreatedMs: string;
  UpdatedUs: string;
}

/** The change times of a row read with latestRows, in milliseconds. */
export const changeTimes = (r: ChangeTimesRow) => ({ createdAtMs: Number(r.CreatedMs), updatedAtMs: Math.floor(Number(r.UpdatedUs) / 1000) });
