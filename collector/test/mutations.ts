/** Test helpers: a deterministic PRNG and the mutations the fuzz tests apply to OTLP bodies. */

/** Deterministic PRNG so a failure reproduces. */
export function rng(seed: number): () => number {
  return () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
}

/** Flips bytes, truncates, splices in garbage or repeats a slice of a protobuf body. */
export function mutateBytes(buf: Uint8Array, r: () => number): Uint8Array {
  const out = Buffer.from(buf);
  switch (Math.floor(r() * 4)) {
    case 0: // flip bytes
      for (let i = 0; i < 1 + r() * 8; i++) out[Math.floor(r() * out.length)] = Math.floor(r() * 256);
      return out;
    case 1: // truncate
      return out.subarray(0, Math.floor(r() * out.length));
    case 2: // splice in garbage
      return Buffer.concat([out.subarray(0, Math.floor(r() * out.length)), Buffer.from(Array.from({ length: 1 + r() * 64 }, () => Math.floor(r() * 256))), out.subarray(Math.floor(r() * out.length))]);
    default: // duplicate a slice (repeated fields, odd lengths)
      const a = Math.floor(r() * out.length);
      return Buffer.concat([out, out.subarray(a, a + Math.floor(r() * 200))]);
  }
}

/** Values of the wrong type or out of range for an OTLP/JSON field: numbers past 64 bits, 'NaN', odd ids. */
const JUNK: unknown[] = [
  null, 0, -1, 1.5, 'x', '', true, [], {}, [1], { a: 1 }, '9'.repeat(40), 'zz', '-5', 'NaN',
  '18446744073709551615', '9223372036854775808', 1e308, 'Infinity', 2 ** 64, 'ffffffffffffffffffffffffffffffff', 'lone \ud800 surrogate',
];

/** Replaces a random value somewhere in the tree with junk of another type. */
export function mutateJson(value: unknown, r: () => number): unknown {
  if (Array.isArray(value)) {
    if (value.length === 0 || r() < 0.15) return JUNK[Math.floor(r() * JUNK.length)];
    const i = Math.floor(r() * value.length);
    return value.map((v, j) => (j === i ? mutateJson(v, r) : v));
  }
  if (value && typeof value === 'object') {
    const keys = Object.keys(value);
    if (keys.length === 0 || r() < 0.15) return JUNK[Math.floor(r() * JUNK.length)];
    const k = keys[Math.floor(r() * keys.length)];
    return { ...(value as object), [k]: mutateJson((value as Record<string, unknown>)[k], r) };
  }
  return JUNK[Math.floor(r() * JUNK.length)];
}
