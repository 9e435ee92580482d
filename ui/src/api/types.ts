// DTOs of the query service's JSON API (issue 5): the query package's own response types, imported type-only so
// nothing of it reaches the bundle. Where the UI knows more than the wire type says (messages and attributes are
// the normalizer's shapes from @watchllm/semconv), the type is narrowed here, never restated.

import type { AttrValue, Attributes, GenAiDiagnostics, GenAiRecord, Message, MessagePart, StepType } from '@watchllm/semconv';
import type {
  CostRow,
  EvaluationSummary,
  GenAiDto,
  LatencyRow,
  LogRecordDto,
  MapEdge,
  MapNode,
  Series,
  UserSummary,
  SessionScore,
  ScoreConfigDto,
  ScoreConfigListDto,
  AnnotationQueueDto,
  AnnotationQueueDetailDto,
  AnnotationQueueListDto,
  AnnotationQueueSummaryDto,
  QueueItemDto,
  SessionSummary,
  SessionTurnDto,
  SpanDto,
  StepDto,
  StepEdge,
  StepsDto,
  TraceListItemDto,
  TracePreview,
  TraceSummaryDto,
  UsageTotals,
  LangfusePromptDto,
  LangfusePromptListDto,
  PromptUsageDto,
  CommentDto,
  CommentListDto,
  EvaluatorDto,
  EvaluatorListItem,
  ModelPriceDto,
  ModelPriceListDto,
  CompareRowDto,
  DatasetCompareDto,
  DatasetDetailDto,
  DatasetItemDto,
  DatasetListDto,
  DatasetRunSummaryDto,
  DatasetSummaryDto,
  RunResultDto,
  PlaygroundConnection,
  PlaygroundMessage,
  PlaygroundReply,
} from '@watchllm/query';

export type { AttrValue, Attributes, CostRow, EvaluationSummary, LatencyRow, MapEdge, MapNode, MessagePart, SessionSummary, StepEdge, StepType };
export type { TracePreview, UserSummary };
export type { PlaygroundConnection, PlaygroundMessage, PlaygroundReply };
export interface UserListResponse {
  users: UserSummary[];
  nextCursor: string | null;
}
export interface ServiceMapResponse {
  nodes: MapNode[];
  edges: MapEdge[];
}
export type Evaluation = SpanDto['evaluations'][number];
export type ChatMessage = Message;
/** A nanosecond timestamp: the API sends decimal strings; the formatters also take numbers. */
export type NanoTime = string | number;
export type TraceSummary = TraceSummaryDto;
export type LogRecord = LogRecordDto;

export interface LogListResponse {
  logs: LogRecord[];
  nextCursor: string | null;
}
export type TimeSeries = Series;

/** The query types say `unknown[]`; the messages are those of semconv's GenAiRecord, which the query reads them from. */
type WithMessages<T> = Omit<T, 'inputMessages' | 'outputMessages'> & {
  inputMessages: ChatMessage[] | null;
  outputMessages: ChatMessage[] | null;
};

/** A trace in the search results: its summary and evaluation scores. */
export type TraceListItem = TraceListItemDto;

export interface TraceSearchResponse {
  traces: TraceListItem[];
  nextCursor: string | null;
}

/** A span's canonical GenAI record as the API returns it: the normalizer's record plus its priced columns. */
export type GenAi = Omit<GenAiRecord, 'requestParameters' | 'diagnostics'> &
  Pick<GenAiDto, 'costUsd' | 'costSource'> & {
    requestParameters: Record<string, unknown> | null;
    diagnostics: Partial<GenAiDiagnostics> | null;
    /** Which price costed it (`model:<id>` for a project's model); the DTO sends it untyped. */
    priceVersion?: string | null;
  };

/** Attribute values are the stored OTLP values (AttrValue); the span DTO only says `unknown`. */
export type SpanEvent = Omit<SpanDto['events'][number], 'attributes'> & { attributes: Attributes };

export type Span = Omit<SpanDto, 'attributes' | 'resourceAttributes' | 'events' | 'genAi'> & {
  attributes: Attributes;
  resourceAttributes: Attributes;
  events: SpanEvent[];
  genAi: GenAi | null;
};

export interface TraceDetail {
  traceId: string;
  spans: Span[];
}

export type Step = WithMessages<StepDto>;
export type StepsResponse = Omit<StepsDto, 'steps'> & { steps: Step[] };

export interface SessionListResponse {
  /** Each with its scores as a whole summed up by name (absent from servers before session scores). */
  sessions: (SessionSummary & { scores?: TraceListItem['scores'] })[];
  nextCursor: string | null;
}

export type SessionTurn = WithMessages<SessionTurnDto>;
export type { SessionScore };
export type Comment = CommentDto;
export type CommentList = CommentListDto;
export type CommentObjectType = CommentDto['objectType'];
/** The session's summary with its turns, oldest first, and its scores as a whole (absent from servers before session scores). */
export type SessionDetail = SessionSummary & { traces: SessionTurn[]; scores?: SessionScore[] };

export interface CostsResponse {
  groupBy: string;
  rows: CostRow[];
  total: UsageTotals;
}

export interface LatencyResponse {
  groupBy: string;
  rows: LatencyRow[];
}

export interface TimeSeriesResponse {
  series: TimeSeries[];
}

/** GET /api/v1/logs/volume: records per bucket, one series per severity level. */
export interface LogVolumeResponse {
  step: number;
  series: TimeSeries[];
}

export interface EvaluationsResponse {
  groupBy: string;
  rows: EvaluationSummary[];
}
/** Langfuse's prompt list and one prompt version (/api/public/v2/prompts), as the prompt pages read them. */
export type PromptListResponse = LangfusePromptListDto;
export type PromptVersionDto = LangfusePromptDto;
/** Calls made from a prompt's versions (/api/v1/prompts/{name}/usage). */
export type PromptUsageResponse = PromptUsageDto;
/** Datasets and their experiment runs (/api/v1/datasets), as the query service answers them. */
export type { CompareRowDto, DatasetCompareDto, DatasetDetailDto, DatasetItemDto, DatasetListDto, DatasetRunSummaryDto, DatasetSummaryDto, RunResultDto };
/** Online evaluators (/api/v1/evaluators): the list, one evaluator, and a try on a trace (/{name}/test). */
export type { EvaluatorDto, EvaluatorListItem };
/** Score configs (/api/v1/score-configs): what a score of a name may be, offered by the score forms. */
export type { ScoreConfigDto, ScoreConfigListDto };
/** Annotation queues (/api/v1/annotation-queues): queues with counts, a queue with its items, an item. */
export type { AnnotationQueueDto, AnnotationQueueDetailDto, AnnotationQueueListDto, AnnotationQueueSummaryDto, QueueItemDto };
export interface EvaluatorListResponse {
  evaluators: EvaluatorListItem[];
}
export interface EvaluatorTestResult {
  traceId: string;
  spanId: string;
  prompt: string;
  score?: number | null;
  label?: string | null;
  reasoning?: string;
  error?: string;
}
/** A project's model prices and the built-in catalog's (/api/v1/model-prices). */
export type { ModelPriceDto, ModelPriceListDto };
