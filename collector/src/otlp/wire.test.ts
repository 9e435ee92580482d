import { describe, expect, it } from 'vitest';
import { WireReader } from './wire.js';

const viaBigInt = (hi: number, lo: number) => ((BigInt(hi) << 32n) | BigInt(lo)).toString();

describe('WireReader.u64String', () => {
  it('writes every 64-bit value as BigInt would, edges and random halves', () => {
    const r = new WireReader(Buffer.alloc(0), 'test');
    const edges = [[0, 0], [0, 0xffffffff], [1, 0], [0x1fffff, 0xffffffff], [0x200000, 0], [0x200000, 1], [0xffffffff, 0xffffffff], [0xffffffff, 0], [0x80000000, 0]];
    // Nanosecond timestamps of this century (hi ≈ 0x17…–0x19…) and anything at all.
    const random = Array.from({ length: 20_000 }, (_, i) => [i % 2 ? 0x17000000 + Math.floor(Math.random() * 0x3000000) : Math.floor(Math.random() * 2 ** 32), Math.floor(Math.random() * 2 ** 32)]);
    for (const [hi, lo] of [...edges, ...random]) {
      r.hi = hi;
      r.lo = lo;
      expect(r.u64String(), `${hi}:${lo}`).toBe(viaBigInt(hi, lo));
    }
  });
});

describe('WireReader.recurringString', () => {
  /** Length-prefixed strings back to back, as a message's key fields are read. */
  function frames(keys: string[]): Buffer {
    return Buffer.concat(keys.flatMap((k) => [Buffer.from([Buffer.byteLength(k)]), Buffer.from(k)]));
  }

  it('tells apart keys alike in length, first, middle and last bytes, read fresh or from the cache', () => {
    // 20 bytes each: bytes 0–3, 8–11 and 16–19 equal; they differ only in 4–7 or 12–15.
    const keys = ['abcdXXXXefghYYYYijkl', 'abcdZZZZefghYYYYijkl', 'abcdXXXXefghWWWWijkl', 'abc', 'abcde', 'abcdf', 'gen_ai.usage.input_tokens', 'gen_ai.usage.output_tokens', 'ключ.ä', 'x'.repeat(64), 'x'.repeat(65)];
    const sequence = [...keys, ...keys.slice().reverse(), ...keys];
    const r = new WireReader(frames(sequence), 'test');
    const read = sequence.map(() => r.recurringString(r.buf.length));
    expect(read).toEqual(sequence);
    expect(r.pos).toBe(r.buf.length);
  });
});

describe('WireReader.hex', () => {
  /** Length-prefixed byte fields back to back. */
  const frames = (ids: Buffer[]) => Buffer.concat(ids.flatMap((b) => [Buffer.from([b.length]), b]));

  it('writes ids of every length as Buffer would, a repeated trace id included', () => {
    const ids = [16, 16, 8, 16, 0, 8, 1, 15, 17, 32, 16].map((n, i) => Buffer.from(Array.from({ length: n }, (_, j) => (i * 37 + j * 101) & 0xff)));
    ids[1] = ids[0];
    ids.push(Buffer.alloc(16, 0xff), Buffer.alloc(8), ids[3]);
    const r = new WireReader(frames(ids), 'test');
    expect(ids.map(() => r.hex(r.buf.length))).toEqual(ids.map((b) => b.toString('hex')));
  });
});
