import type { Scope, Span, SpanEnrichment, TracesBatch, TypedAttributes } from '../model/types.js';
import { nativeColumns, NativeSink } from './native.js';
import { OTEL_TRACES_CONTRIB_COLUMNS, WATCHLLM_TRACE_COLUMNS } from './schema.js';
import { durationNanos, nanosHalves } from './nanos.js';
import { SPAN_KIND_TEXT, STATUS_TEXT } from './trace-rows.js';
import { valueToString } from './values.js';
import { writeCompactRecord } from './record-json.js';

/**
 * Writes a batch of spans as one Native block of otel_traces, column by column straight
 * from the span model. It stores what `traceRows` → JSONEachRow stores (a test inserts both
 * and compares every column read back); it skips the row objects, the stringified attribute
 * maps and the timestamp text that path builds per span, which were most of the collector's
 * garbage after decoding (measured, docs/benchmarks.md).
 */
export function encodeTraceBlock(batch: TracesBatch, allocate?: (bytes: number) => Buffer): Buffer {
  const spans: SpanAt[] = [];
  for (const rs of batch.resourceSpans) {
    const sv = rs.resource.values['service.name'];
    const resource: ResourceAt = { attributes: rs.resource, serviceName: typeof sv === 'string' ? sv : '' };
    for (const ss of rs.scopeSpans) for (const span of ss.spans) spans.push({ span, resource, scope: ss.scope });
  }
  const out = SINK;
  out.pos = 0;
  out.varUInt(COLUMNS.length);
  out.varUInt(spans.length);
  for (const c of COLUMNS) {
    out.string(c.name);
    out.string(c.type);
    c.write(out, spans, batch.projectId);
  }
  // The block leaves in the buffer it was written to: copying it out of a reused scratch
  // buffer was ~1 µs per span of memcpy on the event loop.
  return out.take(allocate);
}

interface ResourceAt {
  attributes: TypedAttributes;
  serviceName: string;
}

interface SpanAt {
  span: Span;
  resource: ResourceAt;
  scope: Scope;
}

type ColumnWriter = (out: NativeSink, spans: SpanAt[], projectId: string) => void;

const SINK = new NativeSink(1 << 20);

function strings(read: (s: SpanAt) => string): ColumnWriter {
  return (out, spans) => {
    for (let i = 0; i < spans.length; i++) out.string(read(spans[i]));
  };
}

function uint64s(read: (s: SpanAt) => number): ColumnWriter {
  return (out, spans) => {
    for (let i = 0; i < spans.length; i++) {
      const v = read(spans[i]);
      out.u64(v > 0 ? Math.trunc(v) : 0);
    }
  };
}

/** DateTime64(9) from the model's decimal nanosecond string. */
function writeNanos(out: NativeSink, ns: string): void {
  const halves = nanosHalves(ns, HALVES);
  if (halves) out.u32Pair(halves[0], halves[1]);
  else out.big64(BigInt(ns));
}

const HALVES: [number, number] = [0, 0];

/** Map(String, String) per group: offsets, then every key, then every value (as Array(Tuple(K, V))). */
function writeAttributeMaps<T>(out: NativeSink, items: T[], attributesOf: (item: T) => TypedAttributes): void {
  // for-in over each map three times (count, keys, values): no key or value arrays per span.
  let total = 0;
  for (let i = 0; i < items.length; i++) {
    const values = attributesOf(items[i]).values;
    for (const _ in values) total++;
    out.u64(total);
  }
  for (let i = 0; i < items.length; i++) {
    const values = attributesOf(items[i]).values;
    for (const k in values) out.recurring(k);
  }
  for (let i = 0; i < items.length; i++) {
    const a = attributesOf(items[i]);
    const values = a.values;
    const types = a.types;
    if (types === undefined) for (const k in values) out.string(values[k] as string);
    else {
      for (const k in values) {
        // A string is stored as itself whatever its type (bytes are base64 text, big ints decimal): no type lookup for it.
        const v = values[k];
        out.string(typeof v === 'string' ? v : valueToString(v, types[k]));
      }
    }
  }
}

/** Array(X) of a per-span list: cumulative lengths, then `inner` over every element. */
function nestedArray<E>(listOf: (span: Span) => E[], inner: (out: NativeSink, elements: E[]) => void): ColumnWriter {
  return (out, spans) => {
    const all: E[] = [];
    for (let i = 0; i < spans.length; i++) {
      const list = listOf(spans[i].span);
      for (let j = 0; j < list.length; j++) all.push(list[j]);
      out.u64(all.length);
    }
    inner(out, all);
  };
}

/**
 * AttributeTypes: the OTLP type of every non-string attribute of a span, under the keys
 * traceRows uses: 'r.' resource, 'e<i>.' event i, 'l<i>.' link i, 's.' span.
 */
const writeAttributeTypes: ColumnWriter = (out, spans) => {
  let total = 0;
  for (let i = 0; i < spans.length; i++) {
    total += spanTypes(out, spans[i], COUNT);
    out.u64(total);
  }
  for (let i = 0; i < spans.length; i++) spanTypes(out, spans[i], KEYS);
  for (let i = 0; i < spans.length; i++) spanTypes(out, spans[i], TYPES);
};

const COUNT = 0;
const KEYS = 1;
const TYPES = 2;

/** One pass of a Map column over a span's typed attributes: count them, or write their keys, or their types. */
function spanTypes(out: NativeSink, s: SpanAt, pass: number): number {
  let n = groupTypes(out, s.resource.attributes, 'r.', pass);
  const { events, links } = s.span;
  for (let i = 0; i < events.length; i++) n += groupTypes(out, events[i].attributes, `e${i}.`, pass);
  for (let i = 0; i < links.length; i++) n += groupTypes(out, links[i].attributes, `l${i}.`, pass);
  return n + groupTypes(out, s.span.attributes, 's.', pass);
}

function groupTypes(out: NativeSink, a: TypedAttributes, prefix: string, pass: number): number {
  const types = a.types;
  if (types === undefined) return 0;
  let n = 0;
  for (const k in types) {
    n++;
    if (pass === KEYS) out.prefixedString(prefix, k);
    else if (pass === TYPES) out.string(types[k]);
  }
  return n;
}

function writeDuration(out: NativeSink, start: string, end: string): void {
  const d = durationNanos(start, end);
  if (typeof d === 'number') out.u64(d);
  else out.big64(d);
}

const NO_ENRICHMENT: SpanEnrichment = {
  operation: '',
  provider: '',
  requestModel: '',
  responseModel: '',
  inputTokens: 0,
  outputTokens: 0,
  cacheReadTokens: 0,
  cacheWriteTokens: 0,
  reasoningTokens: 0,
  costUsd: null,
  costSource: '',
  priceVersion: '',
  agentName: '',
  toolName: '',
  conversationId: '',
  userId: '',
  tags: [],
  stepType: '',
  record: null,
  diagnostics: '',
};
const g = (s: SpanAt): SpanEnrichment => s.span.enrichment ?? NO_ENRICHMENT;

const WRITERS: Record<string, ColumnWriter> = {
  Timestamp: (out, spans) => {
    for (let i = 0; i < spans.length; i++) writeNanos(out, spans[i].span.startTimeUnixNano);
  },
  TraceId: strings((s) => s.span.traceId),
  SpanId: strings((s) => s.span.spanId),
  ParentSpanId: strings((s) => s.span.parentSpanId),
  TraceState: strings((s) => s.span.traceState),
  SpanName: strings((s) => s.span.name),
  SpanKind: strings((s) => SPAN_KIND_TEXT[s.span.kind] ?? 'Unspecified'),
  ServiceName: strings((s) => s.resource.serviceName),
  ResourceAttributes: (out, spans) => writeAttributeMaps(out, spans, (s) => s.resource.attributes),
  ScopeName: strings((s) => s.scope.name),
  ScopeVersion: strings((s) => s.scope.version),
  SpanAttributes: (out, spans) => writeAttributeMaps(out, spans, (s) => s.span.attributes),
  Duration: (out, spans) => {
    for (let i = 0; i < spans.length; i++) writeDuration(out, spans[i].span.startTimeUnixNano, spans[i].span.endTimeUnixNano);
  },
  StatusCode: strings((s) => STATUS_TEXT[s.span.statusCode] ?? 'Unset'),
  StatusMessage: strings((s) => s.span.statusMessage),
  'Events.Timestamp': nestedArray(
    (span) => span.events,
    (out, events) => events.forEach((e) => writeNanos(out, e.timeUnixNano)),
  ),
  'Events.Name': nestedArray(
    (span) => span.events,
    (out, events) => events.forEach((e) => out.string(e.name)),
  ),
  'Events.Attributes': nestedArray(
    (span) => span.events,
    (out, events) => writeAttributeMaps(out, events, (e) => e.attributes),
  ),
  'Links.TraceId': nestedArray(
    (span) => span.links,
    (out, links) => links.forEach((l) => out.string(l.traceId)),
  ),
  'Links.SpanId': nestedArray(
    (span) => span.links,
    (out, links) => links.forEach((l) => out.string(l.spanId)),
  ),
  'Links.TraceState': nestedArray(
    (span) => span.links,
    (out, links) => links.forEach((l) => out.string(l.traceState)),
  ),
  'Links.Attributes': nestedArray(
    (span) => span.links,
    (out, links) => writeAttributeMaps(out, links, (l) => l.attributes),
  ),
  ProjectId: (out, spans, projectId) => {
    for (let i = 0; i < spans.length; i++) out.string(projectId);
  },
  AttributeTypes: writeAttributeTypes,
  GenAiOperation: strings((s) => g(s).operation),
  GenAiProvider: strings((s) => g(s).provider),
  GenAiRequestModel: strings((s) => g(s).requestModel),
  GenAiResponseModel: strings((s) => g(s).responseModel),
  GenAiInputTokens: uint64s((s) => g(s).inputTokens),
  GenAiOutputTokens: uint64s((s) => g(s).outputTokens),
  GenAiCacheReadTokens: uint64s((s) => g(s).cacheReadTokens),
  GenAiCacheWriteTokens: uint64s((s) => g(s).cacheWriteTokens),
  GenAiReasoningTokens: uint64s((s) => g(s).reasoningTokens),
  CostUsd: (out, spans) => {
    // Nullable: the null map for every row, then the values.
    for (let i = 0; i < spans.length; i++) out.u8(g(spans[i]).costUsd === null ? 1 : 0);
    for (let i = 0; i < spans.length; i++) out.f64(g(spans[i]).costUsd ?? 0);
  },
  CostSource: strings((s) => g(s).costSource),
  PriceVersion: strings((s) => g(s).priceVersion),
  GenAiAgentName: strings((s) => g(s).agentName),
  GenAiToolName: strings((s) => g(s).toolName),
  GenAiConversationId: strings((s) => g(s).conversationId),
  GenAiUserId: strings((s) => g(s).userId),
  GenAiStepType: strings((s) => g(s).stepType),
  GenAiRecord: (out, spans) => {
    for (let i = 0; i < spans.length; i++) {
      const record = g(spans[i]).record;
      if (record === null) {
        out.string('');
        continue;
      }
      const start = out.beginString();
      writeCompactRecord(out, record);
      out.endString(start);
    }
  },
  GenAiDiagnostics: strings((s) => g(s).diagnostics),
  GenAiTags: (out, spans) => {
    // Array(String): cumulative lengths, then every tag.
    let total = 0;
    for (let i = 0; i < spans.length; i++) out.u64((total += g(spans[i]).tags.length));
    for (let i = 0; i < spans.length; i++) for (const tag of g(spans[i]).tags) out.string(tag);
  },
};

/** The table's columns in order, each with its writer; a column without one fails at load, not at insert. */
const COLUMNS = nativeColumns([...OTEL_TRACES_CONTRIB_COLUMNS, ...WATCHLLM_TRACE_COLUMNS]).map((c) => {
  const write = WRITERS[c.name];
  if (!write) throw new Error(`otel_traces column ${c.name} has no Native writer in trace-block.ts`);
  return { ...c, write };
});
