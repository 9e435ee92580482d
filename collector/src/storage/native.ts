/**
 * Encodes row objects as one block of ClickHouse's Native format (columnar, binary).
 *
 * Why not JSONEachRow: a GenAI span carries its messages as JSON inside a JSON string, so
 * the text form is ~3.6 KB of escaped characters per row that Node must produce and the
 * engine must parse again; the engine parses Native ~8× faster (measured, docs/benchmarks.md)
 * and writing it here is a copy of each string's bytes.
 *
 * Columns are declared with the table's types minus LowCardinality (plain String is sent and
 * the engine converts on insert, `input_format_native_allow_types_conversion`), so only a few
 * serializations are needed. Row values are those of the JSONEachRow rows: DateTime64(9) as
 * 'seconds.nanoseconds' text, UInt64 as a number or a decimal string, maps as objects.
 */

export interface NativeColumn {
  name: string;
  /** The type written in the block header. */
  type: string;
}

type Row = Record<string, unknown>;
type ValueWriter = (out: NativeSink, values: unknown[]) => void;

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
    this.buf.writeUInt32LE(n >>> 0, this.pos);
    this.buf.writeUInt32LE(Math.floor(n / 0x1_0000_0000) >>> 0, this.pos + 4);
    this.pos += 8;
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
      let i = 0;
      for (; i < len; i++) {
        const c = s.charCodeAt(i);
        if (c >= 0x80) break;
        this.buf[start + i] = c;
      }
      const bytes = i === len ? len : this.buf.write(s, start, 'utf8');
      this.buf[this.pos] = bytes;
      this.pos = start + bytes;
      return;
    }
    const bytes = Buffer.byteLength(s, 'utf8');
    this.varUInt(bytes);
    this.ensure(bytes);
    this.pos += this.buf.write(s, this.pos, 'utf8');
  }

  bytes(): Buffer {
    return this.buf.subarray(0, this.pos);
  }
}

/** DateTime64(9) from 'seconds.nanoseconds' text (or a nanosecond count as number/bigint). */
function dateTime64Nanos(v: unknown): bigint {
  if (typeof v === 'bigint') return v;
  if (typeof v === 'number') return BigInt(Math.trunc(v));
  const s = String(v ?? '0');
  const dot = s.indexOf('.');
  if (dot < 0) return BigInt(s) * 1_000_000_000n;
  return BigInt(s.slice(0, dot)) * 1_000_000_000n + BigInt(s.slice(dot + 1).padEnd(9, '0').slice(0, 9));
}

function writeUInt64(out: NativeSink, v: unknown): void {
  if (typeof v === 'number') return out.u64(v > 0 ? Math.trunc(v) : 0);
  if (v === undefined || v === null || v === '') return out.u64(0);
  const s = String(v);
  if (s.length < 16) return out.u64(Number(s));
  out.big64(BigInt(s));
}

const stringOf = (v: unknown): string => (typeof v === 'string' ? v : v === undefined || v === null ? '' : String(v));

/** Writes a column's values for one block; nested types recurse on flattened element lists. */
function writerFor(type: string): ValueWriter {
  switch (type) {
    case 'String':
      return (out, values) => {
        for (let i = 0; i < values.length; i++) out.string(stringOf(values[i]));
      };
    case 'UInt64':
      return (out, values) => {
        for (let i = 0; i < values.length; i++) writeUInt64(out, values[i]);
      };
    case 'DateTime64(9)':
      return (out, values) => {
        for (let i = 0; i < values.length; i++) out.big64(dateTime64Nanos(values[i]));
      };
    case 'Nullable(Float64)':
      return (out, values) => {
        for (let i = 0; i < values.length; i++) out.u8(typeof values[i] === 'number' ? 0 : 1);
        for (let i = 0; i < values.length; i++) out.f64(typeof values[i] === 'number' ? (values[i] as number) : 0);
      };
  }
  const map = /^Map\((\w+(?:\(\d+\))?), (\w+(?:\(\d+\))?)\)$/.exec(type);
  if (map) {
    const keys = writerFor(map[1]);
    const vals = writerFor(map[2]);
    // Array(Tuple(K, V)): cumulative offsets, then every key, then every value.
    return (out, values) => {
      const ks: unknown[] = [];
      const vs: unknown[] = [];
      for (let i = 0; i < values.length; i++) {
        const m = values[i] as Record<string, unknown> | undefined;
        if (m) for (const k in m) {
          ks.push(k);
          vs.push(m[k]);
        }
        out.u64(ks.length);
      }
      keys(out, ks);
      vals(out, vs);
    };
  }
  const array = /^Array\((.+)\)$/.exec(type);
  if (array) {
    const inner = writerFor(array[1]);
    return (out, values) => {
      const flat: unknown[] = [];
      for (let i = 0; i < values.length; i++) {
        const a = values[i] as unknown[] | undefined;
        if (a) for (let j = 0; j < a.length; j++) flat.push(a[j]);
        out.u64(flat.length);
      }
      inner(out, flat);
    };
  }
  throw new Error(`Native encoding of type ${type} is not implemented`);
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

/**
 * A reader of one named property. Generated per column so each read site sees one key and
 * rows of one shape (a shared `row[name]` site goes megamorphic: 7% of collector CPU, profiled).
 */
function propertyReader(name: string): (row: Row) => unknown {
  return new Function('row', `return row[${JSON.stringify(name)}];`) as (row: Row) => unknown;
}

/** An encoder of row objects into one Native block for a fixed column list. */
export function nativeEncoder(columns: NativeColumn[]): (rows: Row[]) => Buffer {
  const writers = columns.map((c) => ({ ...c, write: writerFor(c.type), read: propertyReader(c.name) }));
  // One scratch buffer, grown to the biggest block seen; each block leaves as an exact-size copy.
  const out = new NativeSink(1 << 20);
  return (rows) => {
    out.pos = 0;
    out.varUInt(columns.length);
    out.varUInt(rows.length);
    const values: unknown[] = new Array(rows.length);
    for (const c of writers) {
      out.string(c.name);
      out.string(c.type);
      for (let i = 0; i < rows.length; i++) values[i] = c.read(rows[i]);
      c.write(out, values);
    }
    return Buffer.from(out.bytes());
  };
}
