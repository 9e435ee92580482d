/**
 * Buffers reused across requests instead of allocated per request: request bodies for decoders
 * that copy every value out (the trace decoders), and the Native blocks of the embedded store's
 * inserts once written to disk. A fresh ~1 MB Buffer per request was external memory that made
 * V8 scavenge early, copying (and soon promoting) whatever request was being decoded then.
 */
export class BufferPool {
  private readonly free: Buffer[] = [];
  /** Every buffer `take` returned (a buffer coming back from another thread is a new object: it counts once taken again). */
  private readonly handedOut = new WeakSet<ArrayBufferLike>();

  constructor(
    /** Buffers kept for reuse at most (what a pool can hold on to after a burst: 16 × 4 MiB). */
    private readonly maxPooled = 16,
    /** Larger buffers are never pooled (OTLP exporters send well under this per request). */
    private readonly maxPooledBytes = 4 * 2 ** 20,
  ) {}

  /** A whole buffer of at least `bytes`: a free one that fits, else a new one sized up to a power of two. */
  take(bytes: number): Buffer {
    let b: Buffer | undefined;
    for (let i = this.free.length - 1; i >= 0 && !b; i--) {
      if (this.free[i].length >= bytes) b = this.free.splice(i, 1)[0];
    }
    b ??= Buffer.allocUnsafeSlow(bytes > this.maxPooledBytes ? bytes : Math.max(2 ** 16, 2 ** Math.ceil(Math.log2(bytes))));
    this.handedOut.add(b.buffer);
    return b;
  }

  /** Whether `view` lies in a buffer `take` handed out (a whole one of its own, which may be transferred to another thread). */
  tookHere(view: Uint8Array): boolean {
    return this.handedOut.has(view.buffer);
  }

  /** Returns a buffer from `take` (or a view of one) once nothing reads it any more; exactly once. */
  give(buffer: Uint8Array): void {
    // A buffer transferred to another thread meanwhile is detached (0 bytes): nothing to keep.
    const size = buffer.buffer.byteLength;
    if (buffer.byteOffset !== 0 || size === 0 || size > this.maxPooledBytes || this.free.length >= this.maxPooled) return;
    this.free.push(Buffer.from(buffer.buffer));
  }
}
