import { Decompress as ZstdDecompress } from 'fzstd';
import { createRequire } from 'node:module';
import { createGunzip, createInflate } from 'node:zlib';
import { RefusedError } from '../otlp/errors.js';

/**
 * Undoing an HTTP body's Content-Encoding as the OTel Collector's `otlphttp` exporter may send it:
 * gzip (its default), zstd, snappy (block, or framed — told apart by the frame header, as the
 * Collector's own server does — and `x-snappy-framed`), deflate / zlib. Bodies arrive in chunks
 * and leave in chunks, so the caller's decompressed-size limit stops a bomb early; snappy says its
 * size up front and is refused before anything is inflated.
 */
export interface BodyDecoder {
  write(chunk: Buffer): void;
  end(): void;
  destroy(): void;
}

export interface DecodedSink {
  /** `done`: the decoder no longer reads or writes the chunk's buffer (zlib moved on to a new output buffer once one is full). */
  data(chunk: Buffer, done: boolean): void;
  error(err: Error): void;
  end(): void;
}

const STOPPED = new Error('stopped');

/**
 * `snappy` is a native module (napi-rs, a prebuilt binary per platform): loaded on the first snappy body, so a
 * platform without its binary still starts and only snappy bodies are refused, saying why.
 */
let snappyModule: { uncompressSync(b: Buffer): Buffer | string } | undefined;
function snappyUncompress(block: Buffer): Buffer {
  if (!snappyModule) {
    try {
      snappyModule = createRequire(import.meta.url)('snappy') as typeof snappyModule;
    } catch (err) {
      throw new RefusedError('unsupported_media_type', `snappy bodies are not available here (the snappy module did not load: ${(err as Error).message.split('\n')[0]}); use gzip or zstd`);
    }
  }
  return snappyModule!.uncompressSync(block) as Buffer;
}

export const CONTENT_ENCODINGS = ['gzip', 'zstd', 'snappy', 'x-snappy-framed', 'deflate', 'zlib', 'identity'];

/** A decoder for `encoding`, or undefined for identity; a RefusedError (415) for an encoding it does not know. */
export function bodyDecoder(encoding: string, maxDecodedBytes: number, sink: DecodedSink): BodyDecoder | undefined {
  const invalid = (err: unknown) => sink.error(err instanceof RefusedError ? err : new RefusedError('bad_request', `invalid ${encoding} body: ${(err as Error).message}`));
  switch (encoding) {
    case 'identity':
    case '':
      return undefined;
    case 'gzip':
    case 'x-gzip':
    case 'deflate':
    case 'zlib': {
      const z = encoding === 'gzip' || encoding === 'x-gzip' ? createGunzip() : createInflate();
      z.on('data', (chunk: Buffer) => sink.data(chunk, true));
      z.on('error', invalid);
      z.on('end', () => sink.end());
      return { write: (chunk) => z.write(chunk), end: () => z.end(), destroy: () => z.destroy() };
    }
    case 'zstd': {
      let failed = false;
      // fzstd hands over each block (≤ 128 KiB) as it is decoded; once the sink has refused the body, throwing
      // here stops the rest of the chunk (64 KiB of RLE blocks would otherwise still inflate to 2 GiB).
      const z = new ZstdDecompress((chunk) => {
        if (failed) throw STOPPED;
        sink.data(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength), false);
        if (failed) throw STOPPED;
      });
      const guard = new ZstdFrameGuard(maxDecodedBytes);
      const push = (chunk: Uint8Array, final: boolean) => {
        if (failed) return;
        try {
          guard.scan(chunk);
          z.push(chunk, final);
        } catch (err) {
          if (err === STOPPED) return;
          failed = true;
          invalid(err);
        }
      };
      return {
        write: (chunk) => push(chunk, false),
        end: () => {
          push(new Uint8Array(0), true);
          if (!failed) sink.end();
        },
        destroy: () => {
          failed = true;
        },
      };
    }
    case 'snappy':
    case 'x-snappy-framed': {
      // Snappy has no streaming form worth having here: the body (already bounded as sent) is read whole.
      const chunks: Buffer[] = [];
      return {
        write: (chunk) => void chunks.push(chunk),
        end: () => {
          try {
            const body = Buffer.concat(chunks);
            const framed = encoding === 'x-snappy-framed' || isFramedSnappy(body);
            for (const piece of framed ? unframeSnappy(body, maxDecodedBytes) : [snappyBlock(body, maxDecodedBytes)]) sink.data(piece, false);
            sink.end();
          } catch (err) {
            invalid(err);
          }
        },
        destroy: () => void (chunks.length = 0),
      };
    }
    default:
      throw new RefusedError('unsupported_media_type', `unsupported Content-Encoding "${encoding}"; use one of ${CONTENT_ENCODINGS.join(', ')}`);
  }
}

/** The framing format's stream identifier chunk: type 0xff, length 6, "sNaPpY". */
const FRAME_MAGIC = Buffer.from([0xff, 0x06, 0x00, 0x00, 0x73, 0x4e, 0x61, 0x50, 0x70, 0x59]);

function isFramedSnappy(body: Buffer): boolean {
  return body.length >= FRAME_MAGIC.length && body.subarray(0, FRAME_MAGIC.length).equals(FRAME_MAGIC);
}

/** One snappy block, its declared size checked before it is inflated. */
function snappyBlock(block: Buffer, maxBytes: number): Buffer {
  const size = declaredSize(block);
  if (size > maxBytes) throw new RefusedError('too_large', `decompressed body of ${size} bytes exceeds the limit of ${maxBytes} bytes`);
  return snappyUncompress(block);
}

/** The uncompressed length a snappy block starts with (a little-endian base-128 varint). */
function declaredSize(block: Buffer): number {
  let size = 0;
  for (let i = 0, shift = 0; i < 5 && i < block.length; i++, shift += 7) {
    size += (block[i] & 0x7f) * 2 ** shift;
    if (block[i] < 0x80) return size;
  }
  throw new Error('truncated block header');
}

/**
 * The chunks of the snappy framing format (github.com/google/snappy framing_format.txt): compressed
 * (0x00) and uncompressed (0x01) data, each after a 4-byte checksum, which is not verified (the
 * protobuf or JSON decoder validates what comes out); padding and skippable chunks are skipped.
 */
function unframeSnappy(body: Buffer, maxBytes: number): Buffer[] {
  const out: Buffer[] = [];
  let total = 0;
  for (let at = 0; at < body.length; ) {
    if (at + 4 > body.length) throw new Error(`truncated chunk header at byte ${at}`);
    const type = body[at];
    const length = body.readUIntLE(at + 1, 3);
    const start = at + 4;
    const end = start + length;
    if (end > body.length) throw new Error(`chunk at byte ${at} runs past the end`);
    if (type === 0x00 || type === 0x01) {
      if (length < 4) throw new Error(`data chunk at byte ${at} is shorter than its checksum`);
      const data = body.subarray(start + 4, end);
      const size = type === 0x00 ? declaredSize(data) : data.length;
      if (size > 65536) throw new Error(`chunk at byte ${at} holds ${size} bytes, over the format's 65536`);
      total += size;
      if (total > maxBytes) throw new RefusedError('too_large', `decompressed body exceeds the limit of ${maxBytes} bytes`);
      out.push(type === 0x00 ? snappyUncompress(data) : data);
    } else if (type === 0xff) {
      if (!body.subarray(at, end).equals(FRAME_MAGIC)) throw new Error(`bad stream identifier at byte ${at}`);
    } else if (type < 0x80) throw new Error(`reserved chunk type 0x${type.toString(16)} at byte ${at}`);
    at = end;
  }
  return out;
}

/** Windows over this are refused: fzstd allocates a frame's whole window and slides it once per block. */
const MAX_ZSTD_WINDOW = 32 << 20;

/**
 * Walks the zstd frame structure (RFC 8878) as the bytes arrive, ahead of the decoder, so a frame
 * that asks for a window or declares content over the limits is refused before fzstd allocates for it
 * (it allocates what a frame header asks, up to 2 GiB). Block contents are skipped, not decoded.
 */
class ZstdFrameGuard {
  private pending: number[] = [];
  /** Bytes to pass over (block contents, checksums, skippable frames) before the next header. */
  private skip = 0;
  private state: 'frame' | 'block' = 'frame';
  private checksum = false;

  constructor(private readonly maxContent: number) {}

  scan(chunk: Uint8Array): void {
    for (let i = 0; i < chunk.length; ) {
      if (this.skip > 0) {
        const n = Math.min(this.skip, chunk.length - i);
        this.skip -= n;
        i += n;
        continue;
      }
      this.pending.push(chunk[i++]);
      if (this.state === 'frame') this.frameHeader();
      else this.blockHeader();
    }
  }

  /** Once the frame header is whole: checks it, then expects blocks (or skips a skippable frame). */
  private frameHeader(): void {
    const h = this.pending;
    if (h.length < 4) return;
    const magic = (h[0] | (h[1] << 8) | (h[2] << 16) | (h[3] << 24)) >>> 0;
    if ((magic & 0xfffffff0) === 0x184d2a50) {
      if (h.length < 8) return;
      this.skip = (h[4] | (h[5] << 8) | (h[6] << 16) | (h[7] << 24)) >>> 0;
      this.pending = [];
      return;
    }
    if (magic !== 0xfd2fb528) throw new Error('not a zstd frame');
    if (h.length < 5) return;
    const descriptor = h[4];
    const singleSegment = (descriptor >> 5) & 1;
    const dictBytes = [0, 1, 2, 4][descriptor & 3];
    const sizeFlag = descriptor >> 6;
    const sizeBytes = sizeFlag === 0 ? singleSegment : 1 << sizeFlag;
    const headerBytes = 5 + (singleSegment ? 0 : 1) + dictBytes + sizeBytes;
    if (h.length < headerBytes) return;
    let content = 0;
    for (let k = 0, at = headerBytes - sizeBytes; k < sizeBytes; k++) content += h[at + k] * 2 ** (8 * k);
    if (sizeBytes === 2) content += 256;
    if (sizeBytes > 0 && content > this.maxContent) throw new RefusedError('too_large', `zstd frame of ${content} bytes exceeds the limit of ${this.maxContent} bytes`);
    if (!singleSegment) {
      const exponent = 10 + (h[5] >> 3);
      const base = 2 ** exponent;
      const window = base + (base / 8) * (h[5] & 7);
      if (window > MAX_ZSTD_WINDOW) throw new RefusedError('too_large', `zstd window of ${window} bytes is over the ${MAX_ZSTD_WINDOW} this receiver decodes`);
    }
    this.checksum = ((descriptor >> 2) & 1) === 1;
    this.state = 'block';
    this.pending = [];
  }

  private blockHeader(): void {
    const h = this.pending;
    if (h.length < 3) return;
    const header = h[0] | (h[1] << 8) | (h[2] << 16);
    const type = (header >> 1) & 3;
    if (type === 3) throw new Error('reserved block type');
    this.skip = type === 1 ? 1 : header >> 3;
    if (header & 1) {
      this.skip += this.checksum ? 4 : 0;
      this.state = 'frame';
    }
    this.pending = [];
  }
}
