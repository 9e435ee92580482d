import { randomUUID } from 'node:crypto';
import { Batcher, type BatcherOptions } from '../pipeline/batcher.js';
import { RefusedError } from '../otlp/errors.js';
import type { Spool, SpoolEntry } from '../spool/spool.js';
import type { Telemetry } from '../telemetry.js';
import { isPermanentStoreError } from './insert-lines.js';

export type InsertFn = (table: string, body: string, token: string) => Promise<void>;

export interface DurableWriterOptions {
  batch: BatcherOptions;
  /** An insert slower than this is spooled instead (the store is "slow"); the late insert is deduplicated on replay. */
  insertTimeoutMs: number;
  /** Spool for batches the store could not take; undefined → errors go back to the client as retryable. */
  spool?: Spool;
  signal: string;
  telemetry?: Telemetry;
  log?: (msg: string) => void;
}

/**
 * Batches rows per table; a batch is acknowledged once inserted or fsynced to the
 * spool. While the spool holds anything, new batches queue behind it so the store
 * sees them in order; a background drainer replays with the original dedup tokens.
 */
export class DurableWriter {
  private readonly batchers = new Map<string, Batcher<Record<string, unknown>>>();
  private draining: Promise<void> | undefined;
  private stopped = false;
  private backoffTimer: NodeJS.Timeout | undefined;
  private wake: (() => void) | undefined;

  constructor(
    private readonly insert: InsertFn,
    private readonly options: DurableWriterOptions,
  ) {
    if (options.spool?.size) this.kickDrain();
  }

  get queueDepth(): number {
    let n = 0;
    for (const b of this.batchers.values()) n += b.depth;
    return n;
  }

  /** Resolves once every row is written or spooled. */
  write(table: string, rows: Record<string, unknown>[]): Promise<void> {
    let b = this.batchers.get(table);
    if (!b) {
      b = new Batcher(this.options.batch, (batch) => this.deliver(table, batch));
      this.batchers.set(table, b);
    }
    return b.add(rows);
  }

  async flush(): Promise<void> {
    await Promise.all([...this.batchers.values()].map((b) => b.flush()));
  }

  /** Flushes batches, then tries once more to drain the spool; what remains replays on next start. */
  async shutdown(): Promise<void> {
    await this.flush();
    this.stopped = true;
    if (this.backoffTimer) clearTimeout(this.backoffTimer);
    this.wake?.();
    await this.draining;
  }

  private async deliver(table: string, rows: Record<string, unknown>[]): Promise<void> {
    const body = encodeJsonLines(rows);
    const token = randomUUID();
    const t = this.options.telemetry;
    t?.batchSize.observe({ signal: this.options.signal }, rows.length);
    const spool = this.options.spool;
    if (spool && spool.size > 0) return this.toSpool(table, token, body);
    const started = performance.now();
    try {
      await withTimeout(this.insert(table, body, token), this.options.insertTimeoutMs);
      t?.exportSeconds.observe({ signal: this.options.signal, outcome: 'ok' }, (performance.now() - started) / 1000);
    } catch (err) {
      t?.exportSeconds.observe({ signal: this.options.signal, outcome: 'error' }, (performance.now() - started) / 1000);
      if (isPermanentStoreError(err)) throw err;
      if (!spool) throw new RefusedError('store_unavailable', `store unavailable: ${(err as Error).message}`, 2, { cause: err });
      this.options.log?.(`insert into ${table} failed (${(err as Error).message}); spooling to disk`);
      this.toSpool(table, token, body);
    }
  }

  private toSpool(table: string, token: string, body: string): void {
    this.options.spool!.append(table, token, body);
    this.updateSpoolGauges();
    this.kickDrain();
  }

  private updateSpoolGauges(): void {
    const s = this.options.spool;
    if (!s || !this.options.telemetry) return;
    this.options.telemetry.spoolBytes.set(s.bytes);
    this.options.telemetry.spoolAgeSeconds.set(s.oldestAgeMs / 1000);
  }

  private kickDrain(): void {
    this.draining ??= this.drain().finally(() => {
      this.draining = undefined;
      if (!this.stopped && this.options.spool?.size) this.kickDrain();
    });
  }

  private async drain(): Promise<void> {
    const spool = this.options.spool!;
    let backoff = 250;
    for (let entry: SpoolEntry | undefined; (entry = spool.peek()); ) {
      try {
        await withTimeout(this.insert(entry.table, spool.read(entry), entry.token), this.options.insertTimeoutMs);
        spool.remove(entry);
        backoff = 250;
        this.updateSpoolGauges();
      } catch (err) {
        if (isPermanentStoreError(err)) {
          this.options.log?.(`spooled batch ${entry.seq} for ${entry.table} cannot be inserted (${(err as Error).message}); keeping it in the spool`);
        }
        if (this.stopped) return;
        await new Promise<void>((resolve) => {
          this.wake = resolve;
          this.backoffTimer = setTimeout(resolve, backoff);
        });
        backoff = Math.min(backoff * 2, 10_000);
        if (this.stopped) return;
      }
    }
  }
}

export function encodeJsonLines(rows: Record<string, unknown>[]): string {
  let out = '';
  for (let i = 0; i < rows.length; i++) out += (i ? '\n' : '') + JSON.stringify(rows[i]);
  return out;
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  if (!Number.isFinite(ms) || ms <= 0) return p;
  let timer: NodeJS.Timeout;
  return Promise.race([
    p,
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`insert took longer than ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}
