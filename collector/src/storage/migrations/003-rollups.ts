import type { SchemaObject } from '../ddl.js';
import type { Migration } from '../schema.js';

/**
 * Rollups the query service reads instead of raw spans:
 * - GenAI usage per minute and per hour (cost, tokens, calls, errors, latency/TTFT quantile states)
 *   by project, service, provider, model, operation, agent and user; the hour tables are fed from the
 *   minute table so each span is parsed once. Users multiply the row count, so one hour table
 *   leaves them out and serves every read that neither filters nor groups by user.
 * - One summary row per (trace, insert block) for trace search; readers merge rows with GROUP BY TraceId.
 * - A token bloom-filter skip index over span name + attribute values for full-text search.
 */
export const ROLLUP_TABLES = {
  genAiMinute: 'watchllm_genai_minute',
  genAiMinuteMv: 'watchllm_genai_minute_mv',
  /** Per hour without the user dimension: small enough that a 30-day read is a few thousand rows. */
  genAiHour: 'watchllm_genai_hour',
  genAiHourMv: 'watchllm_genai_hour_mv',
  /** Per hour with the user dimension, for per-user reads. */
  genAiUserHour: 'watchllm_genai_user_hour',
  genAiUserHourMv: 'watchllm_genai_user_hour_mv',
  traceSummary: 'watchllm_trace_summary',
  traceSummaryMv: 'watchllm_trace_summary_mv',
} as const;

/** Latency/TTFT quantile levels kept in the rollup states; a merge must name the same levels. */
export const ROLLUP_QUANTILES = '0.5, 0.95, 0.99';

/** The full-text expression: readers must filter on exactly this text for the skip index to apply. */
export const SEARCH_TEXT_EXPR = "lowerUTF8(concat(SpanName, ' ', arrayStringConcat(mapValues(SpanAttributes), ' ')))";

const IS_GENAI = "(GenAiOperation != '' OR GenAiStepType != '')";
const IS_MODEL_CALL = "GenAiStepType IN ('llm', 'embedding')";

/**
 * How spans count into the usage sums. Version 3 summed every GenAI span; version 6 counts a model,
 * tokens and cost for model calls only, because wrappers (e.g. Vercel's ai.generateText) repeat their
 * inner call's usage and get priced for it too. The `false` rendering must stay as shipped.
 */
function usageSql(modelCallsOnly: boolean) {
  const requestedElseResponse = "if(GenAiRequestModel != '', GenAiRequestModel, GenAiResponseModel)";
  const sum = (column: string) => (modelCallsOnly ? `sumIf(${column}, ${IS_MODEL_CALL})` : `sum(${column})`);
  return {
    /** The model a call is counted under: the requested one, else the one that answered. */
    model: modelCallsOnly ? `if(${IS_MODEL_CALL}, ${requestedElseResponse}, '')` : requestedElseResponse,
    measures: `countIf(CostUsd IS NOT NULL${modelCallsOnly ? ` AND ${IS_MODEL_CALL}` : ''}) AS PricedCalls, countIf(${IS_UNPRICED}) AS UnpricedCalls,
    ${sum('ifNull(CostUsd, 0)')} AS CostUsdSum,
    ${sum('GenAiInputTokens')} AS InputTokens, ${sum('GenAiOutputTokens')} AS OutputTokens,
    ${sum('GenAiCacheReadTokens')} AS CacheReadTokens, ${sum('GenAiCacheWriteTokens')} AS CacheWriteTokens,
    ${sum('GenAiReasoningTokens')} AS ReasoningTokens,`,
  };
}
/** A model call with tokens but no price (same rule as the genai processor's unpriced counter). */
const IS_UNPRICED = "(CostUsd IS NULL AND GenAiStepType IN ('llm', 'embedding') AND GenAiInputTokens + GenAiOutputTokens > 0)";

const lc = 'LowCardinality(String) CODEC(ZSTD(1))';
const sumU64 = 'SimpleAggregateFunction(sum, UInt64) CODEC(T64, ZSTD(1))';
/** Call, cost and token sums kept by both the usage rollups and the per-trace summaries. */
const PRICED_USAGE_COLUMNS = [
  `PricedCalls ${sumU64}`,
  `UnpricedCalls ${sumU64}`,
  'CostUsdSum SimpleAggregateFunction(sum, Float64) CODEC(ZSTD(1))',
  `InputTokens ${sumU64}`,
  `OutputTokens ${sumU64}`,
  `CacheReadTokens ${sumU64}`,
  `CacheWriteTokens ${sumU64}`,
  `ReasoningTokens ${sumU64}`,
];

const DIMENSIONS = ['ServiceName', 'Provider', 'Model', 'Operation', 'AgentName', 'UserId'];
const DIMENSIONS_WITHOUT_USER = DIMENSIONS.filter((d) => d !== 'UserId');

function usageTable(name: string, withUser = true): SchemaObject {
  const dims = withUser ? DIMENSIONS : DIMENSIONS_WITHOUT_USER;
  return {
    kind: 'table',
    name,
    columns: [
      `ProjectId ${lc}`,
      'Time DateTime CODEC(Delta, ZSTD(1))',
      `ServiceName ${lc}`,
      `Provider ${lc}`,
      `Model ${lc}`,
      `Operation ${lc}`,
      `AgentName ${lc}`,
      ...(withUser ? ['UserId String CODEC(ZSTD(1))'] : []),
      `Calls ${sumU64}`,
      `Errors ${sumU64}`,
      ...PRICED_USAGE_COLUMNS,
      `LatencyMs AggregateFunction(quantilesTDigest(${ROLLUP_QUANTILES}), Float64)`,
      `TtftMs AggregateFunction(quantilesTDigestIf(${ROLLUP_QUANTILES}), Float64, UInt8)`,
      `TtftCount ${sumU64}`,
    ],
    engine: 'AggregatingMergeTree',
    partitionBy: 'toYYYYMM(Time)',
    // Time right after the project: every read is a time range.
    orderBy: `(ProjectId, Time, ${dims.join(', ')})`,
  };
}

const TTFT = "JSONExtract(GenAiRecord, 'timeToFirstChunkMs', 'Nullable(Float64)')";

export function minuteView(modelCallsOnly = false): SchemaObject {
  const u = usageSql(modelCallsOnly);
  return {
    kind: 'view',
    name: ROLLUP_TABLES.genAiMinuteMv,
    to: ROLLUP_TABLES.genAiMinute,
    select: `SELECT ProjectId, toStartOfMinute(Timestamp) AS Time, ServiceName, GenAiProvider AS Provider,
    ${u.model} AS Model, GenAiOperation AS Operation, GenAiAgentName AS AgentName, GenAiUserId AS UserId,
    count() AS Calls, countIf(StatusCode = 'Error') AS Errors,
    ${u.measures}
    quantilesTDigestState(${ROLLUP_QUANTILES})(Duration / 1e6) AS LatencyMs,
    quantilesTDigestIfState(${ROLLUP_QUANTILES})(ifNull(${TTFT}, 0), ${TTFT} IS NOT NULL) AS TtftMs,
    countIf(${TTFT} IS NOT NULL) AS TtftCount
  FROM {db}.otel_traces
  WHERE ${IS_GENAI}
  GROUP BY ProjectId, Time, ServiceName, Provider, Model, Operation, AgentName, UserId`,
  };
}

function hourView(name: string, to: string, withUser: boolean): SchemaObject {
  const dims = (withUser ? DIMENSIONS : DIMENSIONS_WITHOUT_USER).join(', ');
  return {
    kind: 'view',
    name,
    to,
    select: `SELECT ProjectId, toStartOfHour(Time) AS Time, ${dims},
    sum(Calls) AS Calls, sum(Errors) AS Errors, sum(PricedCalls) AS PricedCalls, sum(UnpricedCalls) AS UnpricedCalls,
    sum(CostUsdSum) AS CostUsdSum, sum(InputTokens) AS InputTokens, sum(OutputTokens) AS OutputTokens,
    sum(CacheReadTokens) AS CacheReadTokens, sum(CacheWriteTokens) AS CacheWriteTokens, sum(ReasoningTokens) AS ReasoningTokens,
    quantilesTDigestMergeState(${ROLLUP_QUANTILES})(LatencyMs) AS LatencyMs,
    quantilesTDigestIfMergeState(${ROLLUP_QUANTILES})(TtftMs) AS TtftMs,
    sum(TtftCount) AS TtftCount
  FROM {db}.${ROLLUP_TABLES.genAiMinute}
  GROUP BY ProjectId, Time, ${dims}`,
  };
}

export const arrayAgg = 'SimpleAggregateFunction(groupUniqArrayArray, Array(String)) CODEC(ZSTD(1))';

const traceSummaryTable: SchemaObject = {
  kind: 'table',
  name: ROLLUP_TABLES.traceSummary,
  columns: [
    `ProjectId ${lc}`,
    // Day of the earliest span in the insert block: lets a time-range search skip old days.
    'Day Date CODEC(Delta, ZSTD(1))',
    'TraceId String CODEC(ZSTD(1))',
    'Start SimpleAggregateFunction(min, DateTime64(9)) CODEC(Delta, ZSTD(1))',
    'End SimpleAggregateFunction(max, DateTime64(9)) CODEC(Delta, ZSTD(1))',
    // (name, service) of the root span, else of the earliest span.
    'Root AggregateFunction(argMin, Tuple(String, String), Tuple(UInt8, DateTime64(9)))',
    `SpanCount ${sumU64}`,
    `ErrorCount ${sumU64}`,
    `GenAiCalls ${sumU64}`,
    `GenAiErrors ${sumU64}`,
    `LlmCalls ${sumU64}`,
    ...PRICED_USAGE_COLUMNS,
    `Models ${arrayAgg}`,
    `Providers ${arrayAgg}`,
    `Services ${arrayAgg}`,
    `Operations ${arrayAgg}`,
    'SessionId SimpleAggregateFunction(max, String) CODEC(ZSTD(1))',
    'UserId SimpleAggregateFunction(max, String) CODEC(ZSTD(1))',
  ],
  engine: 'AggregatingMergeTree',
  partitionBy: 'toYYYYMM(Day)',
  orderBy: '(ProjectId, Day, TraceId)',
};

export function traceSummaryView(modelCallsOnly = false, withTags = false): SchemaObject {
  const u = usageSql(modelCallsOnly);
  return {
    kind: 'view',
    name: ROLLUP_TABLES.traceSummaryMv,
    to: ROLLUP_TABLES.traceSummary,
    select: `SELECT ProjectId, toDate(min(Timestamp)) AS Day, TraceId,
    min(Timestamp) AS Start, max(fromUnixTimestamp64Nano(toInt64(toUnixTimestamp64Nano(Timestamp) + Duration))) AS End,
    argMinState((CAST(SpanName, 'String'), CAST(ServiceName, 'String')), (ParentSpanId != '', Timestamp)) AS Root,
    count() AS SpanCount, countIf(StatusCode = 'Error') AS ErrorCount,
    countIf(${IS_GENAI}) AS GenAiCalls, countIf(${IS_GENAI} AND StatusCode = 'Error') AS GenAiErrors,
    countIf(GenAiStepType = 'llm') AS LlmCalls,
    ${u.measures}
    groupUniqArrayIf(CAST(${u.model}, 'String'), ${u.model} != '') AS Models,
    groupUniqArrayIf(CAST(GenAiProvider, 'String'), GenAiProvider != '') AS Providers,
    groupUniqArrayIf(CAST(ServiceName, 'String'), ServiceName != '') AS Services,
    groupUniqArrayIf(CAST(GenAiOperation, 'String'), GenAiOperation != '') AS Operations,
    max(GenAiConversationId) AS SessionId, max(GenAiUserId) AS UserId${withTags ? ', groupUniqArrayArray(GenAiTags) AS Tags' : ''}
  FROM {db}.otel_traces
  WHERE TraceId != ''
  GROUP BY ProjectId, TraceId`,
  };
}

export const rollupsMigration: Migration = {
  version: 3,
  name: 'GenAI usage rollups, trace summaries, full-text skip index',
  objects: [
    usageTable(ROLLUP_TABLES.genAiMinute),
    usageTable(ROLLUP_TABLES.genAiHour, false),
    usageTable(ROLLUP_TABLES.genAiUserHour),
    minuteView(),
    hourView(ROLLUP_TABLES.genAiHourMv, ROLLUP_TABLES.genAiHour, false),
    hourView(ROLLUP_TABLES.genAiUserHourMv, ROLLUP_TABLES.genAiUserHour, true),
    traceSummaryTable,
    traceSummaryView(),
    {
      kind: 'raw',
      // Word tokens, not n-grams: an n-gram filter over ~2 KB of message text per span cut the
      // engine's insert rate by a third (5.9k vs 8.4k rows/s measured); search matches whole words.
      sql: `ALTER TABLE {db}.otel_traces{on_cluster} ADD INDEX IF NOT EXISTS idx_search_text ${SEARCH_TEXT_EXPR} TYPE tokenbf_v1(32768, 3, 0) GRANULARITY 1`,
    },
  ],
};
