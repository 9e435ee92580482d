import type { TimeIdKey } from '../cursor.js';

/**
 * Merges a trace's summary rows (one per insert block) into one: shared by search and sessions.
 * Aliases differ from column names so no alias shadows a column inside an aggregate.
 */
export const TRACE_SUMMARY_SELECT = `TraceId,
  toUnixTimestamp64Nano(min(Start)) AS FirstNs,
  toString(FirstNs) AS StartNs,
  toUnixTimestamp64Nano(max(End)) - FirstNs AS DurNs,
  toString(DurNs) AS DurationNs,
  argMinMerge(Root) AS RootPair,
  sum(SpanCount) AS Spans, sum(ErrorCount) AS Errs, sum(LlmCalls) AS Llm,
  sum(InputTokens) AS InTok, sum(OutputTokens) AS OutTok,
  sum(CostUsdSum) AS Cost, sum(PricedCalls) AS Priced,
  groupUniqArrayArray(Models) AS ModelList, groupUniqArrayArray(Providers) AS ProviderList,
  groupUniqArrayArray(Services) AS ServiceList, groupUniqArrayArray(Operations) AS OperationList,
  max(SessionId) AS Sid, max(UserId) AS Uid, groupUniqArrayArray(Tags) AS TagList`;

export interface TraceSummaryRow {
  TraceId: string;
  StartNs: string;
  DurationNs: string;
  RootPair: [string, string];
  Spans: string | number;
  Errs: string | number;
  Llm: string | number;
  InTok: string | number;
  OutTok: string | number;
  Cost: number;
  Priced: string | number;
  ModelList: string[];
  TagList?: string[];
  Sid: string;
  Uid: string;
}

export interface TraceSummary {
  traceId: string;
  rootName: string;
  serviceName: string;
  startTimeUnixNano: string;
  durationNanos: string;
  spanCount: number;
  errorCount: number;
  llmCallCount: number;
  inputTokens: number;
  outputTokens: number;
  costUsd: number | null;
  models: string[];
  /** Union of the spans' tags, sorted. */
  tags: string[];
  sessionId: string | null;
  userId: string | null;
}

export function toTraceSummary(r: TraceSummaryRow): TraceSummary {
  const [rootName, serviceName] = Array.isArray(r.RootPair) ? r.RootPair : ['', ''];
  return {
    traceId: r.TraceId,
    rootName,
    serviceName,
    startTimeUnixNano: r.StartNs,
    durationNanos: r.DurationNs,
    spanCount: Number(r.Spans),
    errorCount: Number(r.Errs),
    llmCallCount: Number(r.Llm),
    inputTokens: Number(r.InTok),
    outputTokens: Number(r.OutTok),
    costUsd: Number(r.Priced) > 0 ? Number(r.Cost) : null,
    models: [...(r.ModelList ?? [])].sort(),
    tags: [...(r.TagList ?? [])].sort(),
    sessionId: r.Sid || null,
    userId: r.Uid || null,
  };
}

export interface Page<T> {
  items: T[];
  /** Position after the last item, when more may follow. */
  next: TimeIdKey | null;
}

/** A page from `limit + 1` rows read in keyset order: the extra row only says that more follow. */
export function keysetPage<R, T>(rows: R[], limit: number, toItem: (row: R) => T, keyOf: (item: T) => TimeIdKey): Page<T> {
  const items = rows.slice(0, limit).map(toItem);
  const last = items[items.length - 1];
  return { items, next: rows.length > limit && last !== undefined ? keyOf(last) : null };
}
