/**
 * WatchLLM's internal telemetry model. It keeps OTLP's resource → scope → item
 * shape until the row writer flattens it; ids are lower-case hex, 64-bit times
 * decimal nanosecond strings, attribute values typed JS values.
 */
import type { GenAiRecord } from '@watchllm/semconv';
import type { ExtractedMedia } from './media.js';

export type AttrValue = string | number | boolean | null | AttrValue[] | { [key: string]: AttrValue };
export type Attributes = Record<string, AttrValue>;

/** OTLP value types other than string; kept so stored values read back typed. */
export type ValueType = 'bool' | 'int' | 'double' | 'array' | 'kvlist' | 'bytes' | 'empty';
export type ValueTypes = Record<string, ValueType>;

/**
 * `obj[key] = value`, also when a sender names an attribute "__proto__": plain assignment would
 * set the object's prototype instead (losing the attribute, and a kvlist value's keys would show
 * up as inherited attributes of every for-in over the map).
 */
export function putOwn<T>(obj: Record<string, T>, key: string, value: T): void {
  if (key === '__proto__') Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
  else obj[key] = value;
}

export interface TypedAttributes {
  values: Attributes;
  /** Only keys whose value is not a plain string; undefined when all are strings. */
  types: ValueTypes | undefined;
}

export interface Scope {
  name: string;
  version: string;
  attributes: TypedAttributes;
}

export interface SpanEvent {
  timeUnixNano: string;
  name: string;
  attributes: TypedAttributes;
}

export interface SpanLink {
  traceId: string;
  spanId: string;
  traceState: string;
  attributes: TypedAttributes;
}

export const SPAN_KINDS = [
  'SPAN_KIND_UNSPECIFIED',
  'SPAN_KIND_INTERNAL',
  'SPAN_KIND_SERVER',
  'SPAN_KIND_CLIENT',
  'SPAN_KIND_PRODUCER',
  'SPAN_KIND_CONSUMER',
] as const;
export type SpanKindName = (typeof SPAN_KINDS)[number];

export const STATUS_CODES = ['STATUS_CODE_UNSET', 'STATUS_CODE_OK', 'STATUS_CODE_ERROR'] as const;

export interface Span {
  traceId: string;
  spanId: string;
  parentSpanId: string;
  traceState: string;
  name: string;
  kind: number;
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  attributes: TypedAttributes;
  events: SpanEvent[];
  links: SpanLink[];
  statusCode: number;
  statusMessage: string;
  /** Filled by processors (e.g. genai); written to WatchLLM's own columns. */
  enrichment?: SpanEnrichment;
}

/** Canonical GenAI fields stored in typed columns (see storage/schema.ts). */
export interface SpanEnrichment {
  operation: string;
  provider: string;
  requestModel: string;
  responseModel: string;
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
  reasoningTokens: number;
  costUsd: number | null;
  costSource: string;
  priceVersion: string;
  agentName: string;
  toolName: string;
  conversationId: string;
  userId: string;
  /** Labels to filter traces by (Langfuse tags, OpenInference tag.tags, …); [] when none. */
  tags: string[];
  stepType: string;
  /** The canonical record, stored as the JSON of its non-null fields (storage/record-json.ts); null: none. */
  record: GenAiRecord | null;
  /** JSON of normalizer diagnostics. */
  diagnostics: string;
}

export interface ScopeSpans {
  scope: Scope;
  spans: Span[];
}

export interface ResourceSpans {
  resource: TypedAttributes;
  scopeSpans: ScopeSpans[];
}

export interface TracesBatch {
  projectId: string;
  resourceSpans: ResourceSpans[];
  /** Spans dropped while decoding (bad ids …), reported as OTLP partial success. */
  rejectedSpans: number;
  rejectionReasons: string[];
  /** Files the media processor took out of the spans, by id; stored with the batch. */
  media?: ExtractedMedia[];
}

/** Calls `fn` with every span of the batch, in order. */
export function forEachSpan(batch: TracesBatch, fn: (span: Span) => void): void {
  for (const rs of batch.resourceSpans) for (const ss of rs.scopeSpans) for (const span of ss.spans) fn(span);
}

export function countSpans(batch: TracesBatch): number {
  let n = 0;
  for (const rs of batch.resourceSpans) for (const ss of rs.scopeSpans) n += ss.spans.length;
  return n;
}
