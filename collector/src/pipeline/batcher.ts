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
  private writing: Promise<void> | undefined;
  private inFlight = 0;

  constructor(
    private readonly options: BatcherOptions,
    private readonly sink: (items: T[]) => Promise<void>,
  ) {}

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
      else this.timer ??= setTimeout(() => this.markDue(), this.options.maxDelayMs);
    });
  }

  /** Writes whatever is pending and waits until nothing is left. */
  async flush(): Promise<void> {
    while (this.pending.length || this.writing) {
      this.markDue();
      await this.writing;
    }
  }

  private markDue(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.due = true;
    this.pump();
  }

  private pump(): void {
    if (this.writing || !this.due || this.pending.length === 0) return;
    const batch: Entry<T>[] = [];
    let size = 0;
    while (this.pending.length && (batch.length === 0 || size + this.pending[0].size <= this.options.maxBatchSize)) {
      const e = this.pending.shift()!;
      batch.push(e);
      size += e.size;
    }
    this.pendingSize -= size;
    this.inFlight += size;
    this.due = false;
    const items = batch.length === 1 ? batch[0].items : batch.flatMap((e) => e.items);
    this.writing = this.sink(items).then(
      () => batch.forEach((e) => e.resolve()),
      (err) => batch.forEach((e) => e.reject(err)),
    ).finally(() => {
      this.inFlight -= size;
      this.writing = undefined;
      // What arrived during the write has waited at least that long: write it now.
      if (this.pending.length) this.markDue();
    });
  }
}
