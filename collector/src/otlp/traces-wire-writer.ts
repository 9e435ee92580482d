/**
 * The span model straight to an OTLP ExportTraceServiceRequest in protobuf, the mirror of
 * `traces-wire.ts`: protobufjs's `fromObject` + `encode` cost ~8 µs per GenAI span (an object per
 * message, then a fork per nested one), as much as the rest of the collector's per-span work, so an
 * otlphttp / otlp exporter on the traces pipeline would have cut ingest by a third. Nested
 * messages are written in place behind a one-byte length, widened (content moved) only when longer.
 * Field numbers from opentelemetry/proto/{trace,common,resource}/v1 (see proto/).
 */
import { NativeSink } from '../storage/native.js';
import { nanosHalves } from '../storage/nanos.js';
import type { AttrValue, Scope, Span, TracesBatch, TypedAttributes, ValueType } from '../model/types.js';

const LEN = 2;
const VARINT = 0;
const I64 = 1;

/**
 * Protobuf writes over the Native sink: its varints are protobuf's, and its length-prefixed
 * UTF-8 strings are a protobuf string field's payload (short ASCII copied by hand, as there).
 */
class PbWriter extends NativeSink {
  tag(field: number, wire: number): void {
    this.varUInt(field * 8 + wire);
  }

  /** An int64 varint: two's complement for negatives, as protobuf writes them. */
  int64(v: number | string): void {
    if (typeof v === 'number' && v >= 0 && Number.isSafeInteger(v)) return this.varUInt(v);
    let big = BigInt.asUintN(64, BigInt(typeof v === 'number' ? Math.trunc(v) : v));
    this.ensure(10);
    while (big >= 128n) {
      this.buf[this.pos++] = Number(big & 127n) | 128;
      big >>= 7n;
    }
    this.buf[this.pos++] = Number(big);
  }

  fixed64Nanos(ns: string): void {
    const halves = nanosHalves(ns, HALVES);
    if (halves) this.u32Pair(halves[0], halves[1]);
    else this.big64(BigInt.asUintN(64, BigInt(ns || '0')));
  }

  /** Starts a length-delimited field behind a one-byte length; `end` closes it. */
  begin(field: number): number {
    this.tag(field, LEN);
    this.ensure(1);
    this.pos++;
    return this.pos;
  }

  end(start: number): void {
    const len = this.pos - start;
    if (len < 128) {
      this.buf[start - 1] = len;
      return;
    }
    let size = 1;
    for (let n = len; n >= 128; n = Math.floor(n / 128)) size++;
    this.ensure(size - 1);
    this.buf.copyWithin(start + size - 1, start, this.pos);
    const end = this.pos + size - 1;
    this.pos = start - 1;
    this.varUInt(len);
    this.pos = end;
  }

  stringField(field: number, s: string): void {
    this.tag(field, LEN);
    this.string(s);
  }

  /** A bytes field from its text form (hex ids, base64 values). */
  bytesField(field: number, text: string, encoding: 'hex' | 'base64'): void {
    const start = this.begin(field);
    this.ensure(text.length);
    this.pos += this.buf.write(text, this.pos, encoding);
    this.end(start);
  }
}

const HALVES: [number, number] = [0, 0];

/** AnyValue of a value inside an array or kvlist (no type recorded: integers go as int_value). */
function writeValue(w: PbWriter, field: number, v: AttrValue): void {
  const start = w.begin(field);
  if (typeof v === 'string') w.stringField(1, v);
  else if (typeof v === 'boolean') {
    w.tag(2, VARINT);
    w.varUInt(v ? 1 : 0);
  } else if (typeof v === 'number') {
    if (Number.isInteger(v)) {
      w.tag(3, VARINT);
      w.int64(v);
    } else {
      w.tag(4, I64);
      w.f64(v);
    }
  } else if (Array.isArray(v)) {
    const arr = w.begin(5);
    for (const item of v) writeValue(w, 1, item);
    w.end(arr);
  } else if (v !== null) {
    const kv = w.begin(6);
    for (const key in v) writeKeyValue(w, 1, key, v[key], undefined);
    w.end(kv);
  }
  w.end(start);
}

function writeTypedValue(w: PbWriter, field: number, v: AttrValue, type: ValueType | undefined): void {
  switch (type) {
    case undefined:
    case 'array':
    case 'kvlist':
      return writeValue(w, field, v);
    case 'int': {
      const start = w.begin(field);
      w.tag(3, VARINT);
      w.int64(v as number | string);
      return w.end(start);
    }
    case 'double': {
      const start = w.begin(field);
      w.tag(4, I64);
      w.f64(Number(v));
      return w.end(start);
    }
    case 'bool': {
      const start = w.begin(field);
      w.tag(2, VARINT);
      w.varUInt(v === true ? 1 : 0);
      return w.end(start);
    }
    case 'bytes': {
      const start = w.begin(field);
      w.bytesField(7, typeof v === 'string' ? v : '', 'base64');
      return w.end(start);
    }
    default:
      w.end(w.begin(field)); // empty AnyValue
  }
}

function writeKeyValue(w: PbWriter, field: number, key: string, v: AttrValue, type: ValueType | undefined): void {
  const start = w.begin(field);
  w.stringField(1, key);
  writeTypedValue(w, 2, v, type);
  w.end(start);
}

function writeAttributes(w: PbWriter, field: number, a: TypedAttributes): void {
  const { values, types } = a;
  for (const key in values) writeKeyValue(w, field, key, values[key], types?.[key]);
}

function writeScope(w: PbWriter, s: Scope): void {
  const start = w.begin(1);
  if (s.name) w.stringField(1, s.name);
  if (s.version) w.stringField(2, s.version);
  writeAttributes(w, 3, s.attributes);
  w.end(start);
}

function writeSpan(w: PbWriter, s: Span): void {
  const start = w.begin(2);
  w.bytesField(1, s.traceId, 'hex');
  w.bytesField(2, s.spanId, 'hex');
  if (s.traceState) w.stringField(3, s.traceState);
  if (s.parentSpanId) w.bytesField(4, s.parentSpanId, 'hex');
  w.stringField(5, s.name);
  if (s.kind) {
    w.tag(6, VARINT);
    w.varUInt(s.kind);
  }
  w.tag(7, I64);
  w.fixed64Nanos(s.startTimeUnixNano);
  w.tag(8, I64);
  w.fixed64Nanos(s.endTimeUnixNano);
  writeAttributes(w, 9, s.attributes);
  for (const e of s.events) {
    const ev = w.begin(11);
    w.tag(1, I64);
    w.fixed64Nanos(e.timeUnixNano);
    w.stringField(2, e.name);
    writeAttributes(w, 3, e.attributes);
    w.end(ev);
  }
  for (const l of s.links) {
    const link = w.begin(13);
    w.bytesField(1, l.traceId, 'hex');
    w.bytesField(2, l.spanId, 'hex');
    if (l.traceState) w.stringField(3, l.traceState);
    writeAttributes(w, 4, l.attributes);
    w.end(link);
  }
  const status = w.begin(15);
  if (s.statusMessage) w.stringField(2, s.statusMessage);
  if (s.statusCode) {
    w.tag(3, VARINT);
    w.varUInt(s.statusCode);
  }
  w.end(status);
  w.end(start);
}

/** A traces batch as ExportTraceServiceRequest protobuf bytes. */
export function encodeTracesProtobuf(batch: TracesBatch): Buffer {
  const w = new PbWriter(1 << 16);
  for (const rs of batch.resourceSpans) {
    const resourceSpans = w.begin(1);
    const resource = w.begin(1);
    writeAttributes(w, 1, rs.resource);
    w.end(resource);
    for (const ss of rs.scopeSpans) {
      const scopeSpans = w.begin(2);
      writeScope(w, ss.scope);
      for (const span of ss.spans) writeSpan(w, span);
      w.end(scopeSpans);
    }
    w.end(resourceSpans);
  }
  return Buffer.from(w.bytes());
}

