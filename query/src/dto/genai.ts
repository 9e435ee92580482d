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
  const stored = parseGenAiRecord(r.GenAiRecord);
  const record = (completed ?? stored) as Record<string, unknown> | undefined;
  if (!record) return null;
  const fromRecord = <T>(key: string): T | null => (record[key] as T | null | undefined) ?? null;
  // What ingest decided (the stored record, which the typed columns and rollups were written from)
  // wins over a re-normalization at read time; the read adds only what ingest left unknown.
  const decided = <T>(key: string): T | null => (stored?.[key] as T | null | undefined) ?? fromRecord<T>(key);
  return {
    ...record,
    operation: decided<string>('operation'),
    provider: decided<string>('provider'),
    requestModel: decided<string>('requestModel'),
    responseModel: decided<string>('responseModel'),
    // A count the instrumentation did not report is null (the token columns can only say 0).
    inputTokens: fromRecord<number>('inputTokens'),
    outputTokens: fromRecord<number>('outputTokens'),
    cacheReadTokens: fromRecord<number>('cacheReadTokens'),
    cacheWriteTokens: fromRecord<number>('cacheWriteTokens'),
    reasoningTokens: fromRecord<number>('reasoningTokens'),
    // Cost columns are authoritative: a reprice updates them, not the record.
    costUsd: r.CostUsd === null ? null : Number(r.CostUsd),
    costSource: orNull(r.CostSource),
    priceVersion: orNull(r.PriceVersion),
    agentName: decided<string>('agentName'),
    toolName: decided<string>('toolName'),
    conversationId: decided<string>('conversationId'),
    userId: decided<string>('userId'),
    tags: decided<string[]>('tags') ?? [],
    stepType: decided<string>('stepType') ?? 'other',
    diagnostics: (completed ? undefined : parseGenAiRecord(r.GenAiDiagnostics)) ?? fromRecord('diagnostics'),
  };
}
