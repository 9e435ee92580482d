import type { TraceSummary } from '../reader/trace-summary.js';
import type { TurnMessages } from '../session-turns.js';
import { nanosToMs } from './span.js';

export interface TraceSummaryDto {
  traceId: string;
  rootName: string;
  serviceName: string;
  startTimeUnixNano: string;
  durationMs: number;
  spanCount: number;
  errorCount: number;
  llmCallCount: number;
  inputTokens: number;
  outputTokens: number;
  costUsd: number | null;
  models: string[];
  sessionId: string | null;
  userId: string | null;
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
    sessionId: t.sessionId,
    userId: t.userId,
  };
}

export type SessionTurnDto = TraceSummaryDto & { inputMessages: unknown[] | null; outputMessages: unknown[] | null };

export function toSessionTurnDto(t: TraceSummary, turn: TurnMessages): SessionTurnDto {
  return { ...toTraceSummaryDto(t), inputMessages: turn.inputMessages, outputMessages: turn.outputMessages };
}
