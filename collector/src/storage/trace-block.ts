import type { Scope, Span, SpanEnrichment, SpanEvent, SpanLink, TracesBatch, TypedAttributes } from '../model/types.js';
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
  const spans: Span[] = [];
  const resources: ResourceAt[] = [];
  const scopes: Scope[] = [];
  const enrichments: SpanEnrichment[] = [];
  for (const rs of batch.resourceSpans) {
    const sv = rs.resource.values['service.name'];
    const resource: ResourceAt = { attributes: rs.resource, serviceName: typeof sv === 'string' ? sv : '' };
    for (const ss of rs.scopeSpans) {
      for (const span of ss.spans) {
        spans.push(span);
        resources.push(resource);
        scopes.push(ss.scope);
        enrichments.push(span.enrichment ?? NO_ENRICHMENT);
      }
    }
  }
  const rows: Rows = {
    spans, resources, scopes, enrichments, projectId: batch.projectId,
    events: flatten(spans, (span) => span.events),
    links: flatten(spans, (span) => span.links),
  };
  const out = SINK;
  out.pos = 0;
  out.varUInt(COLUMNS.length);
  out.varUInt(rows.spans.length);
  for (const c of COLUMNS) {
    out.string(c.name);
    out.string(c.type);
    c.write(out, rows);
  }
  // The block leaves in the buffer it was written to: copying it out of a reused scratch
  // buffer was ~1 µs per span of memcpy on the event loop.
  return out.take(allocate);
}

interface ResourceAt {
  attributes: TypedAttributes;
  serviceName: string;
}

/**
 * The block's rows as parallel arrays. Each column has its own writer function rather than one
 * shared loop calling a reader per column: a shared loop's call sites see every column's reader
 * and field (megamorphic), a writer of its own keeps them monomorphic, so V8 inlines them.
 */
interface Rows {
  spans: Span[];
  resources: ResourceAt[];
  scopes: Scope[];
  enrichments: SpanEnrichment[];
  projectId: string;
  /** Every span's events and links, for the Events.* and Links.* columns. */
  events: Flattened<SpanEvent>;
  links: Flattened<SpanLink>;
}

/** A per-span list flattened for a Nested column's arrays: every element in order, and where each span's elements end. */
interface Flattened<E> {
  all: E[];
  /** Cumulative element counts, one per span: each Array column's offsets. */
  ends: number[];
}

function flatten<E>(spans: Span[], listOf: (span: Span) => E[]): Flattened<E> {
  const all: E[] = [];
  const ends: number[] = [];
  for (let i = 0; i < spans.length; i++) {
    const list = listOf(spans[i]);
    for (let j = 0; j < list.length; j++) all.push(list[j]);
    ends.push(all.length);
  }
  return { all, ends };
}

/** An Array column's offsets; its elements follow. */
function writeEnds(out: NativeSink, ends: number[]): void {
  for (let i = 0; i < ends.length; i++) out.u64(ends[i]);
}

type ColumnWriter = (out: NativeSink, rows: Rows) => void;

const SINK = new NativeSink(1 << 20);

/** DateTime64(9) from the model's decimal nanosecond string. */
function writeNanos(out: NativeSink, ns: string): void {
  const halves = nanosHalves(ns, HALVES);
  if (halves) out.u32Pair(halves[0], halves[1]);
  else out.big64(BigInt(ns));
}

const HALVES: [number, number] = [0, 0];

/** A token count as UInt64: 0 for anything not positive, whole tokens. */
function writeCount(out: NativeSink, v: number): void {
  out.u64(v > 0 ? Math.trunc(v) : 0);
}

/** Map(String, String) per group: offsets, then every key, then every value (as Array(Tuple(K, V))). */
function writeAttributeMaps(out: NativeSink, maps: TypedAttributes[]): void {
  // for-in over each map twice (keys, values): no key or value arrays per span (gathering them
  // into reused arrays measured ~8% slower). The offsets are filled in as the keys are counted:
  // a third pass only to count them cost ~2–7% of the block (measured).
  const offsets = out.reserve(8 * maps.length);
  let total = 0;
  for (let i = 0; i < maps.length; i++) {
    const values = maps[i].values;
    for (const k in values) {
      out.recurring(k);
      total++;
    }
    out.u64At(offsets + 8 * i, total);
  }
  for (let i = 0; i < maps.length; i++) {
    const { values, types } = maps[i];
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

const attributesOf = (item: { attributes: TypedAttributes }): TypedAttributes => item.attributes;

/**
 * AttributeTypes: the OTLP type of every non-string attribute of a span, under the keys
 * traceRows uses: 'r.' resource, 'e<i>.' event i, 'l<i>.' link i, 's.' span.
 */
const writeAttributeTypes: ColumnWriter = (out, rows) => {
  const { spans, resources } = rows;
  // Offsets are filled in by the key pass, which counts the keys it writes.
  const offsets = out.reserve(8 * spans.length);
  let total = 0;
  for (let i = 0; i < spans.length; i++) {
    total += spanTypes(out, spans[i], resources[i], KEYS);
    out.u64At(offsets + 8 * i, total);
  }
  for (let i = 0; i < spans.length; i++) spanTypes(out, spans[i], resources[i], TYPES);
};

const KEYS = 1;
const TYPES = 2;

/** One pass of a Map column over a span's typed attributes: write their keys, or their types; returns how many. */
function spanTypes(out: NativeSink, span: Span, resource: ResourceAt, pass: number): number {
  let n = groupTypes(out, resource.attributes, 'r.', pass);
  const { events, links } = span;
  for (let i = 0; i < events.length; i++) n += groupTypes(out, events[i].attributes, `e${i}.`, pass);
  for (let i = 0; i < links.length; i++) n += groupTypes(out, links[i].attributes, `l${i}.`, pass);
  return n + groupTypes(out, span.attributes, 's.', pass);
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

// One function per column, each with its own loop (see Rows).
const WRITERS: Record<string, ColumnWriter> = {
  Timestamp: (out, { spans }) => {
    for (let i = 0; i < spans.length; i++) writeNanos(out, spans[i].startTimeUnixNano);
  },
  TraceId: (out, { spans }) => {
    for (let i = 0; i < spans.length; i++) out.string(spans[i].traceId);
  },
  SpanId: (out, { spans }) => {
    for (let i = 0; i < spans.length; i++) out.string(spans[i].spanId);
  },
  ParentSpanId: (out, { spans }) => {
    for (let i = 0; i < spans.length; i++) out.string(spans[i].parentSpanId);
  },
  TraceState: (out, { spans }) => {
    for (let i = 0; i < spans.length; i++) out.string(spans[i].traceState);
  },
  SpanName: (out, { spans }) => {
    for (let i = 0; i < spans.length; i++) out.string(spans[i].name);
  },
  SpanKind: (out, { spans }) => {
    for (let i = 0; i < spans.length; i++) out.string(SPAN_KIND_TEXT[spans[i].kind] ?? 'Unspecified');
  },
  ServiceName: (out, { resources }) => {
    for (let i = 0; i < resources.length; i++) out.string(resources[i].serviceName);
  },
  ResourceAttributes: (out, { resources }) => writeAttributeMaps(out, resources.map(attributesOf)),
  ScopeName: (out, { scopes }) => {
    for (let i = 0; i < scopes.length; i++) out.string(scopes[i].name);
  },
  ScopeVersion: (out, { scopes }) => {
    for (let i = 0; i < scopes.length; i++) out.string(scopes[i].version);
  },
  SpanAttributes: (out, { spans }) => writeAttributeMaps(out, spans.map(attributesOf)),
  Duration: (out, { spans }) => {
    for (let i = 0; i < spans.length; i++) writeDuration(out, spans[i].startTimeUnixNano, spans[i].endTimeUnixNano);
  },
  StatusCode: (out, { spans }) => {
    for (let i = 0; i < spans.length; i++) out.string(STATUS_TEXT[spans[i].statusCode] ?? 'Unset');
  },
  StatusMessage: (out, { spans }) => {
    for (let i = 0; i < spans.length; i++) out.string(spans[i].statusMessage);
  },
  'Events.Timestamp': (out, { events }) => {
    writeEnds(out, events.ends);
    for (const e of events.all) writeNanos(out, e.timeUnixNano);
  },
  'Events.Name': (out, { events }) => {
    writeEnds(out, events.ends);
    for (const e of events.all) out.string(e.name);
  },
  'Events.Attributes': (out, { events }) => {
    writeEnds(out, events.ends);
    writeAttributeMaps(out, events.all.map(attributesOf));
  },
  'Links.TraceId': (out, { links }) => {
    writeEnds(out, links.ends);
    for (const l of links.all) out.string(l.traceId);
  },
  'Links.SpanId': (out, { links }) => {
    writeEnds(out, links.ends);
    for (const l of links.all) out.string(l.spanId);
  },
  'Links.TraceState': (out, { links }) => {
    writeEnds(out, links.ends);
    for (const l of links.all) out.string(l.traceState);
  },
  'Links.Attributes': (out, { links }) => {
    writeEnds(out, links.ends);
    writeAttributeMaps(out, links.all.map(attributesOf));
  },
  ProjectId: (out, { spans, projectId }) => {
    for (let i = 0; i < spans.length; i++) out.string(projectId);
  },
  AttributeTypes: writeAttributeTypes,
  GenAiOperation: (out, { enrichments: e }) => {
    for (let i = 0; i < e.length; i++) out.string(e[i].operation);
  },
  GenAiProvider: (out, { enrichments: e }) => {
    for (let i = 0; i < e.length; i++) out.string(e[i].provider);
  },
  GenAiRequestModel: (out, { enrichments: e }) => {
    for (let i = 0; i < e.length; i++) out.string(e[i].requestModel);
  },
  GenAiResponseModel: (out, { enrichments: e }) => {
    for (let i = 0; i < e.length; i++) out.string(e[i].responseModel);
  },
  GenAiInputTokens: (out, { enrichments: e }) => {
    for (let i = 0; i < e.length; i++) writeCount(out, e[i].inputTokens);
  },
  GenAiOutputTokens: (out, { enrichments: e }) => {
    for (let i = 0; i < e.length; i++) writeCount(out, e[i].outputTokens);
  },
  GenAiCacheReadTokens: (out, { enrichments: e }) => {
    for (let i = 0; i < e.length; i++) writeCount(out, e[i].cacheReadTokens);
  },
  GenAiCacheWriteTokens: (out, { enrichments: e }) => {
    for (let i = 0; i < e.length; i++) writeCount(out, e[i].cacheWriteTokens);
  },
  GenAiReasoningTokens: (out, { enrichments: e }) => {
    for (let i = 0; i < e.length; i++) writeCount(out, e[i].reasoningTokens);
  },
  CostUsd: (out, { enrichments: e }) => {
    // Nullable: the null map for every row, then the values.
    for (let i = 0; i < e.length; i++) out.u8(e[i].costUsd === null ? 1 : 0);
    for (let i = 0; i < e.length; i++) out.f64(e[i].costUsd ?? 0);
  },
  CostSource: (out, { enrichments: e }) => {
    for (let i = 0; i < e.length; i++) out.string(e[i].costSource);
  },
  PriceVersion: (out, { enrichments: e }) => {
    for (let i = 0; i < e.length; i++) out.string(e[i].priceVersion);
  },
  GenAiAgentName: (out, { enrichments: e }) => {
    for (let i = 0; i < e.length; i++) out.string(e[i].agentName);
  },
  GenAiToolName: (out, { enrichments: e }) => {
    for (let i = 0; i < e.length; i++) out.string(e[i].toolName);
  },
  GenAiConversationId: (out, { enrichments: e }) => {
    for (let i = 0; i < e.length; i++) out.string(e[i].conversationId);
  },
  GenAiUserId: (out, { enrichments: e }) => {
    for (let i = 0; i < e.length; i++) out.string(e[i].userId);
  },
  GenAiStepType: (out, { enrichments: e }) => {
    for (let i = 0; i < e.length; i++) out.string(e[i].stepType);
  },
  GenAiRecord: (out, { enrichments: e }) => {
    for (let i = 0; i < e.length; i++) {
      const record = e[i].record;
      if (record === null) {
        out.string('');
        continue;
      }
      const start = out.beginString();
      writeCompactRecord(out, record);
      out.endString(start);
    }
  },
  GenAiDiagnostics: (out, { enrichments: e }) => {
    for (let i = 0; i < e.length; i++) out.string(e[i].diagnostics);
  },
  GenAiTags: (out, { enrichments: e }) => {
    // Array(String): cumulative lengths, then every tag.
    let total = 0;
    for (let i = 0; i < e.length; i++) out.u64((total += e[i].tags.length));
    for (let i = 0; i < e.length; i++) for (const tag of e[i].tags) out.string(tag);
  },
};

/** The table's columns in order, each with its writer; a column without one fails at load, not at insert. */
const COLUMNS = nativeColumns([...OTEL_TRACES_CONTRIB_COLUMNS, ...WATCHLLM_TRACE_COLUMNS]).map((c) => {
  const write = WRITERS[c.name];
  if (!write) throw new Error(`otel_traces column ${c.name} has no Native writer in trace-block.ts`);
  return { ...c, write };
});
