import type { SpanRecordRow } from '../reader/trace-rows.js';

export type GenAiDto = Record<string, unknown> & {
  operation: string | null;
  provider: string | null;
  requestModel: string | null;
  responseModel: string | null;
  inputTokens: number | null;
  outputTokens: number | null;
  costUsd: number | null;
  costSource: string | null;
  stepType: string;
};

/** The stored GenAiRecord JSON as an object, or undefined when empty or malformed. */
export function parseGenAiRecord(s: string): Record<string, unknown> | undefined {
  if (!s) return undefined;
  try {
    const v = JSON.parse(s) as unknown;
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

const orNull = (s: string) => (s === '' ? null : s);

/**
 * The canonical GenAI record of a stored span, or null for a span with no GenAI meaning.
 * `completed` is a record merged at read time (log records); it replaces the stored JSON.
 */
export function genAiDto(r: SpanRecordRow, completed?: object | null): GenAiDto | null {
  const record = (completed ?? parseGenAiRecord(r.GenAiRecord)) as Record<string, unknown> | undefined;
  if (!record && r.GenAiStepType === '' && r.GenAiOperation === '') return null;
  const fromRecord = <T>(key: string): T | null => (record?.[key] as T | null | undefined) ?? null;
  // A count the instrumentation did not report is null in the record (the column can only say 0).
  const tokens = (key: string, column: string): number | null => (record ? fromRecord<number>(key) : Number(column));
  // Typed columns are authoritative when set (a reprice updates them); the record carries everything else.
  return {
    ...record,
    operation: orNull(r.GenAiOperation) ?? fromRecord<string>('operation'),
    provider: orNull(r.GenAiProvider) ?? fromRecord<string>('provider'),
    requestModel: orNull(r.GenAiRequestModel) ?? fromRecord<string>('requestModel'),
    responseModel: orNull(r.GenAiResponseModel) ?? fromRecord<string>('responseModel'),
    inputTokens: tokens('inputTokens', r.InputTokens),
    outputTokens: tokens('outputTokens', r.OutputTokens),
    cacheReadTokens: tokens('cacheReadTokens', r.CacheReadTokens),
    cacheWriteTokens: tokens('cacheWriteTokens', r.CacheWriteTokens),
    reasoningTokens: tokens('reasoningTokens', r.ReasoningTokens),
    costUsd: r.CostUsd === null ? null : Number(r.CostUsd),
    costSource: orNull(r.CostSource),
    priceVersion: orNull(r.PriceVersion),
    agentName: orNull(r.GenAiAgentName) ?? fromRecord<string>('agentName'),
    toolName: orNull(r.GenAiToolName) ?? fromRecord<string>('toolName'),
    conversationId: orNull(r.GenAiConversationId) ?? fromRecord<string>('conversationId'),
    userId: orNull(r.GenAiUserId) ?? fromRecord<string>('userId'),
    stepType: r.GenAiStepType || (fromRecord<string>('stepType') ?? 'other'),
    diagnostics: (completed ? undefined : parseGenAiRecord(r.GenAiDiagnostics)) ?? fromRecord('diagnostics'),
  };
}
