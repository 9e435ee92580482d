import type { TraceSummary } from '../reader/trace-summary.js';
import type { TurnMessages } from '../session-turns.js';
import type { TraceScore } from '../reader/evaluation-reader.js';
import { nanosToMs } from './span.js';

/** The reader's summary as the API sends it: the same fields, with the duration in milliseconds. */
export interface TraceSummaryDto extends Omit<TraceSummary, 'durationNanos'> {
  durationMs: number;
}

export function toTraceSummaryDto(t: TraceSummary): TraceSummaryDto {
  return {
    traceId: t.traceId,
    rootName: t.rootName,
    serviceName: t.serviceName,
    startTimeUnixNano: t.startTimeUnixNano,
    durationMs: nanosToMs(t.durationNanos),
    spanCount: t.spanCount,
    errorCount: t.errorCount,
    llmCallCount: t.llmCallCount,
    inputTokens: t.inputTokens,
    outputTokens: t.outputTokens,
    costUsd: t.costUsd,
    models: t.models,
    tags: t.tags,
    sessionId: t.sessionId,
    userId: t.userId,
  };
}

/** A trace in the search results: its summary and its evaluation results by name. */
export interface TraceListItemDto extends TraceSummaryDto {
  scores: TraceScore[];
}

export type SessionTurnDto = TraceListItemDto & { inputMessages: unknown[] | null; outputMessages: unknown[] | null };

export function toSessionTurnDto(t: TraceSummary, turn: TurnMessages, scores: TraceScore[]): SessionTurnDto {
  return { ...toTraceSummaryDto(t), scores, inputMessages: turn.inputMessages, outputMessages: turn.outputMessages };
}
