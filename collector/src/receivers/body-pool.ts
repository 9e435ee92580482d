/**
 * Request-body buffers reused across requests, for decoders that copy every value out of the
 * body before they return (the trace decoders). A fresh ~1 MB Buffer per request was external
 * memory that made V8 scavenge early, copying whatever request was being decoded at that moment.
 */
export class BodyPool {
  private readonly free: Buffer[] = [];

  constructor(
    /** Buffers kept for reuse at most. */
    private readonly maxPooled = 32,
    /** Bodies larger than this get a buffer of their own, never pooled. */
    private readonly maxPooledBytes = 8 * 2 ** 20,
  ) {}

  /** A buffer of exactly `bytes`, backed by a pooled one when it fits. */
  take(bytes: number): Buffer {
    if (bytes > this.maxPooledBytes) return Buffer.allocUnsafe(bytes);
    for (let i = this.free.length - 1; i >= 0; i--) {
      if (this.free[i].length >= bytes) return this.free.splice(i, 1)[0].subarray(0, bytes);
    }
    // Sized up (a power of two from 64 KiB) so one buffer serves bodies of similar sizes.
    return Buffer.allocUnsafeSlow(Math.max(2 ** 16, 2 ** Math.ceil(Math.log2(bytes)))).subarray(0, bytes);
  }

  /** Returns a buffer from `take` once nothing reads it any more. */
  give(body: Buffer): void {
    if (body.byteOffset !== 0 || body.buffer.byteLength > this.maxPooledBytes || this.free.length >= this.maxPooled) return;
    this.free.push(Buffer.from(body.buffer));
  }
}
