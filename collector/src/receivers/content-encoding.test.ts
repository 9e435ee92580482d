import { compressSync as snappyCompress } from 'snappy';
import { deflateSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { RefusedError } from '../otlp/errors.js';
import { framedSnappy, zstdRleBomb } from '../../test/compressed-bodies.js';
import { releaseNow } from '../storage/buffer-pool.js';
import { bodyDecoder } from './content-encoding.js';

/** Compressed with the zstd CLI (`zstd --no-content-size`, so the frame does not say its size). */
const ZSTD_HELLO = Buffer.from('KLUv/QRYlQAAYGhlbGxvIHpzdGQgCgEA/ooXqeve/w==', 'base64');
const HELLO = 'hello zstd hello zstd hello zstd\n';

interface Outcome {
  body?: Buffer;
  error?: Error;
  /** Bytes handed to the sink before the end or the error. */
  delivered: number;
}

/** Feeds `body` in 1 KiB pieces, as a socket would. */
function decode(encoding: string, body: Buffer, limit = 1 << 20): Outcome {
  const chunks: Buffer[] = [];
  const out: Outcome = { delivered: 0 };
  let settled = false;
  const decoder = bodyDecoder(encoding, limit, {
    data: (c) => {
      out.delivered += c.length;
      chunks.push(Buffer.from(c));
      // The receiver's own limit check, as otlp-http.ts does it.
      if (out.delivered > limit && !settled) {
        settled = true;
        out.error = new RefusedError('too_large', 'over the limit');
        decoder?.destroy();
      }
    },
    error: (err) => {
      if (!settled) out.error = err;
      settled = true;
    },
    end: () => {
      if (!settled) out.body = Buffer.concat(chunks);
      settled = true;
    },
  });
  if (!decoder) return { body, delivered: body.length };
  for (let at = 0; at < body.length && !settled; at += 1024) decoder.write(body.subarray(at, at + 1024));
  if (!settled) decoder.end();
  return out;
}

/** Decoders of zlib formats finish asynchronously (stream events). */
async function decodeAsync(encoding: string, body: Buffer): Promise<Outcome> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    const decoder = bodyDecoder(encoding, 1 << 20, {
      data: (c) => chunks.push(c),
      error: (error) => resolve({ error, delivered: 0 }),
      end: () => resolve({ body: Buffer.concat(chunks), delivered: 0 }),
    })!;
    decoder.write(body);
    decoder.end();
  });
}

describe('request body Content-Encoding', () => {
  it('undoes zstd (a frame without its size), snappy block and framed, gzip, deflate and zlib', async () => {
    expect(decode('zstd', ZSTD_HELLO).body?.toString()).toBe(HELLO);
    const text = Buffer.from('spans '.repeat(5000));
    expect(decode('snappy', snappyCompress(text) as Buffer).body).toEqual(text);
    expect(decode('snappy', framedSnappy(text.subarray(0, 60000))).body).toEqual(text.subarray(0, 60000));
    expect(decode('x-snappy-framed', framedSnappy(text.subarray(0, 100))).body).toEqual(text.subarray(0, 100));
    expect((await decodeAsync('gzip', gzipSync(text))).body).toEqual(text);
    expect((await decodeAsync('deflate', deflateSync(text))).body).toEqual(text);
    expect((await decodeAsync('zlib', deflateSync(text))).body).toEqual(text);
    expect(bodyDecoder('identity', 1, { data: () => {}, error: () => {}, end: () => {} })).toBeUndefined();
  });

  it('marks done only zlib output it no longer writes into: freeing those at once leaves the body whole', async () => {
    // Incompressible enough to span many of zlib's 16 KiB output buffers, fed in socket-sized pieces.
    const text = Buffer.from(Array.from({ length: 40_000 }, (_, i) => `span ${i} ${(i * 7919) % 10007}`).join(' '));
    const compressed = gzipSync(text);
    const { body, freed } = await new Promise<{ body: Buffer; freed: number }>((resolve, reject) => {
      const copies: Buffer[] = [];
      let freed = 0;
      const decoder = bodyDecoder('gzip', 1 << 30, {
        data: (c, done) => {
          copies.push(Buffer.from(c));
          if (done && c.byteOffset === 0 && c.length === c.buffer.byteLength) {
            releaseNow([c]); // sooner than the receiver frees them (after the whole body is joined)
            freed++;
          }
        },
        error: reject,
        end: () => resolve({ body: Buffer.concat(copies), freed }),
      })!;
      for (let at = 0; at < compressed.length; at += 65_536) decoder.write(compressed.subarray(at, at + 65_536));
      decoder.end();
    });
    expect(body.equals(text)).toBe(true);
    expect(freed).toBeGreaterThan(10);
  });

  it('stops a zstd bomb at the limit, having inflated little more than the limit', () => {
    const bomb = zstdRleBomb(1024); // 128 MiB from ~4 KiB
    const out = decode('zstd', bomb, 1 << 20);
    expect(out.error).toBeInstanceOf(RefusedError);
    expect((out.error as RefusedError).reason).toBe('too_large');
    expect(out.delivered).toBeLessThan((1 << 20) + 256 * 1024);
  });

  it('refuses a zstd frame asking for a window or declaring content over the limits before fzstd allocates for it', () => {
    const hugeWindow = Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 0x00, 0xf8, 0x01, 0x00, 0x00]); // window 2^41: fzstd would try ~2 GiB
    expect(decode('zstd', hugeWindow).error!.message).toBe('zstd window of 2199023255552 bytes is over the 33554432 this receiver decodes');
    const declared = Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 0xa0, 0x00, 0x00, 0x00, 0x40]); // single segment, 4-byte size: 1 GiB
    const out = decode('zstd', declared);
    expect([(out.error as RefusedError).reason, out.error!.message]).toEqual(['too_large', 'zstd frame of 1073741824 bytes exceeds the limit of 1048576 bytes']);
    // A second frame is checked too, and skippable frames are passed over.
    const skippable = Buffer.from([0x50, 0x2a, 0x4d, 0x18, 0x02, 0x00, 0x00, 0x00, 0xaa, 0xbb]);
    expect(decode('zstd', Buffer.concat([ZSTD_HELLO, skippable, ZSTD_HELLO])).body?.toString()).toBe(HELLO + HELLO);
    expect(decode('zstd', Buffer.concat([ZSTD_HELLO, hugeWindow])).error!.message).toMatch(/^zstd window of/);
  });

  it('refuses a snappy body whose declared size is over the limit before inflating it', () => {
    const huge = Buffer.from([0x80, 0x80, 0x80, 0x80, 0x04, 0x00]); // declares 1 GiB
    const out = decode('snappy', huge, 1 << 20);
    expect((out.error as RefusedError).reason).toBe('too_large');
    expect(out.error!.message).toBe('decompressed body of 1073741824 bytes exceeds the limit of 1048576 bytes');
    expect(out.delivered).toBe(0);
    const framed = decode('x-snappy-framed', framedSnappy(Buffer.alloc(40000)), 30000);
    expect((framed.error as RefusedError).reason).toBe('too_large');
  });

  it('answers every mutated zstd and snappy body with the data or a RefusedError', () => {
    let seed = 7;
    const random = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
    const snappyBody = snappyCompress(Buffer.from('span '.repeat(3000))) as Buffer;
    const seeds: [string, Buffer][] = [['zstd', ZSTD_HELLO], ['zstd', zstdRleBomb(3)], ['snappy', snappyBody], ['x-snappy-framed', framedSnappy(Buffer.from('log '.repeat(500)))]];
    for (let i = 0; i < 4000; i++) {
      const [encoding, original] = seeds[i % seeds.length];
      const body = Buffer.from(original);
      for (let m = 1 + Math.floor(random() * 4); m > 0; m--) body[Math.floor(random() * body.length)] = Math.floor(random() * 256);
      const cut = random() < 0.2 ? body.subarray(0, Math.floor(random() * body.length)) : body;
      const out = decode(encoding, cut, 1 << 20);
      if (out.error && !(out.error instanceof RefusedError)) throw new Error(`case ${i}: ${out.error}`);
      expect(out.body !== undefined || out.error !== undefined).toBe(true);
    }
  });

  it('names the encoding of a corrupt body, and the accepted encodings for an unknown one', () => {
    const corrupt = decode('zstd', Buffer.from('not zstd at all'));
    expect(corrupt.error).toBeInstanceOf(RefusedError);
    expect(corrupt.error!.message).toMatch(/^invalid zstd body: /);
    expect(decode('snappy', Buffer.from([0x05, 0xff, 0xff])).error!.message).toMatch(/^invalid snappy body: /);
    expect(decode('x-snappy-framed', Buffer.from([0xff, 0x06, 0x00, 0x00, 0x73, 0x4e, 0x61, 0x50, 0x70, 0x59, 0x05, 0x01, 0x00, 0x00, 0x00])).error!.message).toMatch(/^invalid x-snappy-framed body: reserved chunk type 0x5/);
    expect(() => bodyDecoder('br', 1, { data: () => {}, error: () => {}, end: () => {} })).toThrow(
      'unsupported Content-Encoding "br"; use one of gzip, zstd, snappy, x-snappy-framed, deflate, zlib, identity',
    );
  });
});
