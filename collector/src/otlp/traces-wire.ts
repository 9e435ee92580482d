import type { AttrValue, ResourceSpans, ScopeSpans, Span, SpanEvent, SpanLink, TracesBatch, TypedAttributes, ValueType } from '../model/types.js';
import { checkValueDepth, emptyAttributes, setAttribute } from './any-value.js';
import { boundedInt } from './envelope.js';
import { acceptSpan, normalizeParentSpanId } from './traces.js';
import { WireReader, WireType } from './wire.js';

/**
 * Decodes OTLP/protobuf ExportTraceServiceRequest bytes straight into the span model,
 * with the same result as protobufjs's decode walked by readTracesRequest (a test compares
 * both). Why a reader of our own for this one message: protobufjs builds an object per
 * KeyValue, AnyValue and 64-bit value, then the walker copies them into the model; that was
 * ~9 KB of garbage per 2 KB span and, with the copy, the biggest share of collector CPU
 * (measured in docs/benchmarks.md). Logs and metrics, far lighter, keep protobufjs.
 *
 * Wire rules followed: unknown fields are skipped by wire type, a known field that arrives
 * with another wire type is skipped as unknown (as the official runtimes do), the last
 * occurrence of a singular field wins, invalid UTF-8 becomes U+FFFD (as on the JSON path;
 * this protobufjs version refuses such a request instead).
 */
export function decodeTracesProtobuf(body: Uint8Array, projectId: string): TracesBatch {
  const buf = Buffer.isBuffer(body) ? body : Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  const r = new WireReader(buf, 'ExportTraceServiceRequest');
  const batch: TracesBatch = { projectId, resourceSpans: [], rejectedSpans: 0, rejectionReasons: [] };
  const end = buf.length;
  while (r.pos < end) {
    const tag = r.uint32();
    if (tag === ((1 << 3) | WireType.Len)) {
      const e = r.lengthEnd(end);
      batch.resourceSpans.push(readResourceSpans(r, e, batch, `resourceSpans[${batch.resourceSpans.length}]`));
    } else r.skip(tag & 7, end);
  }
  return batch;
}

function readResourceSpans(r: WireReader, end: number, batch: TracesBatch, path: string): ResourceSpans {
  const out: ResourceSpans = { resource: emptyAttributes(), scopeSpans: [] };
  while (r.pos < end) {
    const tag = r.uint32();
    if (tag === ((1 << 3) | WireType.Len)) {
      // Resource: attributes (1), dropped_attributes_count (2).
      out.resource = emptyAttributes();
      readKeyValueList(r, r.lengthEnd(end), out.resource, 0, `${path}.resource.attributes`);
    } else if (tag === ((2 << 3) | WireType.Len)) {
      const e = r.lengthEnd(end);
      out.scopeSpans.push(readScopeSpans(r, e, batch, `${path}.scopeSpans[${out.scopeSpans.length}]`));
    } else r.skip(tag & 7, end);
  }
  checkEnd(r, end);
  return out;
}

function readScopeSpans(r: WireReader, end: number, batch: TracesBatch, path: string): ScopeSpans {
  const out: ScopeSpans = { scope: { name: '', version: '', attributes: emptyAttributes() }, spans: [] };
  let k = 0;
  while (r.pos < end) {
    const tag = r.uint32();
    if (tag === ((1 << 3) | WireType.Len)) {
      // InstrumentationScope: name (1), version (2), attributes (3), dropped_attributes_count (4).
      const e = r.lengthEnd(end);
      const scope = { name: '', version: '', attributes: emptyAttributes() };
      while (r.pos < e) {
        const t = r.uint32();
        if (t === ((1 << 3) | WireType.Len)) scope.name = r.string(e);
        else if (t === ((2 << 3) | WireType.Len)) scope.version = r.string(e);
        else if (t === ((3 << 3) | WireType.Len)) readKeyValue(r, r.lengthEnd(e), scope.attributes, 0, `${path}.scope.attributes`);
        else r.skip(t & 7, e);
      }
      checkEnd(r, e);
      out.scope = scope;
    } else if (tag === ((2 << 3) | WireType.Len)) {
      const e = r.lengthEnd(end);
      const spanPath = `${path}.spans[${k++}]`;
      acceptSpan(out, batch, readSpan(r, e, spanPath), spanPath);
    } else r.skip(tag & 7, end);
  }
  checkEnd(r, end);
  return out;
}

function readSpan(r: WireReader, end: number, path: string): Span {
  // Built once per span, not per attribute: only an error message spells it out.
  const attributesPath = `${path}.attributes`;
  const span: Span = {
    traceId: '',
    spanId: '',
    parentSpanId: '',
    traceState: '',
    name: '',
    kind: 0,
    startTimeUnixNano: '0',
    endTimeUnixNano: '0',
    attributes: emptyAttributes(),
    events: [],
    links: [],
    statusCode: 0,
    statusMessage: '',
  };
  while (r.pos < end) {
    const tag = r.uint32();
    switch (tag) {
      case (1 << 3) | WireType.Len:
        span.traceId = r.hex(end);
        break;
      case (2 << 3) | WireType.Len:
        span.spanId = r.hex(end);
        break;
      case (3 << 3) | WireType.Len:
        span.traceState = r.string(end);
        break;
      case (4 << 3) | WireType.Len:
        span.parentSpanId = normalizeParentSpanId(r.hex(end));
        break;
      case (5 << 3) | WireType.Len:
        span.name = r.recurringString(end);
        break;
      case (6 << 3) | WireType.Varint:
        span.kind = boundedInt(r.uint32() | 0, 5);
        break;
      case (7 << 3) | WireType.Fixed64:
        r.fixed64();
        span.startTimeUnixNano = r.u64String();
        break;
      case (8 << 3) | WireType.Fixed64:
        r.fixed64();
        span.endTimeUnixNano = r.u64String();
        break;
      case (9 << 3) | WireType.Len:
        readKeyValue(r, r.lengthEnd(end), span.attributes, 0, attributesPath);
        break;
      case (11 << 3) | WireType.Len: {
        const e = r.lengthEnd(end);
        span.events.push(readEvent(r, e, `${path}.events[${span.events.length}]`));
        break;
      }
      case (13 << 3) | WireType.Len: {
        const e = r.lengthEnd(end);
        span.links.push(readLink(r, e, `${path}.links[${span.links.length}]`));
        break;
      }
      case (15 << 3) | WireType.Len: {
        // Status: message (2), code (3); a repeated status replaces the earlier one.
        const e = r.lengthEnd(end);
        span.statusCode = 0;
        span.statusMessage = '';
        while (r.pos < e) {
          const t = r.uint32();
          if (t === ((2 << 3) | WireType.Len)) span.statusMessage = r.string(e);
          else if (t === ((3 << 3) | WireType.Varint)) span.statusCode = boundedInt(r.uint32() | 0, 2);
          else r.skip(t & 7, e);
        }
        checkEnd(r, e);
        break;
      }
      default:
        r.skip(tag & 7, end);
    }
  }
  checkEnd(r, end);
  return span;
}

function readEvent(r: WireReader, end: number, path: string): SpanEvent {
  const event: SpanEvent = { timeUnixNano: '0', name: '', attributes: emptyAttributes() };
  while (r.pos < end) {
    const tag = r.uint32();
    if (tag === ((1 << 3) | WireType.Fixed64)) {
      r.fixed64();
      event.timeUnixNano = r.u64String();
    } else if (tag === ((2 << 3) | WireType.Len)) event.name = r.recurringString(end);
    else if (tag === ((3 << 3) | WireType.Len)) readKeyValue(r, r.lengthEnd(end), event.attributes, 0, `${path}.attributes`);
    else r.skip(tag & 7, end);
  }
  checkEnd(r, end);
  return event;
}

function readLink(r: WireReader, end: number, path: string): SpanLink {
  const link: SpanLink = { traceId: '', spanId: '', traceState: '', attributes: emptyAttributes() };
  while (r.pos < end) {
    const tag = r.uint32();
    if (tag === ((1 << 3) | WireType.Len)) link.traceId = r.hex(end);
    else if (tag === ((2 << 3) | WireType.Len)) link.spanId = r.hex(end);
    else if (tag === ((3 << 3) | WireType.Len)) link.traceState = r.string(end);
    else if (tag === ((4 << 3) | WireType.Len)) readKeyValue(r, r.lengthEnd(end), link.attributes, 0, `${path}.attributes`);
    else r.skip(tag & 7, end);
  }
  checkEnd(r, end);
  return link;
}

/** A message whose field 1 is `repeated KeyValue` (Resource, KeyValueList; other fields skipped) into `into`. */
function readKeyValueList(r: WireReader, end: number, into: TypedAttributes, depth: number, path: string): void {
  while (r.pos < end) {
    const tag = r.uint32();
    if (tag === ((1 << 3) | WireType.Len)) readKeyValue(r, r.lengthEnd(end), into, depth, path);
    else r.skip(tag & 7, end);
  }
  checkEnd(r, end);
}

/** One KeyValue (its bytes end at `end`) into `into`. */
function readKeyValue(r: WireReader, end: number, into: TypedAttributes, depth: number, path: string): void {
  let key = '';
  let value: AttrValue = null;
  let type: ValueType | undefined = 'empty';
  while (r.pos < end) {
    const tag = r.uint32();
    if (tag === ((1 << 3) | WireType.Len)) key = r.recurringString(end);
    else if (tag === ((2 << 3) | WireType.Len)) {
      const e = r.lengthEnd(end);
      type = readAnyValue(r, e, depth, path);
      value = anyValue;
    } else r.skip(tag & 7, end);
  }
  checkEnd(r, end);
  setAttribute(into, key, value, type);
}

/** The value read by the last readAnyValue (returned beside its type without an object per value). */
let anyValue: AttrValue = null;

/**
 * One AnyValue; the value is left in `anyValue`, its type returned (undefined for strings).
 * When several members are present the first in readAnyValue's order wins, as there.
 */
function readAnyValue(r: WireReader, end: number, depth: number, path: string): ValueType | undefined {
  checkValueDepth(depth, path);
  // Priority rank of the member kept so far (lower wins): string, int, bool, double, array, kvlist, bytes.
  let rank = 8;
  let value: AttrValue = null;
  let type: ValueType | undefined = 'empty';
  while (r.pos < end) {
    const tag = r.uint32();
    switch (tag) {
      case (1 << 3) | WireType.Len: {
        const s = r.recurringString(end);
        if (rank >= 1) {
          rank = 1;
          value = s;
          type = undefined;
        }
        break;
      }
      case (3 << 3) | WireType.Varint: {
        r.varint64();
        const n = r.i64Value();
        if (rank >= 2) {
          rank = 2;
          value = n;
          type = 'int';
        }
        break;
      }
      case (2 << 3) | WireType.Varint: {
        r.varint64();
        const b = r.lo !== 0 || r.hi !== 0;
        if (rank >= 3) {
          rank = 3;
          value = b;
          type = 'bool';
        }
        break;
      }
      case (4 << 3) | WireType.Fixed64: {
        const d = r.double();
        if (rank >= 4) {
          rank = 4;
          value = d;
          type = 'double';
        }
        break;
      }
      case (5 << 3) | WireType.Len: {
        // ArrayValue: values (1).
        const e = r.lengthEnd(end);
        const items: AttrValue[] = [];
        while (r.pos < e) {
          const t = r.uint32();
          if (t === ((1 << 3) | WireType.Len)) {
            const ie = r.lengthEnd(e);
            readAnyValue(r, ie, depth + 1, `${path}.arrayValue.values[${items.length}]`);
            items.push(anyValue);
          } else r.skip(t & 7, e);
        }
        checkEnd(r, e);
        if (rank >= 5) {
          rank = 5;
          value = items;
          type = 'array';
        }
        break;
      }
      case (6 << 3) | WireType.Len: {
        const kv = emptyAttributes();
        readKeyValueList(r, r.lengthEnd(end), kv, depth + 1, `${path}.kvlistValue.values`);
        if (rank >= 6) {
          rank = 6;
          value = kv.values;
          type = 'kvlist';
        }
        break;
      }
      case (7 << 3) | WireType.Len: {
        const s = r.base64(end);
        if (rank >= 7) {
          rank = 7;
          value = s;
          type = 'bytes';
        }
        break;
      }
      default:
        r.skip(tag & 7, end);
    }
  }
  checkEnd(r, end);
  anyValue = value;
  return type;
}

function checkEnd(r: WireReader, end: number): void {
  if (r.pos !== end) r.fail('a field runs past the end of its message');
}
