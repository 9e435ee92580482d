/**
 * Collects items from many callers into batches bounded by size and delay, and
 * hands each batch to `sink` one at a time. Each `add` resolves only after the
 * batch holding its items was flushed, so callers acknowledge only written data.
 */
export interface BatcherOptions {
  /** Flush once this many units (e.g. spans) are pending. */
  maxBatchSize: number;
  /** Flush a non-empty batch at the latest this long after its first item arrived. */
  maxDelayMs: number;
}

interface Pending<T> {
  items: T[];
  size: number;
  waiters: { resolve: () => void; reject: (err: unknown) => void }[];
}

export class Batcher<T> {
  private pending: Pending<T> = Batcher.empty();
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> = Promise.resolve();
  private inFlight = 0;

  constructor(
    private readonly options: BatcherOptions,
    private readonly sink: (items: T[]) => Promise<void>,
  ) {}

  private static empty<T>(): Pending<T> {
    return { items: [], size: 0, waiters: [] };
  }

  /** Number of units waiting for or being written. */
  get depth(): number {
    return this.pending.size + this.inFlight;
  }

  add(items: T[], size = items.length): Promise<void> {
    if (items.length === 0) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const p = this.pending;
      for (const it of items) p.items.push(it);
      p.size += size;
      p.waiters.push({ resolve, reject });
      if (p.size >= this.options.maxBatchSize) this.cut();
      else this.timer ??= setTimeout(() => this.cut(), this.options.maxDelayMs);
    });
  }

  /** Flushes whatever is pending and waits for every write in progress. */
  async flush(): Promise<void> {
    this.cut();
    await this.flushing;
  }

  private cut(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.pending;
    if (batch.items.length === 0) return;
    this.pending = Batcher.empty();
    this.inFlight += batch.size;
    // Writes are serialized: the store is the bottleneck, and order is preserved.
    this.flushing = this.flushing.then(async () => {
      try {
        await this.sink(batch.items);
        for (const w of batch.waiters) w.resolve();
      } catch (err) {
        for (const w of batch.waiters) w.reject(err);
      } finally {
        this.inFlight -= batch.size;
      }
    });
  }
}
