/**
 * Which query service runs a background job in each period (every replica would otherwise call the
 * judge for the same spans, each call paid): the first claim of a period is kept through insert
 * deduplication (claimed-insert.ts), the others read it back and sit the period out. A holder that
 * stops leaves its period idle; the next is claimed afresh.
 */
import { randomUUID } from 'node:crypto';
import { dateTime64Us, WORKER_LEASES_TABLE, type Store } from '@watchllm/collector';
import { claimKey } from '../claimed-insert.js';

export const LEASE_PERIOD_MS = 30_000;

export class WorkerLease {
  private readonly holder = randomUUID();
  private bucket = Number.NaN;
  private held = false;

  constructor(
    private readonly store: Store,
    private readonly lease: string,
    private readonly periodMs = LEASE_PERIOD_MS,
  ) {}

  /** Whether this service holds the lease for the period `nowMs` falls in (claimed once per period). */
  async holds(nowMs = Date.now()): Promise<boolean> {
    const bucket = Math.floor(nowMs / this.periodMs);
    if (bucket === this.bucket) return this.held;
    const row = { Lease: this.lease, Bucket: bucket, Holder: this.holder, UpdatedAt: dateTime64Us(nowMs * 1000) };
    this.held = await claimKey(
      this.store,
      { table: WORKER_LEASES_TABLE, where: 'Lease = {lease:String} AND Bucket = {bucket:Int64}', params: { lease: this.lease, bucket }, idColumn: 'Holder', id: this.holder, afterUs: '0' },
      [row],
    );
    this.bucket = bucket;
    return this.held;
  }
}
