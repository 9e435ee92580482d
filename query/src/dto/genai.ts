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

function parseJson(s: string): Record<string, unknown> | undefined {
  if (!s) return undefined;
  try {
    const v = JSON.parse(s) as unknown;
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

const orNull = (s: string) => (s === '' ? null : s);

/** The canonical GenAI record of a stored span, or null for a span with no GenAI meaning. */
export function genAiDto(r: SpanRecordRow): GenAiDto | null {
  const record = parseJson(r.GenAiRecord);
  if (!record && r.GenAiStepType === '' && r.GenAiOperation === '') return null;
  // Typed columns are authoritative (a reprice updates them); the record carries everything else.
  return {
    ...record,
    operation: orNull(r.GenAiOperation),
    provider: orNull(r.GenAiProvider),
    requestModel: orNull(r.GenAiRequestModel),
    responseModel: orNull(r.GenAiResponseModel),
    inputTokens: (record?.inputTokens as number | null | undefined) ?? Number(r.InputTokens),
    outputTokens: (record?.outputTokens as number | null | undefined) ?? Number(r.OutputTokens),
    cacheReadTokens: (record?.cacheReadTokens as number | null | undefined) ?? Number(r.CacheReadTokens),
    cacheWriteTokens: (record?.cacheWriteTokens as number | null | undefined) ?? Number(r.CacheWriteTokens),
    reasoningTokens: (record?.reasoningTokens as number | null | undefined) ?? Number(r.ReasoningTokens),
    costUsd: r.CostUsd === null ? null : Number(r.CostUsd),
    costSource: orNull(r.CostSource),
    priceVersion: orNull(r.PriceVersion),
    agentName: orNull(r.GenAiAgentName) ?? (record?.agentName as string | null | undefined) ?? null,
    toolName: orNull(r.GenAiToolName) ?? (record?.toolName as string | null | undefined) ?? null,
    conversationId: orNull(r.GenAiConversationId) ?? (record?.conversationId as string | null | undefined) ?? null,
    userId: orNull(r.GenAiUserId) ?? (record?.userId as string | null | undefined) ?? null,
    stepType: r.GenAiStepType || ((record?.stepType as string | undefined) ?? 'other'),
    diagnostics: parseJson(r.GenAiDiagnostics) ?? record?.diagnostics ?? null,
  };
}
