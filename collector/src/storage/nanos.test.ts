import { describe, expect, it } from 'vitest';
import { durationNanos, nanosHalves } from './nanos.js';

const halvesOf = (n: bigint): [number, number] => [Number(n & 0xffffffffn), Number(n >> 32n)];

const EDGES = ['0', '1', '999999999', '1000000000', '0000000000001', '1764806400123456789', '4294967295999999999', '4294967296000000000', '9223372036854775807', '18446744073709551615'];

function randomNanos(): string {
  const digits = 1 + Math.floor(Math.random() * 20);
  let s = String(1 + Math.floor(Math.random() * 9));
  for (let i = 1; i < digits; i++) s += Math.floor(Math.random() * 10);
  return BigInt(s) < 2n ** 64n ? s : '18446744073709551615';
}

describe('nanosecond timestamps without BigInt', () => {
  it('splits a timestamp into the 32-bit halves BigInt gives, up to 2106; later ones are left to BigInt', () => {
    for (const ns of [...EDGES, ...Array.from({ length: 5000 }, randomNanos)]) {
      const big = BigInt(ns);
      const halves = nanosHalves(ns, [0, 0]);
      if (big < 4294967296n * 1_000_000_000n) expect(halves, ns).toEqual(halvesOf(big));
      else expect(halves, ns).toBeUndefined();
    }
    expect(nanosHalves('12x4', [0, 0])).toBeUndefined();
  });

  it('computes durations as BigInt would, clamped at zero', () => {
    const now = 1764806400123456789n;
    for (let i = 0; i < 5000; i++) {
      const start = now + BigInt(Math.floor(Math.random() * 1e12));
      const end = start + BigInt(Math.floor((Math.random() - 0.1) * 1e15));
      const expected = end > start ? end - start : 0n;
      expect(BigInt(durationNanos(String(start), String(end)))).toBe(expected);
    }
    expect(durationNanos('5', '5')).toBe(0);
    expect(durationNanos('999999999', '1000000001')).toBe(2);
    expect(durationNanos('0', '18446744073709551615')).toBe(18446744073709551615n);
  });
});
