// DTOs of the query service's JSON API (issue 5). Times in nanoseconds may arrive as strings.

export type NanoTime = string | number;
export type StepType = 'llm' | 'embedding' | 'tool' | 'agent' | 'retrieval' | 'chain' | 'other';
export type AttrValue = string | number | boolean | null | AttrValue[] | { [k: string]: AttrValue };
export type Attributes = Record<string, AttrValue>;

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

export interface MessagePart {
  type: string;
  content?: unknown;
  id?: string;
  name?: string;
  arguments?: unknown;
  response?: unknown;
  [k: string]: unknown;
}

export interface ChatMessage {
  role: string;
  parts: MessagePart[];
  name?: string;
  finish_reason?: string;
}

export interface GenAi {
  operation: string | null;
  provider: string | null;
  requestModel: string | null;
  responseModel: string | null;
  inputTokens: number | null;
  outputTokens: number | null;
  cacheReadTokens: number | null;
  cacheWriteTokens: number | null;
  reasoningTokens: number | null;
  costUsd: number | null;
  costSource: string | null;
  inputMessages: ChatMessage[] | null;
  outputMessages: ChatMessage[] | null;
  systemInstructions: MessagePart[] | null;
  toolDefinitions: unknown[] | null;
  toolName: string | null;
  toolCallId: string | null;
  toolArguments: unknown;
  toolResult: unknown;
  agentName: string | null;
  conversationId: string | null;
  userId: string | null;
  finishReasons: string[] | null;
  timeToFirstChunkMs: number | null;
  stream: boolean | null;
  errorType: string | null;
  requestParameters: Record<string, unknown> | null;
  stepType: StepType;
  diagnostics: { conventions?: string[]; mapped?: string[]; unmapped?: string[]; notes?: string[] } | null;
}

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
