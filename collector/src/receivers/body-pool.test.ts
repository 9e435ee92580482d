import { describe, expect, it } from 'vitest';
import { BodyPool } from './body-pool.js';

describe('BodyPool', () => {
  it('hands out exact-size views and reuses a returned buffer for a body that fits', () => {
    const pool = new BodyPool();
    const a = pool.take(100_000);
    expect(a.length).toBe(100_000);
    pool.give(a);
    const b = pool.take(90_000);
    expect(b.length).toBe(90_000);
    expect(b.buffer).toBe(a.buffer);
    // Taken again: no longer free, so the next body gets other memory.
    expect(pool.take(90_000).buffer).not.toBe(a.buffer);
  });

  it('keeps bodies over the bound out of the pool, and at most maxPooled buffers', () => {
    const pool = new BodyPool(1, 1 << 20);
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
});
