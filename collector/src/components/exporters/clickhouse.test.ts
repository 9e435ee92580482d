import { describe, expect, it } from 'vitest';
import { reachableWhilePending, startOnFreshBatch } from '../../../test/retention.js';
import type { EncodedRows } from '../../storage/row-encoding.js';
import { encodingConsumer } from './clickhouse.js';

describe('encodingConsumer', () => {
  const encodeTwo = () => [
    { table: 'a', body: Buffer.from('1'), rows: 1 },
    { table: 'b', body: Buffer.from('2'), rows: 1 },
  ];

  it('encodes at once and does not hold the batch while the writes are pending', async () => {
    const written: EncodedRows[] = [];
    const acks: (() => void)[] = [];
    const consume = encodingConsumer(encodeTwo, undefined, (encoded) => {
      written.push(encoded);
      return new Promise<void>((resolve) => acks.push(resolve));
    });
    const { ref, pending } = startOnFreshBatch(consume);
    expect(written.map((w) => w.table)).toEqual(['a', 'b']);
    expect(await reachableWhilePending(() => ref, pending, () => acks.forEach((ack) => ack()))).toBe(false);
  });

  it('resolves only when every write has, and rejects when encoding throws', async () => {
    const acks: (() => void)[] = [];
    let done = false;
    const writing = encodingConsumer(encodeTwo, undefined, () => new Promise<void>((resolve) => acks.push(resolve)))({}).then(() => (done = true));
    acks[0]();
    await new Promise((r) => setImmediate(r));
    expect(done).toBe(false);
    acks[1]();
    await writing;
    expect(done).toBe(true);
    const bad = encodingConsumer(() => {
      throw new Error('cannot encode');
    }, undefined, () => Promise.resolve());
    await expect(bad({})).rejects.toThrow('cannot encode');
  });
});
