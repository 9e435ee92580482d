import { OtlpDecodeError } from './errors.js';

/** Protobuf wire types (the low 3 bits of a field tag). */
export const enum WireType {
  Varint = 0,
  Fixed64 = 1,
  Len = 2,
  StartGroup = 3,
  EndGroup = 4,
  Fixed32 = 5,
}

const TWO_32 = 4294967296;
const TWO_32_MOD_1E9 = 294967296;
const TWO_48_MOD_1E9 = 976710656;

/** Buffer's own slice decoders (what Buffer#toString calls after its argument checks; protobufjs uses them too). */
interface SliceDecoders {
  utf8Slice(start: number, end: number): string;
  hexSlice(start: number, end: number): string;
  base64Slice(start: number, end: number): string;
}

/** Attribute keys repeat in every span: the same string object each time keeps property stores fast. */
const KEY_CACHE_MAX = 4096;
const KEY_CACHE_MAX_BYTES = 64;

interface CachedKey {
  s: string;
  bytes: number;
  /** The key's last four bytes, and its bytes from the start as little-endian 32-bit words. */
  last: number;
  words: Int32Array;
}

/**
 * A cursor over protobuf bytes with the few reads OTLP needs. 64-bit values land in
 * `lo`/`hi` (two uint32) instead of an object per value; readers convert them as needed.
 * Every read is bounds-checked and fails with an OtlpDecodeError naming `what`.
 */
export class WireReader {
  pos = 0;
  lo = 0;
  hi = 0;

  private readonly slices: SliceDecoders;
  private readonly keys = new Map<number, CachedKey>();
  private view: DataView | undefined;

  constructor(
    readonly buf: Buffer,
    private readonly what: string,
  ) {
    this.slices = buf as unknown as SliceDecoders;
  }

  fail(problem: string): never {
    throw new OtlpDecodeError(`invalid protobuf ${this.what}: ${problem} at byte ${this.pos}`);
  }

  /** A varint that must fit 32 bits (tags, lengths, enums, counts); larger ones keep their low 32 bits like protobufjs. */
  uint32(): number {
    const buf = this.buf;
    let pos = this.pos;
    let b = buf[pos++];
    let v = b & 0x7f;
    if (b >= 0x80) {
      b = buf[pos++];
      v |= (b & 0x7f) << 7;
      if (b >= 0x80) {
        b = buf[pos++];
        v |= (b & 0x7f) << 14;
        if (b >= 0x80) {
          b = buf[pos++];
          v |= (b & 0x7f) << 21;
          if (b >= 0x80) {
            b = buf[pos++];
            v |= (b & 0x0f) << 28;
            // Up to five more continuation bytes (a negative int32 is sign-extended to 10 bytes).
            for (let i = 0; b >= 0x80 && i < 5; i++) b = buf[pos++];
            if (b >= 0x80) this.fail('varint longer than 10 bytes');
          }
        }
      }
    }
    if (pos > buf.length || b === undefined) this.fail('truncated varint');
    this.pos = pos;
    return v >>> 0;
  }

  /** A varint of up to 64 bits into lo/hi. */
  varint64(): void {
    const buf = this.buf;
    let lo = 0;
    let hi = 0;
    let b = 0;
    let i = 0;
    for (; i < 4; i++) {
      b = buf[this.pos++];
      if (b === undefined) this.fail('truncated varint');
      lo |= (b & 0x7f) << (i * 7);
      if (b < 0x80) {
        this.lo = lo >>> 0;
        this.hi = 0;
        return;
      }
    }
    // Fifth byte: 4 bits to lo, 3 to hi.
    b = buf[this.pos++];
    if (b === undefined) this.fail('truncated varint');
    lo |= (b & 0x0f) << 28;
    hi = (b & 0x7f) >> 4;
    for (i = 0; b >= 0x80 && i < 5; i++) {
      b = buf[this.pos++];
      if (b === undefined) this.fail('truncated varint');
      hi |= (b & 0x7f) << (i * 7 + 3);
    }
    if (b >= 0x80) this.fail('varint longer than 10 bytes');
    this.lo = lo >>> 0;
    this.hi = hi >>> 0;
  }

  fixed64(): void {
    if (this.pos + 8 > this.buf.length) this.fail('truncated fixed64');
    this.lo = this.buf.readUInt32LE(this.pos);
    this.hi = this.buf.readUInt32LE(this.pos + 4);
    this.pos += 8;
  }

  double(): number {
    if (this.pos + 8 > this.buf.length) this.fail('truncated double');
    const v = this.buf.readDoubleLE(this.pos);
    this.pos += 8;
    return v;
  }

  /** Start of a length-delimited field's bytes; the end is returned, `pos` is at the start. */
  lengthEnd(limit: number): number {
    const len = this.uint32();
    const end = this.pos + len;
    if (end > limit) this.fail(`length ${len} runs past the end of its message`);
    return end;
  }

  string(limit: number): string {
    return this.stringTo(this.lengthEnd(limit));
  }

  /**
   * A string that recurs (attribute keys): looked up by its bytes in a per-request cache, so
   * repeats return the string already made. Only ASCII is cached. The bytes are compared four at
   * a time through a DataView: a byte-by-byte compare of every key was ~7% of the decode-to-block
   * pipeline (profiled).
   */
  key(limit: number): string {
    const end = this.lengthEnd(limit);
    const start = this.pos;
    const len = end - start;
    if (len < 4 || len > KEY_CACHE_MAX_BYTES) return this.stringTo(end);
    const view = (this.view ??= new DataView(this.buf.buffer, this.buf.byteOffset, this.buf.byteLength));
    // The length and the first, middle and last four bytes pick the entry; the compare below decides.
    const first = view.getInt32(start, true);
    const last = view.getInt32(end - 4, true);
    const h = (Math.imul(first, 31) ^ Math.imul(view.getInt32(start + (len >> 1) - 2, true), 131) ^ last ^ Math.imul(len, 0x9e3779b1)) | 0;
    const cached = this.keys.get(h);
    if (cached !== undefined && cached.bytes === len && cached.last === last) {
      const words = cached.words;
      let i = 0;
      while (i < words.length && words[i] === view.getInt32(start + 4 * i, true)) i++;
      if (i === words.length) {
        this.pos = end;
        return cached.s;
      }
    }
    const s = this.stringTo(end);
    if (s.length === len && this.keys.size < KEY_CACHE_MAX) {
      // Whole words from the start; `last` covers the 1–3 bytes after them.
      const words = new Int32Array(len >>> 2);
      for (let i = 0; i < words.length; i++) words[i] = view.getInt32(start + 4 * i, true);
      this.keys.set(h, { s, bytes: len, last, words });
    }
    return s;
  }

  private stringTo(end: number): string {
    const s = end === this.pos ? '' : this.slices.utf8Slice(this.pos, end);
    this.pos = end;
    return s;
  }

  /** A bytes field as lower-case hex ('' when empty). */
  hex(limit: number): string {
    const end = this.lengthEnd(limit);
    const s = end === this.pos ? '' : this.slices.hexSlice(this.pos, end);
    this.pos = end;
    return s;
  }

  base64(limit: number): string {
    const end = this.lengthEnd(limit);
    const s = this.slices.base64Slice(this.pos, end);
    this.pos = end;
    return s;
  }

  /**
   * The last 64-bit read as an unsigned decimal string (protobufjs Long → string). Without BigInt
   * (two of these per span): the low 9 digits come exact from the halves' residues mod 10⁹, the
   * rest from the double, whose error (< 2¹¹) cannot move a quotient by 10⁹.
   */
  u64String(): string {
    const hi = this.hi;
    const lo = this.lo;
    if (hi === 0) return String(lo);
    const v = hi * TWO_32 + lo;
    if (v <= Number.MAX_SAFE_INTEGER) return String(v);
    const low9 = ((hi >>> 16) * TWO_48_MOD_1E9 + (hi & 0xffff) * TWO_32_MOD_1E9 + lo) % 1e9;
    const digits = String(low9);
    return String(Math.round((v - low9) / 1e9)) + '000000000'.slice(digits.length) + digits;
  }

  /** The last 64-bit read as a signed integer: a number when safe, else a decimal string. */
  i64Value(): number | string {
    const hi = this.hi | 0;
    if (hi < 0x200000 && hi >= -0x200000) return hi * TWO_32 + this.lo;
    return BigInt.asIntN(64, (BigInt(this.hi) << 32n) | BigInt(this.lo)).toString();
  }

  /** Skips a field of the given wire type (groups included, as protobufjs does). */
  skip(wireType: number, limit: number, depth = 0): void {
    switch (wireType) {
      case WireType.Varint:
        this.varint64();
        return;
      case WireType.Fixed64:
        this.pos += 8;
        break;
      case WireType.Len:
        this.pos = this.lengthEnd(limit);
        return;
      case WireType.StartGroup: {
        if (depth > 32) this.fail('groups nested too deep');
        for (;;) {
          if (this.pos >= limit) this.fail('unterminated group');
          const tag = this.uint32();
          if ((tag & 7) === WireType.EndGroup) return;
          this.skip(tag & 7, limit, depth + 1);
        }
      }
      case WireType.Fixed32:
        this.pos += 4;
        break;
      default:
        this.fail(`invalid wire type ${wireType}`);
    }
    if (this.pos > limit) this.fail('field runs past the end of its message');
  }
}
