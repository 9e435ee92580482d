// One recorder for every provider: turns a provider-neutral request/result into a GenAI span + metrics.
import {
  SpanKind,
  SpanStatusCode,
  context,
  trace,
  type Attributes,
  type Histogram,
  type Meter,
  type Span,
  type Tracer,
} from '@opentelemetry/api';
import * as A from './attributes.js';
import type { InputMessage, MessagePart, OutputMessage, ToolDefinition } from './messages.js';
import { errorType } from './errors.js';
import { scopeAttributes } from './scope.js';

export interface InferenceRequest {
  operation: string;
  provider: string;
  model?: string;
  serverAddress?: string;
  serverPort?: number;
  /** `gen_ai.request.*` (and other request-time) attributes, already named. */
  attributes: Attributes;
  /** Built only when content capture is on, so the cost is paid only then. */
  content?: () => RequestContent;
}

export interface RequestContent {
  inputMessages?: InputMessage[];
  systemInstructions?: MessagePart[];
  toolDefinitions?: ToolDefinition[];
}

export interface TokenUsage {
  /** Includes cached input (read and creation), as the spec defines it. */
  inputTokens?: number;
  /** Includes reasoning output. */
  outputTokens?: number;
  cacheReadInputTokens?: number;
  cacheCreationInputTokens?: number;
  reasoningOutputTokens?: number;
}

export interface InferenceResult {
  responseId?: string;
  responseModel?: string;
  finishReasons?: string[];
  usage?: TokenUsage;
  outputType?: string;
  outputMessages?: () => OutputMessage[];
}

export interface TelemetrySettings {
  tracer: Tracer;
  meter: Meter;
  captureMessageContent: boolean;
}

/** A started GenAI call. `end` and `fail` are idempotent: the first one wins. */
export interface InferenceCall {
  readonly span: Span;
  readonly captureContent: boolean;
  firstChunk(): void;
  end(result: InferenceResult): void;
  fail(error: unknown): void;
}

export class GenAiTelemetry {
  readonly captureMessageContent: boolean;
  private readonly tracer: Tracer;
  private readonly tokenUsage: Histogram;
  private readonly duration: Histogram;

  constructor(settings: TelemetrySettings) {
    this.tracer = settings.tracer;
    this.captureMessageContent = settings.captureMessageContent;
    this.tokenUsage = settings.meter.createHistogram(A.METRIC_GEN_AI_CLIENT_TOKEN_USAGE, {
      description: 'Number of input and output tokens used.',
      unit: '{token}',
      advice: { explicitBucketBoundaries: A.TOKEN_USAGE_BUCKETS },
    });
    this.duration = settings.meter.createHistogram(A.METRIC_GEN_AI_CLIENT_OPERATION_DURATION, {
      description: 'GenAI operation duration.',
      unit: 's',
      advice: { explicitBucketBoundaries: A.OPERATION_DURATION_BUCKETS },
    });
  }

  start(request: InferenceRequest): InferenceCall {
    const attributes: Attributes = {
      [A.ATTR_GEN_AI_OPERATION_NAME]: request.operation,
      [A.ATTR_GEN_AI_PROVIDER_NAME]: request.provider,
      ...scopeAttributes(),
      ...request.attributes,
    };
    if (request.model) attributes[A.ATTR_GEN_AI_REQUEST_MODEL] = request.model;
    if (request.serverAddress) {
      attributes[A.ATTR_SERVER_ADDRESS] = request.serverAddress;
      if (request.serverPort) attributes[A.ATTR_SERVER_PORT] = request.serverPort;
    }
    const name = request.model ? `${request.operation} ${request.model}` : request.operation;
    const span = this.tracer.startSpan(name, { kind: SpanKind.CLIENT, attributes }, context.active());
    if (this.captureMessageContent && request.content && span.isRecording()) {
      setContentAttributes(span, request.content);
    }
    return new Call(this, span, request, performance.now());
  }

  /** @internal called by Call when it finishes. */
  recordMetrics(request: InferenceRequest, seconds: number, result: InferenceResult | undefined, error?: string): void {
    const attrs: Attributes = {
      [A.ATTR_GEN_AI_OPERATION_NAME]: request.operation,
      [A.ATTR_GEN_AI_PROVIDER_NAME]: request.provider,
    };
    if (request.model) attrs[A.ATTR_GEN_AI_REQUEST_MODEL] = request.model;
    if (result?.responseModel) attrs[A.ATTR_GEN_AI_RESPONSE_MODEL] = result.responseModel;
    if (request.serverAddress) {
      attrs[A.ATTR_SERVER_ADDRESS] = request.serverAddress;
      if (request.serverPort) attrs[A.ATTR_SERVER_PORT] = request.serverPort;
    }
    this.duration.record(seconds, error ? { ...attrs, [A.ATTR_ERROR_TYPE]: error } : attrs);
    const usage = result?.usage;
    if (usage?.inputTokens !== undefined) {
      this.tokenUsage.record(usage.inputTokens, { ...attrs, [A.ATTR_GEN_AI_TOKEN_TYPE]: 'input' });
    }
    if (usage?.outputTokens !== undefined) {
      this.tokenUsage.record(usage.outputTokens, { ...attrs, [A.ATTR_GEN_AI_TOKEN_TYPE]: 'output' });
    }
  }
}

class Call implements InferenceCall {
  private finished = false;
  private firstChunkSeconds: number | undefined;

  constructor(
    private readonly telemetry: GenAiTelemetry,
    readonly span: Span,
    private readonly request: InferenceRequest,
    private readonly startedAt: number,
  ) {}

  get captureContent(): boolean {
    return this.telemetry.captureMessageContent;
  }

  firstChunk(): void {
    if (this.firstChunkSeconds === undefined) this.firstChunkSeconds = (performance.now() - this.startedAt) / 1000;
  }

  end(result: InferenceResult): void {
    if (this.finished) return;
    this.finished = true;
    const span = this.span;
    if (span.isRecording()) span.setAttributes(resultAttributes(result, this.firstChunkSeconds));
    if (this.captureContent && result.outputMessages && span.isRecording()) {
      span.setAttribute(A.ATTR_GEN_AI_OUTPUT_MESSAGES, JSON.stringify(result.outputMessages()));
    }
    span.end();
    this.telemetry.recordMetrics(this.request, (performance.now() - this.startedAt) / 1000, result);
  }

  fail(error: unknown): void {
    if (this.finished) return;
    this.finished = true;
    const type = errorType(error);
    const span = this.span;
    span.setAttribute(A.ATTR_ERROR_TYPE, type);
    if (error instanceof Error) span.recordException(error);
    span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
    span.end();
    this.telemetry.recordMetrics(this.request, (performance.now() - this.startedAt) / 1000, undefined, type);
  }
}

function setContentAttributes(span: Span, build: () => RequestContent): void {
  const content = build();
  if (content.inputMessages) span.setAttribute(A.ATTR_GEN_AI_INPUT_MESSAGES, JSON.stringify(content.inputMessages));
  if (content.systemInstructions?.length) {
    span.setAttribute(A.ATTR_GEN_AI_SYSTEM_INSTRUCTIONS, JSON.stringify(content.systemInstructions));
  }
  if (content.toolDefinitions?.length) {
    span.setAttribute(A.ATTR_GEN_AI_TOOL_DEFINITIONS, JSON.stringify(content.toolDefinitions));
  }
}

function resultAttributes(result: InferenceResult, firstChunkSeconds: number | undefined): Attributes {
  const attrs: Attributes = {};
  if (result.responseId) attrs[A.ATTR_GEN_AI_RESPONSE_ID] = result.responseId;
  if (result.responseModel) attrs[A.ATTR_GEN_AI_RESPONSE_MODEL] = result.responseModel;
  if (result.finishReasons?.length) attrs[A.ATTR_GEN_AI_RESPONSE_FINISH_REASONS] = result.finishReasons;
  if (result.outputType) attrs[A.ATTR_GEN_AI_OUTPUT_TYPE] = result.outputType;
  if (firstChunkSeconds !== undefined) attrs[A.ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK] = firstChunkSeconds;
  const u = result.usage;
  if (u) {
    if (u.inputTokens !== undefined) attrs[A.ATTR_GEN_AI_USAGE_INPUT_TOKENS] = u.inputTokens;
    if (u.outputTokens !== undefined) attrs[A.ATTR_GEN_AI_USAGE_OUTPUT_TOKENS] = u.outputTokens;
    if (u.cacheReadInputTokens !== undefined) attrs[A.ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS] = u.cacheReadInputTokens;
    if (u.cacheCreationInputTokens !== undefined) {
      attrs[A.ATTR_GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS] = u.cacheCreationInputTokens;
    }
    if (u.reasoningOutputTokens !== undefined) {
      attrs[A.ATTR_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS] = u.reasoningOutputTokens;
    }
  }
  return attrs;
}

/** Runs `fn` with `span` as the active span, so nested HTTP spans become its children. */
export function withSpan<T>(span: Span, fn: () => T): T {
  return context.with(trace.setSpan(context.active(), span), fn);
}
