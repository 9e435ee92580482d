import { MessageChannel } from 'node:worker_threads';

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
    if (buffer.byteOffset !== 0 || size === 0) return;
    // Not kept: freed now rather than left to count as external memory until a GC.
    if (size > this.maxPooledBytes || this.free.length >= this.maxPooled) return releaseNow([new Uint8Array(buffer.buffer)]);
    this.free.push(Buffer.from(buffer.buffer));
  }
}

// Transferring to a closed port detaches the buffers and drops them at once: serializing a message
// for a closed port still happens (as the HTML spec requires), delivering it doesn't.
const RELEASE = (() => {
  const { port1, port2 } = new MessageChannel();
  port2.close();
  return port1;
})();

/**
 * Frees these buffers now rather than at the next GC. Each whole buffer counts as V8 external
 * memory until collected; an HTTP body arrives as ~64 KiB chunks, copied out at once, and their
 * growth (~1 MB per request) set off a full GC of the event loop's heap every ~60 requests
 * ("external memory pressure"). Detaching takes them off the count immediately. Only buffers
 * nothing else can read may be given, and only whole ones (a slice of a shared one is skipped).
 */
export function releaseNow(views: readonly Uint8Array[]): void {
  const whole = new Set<ArrayBuffer>();
  for (const v of views) {
    if (v.byteOffset === 0 && v.byteLength === v.buffer.byteLength && v.byteLength >= MIN_RELEASED_BYTES && v.buffer instanceof ArrayBuffer) whole.add(v.buffer);
  }
  if (whole.size === 0) return;
  try {
    RELEASE.postMessage(null, [...whole]);
  } catch {
    // Not transferable after all (e.g. an external buffer that may not be detached): the GC frees it as before.
  }
}

/** Smaller buffers may be slices of Node's shared pool (under 4 KiB) and are cheap to leave to the GC. */
const MIN_RELEASED_BYTES = 4096;
