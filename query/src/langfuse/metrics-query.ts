/**
 * Langfuse's metrics query (`GET /api/public/metrics` and `/v2/metrics`, `?query=<JSON>`) compiled to
 * parameterized SQL over WatchLLM's tables: the `observations` view over spans, the `traces` view over
 * the per-trace summary. Every field name is looked up in a table of fixed SQL expressions and every
 * value is bound, so nothing a caller writes reaches the SQL text; what has no counterpart here is
 * refused with a 400 naming it.
 */
import { ROLLUP_TABLES, TABLES, type Store } from '@watchllm/collector';
import { ApiError } from '../routes/errors.js';
import { DAY_MS, msToNanos, Predicates, utcDay } from '../reader/query.js';
import { tracesInRange } from '../reader/session-reader.js';
import { ENVIRONMENT_SQL } from '../reader/environment-sql.js';
import { evaluationSources } from '../reader/evaluation-reader.js';

export type MetricsView = 'observations' | 'traces' | 'scores-numeric' | 'scores-categorical';
type View = MetricsView;

interface ViewSql {
  dimensions: Record<string, string>;
  /** Per-row value of each measure (`count` is counted, not read). */
  measures: Record<string, string>;
  /** Array fields: filters only (any of, none of, all of). */
  arrays?: Record<string, string>;
  /** The time each row is bucketed and filtered by. */
  time: string;
  /** `fields`: every field the query names, for views that join only what is asked for. */
  from: (store: Store, p: Predicates, projectId: string, startMs: number, endMs: number, fields: Set<string>) => string;
}

/** Fields of the observations view read from the span's trace (its summary: root name, tags). */
const TRACE_FIELDS = new Set(['traceName', 'tags']);

const MODEL = "if(GenAiResponseModel != '', GenAiResponseModel, GenAiRequestModel)";
const OBSERVATION_TYPE = `multiIf(SpanAttributes['langfuse.observation.type'] != '', upper(SpanAttributes['langfuse.observation.type']),
  GenAiStepType = 'llm', 'GENERATION', GenAiStepType = 'embedding', 'EMBEDDING', GenAiStepType = 'tool', 'TOOL', GenAiStepType = 'agent', 'AGENT',
  GenAiStepType = 'retrieval', 'RETRIEVER', GenAiStepType = 'chain', 'CHAIN', 'SPAN')`;

const VIEWS: Record<View, ViewSql> = {
  observations: {
    dimensions: {
      name: 'SpanName',
      type: OBSERVATION_TYPE,
      providedModelName: MODEL,
      environment: ENVIRONMENT_SQL,
      level: "if(SpanAttributes['langfuse.observation.level'] != '', upper(SpanAttributes['langfuse.observation.level']), if(StatusCode = 'Error', 'ERROR', 'DEFAULT'))",
      version: "if(SpanAttributes['langfuse.version'] != '', SpanAttributes['langfuse.version'], ResourceAttributes['service.version'])",
      release: "SpanAttributes['langfuse.release']",
      promptName: "SpanAttributes['langfuse.observation.prompt.name']",
      promptVersion: "SpanAttributes['langfuse.observation.prompt.version']",
      isRootObservation: "ParentSpanId = ''",
      startTimeMonth: "formatDateTime(Timestamp, '%Y-%m')",
      traceName: 'TraceName',
      serviceName: 'ServiceName',
      userId: 'GenAiUserId',
      sessionId: 'GenAiConversationId',
      traceId: 'TraceId',
      parentObservationId: 'ParentSpanId',
      id: 'SpanId',
    },
    measures: {
      latency: 'Duration / 1e6',
      inputTokens: 'GenAiInputTokens',
      outputTokens: 'GenAiOutputTokens',
      totalTokens: 'GenAiInputTokens + GenAiOutputTokens',
      totalCost: 'CostUsd',
      timeToFirstToken: "if(JSONHas(GenAiRecord, 'timeToFirstChunkMs'), JSONExtractFloat(GenAiRecord, 'timeToFirstChunkMs'), NULL)",
    },
    time: 'Timestamp',
    arrays: { tags: 'TraceTags' },
    from: (store, p, projectId, startMs, endMs, fields) => {
      const spans = `SELECT * FROM ${store.table(TABLES.traces)} WHERE ${p.expr(
        'ProjectId = {} AND Timestamp >= fromUnixTimestamp64Nano({}) AND Timestamp < fromUnixTimestamp64Nano({})',
        ['String', projectId],
        ['Int64', msToNanos(startMs)],
        ['Int64', msToNanos(endMs)],
      )} LIMIT 1 BY TraceId, SpanId`;
      if (![...fields].some((f) => TRACE_FIELDS.has(f))) return `(${spans})`;
      // The trace's root name and tags from its summary (a trace starts at most a day before its spans).
      const traces = `SELECT TraceId, argMinMerge(Root).1 AS TraceName, groupUniqArrayArray(Tags) AS TraceTags FROM ${store.table(ROLLUP_TABLES.traceSummary)}
        WHERE ${p.expr('ProjectId = {} AND Day BETWEEN {} AND {}', ['String', projectId], ['Date32', utcDay(startMs - DAY_MS)], ['Date32', utcDay(endMs + DAY_MS)])} GROUP BY TraceId`;
      return `(SELECT * FROM (${spans}) AS S LEFT JOIN (${traces}) AS T USING (TraceId))`;
    },
  },
  traces: {
    dimensions: { name: 'RootPair.1', serviceName: 'RootPair.2', userId: 'Uid', sessionId: 'Sid', environment: "'default'", id: 'TraceId' },
    measures: {
      latency: 'DurNs / 1e6',
      observationsCount: 'Spans',
      inputTokens: 'InTok',
      outputTokens: 'OutTok',
      totalTokens: 'InTok + OutTok',
      totalCost: 'if(Priced > 0, Cost, NULL)',
    },
    time: 'fromUnixTimestamp64Nano(FirstNs)',
    from: (store, p, projectId, startMs, endMs) => `(${tracesInRange(store, p, { projectId, startMs, endMs }, [], null)})`,
  },
  'scores-numeric': scoresView(true),
  'scores-categorical': scoresView(false),
};

/** Evaluation results as Langfuse's score views: numeric ones have a value, categorical ones a label alone (not text or corrections). */
function scoresView(numeric: boolean): ViewSql {
  return {
    dimensions: {
      name: 'Name',
      source: "'API'",
      dataType: numeric ? "'NUMERIC'" : "'CATEGORICAL'",
      environment: "'default'",
      ...(numeric ? { value: 'Score' } : { stringValue: 'Label' }),
      timestampMonth: "formatDateTime(Time, '%Y-%m')",
      timestampDay: "formatDateTime(Time, '%Y-%m-%d')",
      traceId: 'TraceId',
      observationId: 'SpanId',
    },
    measures: numeric ? { value: 'Score' } : {},
    time: 'Time',
    from: (store, p, projectId, startMs, endMs) =>
      `(${evaluationSources(store, p, { projectId, startMs, endMs }).all('Name, Score, Label, TraceId, SpanId, Time', numeric ? 'Score IS NOT NULL' : "Score IS NULL AND Label != '' AND DataType = ''")})`,
  };
}

const AGGREGATIONS: Record<string, (x: string) => string> = {
  sum: (x) => `sum(${x})`,
  avg: (x) => `avg(${x})`,
  count: (x) => `count(${x})`,
  max: (x) => `max(${x})`,
  min: (x) => `min(${x})`,
  p50: (x) => `quantile(0.5)(${x})`,
  p75: (x) => `quantile(0.75)(${x})`,
  p90: (x) => `quantile(0.9)(${x})`,
  p95: (x) => `quantile(0.95)(${x})`,
  p99: (x) => `quantile(0.99)(${x})`,
};

const GRANULARITY_SECONDS: Record<string, number> = { minute: 60, hour: 3600, day: 86_400, week: 7 * 86_400, month: 30 * 86_400 };
const INTERVAL: Record<string, string> = { minute: 'INTERVAL 1 MINUTE', hour: 'INTERVAL 1 HOUR', day: 'INTERVAL 1 DAY', week: 'INTERVAL 1 WEEK', month: 'INTERVAL 1 MONTH' };

const STRING_OPERATORS: Record<string, string> = {
  '=': '{col} = {}',
  '!=': '{col} != {}',
  contains: 'position({col}, {}) > 0',
  'does not contain': 'position({col}, {}) = 0',
  'starts with': 'startsWith({col}, {})',
  'ends with': 'endsWith({col}, {})',
};
const NUMBER_OPERATORS = ['=', '!=', '>', '<', '>=', '<='];
const MAX_ROWS = 1000;

const bad = (what: string, why: string) => new ApiError(400, `query.${what}: ${why}`);

interface Metric {
  measure: string;
  aggregation: string;
  alias?: string;
}

export interface CompiledMetricsQuery {
  sql: string;
  params: Record<string, unknown>;
  /** Output keys that hold numbers (the engine may send 64-bit ones as text). */
  numericKeys: string[];
}

function record(v: unknown, what: string): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw bad(what, 'expected an object');
  return v as Record<string, unknown>;
}

function list(v: unknown, what: string): Record<string, unknown>[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw bad(what, 'expected a list');
  if (v.length > 20) throw bad(what, 'at most 20 entries');
  return v.map((x, i) => record(x, `${what}[${i}]`));
}

function timestamp(v: unknown, what: string): number {
  const ms = typeof v === 'string' ? Date.parse(v) : NaN;
  if (!Number.isFinite(ms)) throw bad(what, 'required, an ISO 8601 time');
  return ms;
}

/** One filter of the query as a bound condition on the view's fields. */
function filterSql(view: ViewSql, f: Record<string, unknown>, i: number, p: Predicates): string {
  const at = `filters[${i}]`;
  const column = String(f.column ?? '');
  const op = String(f.operator ?? '');
  const value = f.value;
  const array = view.arrays?.[column];
  if (array !== undefined) {
    const fn = ({ 'any of': 'hasAny', 'none of': 'NOT hasAny', 'all of': 'hasAll' } as Record<string, string>)[op];
    if (!fn) throw bad(`${at}.operator`, 'expected any of, none of or all of for a list field');
    if (!Array.isArray(value) || !value.every((x) => typeof x === 'string')) throw bad(`${at}.value`, 'expected a list of strings');
    return p.expr(`${fn}(${array}, {})`, ['Array(String)', value]);
  }
  const expr = view.dimensions[column] ?? view.measures[column];
  if (expr === undefined) throw bad(`${at}.column`, `"${column.slice(0, 64)}" is not a field of this view; expected one of ${[...Object.keys(view.dimensions), ...Object.keys(view.measures), ...Object.keys(view.arrays ?? {})].join(', ')}`);
  if (op === 'any of' || op === 'none of') {
    if (!Array.isArray(value) || !value.every((x) => typeof x === 'string')) throw bad(`${at}.value`, 'expected a list of strings');
    return p.expr(`${op === 'none of' ? 'NOT ' : ''}has({}, toString(${expr}))`, ['Array(String)', value]);
  }
  if (typeof value === 'number') {
    if (!NUMBER_OPERATORS.includes(op)) throw bad(`${at}.operator`, `expected one of ${NUMBER_OPERATORS.join(', ')} for a number`);
    return p.expr(`${expr} ${op} {}`, ['Float64', value]);
  }
  if (typeof value === 'boolean') {
    if (op !== '=' && op !== '<>' && op !== '!=') throw bad(`${at}.operator`, 'expected = or <> for a boolean');
    return p.expr(`(${expr}) ${op === '=' ? '=' : '!='} {}`, ['Bool', value]);
  }
  if (typeof value !== 'string') throw bad(`${at}.value`, 'expected a string, number, boolean or list of strings');
  const template = STRING_OPERATORS[op];
  if (!template) throw bad(`${at}.operator`, `expected one of ${[...Object.keys(STRING_OPERATORS), 'any of', 'none of'].join(', ')} for a string`);
  return p.expr(template.replace('{col}', `toString(${expr})`), ['String', value]);
}

/** Parses and checks a metrics query; the SQL answering it for one project. */
export function compileMetricsQuery(raw: string | undefined, store: Store, projectId: string, views: readonly View[]): CompiledMetricsQuery {
  if (raw === undefined) throw new ApiError(400, 'parameter query: required, a JSON metrics query');
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new ApiError(400, 'parameter query: not valid JSON');
  }
  const q = record(parsed, 'query');
  const viewName = String(q.view ?? '') as View;
  if (!views.includes(viewName)) throw bad('view', `"${viewName.slice(0, 32)}" is not served here; expected one of ${views.join(', ')}`);
  const view = VIEWS[viewName];
  const startMs = timestamp(q.fromTimestamp, 'fromTimestamp');
  const endMs = timestamp(q.toTimestamp, 'toTimestamp');
  if (startMs >= endMs) throw bad('fromTimestamp', 'must be before toTimestamp');

  const p = new Predicates({});
  const select: string[] = [];
  const groupBy: string[] = [];
  const outputs = new Set<string>();
  const dimensions = list(q.dimensions, 'dimensions');
  const filters = list(q.filters, 'filters');
  for (const [i, d] of dimensions.entries()) {
    const field = String(d.field ?? '');
    const expr = view.dimensions[field];
    if (expr === undefined) throw bad(`dimensions[${i}].field`, `"${field.slice(0, 64)}" is not a dimension of the ${viewName} view here; expected one of ${Object.keys(view.dimensions).join(', ')}`);
    select.push(`${expr} AS \`${field}\``);
    groupBy.push(`\`${field}\``);
    outputs.add(field);
  }
  const td = q.timeDimension === undefined || q.timeDimension === null ? undefined : record(q.timeDimension, 'timeDimension');
  if (td) {
    let granularity = String(td.granularity ?? 'auto');
    if (granularity === 'auto') granularity = Object.keys(GRANULARITY_SECONDS).find((g) => (endMs - startMs) / 1000 / GRANULARITY_SECONDS[g] <= 50) ?? 'month';
    const interval = INTERVAL[granularity];
    if (!interval) throw bad('timeDimension.granularity', 'expected auto, minute, hour, day, week or month');
    select.push(`formatDateTime(toStartOfInterval(${view.time}, ${interval}), '%Y-%m-%dT%H:%i:%S.000Z', 'UTC') AS time_dimension`);
    groupBy.push('time_dimension');
    outputs.add('time_dimension');
  }
  const metrics = list(q.metrics, 'metrics') as unknown as Metric[];
  if (metrics.length === 0) throw bad('metrics', 'at least one metric, e.g. {"measure": "count", "aggregation": "count"}');
  const numericKeys: string[] = [];
  for (const [i, m] of metrics.entries()) {
    const aggregate = AGGREGATIONS[m.aggregation];
    if (!aggregate) throw bad(`metrics[${i}].aggregation`, `expected one of ${Object.keys(AGGREGATIONS).join(', ')}`);
    const measure = m.measure === 'count' ? 'count()' : view.measures[m.measure];
    if (measure === undefined) throw bad(`metrics[${i}].measure`, `"${String(m.measure).slice(0, 64)}" is not a measure of the ${viewName} view here; expected count, ${Object.keys(view.measures).join(', ')}`);
    const alias = m.alias ?? `${m.aggregation}_${m.measure}`;
    if (typeof alias !== 'string' || !/^[A-Za-z_][A-Za-z0-9_]{0,63}$/.test(alias) || outputs.has(alias)) throw bad(`metrics[${i}].alias`, 'a unique name of letters, digits and _');
    select.push(`${m.measure === 'count' ? 'count()' : aggregate(measure)} AS \`${alias}\``);
    outputs.add(alias);
    numericKeys.push(alias);
  }
  const where = filters.map((f, i) => filterSql(view, f, i, p));
  const order = list(q.orderBy, 'orderBy').map((o, i) => {
    const field = String(o.field ?? '');
    if (!outputs.has(field)) throw bad(`orderBy[${i}].field`, `"${field.slice(0, 64)}" is neither a dimension nor a metric of the query`);
    const direction = String(o.direction ?? 'asc').toLowerCase();
    if (direction !== 'asc' && direction !== 'desc') throw bad(`orderBy[${i}].direction`, 'asc or desc');
    return `\`${field}\` ${direction.toUpperCase()}`;
  });
  if (order.length === 0 && td) order.push('time_dimension ASC');
  const config = q.config === undefined || q.config === null ? {} : record(q.config, 'config');
  const rowLimit = config.row_limit ?? MAX_ROWS;
  if (typeof rowLimit !== 'number' || !Number.isInteger(rowLimit) || rowLimit < 1 || rowLimit > MAX_ROWS) throw bad('config.row_limit', `a whole number from 1 to ${MAX_ROWS}`);

  const fields = new Set([...dimensions.map((d) => String(d.field)), ...filters.map((f) => String(f.column))]);
  const from = view.from(store, p, projectId, startMs, endMs, fields);
  const sql = `SELECT ${select.join(', ')} FROM ${from}
    ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
    ${groupBy.length ? `GROUP BY ${groupBy.join(', ')}` : ''}
    ${order.length ? `ORDER BY ${order.join(', ')}` : ''}
    LIMIT ${p.expr('{}', ['UInt32', rowLimit])}`;
  return { sql, params: p.params, numericKeys };
}
