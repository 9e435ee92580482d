/**
 * Collects items from many callers into batches bounded by size and delay, and
 * hands each batch to `sink` one at a time. Each `add` resolves only after the
 * batch holding its items was written, so callers acknowledge only written data.
 *
 * While a write is in progress, new items wait and join one batch that is written
 * as soon as the store is free: under load batches grow to the size limit (the
 * engine's per-insert cost is amortized), when idle the delay bounds latency.
 */
export interface BatcherOptions {
  /** Most units (e.g. spans) in one write; a caller's items are never split. */
  maxBatchSize: number;
  /** A non-empty batch is written at the latest this long after its first item arrived (when the store is free). */
  maxDelayMs: number;
  /** Batches handed to the sink at once (default 1): a second one may be spooled while the first is inserted. */
  maxConcurrent?: number;
  /** Overrides maxDelayMs while it returns a number (e.g. a short delay while batches go to a write-ahead spool). */
  delayNowMs?: () => number | undefined;
  /**
   * A write of several callers' items failed in a way that may be one caller's fault (e.g. the
   * store refused one request's rows): each caller's items are written again alone, so only
   * the callers whose own items fail see the error.
   */
  retryAlone?: (err: unknown) => boolean;
}

interface Entry<T> {
  items: T[];
  size: number;
  resolve: () => void;
  reject: (err: unknown) => void;
}

export class Batcher<T> {
  private pending: Entry<T>[] = [];
  private pendingSize = 0;
  private timer: NodeJS.Timeout | undefined;
  /** The oldest pending entry has waited long enough (or the batch is full). */
  private due = false;
  private readonly writing = new Set<Promise<void>>();
  private inFlight = 0;

  constructor(
    private readonly options: BatcherOptions,
    private readonly sink: (items: T[]) => Promise<void>,
  ) {}

  private delayMs(): number {
    return this.options.delayNowMs?.() ?? this.options.maxDelayMs;
  }

  /** Number of units waiting for or being written. */
  get depth(): number {
    return this.pendingSize + this.inFlight;
  }

  add(items: T[], size = items.length): Promise<void> {
    if (items.length === 0) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      this.pending.push({ items, size, resolve, reject });
      this.pendingSize += size;
      if (this.pendingSize >= this.options.maxBatchSize) this.markDue();
      else this.timer ??= setTimeout(() => this.markDue(), this.delayMs());
    });
  }

  /** Writes whatever is pending and waits until nothing is left. */
  async flush(): Promise<void> {
    while (this.pending.length || this.writing.size) {
      this.markDue();
      if (this.writing.size) await Promise.race(this.writing);
    }
  }

  private markDue(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.due = true;
    this.pump();
  }

  private pump(): void {
    while (this.writing.size < (this.options.maxConcurrent ?? 1) && this.due && this.pending.length) this.startWrite();
    // A free slot and a partial batch left behind: it is due after the delay, like any new batch.
    if (this.pending.length && !this.due && this.writing.size < (this.options.maxConcurrent ?? 1)) {
      this.timer ??= setTimeout(() => this.markDue(), this.delayMs());
    }
  }

  private startWrite(): void {
    const batch: Entry<T>[] = [];
    let size = 0;
    while (this.pending.length && (batch.length === 0 || size + this.pending[0].size <= this.options.maxBatchSize)) {
      const e = this.pending.shift()!;
      batch.push(e);
      size += e.size;
    }
    this.pendingSize -= size;
    this.inFlight += size;
    this.due = this.pendingSize >= this.options.maxBatchSize;
    const items = batch.length === 1 ? batch[0].items : batch.flatMap((e) => e.items);
    const write: Promise<void> = this.sink(items).then(
      () => batch.forEach((e) => e.resolve()),
      (err) => (batch.length > 1 && this.options.retryAlone?.(err) ? this.writeAlone(batch) : batch.forEach((e) => e.reject(err))),
    ).finally(() => {
      this.inFlight -= size;
      this.writing.delete(write);
      // What arrived during the write has waited at least that long: write it now.
      if (this.pending.length) this.markDue();
    });
    this.writing.add(write);
  }

  /** Each caller's items in their own write, one after another, each settling its caller. */
  private async writeAlone(batch: Entry<T>[]): Promise<void> {
    for (const e of batch) await this.sink(e.items).then(e.resolve, e.reject);
  }
}
