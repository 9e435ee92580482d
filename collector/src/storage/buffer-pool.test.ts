import { describe, expect, it } from 'vitest';
import { BufferPool, releaseNow } from './buffer-pool.js';

describe('BufferPool', () => {
  it('reuses a returned buffer (given back as a view) for a request that fits', () => {
    const pool = new BufferPool();
    const a = pool.take(100_000);
    expect(a.length).toBeGreaterThanOrEqual(100_000);
    pool.give(a.subarray(0, 100_000));
    const b = pool.take(90_000);
    expect(b.buffer).toBe(a.buffer);
    expect(b.length).toBe(a.length);
    // Taken again: no longer free, so the next one gets other memory.
    expect(pool.take(90_000).buffer).not.toBe(a.buffer);
  });

  it('keeps buffers over the bound out of the pool, and at most maxPooled buffers', () => {
    const pool = new BufferPool(1, 1 << 20);
    const big = pool.take(2 << 20);
    pool.give(big);
    expect(pool.take(2 << 20).buffer).not.toBe(big.buffer);
    const x = pool.take(1000);
    const y = pool.take(1000);
    pool.give(x);
    pool.give(y);
    expect(pool.take(1000).buffer).toBe(x.buffer);
    expect(pool.take(1000).buffer).not.toBe(y.buffer);
  });

  it('frees a buffer it does not keep at once (detached), and keeps the pooled ones usable', () => {
    const pool = new BufferPool(1);
    const kept = pool.take(100_000);
    const dropped = pool.take(100_000);
    pool.give(kept);
    pool.give(dropped);
    expect(dropped.buffer.byteLength).toBe(0);
    expect(kept.buffer.byteLength).toBeGreaterThanOrEqual(100_000);
  });
});

describe('releaseNow', () => {
  it('detaches whole buffers and leaves slices of shared ones and small ones alone', () => {
    const whole = Buffer.allocUnsafeSlow(65_536);
    const shared = Buffer.allocUnsafeSlow(65_536);
    const slice = shared.subarray(0, 10_000);
    const small = Buffer.allocUnsafeSlow(100);
    releaseNow([whole, slice, small, whole]); // the same buffer twice is freed once
    expect(whole.buffer.byteLength).toBe(0);
    expect(shared.length).toBe(65_536);
    expect(small.length).toBe(100);
  });
});
