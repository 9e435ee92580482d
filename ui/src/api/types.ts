// DTOs of the query service's JSON API (issue 5). Times in nanoseconds may arrive as strings.

import type { AttrValue, Attributes, GenAiDiagnostics, GenAiRecord, Message, MessagePart, StepType } from '@watchllm/semconv';

export type { AttrValue, Attributes, MessagePart, StepType };
export type ChatMessage = Message;
export type NanoTime = string | number;

export interface TraceSummary {
  traceId: string;
  rootName: string;
  serviceName: string;
  startTimeUnixNano: NanoTime;
  durationMs: number;
  spanCount: number;
  errorCount: number;
  llmCallCount: number;
  inputTokens: number | null;
  outputTokens: number | null;
  costUsd: number | null;
  models: string[];
  sessionId: string | null;
  userId: string | null;
}

export interface TraceSearchResponse {
  traces: TraceSummary[];
  nextCursor: string | null;
}

/** A span's canonical GenAI record as the API returns it: the normalizer's record plus its priced columns. */
export type GenAi = Omit<GenAiRecord, 'requestParameters' | 'diagnostics'> & {
  costUsd: number | null;
  costSource: string | null;
  requestParameters: Record<string, unknown> | null;
  diagnostics: Partial<GenAiDiagnostics> | null;
};

export interface SpanStatus {
  code: 'UNSET' | 'OK' | 'ERROR';
  message?: string;
}

export interface SpanEvent {
  name: string;
  timeUnixNano: NanoTime;
  attributes: Attributes;
}

export interface Span {
  traceId: string;
  spanId: string;
  parentSpanId: string | null;
  name: string;
  kind: string;
  serviceName: string;
  startTimeUnixNano: NanoTime;
  endTimeUnixNano: NanoTime;
  durationMs: number;
  status: SpanStatus;
  attributes: Attributes;
  resourceAttributes: Attributes;
  events: SpanEvent[];
  depth: number;
  orphan?: boolean;
  genAi: GenAi | null;
}

export interface TraceDetail {
  traceId: string;
  spans: Span[];
}

export interface ToolCallRequest {
  id: string | null;
  name: string;
  arguments: unknown;
}

export interface Step {
  index: number;
  spanId: string;
  parentSpanId: string | null;
  type: StepType;
  name: string;
  startTimeUnixNano: NanoTime;
  durationMs: number;
  status: SpanStatus | string;
  agentName: string | null;
  model: string | null;
  inputMessages: ChatMessage[] | null;
  outputMessages: ChatMessage[] | null;
  requestedToolCalls: ToolCallRequest[] | null;
  toolName: string | null;
  toolCallId: string | null;
  toolArguments: unknown;
  toolResult: unknown;
  inputTokens: number | null;
  outputTokens: number | null;
  costUsd: number | null;
}

export interface StepEdge {
  from: string;
  to: string;
  kind: 'tool_call' | 'child';
}

export interface StepsResponse {
  traceId: string;
  steps: Step[];
  edges: StepEdge[];
}

export interface SessionSummary {
  sessionId: string;
  userId: string | null;
  traceCount: number;
  firstSeenUnixNano: NanoTime;
  lastSeenUnixNano: NanoTime;
  inputTokens: number | null;
  outputTokens: number | null;
  costUsd: number | null;
}

export interface SessionListResponse {
  sessions: SessionSummary[];
  nextCursor: string | null;
}

export interface SessionTurn {
  traceId: string;
  rootName: string;
  startTimeUnixNano: NanoTime;
  durationMs: number;
  inputMessages: ChatMessage[] | null;
  outputMessages: ChatMessage[] | null;
  costUsd: number | null;
  inputTokens: number | null;
  outputTokens: number | null;
}

export interface SessionDetail {
  sessionId: string;
  userId: string | null;
  traces: SessionTurn[];
}

export interface CostRow {
  key: string;
  costUsd: number | null;
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  reasoningTokens: number;
  calls: number;
  errors: number;
  unpricedCalls: number;
}

export interface CostsResponse {
  groupBy: string;
  rows: CostRow[];
  total: Omit<CostRow, 'key'> & { key?: string };
}

export interface LatencyRow {
  key: string;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  count: number;
  ttftP50Ms?: number | null;
}

export interface LatencyResponse {
  groupBy: string;
  rows: LatencyRow[];
}

export type SeriesPoint = [number, number | null];

export interface TimeSeries {
  key: string;
  points: SeriesPoint[];
}

export interface TimeSeriesResponse {
  series: TimeSeries[];
}
