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

/** Slots of a RecurringStrings table: a power of two, fewer for small requests (one per 32 bytes of body) so that a small request does not pay to fill a large table. */
const RECURRING_SLOTS_MAX = 4096;
const RECURRING_SLOTS_MIN = 64;

/** Strings longer than this are not looked up: long values rarely recur, and comparing them costs. */
const RECURRING_STRING_MAX_BYTES = 64;

/** A string decoded in this request, and where its bytes were first seen. */
interface SeenString {
  s: string;
  start: number;
  bytes: number;
}

/**
 * Strings that recur within one request (attribute keys, short values), found again by their
 * bytes: compared with those of the first occurrence, four at a time through a DataView (a
 * byte-by-byte compare of every key was ~7% of the decode-to-block pipeline, profiled).
 * Direct-mapped: a new entry replaces the one in its slot (an array slot instead of a Map lookup
 * saved 5–10% of the decode, measured).
 */
class RecurringStrings {
  private readonly entries: (SeenString | undefined)[];
  private readonly mask: number;
  /** The slot of the last `find`, where `add` puts its entry. */
  private slot = 0;

  constructor(
    private readonly view: DataView,
    maxBytes: number,
  ) {
    let slots = RECURRING_SLOTS_MIN;
    while (slots < RECURRING_SLOTS_MAX && slots * 32 < maxBytes) slots *= 2;
    this.entries = new Array(slots);
    this.mask = slots - 1;
  }

  /** The entry for the same bytes as the `len` (≥ 4) at `start`, if any. */
  find(start: number, len: number): SeenString | undefined {
    const view = this.view;
    // The length and the first, middle and last four bytes pick the slot; the compare decides.
    const h = Math.imul(view.getInt32(start, true), 31) ^ Math.imul(view.getInt32(start + (len >> 1) - 2, true), 131) ^ view.getInt32(start + len - 4, true) ^ Math.imul(len, 0x9e3779b1);
    this.slot = h & this.mask;
    const seen = this.entries[this.slot];
    return seen !== undefined && seen.bytes === len && sameBytes(view, seen.start, start, len) ? seen : undefined;
  }

  /** Keeps `entry` in the slot of the last `find` (which must have been for its bytes). */
  add(entry: SeenString): void {
    this.entries[this.slot] = entry;
  }
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
  private readonly view: DataView;
  private readonly strings: RecurringStrings;
  /** The last 16-byte id read, where its bytes are and its hex. */
  private lastTraceIdStart = 0;
  private lastTraceId = '';

  constructor(
    readonly buf: Buffer,
    private readonly what: string,
  ) {
    this.slices = buf as unknown as SliceDecoders;
    this.view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
    this.strings = new RecurringStrings(this.view, buf.length);
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
   * A string that may recur (attribute keys, span names, short values): repeats in the request
   * return the string already made. The same string object each time keeps property stores fast
   * and skips a utf8Slice, whose binding call costs ~100 ns however short the string (measured).
   * Only ASCII is cached.
   */
  recurringString(limit: number): string {
    const end = this.lengthEnd(limit);
    const start = this.pos;
    const len = end - start;
    if (len < 4 || len > RECURRING_STRING_MAX_BYTES) return this.stringTo(end);
    const seen = this.strings.find(start, len);
    if (seen !== undefined) {
      this.pos = end;
      return seen.s;
    }
    const s = this.stringTo(end);
    if (s.length === len) this.strings.add({ s, start, bytes: len });
    return s;
  }

  private stringTo(end: number): string {
    const s = end === this.pos ? '' : this.slices.utf8Slice(this.pos, end);
    this.pos = end;
    return s;
  }

  /**
   * A bytes field as lower-case hex ('' when empty). Span and trace ids are written in JS: a
   * hexSlice binding call costs ~110 ns, String.fromCharCode ~25–50 ns (measured). Spans of one
   * trace tend to come together, so a trace id equal to the last one returns its string.
   */
  hex(limit: number): string {
    const end = this.lengthEnd(limit);
    const start = this.pos;
    this.pos = end;
    switch (end - start) {
      case 0:
        return '';
      case 8:
        return hexOf8Bytes(this.buf, start);
      case 16:
        return this.traceIdHex(start);
      default:
        return this.slices.hexSlice(start, end);
    }
  }

  private traceIdHex(start: number): string {
    if (this.lastTraceId === '' || !sameBytes(this.view, this.lastTraceIdStart, start, 16)) {
      this.lastTraceId = hexOf16Bytes(this.buf, start);
      this.lastTraceIdStart = start;
    }
    return this.lastTraceId;
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

/** Whether the `len` (≥ 4) bytes at `a` and at `b` are the same: whole words, then the last four. */
function sameBytes(view: DataView, a: number, b: number, len: number): boolean {
  const lastWord = len - 4;
  for (let i = 0; i < lastWord; i += 4) if (view.getInt32(a + i, true) !== view.getInt32(b + i, true)) return false;
  return view.getInt32(a + lastWord, true) === view.getInt32(b + lastWord, true);
}

/** Character codes of the lower-case hex digits of each byte's high and low four bits. */
const HEX_HIGH = new Uint8Array(256);
const HEX_LOW = new Uint8Array(256);
for (let b = 0; b < 256; b++) {
  HEX_HIGH[b] = '0123456789abcdef'.charCodeAt(b >> 4);
  HEX_LOW[b] = '0123456789abcdef'.charCodeAt(b & 15);
}

/** The 8 bytes at `s` as 16 hex digits (a span id). */
function hexOf8Bytes(b: Buffer, s: number): string {
  const h = HEX_HIGH;
  const l = HEX_LOW;
  const b0 = b[s], b1 = b[s + 1], b2 = b[s + 2], b3 = b[s + 3], b4 = b[s + 4], b5 = b[s + 5], b6 = b[s + 6], b7 = b[s + 7];
  return String.fromCharCode(h[b0], l[b0], h[b1], l[b1], h[b2], l[b2], h[b3], l[b3], h[b4], l[b4], h[b5], l[b5], h[b6], l[b6], h[b7], l[b7]);
}

/** The 16 bytes at `s` as 32 hex digits (a trace id), in one call so that the string is flat, not two halves joined. */
function hexOf16Bytes(b: Buffer, s: number): string {
  const h = HEX_HIGH;
  const l = HEX_LOW;
  const b0 = b[s], b1 = b[s + 1], b2 = b[s + 2], b3 = b[s + 3], b4 = b[s + 4], b5 = b[s + 5], b6 = b[s + 6], b7 = b[s + 7];
  const b8 = b[s + 8], b9 = b[s + 9], b10 = b[s + 10], b11 = b[s + 11], b12 = b[s + 12], b13 = b[s + 13], b14 = b[s + 14], b15 = b[s + 15];
  return String.fromCharCode(
    h[b0], l[b0], h[b1], l[b1], h[b2], l[b2], h[b3], l[b3], h[b4], l[b4], h[b5], l[b5], h[b6], l[b6], h[b7], l[b7],
    h[b8], l[b8], h[b9], l[b9], h[b10], l[b10], h[b11], l[b11], h[b12], l[b12], h[b13], l[b13], h[b14], l[b14], h[b15], l[b15],
  );
}
