import { describe, expect, it } from 'vitest';
import { Batcher } from './batcher.js';

const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('Batcher', () => {
  it('writes a lone item after the delay, and resolves only once written', async () => {
    const writes: number[][] = [];
    const b = new Batcher<number>({ maxBatchSize: 100, maxDelayMs: 20 }, async (items) => void writes.push(items));
    let done = false;
    const p = b.add([1]).then(() => (done = true));
    await tick(5);
    expect(done).toBe(false);
    await p;
    expect(writes).toEqual([[1]]);
  });

  it('gathers everything that arrives during a write into the next batch', async () => {
    const writes: number[][] = [];
    let release!: () => void;
    const b = new Batcher<number>({ maxBatchSize: 100, maxDelayMs: 1 }, async (items) => {
      writes.push(items);
      if (writes.length === 1) await new Promise<void>((r) => (release = r));
    });
    const first = b.add([0]);
    await tick(10);
    const rest = [1, 2, 3, 4].map((i) => b.add([i]));
    await tick(20);
    expect(writes).toEqual([[0]]); // still writing the first batch
    release();
    await Promise.all([first, ...rest]);
    expect(writes).toEqual([[0], [1, 2, 3, 4]]);
  });

  it('writes each caller alone after a failure that retryAlone names, so only the caller at fault sees it', async () => {
    const writes: number[][] = [];
    const bad = new Error('refused: 13');
    const b = new Batcher<number>({ maxBatchSize: 100, maxDelayMs: 10, retryAlone: (err) => err === bad }, async (items) => {
      writes.push(items);
      if (items.includes(13)) throw bad;
    });
    const outcomes = await Promise.allSettled([b.add([1, 2]), b.add([13]), b.add([3])]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(writes).toEqual([[1, 2, 13, 3], [1, 2], [13], [3]]);
    // Any other failure fails the whole batch, as before.
    const other = new Batcher<number>({ maxBatchSize: 100, maxDelayMs: 10, retryAlone: (err) => err === bad }, async () => {
      throw new Error('down');
    });
    expect((await Promise.allSettled([other.add([1]), other.add([2])])).map((o) => o.status)).toEqual(['rejected', 'rejected']);
  });

  it('never puts more than maxBatchSize in one write, and never splits a caller', async () => {
    const writes: number[][] = [];
    const b = new Batcher<number>({ maxBatchSize: 4, maxDelayMs: 1 }, async (items) => void writes.push(items));
    await Promise.all([b.add([1, 2, 3]), b.add([4, 5]), b.add([6])]);
    expect(writes.every((w) => w.length <= 4 || w.length === 3)).toBe(true);
    expect(writes.flat()).toEqual([1, 2, 3, 4, 5, 6]);
    expect(writes[0]).toEqual([1, 2, 3]);
  });

  it('rejects every caller of a failed batch and keeps going', async () => {
    let fail = true;
    const b = new Batcher<number>({ maxBatchSize: 10, maxDelayMs: 1 }, async () => {
      if (fail) throw new Error('store down');
    });
    await expect(b.add([1])).rejects.toThrow('store down');
    fail = false;
    await expect(b.add([2])).resolves.toBeUndefined();
    await b.flush();
    expect(b.depth).toBe(0);
  });
});
