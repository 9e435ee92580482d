/** Public types of the canonical GenAI record and of the span/log inputs the normalizer reads. */

/**
 * An attribute value as it arrives from OTLP, already decoded: arrays and kvlists as JS arrays/objects,
 * bytes as a base64 string; an int64 beyond 2^53 may arrive as a decimal string.
 */
export type AttrValue = string | number | boolean | null | AttrValue[] | { [k: string]: AttrValue };
export type Attributes = Record<string, AttrValue>;

export interface SpanEventInput {
  name: string;
  timeUnixNano: string;
  attributes: Attributes;
}

export interface SpanInput {
  name: string;
  /** OTLP enum name: 'SPAN_KIND_UNSPECIFIED' | 'SPAN_KIND_INTERNAL' | 'SPAN_KIND_SERVER' | 'SPAN_KIND_CLIENT' | 'SPAN_KIND_PRODUCER' | 'SPAN_KIND_CONSUMER'. */
  kind: string;
  scopeName: string;
  /** The instrumentation scope's version, where known: some libraries' quirks are fixed in later versions. */
  scopeVersion?: string;
  attributes: Attributes;
  resourceAttributes: Attributes;
  events: SpanEventInput[];
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  statusCode: 'UNSET' | 'OK' | 'ERROR';
  statusMessage: string;
}

export interface LogRecordInput {
  /** OTLP LogRecord.event_name; when empty the `event.name` attribute is used. */
  eventName: string;
  timeUnixNano: string;
  attributes: Attributes;
  body: AttrValue;
  traceId: string;
  spanId: string;
}

/** What a span is as a step of an agent run. */
export const STEP_TYPES = ['llm', 'embedding', 'tool', 'agent', 'retrieval', 'chain', 'other'] as const;
export type StepType = (typeof STEP_TYPES)[number];

export interface MessagePart {
  type: string;
  content?: string;
  id?: string;
  name?: string;
  arguments?: unknown;
  response?: unknown;
  [k: string]: unknown;
}

export interface Message {
  role: string;
  parts: MessagePart[];
  name?: string;
  finish_reason?: string;
}

export interface GenAiDiagnostics {
  /** Conventions that contributed, in precedence order (e.g. 'otel-genai', 'vercel-ai'). */
  conventions: string[];
  /** Attribute keys (and event names as `event:<name>`) the normalizer understood. */
  mapped: string[];
  /** Keys under gen_ai.*, llm.*, ai.*, traceloop.* that were present but not understood. */
  unmapped: string[];
  /** Conversions and dropped values, in plain words. */
  notes: string[];
}

export interface GenAiRecord {
  operation: string | null;
  provider: string | null;
  requestModel: string | null;
  responseModel: string | null;
  responseId: string | null;
  /** Includes cache read + cache write tokens (spec semantics). */
  inputTokens: number | null;
  /** Includes reasoning tokens (spec semantics). */
  outputTokens: number | null;
  cacheReadTokens: number | null;
  cacheWriteTokens: number | null;
  reasoningTokens: number | null;
  inputMessages: Message[] | null;
  outputMessages: Message[] | null;
  systemInstructions: MessagePart[] | null;
  toolDefinitions: unknown[] | null;
  toolName: string | null;
  toolCallId: string | null;
  toolArguments: unknown;
  toolResult: unknown;
  agentName: string | null;
  agentId: string | null;
  workflowName: string | null;
  conversationId: string | null;
  userId: string | null;
  /** Labels for filtering traces (Langfuse trace tags, OpenInference `tag.tags`, Vercel metadata tags): trimmed, unique, in source order. */
  tags: string[] | null;
  finishReasons: string[] | null;
  timeToFirstChunkMs: number | null;
  stream: boolean | null;
  errorType: string | null;
  /** temperature, top_p, max_tokens, ... keyed by the semconv suffix (`gen_ai.request.<key>`). */
  requestParameters: Record<string, AttrValue>;
  reportedCostUsd: number | null;
  stepType: StepType;
  diagnostics: GenAiDiagnostics;
}
