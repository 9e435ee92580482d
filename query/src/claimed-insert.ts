import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { insertRows, type Store } from '@watchllm/collector';
import { readRows, type QueryParams } from './reader/query.js';

/**
 * A key that query services behind one balancer may create at the same moment (a prompt's next
 * version number, a dataset run's name), where the later row would silently replace the earlier.
 */
export interface Claim {
  table: string;
  /** The key's rows: a condition on key columns (ProjectId among them) with `params`. */
  where: string;
  params: QueryParams;
  /** The column every row of the key carries its create's id in, and this create's id. */
  idColumn: string;
  id: string;
  /**
   * Unix µs of the key's latest row as the creator read it ('0': it has none). Contenders that read
   * the key alike derive one token from it; once a create holds the key (or its deletion is
   * written), the next create reads a later time and gets a fresh token. The rows inserted must be
   * later than it.
   */
  afterUs: string;
}

/** How often, and how far apart, a claim whose rows are not visible yet is read again (a lagging replica). */
const UNSEEN_READS = 5;
const UNSEEN_DELAY_MS = 200;

/**
 * Inserts `rows` creating the claimed key — compare-and-set through insert deduplication: every
 * contender's insert has the same token, the store keeps the first and drops the others (the
 * tables set a deduplication window, migration 16) — then reads back whose create holds the key.
 * True: this one's rows are kept; false: another create's are, and these were dropped whole.
 */
export async function claimKey(store: Store, claim: Claim, rows: Record<string, unknown>[]): Promise<boolean> {
  const key = Object.entries(claim.params).sort(([a], [b]) => a.localeCompare(b));
  const token = createHash('sha256').update(JSON.stringify([claim.table, key, claim.afterUs])).digest('hex');
  // Foreground: on a cluster the rows must be on their shard (where the token is checked) before the read-back.
  await insertRows(store, claim.table, rows, token, { foreground: true });
  const readBack = `
    SELECT countIf(${claim.idColumn} = {claimId:String}) AS Mine, count() AS Later FROM ${store.table(claim.table)}
    WHERE ${claim.where} AND toUnixTimestamp64Micro(UpdatedAt) > {claimAfterUs:Int64}`;
  for (let read = 1; ; read++) {
    const [row] = await readRows<{ Mine: string | number; Later: string | number }>(store, readBack, { ...claim.params, claimId: claim.id, claimAfterUs: claim.afterUs });
    if (Number(row?.Mine) > 0) return true;
    if (Number(row?.Later) > 0) return false;
    if (read === UNSEEN_READS) throw new ClaimUnconfirmed(`${claim.table}: the rows just inserted are not visible ${UNSEEN_READS} reads later; whether this create holds its key is unknown`);
    await sleep(UNSEEN_DELAY_MS);
  }
}

/** A claim whose outcome could not be read back (the insert returned, but no replica read shows any create of the key). */
export class ClaimUnconfirmed extends Error {}
