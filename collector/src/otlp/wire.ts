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

/** Buffer's own slice decoders (what Buffer#toString calls after its argument checks; protobufjs uses them too). */
interface SliceDecoders {
  utf8Slice(start: number, end: number): string;
  hexSlice(start: number, end: number): string;
  base64Slice(start: number, end: number): string;
}

/** Attribute keys repeat in every span: the same string object each time keeps property stores fast. */
const KEY_CACHE_MAX = 4096;
const KEY_CACHE_MAX_BYTES = 64;

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
  private readonly keys = new Map<number, string>();

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
   * repeats return the string already made. Only ASCII is cached; the check is a byte compare.
   */
  key(limit: number): string {
    const end = this.lengthEnd(limit);
    const start = this.pos;
    const len = end - start;
    if (len === 0 || len > KEY_CACHE_MAX_BYTES) return this.stringTo(end);
    const buf = this.buf;
    // Length and the last bytes tell keys apart well enough ('….input_tokens' vs '….output_tokens'); the compare below decides.
    let h = len;
    for (let i = Math.max(start, end - 12); i < end; i++) h = (Math.imul(h, 31) + buf[i]) | 0;
    const cached = this.keys.get(h);
    if (cached !== undefined && cached.length === len) {
      let i = 0;
      while (i < len && cached.charCodeAt(i) === buf[start + i]) i++;
      if (i === len) {
        this.pos = end;
        return cached;
      }
    }
    const s = this.stringTo(end);
    if (s.length === len && this.keys.size < KEY_CACHE_MAX) this.keys.set(h, s);
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

  /** The last 64-bit read as an unsigned decimal string (protobufjs Long → string). */
  u64String(): string {
    if (this.hi === 0) return String(this.lo);
    return ((BigInt(this.hi) << 32n) | BigInt(this.lo)).toString();
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
