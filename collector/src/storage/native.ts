/**
 * The pieces of ClickHouse's Native format (columnar, binary) the trace writer uses:
 * a byte sink with its primitive writes, and the column list of a table definition.
 *
 * Why not JSONEachRow: a GenAI span carries its messages as JSON inside a JSON string, so
 * the text form is ~3.6 KB of escaped characters per row that Node must produce and the
 * engine must parse again; the engine parses Native ~8× faster (measured, docs/benchmarks.md)
 * and writing it here is a copy of each string's bytes.
 *
 * Columns are declared with the table's types minus LowCardinality (plain String is sent and
 * the engine converts on insert, `input_format_native_allow_types_conversion`), so only a few
 * serializations are needed.
 */

export interface NativeColumn {
  name: string;
  /** The type written in the block header. */
  type: string;
}


const MIN_TAKE_BYTES = 1 << 12;

/** Encoded strings by value for NativeSink.recurring: keys up to this long, this many of them (senders choose keys). */
const RECURRING = new Map<string, Uint8Array>();
const RECURRING_MAX_LENGTH = 64;
const RECURRING_MAX_ENTRIES = 4096;
const MAX_KEPT_BYTES = 1 << 23;

/** Bytes of `n` as a LEB128 varint. */
function varUIntSize(n: number): number {
  let size = 1;
  while (n >= 0x80) {
    n = Math.floor(n / 128);
    size++;
  }
  return size;
}

/** Buffer's own UTF-8 encoder (what Buffer#write calls after its argument checks): the checks cost more than encoding most values. */
interface Utf8Writer {
  utf8Write(s: string, offset: number): number;
}

/** A growable byte buffer with the primitive writes the Native format needs. */
export class NativeSink {
  buf: Buffer;
  pos = 0;

  constructor(initialBytes = 1 << 16) {
    this.buf = Buffer.allocUnsafe(initialBytes);
  }

  ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.pos + n));
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
  }

  varUInt(n: number): void {
    this.ensure(10);
    while (n >= 0x80) {
      this.buf[this.pos++] = (n & 0x7f) | 0x80;
      n = Math.floor(n / 128);
    }
    this.buf[this.pos++] = n;
  }

  u8(n: number): void {
    this.ensure(1);
    this.buf[this.pos++] = n;
  }

  /** A non-negative integer up to 2^53 as UInt64/Int64 little-endian. */
  u64(n: number): void {
    this.ensure(8);
    this.u64At(this.pos, n);
    this.pos += 8;
  }

  /** A 64-bit value from its low and high 32-bit halves. */
  u32Pair(lo: number, hi: number): void {
    this.ensure(8);
    this.putU32Pair(this.pos, lo, hi);
    this.pos += 8;
  }

  /** Skips `n` bytes to fill in later (with u64At): returns where they start. */
  reserve(n: number): number {
    this.ensure(n);
    this.pos += n;
    return this.pos - n;
  }

  /** u64 into bytes reserved before, at `at` (an Array or Map column's offsets, known once its keys are written). */
  u64At(at: number, n: number): void {
    this.putU32Pair(at, n >>> 0, Math.floor(n / 0x1_0000_0000) >>> 0);
  }

  /**
   * Stored byte by byte: writeUInt32LE's argument checks cost more than the stores (~10 per
   * span: timestamps, durations, counts; the block was ~10% faster without them, measured).
   */
  private putU32Pair(at: number, lo: number, hi: number): void {
    const buf = this.buf;
    buf[at] = lo;
    buf[at + 1] = lo >>> 8;
    buf[at + 2] = lo >>> 16;
    buf[at + 3] = lo >>> 24;
    buf[at + 4] = hi;
    buf[at + 5] = hi >>> 8;
    buf[at + 6] = hi >>> 16;
    buf[at + 7] = hi >>> 24;
  }

  big64(n: bigint): void {
    this.ensure(8);
    this.buf.writeBigInt64LE(BigInt.asIntN(64, n), this.pos);
    this.pos += 8;
  }

  f64(n: number): void {
    this.ensure(8);
    this.buf.writeDoubleLE(n, this.pos);
    this.pos += 8;
  }

  /** Length-prefixed UTF-8. Short ASCII strings are copied by hand: cheaper than a Buffer.write call. */
  string(s: string): void {
    const len = s.length;
    if (len < 43) {
      // At most 3 bytes per UTF-16 unit: the byte length fits one varint byte.
      this.ensure(1 + len * 3);
      const start = this.pos + 1;
      const end = this.ascii(s, start);
      const bytes = end >= 0 ? len : (this.buf as unknown as Utf8Writer).utf8Write(s, start);
      this.buf[this.pos] = bytes;
      this.pos = start + bytes;
      return;
    }
    // Written after room for the length's varint as if it took as many bytes as `len`'s (true
    // unless multi-byte characters cross a 7-bit boundary: then the bytes move). A separate
    // Buffer.byteLength pass over every message was most of this method's cost.
    const guess = varUIntSize(len);
    this.ensure(guess + 2 + len * 3);
    // Room for every byte was ensured above, so the unchecked encoder cannot write short.
    const bytes = (this.buf as unknown as Utf8Writer).utf8Write(s, this.pos + guess);
    const size = varUIntSize(bytes);
    if (size !== guess) this.buf.copyWithin(this.pos + size, this.pos + guess, this.pos + guess + bytes);
    this.varUInt(bytes);
    this.pos += bytes;
  }

  /**
   * A String that recurs (attribute keys): its length-prefixed bytes are kept in a bounded
   * process-wide cache and copied with TypedArray#set, cheaper than encoding it again each time.
   */
  recurring(s: string): void {
    let bytes = RECURRING.get(s);
    if (bytes === undefined) {
      if (s.length > RECURRING_MAX_LENGTH || RECURRING.size >= RECURRING_MAX_ENTRIES) return this.string(s);
      const utf8 = Buffer.from(s);
      // Cached only with a one-byte length.
      if (utf8.length >= 0x80) return this.string(s);
      bytes = Buffer.concat([Buffer.from([utf8.length]), utf8]);
      RECURRING.set(s, bytes);
    }
    this.raw(bytes);
  }

  /** Bytes as they are, with no length before them (a piece of a value being built in place). */
  raw(bytes: Uint8Array): void {
    this.ensure(bytes.length);
    this.buf.set(bytes, this.pos);
    this.pos += bytes.length;
  }

  /** A non-negative integer below 10^15 as ASCII digits, with no length before it. */
  decimal(n: number): void {
    let digits = 1;
    for (let m = n; m >= 10; m = Math.floor(m / 10)) digits++;
    this.ensure(digits);
    const buf = this.buf;
    let at = this.pos + digits;
    this.pos = at;
    do {
      const q = Math.floor(n / 10);
      buf[--at] = 48 + n - q * 10;
      n = q;
    } while (n > 0);
  }

  /** s as UTF-8 with no length before it (a piece of a value being built in place). */
  text(s: string): void {
    this.ensure(s.length * 3);
    const end = this.ascii(s, this.pos);
    this.pos = end >= 0 ? end : this.pos + (this.buf as unknown as Utf8Writer).utf8Write(s, this.pos);
  }

  /**
   * Starts a String value whose bytes are written next (with text(), or into buf): room for a
   * 2-byte length is left, which endString fills in, moving the bytes when the length needs
   * another size. Returns where the value starts, for endString.
   */
  beginString(): number {
    this.ensure(2);
    this.pos += 2;
    return this.pos - 2;
  }

  endString(mark: number): void {
    const bytes = this.pos - mark - 2;
    const size = varUIntSize(bytes);
    if (size !== 2) {
      this.ensure(size);
      this.buf.copyWithin(mark + size, mark + 2, this.pos);
    }
    this.pos = mark;
    this.varUInt(bytes);
    this.pos += bytes;
  }

  /** prefix + s as one string, without building the concatenation when both are short ASCII. */
  prefixedString(prefix: string, s: string): void {
    const len = prefix.length + s.length;
    if (len >= 43) return this.string(prefix + s);
    this.ensure(1 + len * 3);
    const afterPrefix = this.ascii(prefix, this.pos + 1);
    const end = afterPrefix >= 0 ? this.ascii(s, afterPrefix) : -1;
    if (end < 0) return this.string(prefix + s);
    this.buf[this.pos] = len;
    this.pos = end;
  }

  /** Copies an ASCII string's bytes to `at` (room already ensured): the end, or -1 at the first non-ASCII unit. */
  private ascii(s: string, at: number): number {
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c >= 0x80) return -1;
      this.buf[at++] = c;
    }
    return at;
  }

  bytes(): Buffer {
    return this.buf.subarray(0, this.pos);
  }

  /**
   * Hands over what was written and goes on in a new buffer a quarter larger than that, so
   * the next block of a similar size fits without growing (and little is left unused); after
   * a huge block the sink does not keep a huge buffer waiting.
   */
  take(allocate: (bytes: number) => Buffer = (n) => Buffer.allocUnsafe(n)): Buffer {
    const written = this.bytes();
    this.buf = allocate(Math.min(MAX_KEPT_BYTES, Math.max(MIN_TAKE_BYTES, Math.ceil(this.pos * 1.25))));
    this.pos = 0;
    return written;
  }
}

/**
 * Native column list for a table definition ('Name Type CODEC(…)' strings): LowCardinality
 * dropped, Nested expanded into its Array columns as the engine stores them.
 */
export function nativeColumns(definitions: string[]): NativeColumn[] {
  const columns: NativeColumn[] = [];
  for (const def of definitions) {
    const m = /^(\S+)\s+(.*?)(?:\s+(?:DEFAULT|MATERIALIZED|CODEC)\b.*)?$/.exec(def.trim());
    if (!m) throw new Error(`cannot read column definition: ${def}`);
    const type = m[2].replace(/LowCardinality\((\w+)\)/g, '$1');
    const nested = /^Nested\s*\((.*)\)$/.exec(type);
    if (!nested) {
      columns.push({ name: m[1], type });
      continue;
    }
    // Split the Nested fields on top-level commas.
    let depth = 0;
    let start = 0;
    const fields: string[] = [];
    for (let i = 0; i <= nested[1].length; i++) {
      const c = nested[1][i];
      if (c === '(') depth++;
      else if (c === ')') depth--;
      else if ((c === ',' && depth === 0) || c === undefined) {
        fields.push(nested[1].slice(start, i).trim());
        start = i + 1;
      }
    }
    for (const f of fields) {
      const [, name, t] = /^(\S+)\s+(.*)$/.exec(f)!;
      columns.push({ name: `${m[1]}.${name}`, type: `Array(${t})` });
    }
  }
  return columns;
}
