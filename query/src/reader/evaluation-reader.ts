import { LOGS_METRICS_TABLES, putOwn, TABLES, type Store } from '@watchllm/collector';
import {
  ATTR_GEN_AI_EVALUATION_EXPLANATION,
  ATTR_GEN_AI_EVALUATION_NAME,
  ATTR_GEN_AI_EVALUATION_SCORE_LABEL,
  ATTR_GEN_AI_EVALUATION_SCORE_VALUE,
  ATTR_WATCHLLM_EVALUATION_AUTHOR,
  ATTR_WATCHLLM_EVALUATION_CONFIG_ID,
  ATTR_WATCHLLM_EVALUATION_DATA_TYPE,
  ATTR_WATCHLLM_EVALUATION_ID,
  GEN_AI_EVENT_EVALUATION_RESULT,
  storedScoreDataType,
  WATCHLLM_EVENT_EVALUATION_RETRACTED,
  type StoredScoreDataType,
} from '@watchllm/semconv';
import { sessionScoresSql } from '../session-scores.js';
import { DAY_MS, pointsByKey, Predicates, readPageAndTotal, readRows, type PointSeries } from './query.js';

export const EVALUATION_GROUP_BY = ['name', 'model'] as const;
export type EvaluationGroupBy = (typeof EVALUATION_GROUP_BY)[number];

export interface EvaluationFilter {
  projectId: string;
  startMs: number;
  endMs: number;
  service?: string;
  name?: string;
}

export interface EvaluationSummary {
  name: string;
  /** The evaluated span's model (groupBy=model); null when it had none. */
  model: string | null;
  count: number;
  /** Results with a numeric score. */
  scored: number;
  avgScore: number | null;
  minScore: number | null;
  maxScore: number | null;
  labels: Record<string, number>;
}

interface Row {
  Name: string;
  Model: string;
  Label: string;
  N: string;
  Scored: string;
  Sum: number | null;
  Min: number | null;
  Max: number | null;
}

const MODEL_SQL = "if(GenAiResponseModel != '', GenAiResponseModel, GenAiRequestModel)";
/** A result's label as a category to count: a TEXT or CORRECTION score's text is not one. */
const CATEGORY_LABEL = "if(DataType = '', Label, '')";

/**
 * Evaluation results (`gen_ai.evaluation.result`) from both places they arrive: span events
 * (recorded on the span itself) and log records tied to the span they evaluate (an evaluation
 * usually runs after its span ended, so the convention's event is a log record); and scores on
 * sessions as a whole (session-scores.ts), which have no span. Grouped by evaluation name, or by
 * name and the evaluated span's model (none for a session's).
 */
export class EvaluationReader {
  constructor(private readonly store: Store) {}

  /** Each trace's evaluation results by name (results come after their traces: scored from `startMs` on). */
  async byTrace(projectId: string, startMs: number, traceIds: string[]): Promise<Map<string, TraceScore[]>> {
    const out = new Map<string, TraceScore[]>();
    if (traceIds.length === 0) return out;
    const where = new Predicates({});
    const { all } = evaluationSources(this.store, where, { projectId, startMs, traceIds });
    const rows = await readRows<{ TraceId: string; Name: string; N: string; Avg: number | null; L: string[] }>(
      this.store,
      `SELECT TraceId, Name, count() AS N, avg(Score) AS Avg, topKIf(1)(Label, ${CATEGORY_LABEL} != '') AS L
         FROM (${all('TraceId, Name, Score, Label, DataType')})
        GROUP BY TraceId, Name
        ORDER BY TraceId, Name`,
      where.params,
    );
    for (const r of rows) {
      const scores = out.get(r.TraceId) ?? [];
      scores.push({ name: r.Name, count: Number(r.N), avgScore: r.Avg === null || Number.isNaN(Number(r.Avg)) ? null : Number(r.Avg), label: r.L[0] ?? null });
      out.set(r.TraceId, scores);
    }
    return out;
  }

  /** The average score per `stepSeconds` bucket (by the result's time), one series per evaluation name. */
  async timeseries(f: EvaluationFilter, stepSeconds: number): Promise<PointSeries[]> {
    const where = new Predicates({});
    const { all } = evaluationSources(this.store, where, f);
    const stepMs = where.expr('{}', ['Int64', stepSeconds * 1000]);
    const rows = await readRows<{ Name: string; T: string; V: number }>(
      this.store,
      `SELECT Name, toString(intDiv(toUnixTimestamp64Milli(Time), ${stepMs}) * ${stepMs}) AS T, avg(Score) AS V
         FROM (${all('Name, Score, Time', 'Score IS NOT NULL')})
        GROUP BY Name, T
        ORDER BY Name, T
        LIMIT 100000`,
      where.params,
    );
    return [...pointsByKey(rows, (r) => r.Name, (r) => [Number(r.T), Number(r.V)])].map(([key, points]) => ({ key, points }));
  }

  /** Evaluation results one by one, newest first, a page of them and how many match. */
  async list(f: ScoreListFilter): Promise<{ items: ScoreRecord[]; total: number }> {
    const where = new Predicates({});
    const { all } = evaluationSources(this.store, where, {
      projectId: f.projectId,
      startMs: f.startMs,
      endMs: f.endMs,
      names: f.names,
      traceIds: f.traceIds,
      sessionIds: f.sessionIds,
    });
    const keep = new Predicates(where.params);
    if (f.spanIds !== undefined) keep.add('SpanId IN {}', ['Array(String)', f.spanIds]);
    if (f.ids !== undefined) keep.add('Id IN {}', ['Array(String)', f.ids]);
    if (f.dataTypes !== undefined) keep.add(f.dataTypes.length ? `(${f.dataTypes.map((t) => `(${SCORE_TYPE_SQL[t]})`).join(' OR ')})` : '0');
    if (f.compare) keep.add(`Score ${f.compare.op} {}`, ['Float64', f.compare.value]);
    if (f.configIds !== undefined) keep.add('ConfigId IN {}', ['Array(String)', f.configIds]);
    if (f.authors !== undefined) keep.add('Author IN {}', ['Array(String)', f.authors]);
    if (f.scores !== undefined) keep.add('Score IN {}', ['Array(Float64)', f.scores]);
    if (f.labels !== undefined) keep.add('Label IN {}', ['Array(String)', f.labels]);
    if (f.minScore !== undefined) keep.add('Score >= {}', ['Float64', f.minScore]);
    if (f.maxScore !== undefined) keep.add('Score <= {}', ['Float64', f.maxScore]);
    const source = all('Name, Score, Label, TraceId, SpanId, Id, Comment, Author, Time, SessionId, ConfigId, DataType', keep.sql());
    const { rows, total } = await readPageAndTotal<{ Name: string; Score: number | null; Label: string; TraceId: string; SpanId: string; Id: string; Comment: string; Author: string; TimeNs: string; SessionId: string; ConfigId: string; DataType: string }>(
      this.store,
      `SELECT Name, Score, Label, TraceId, SpanId, Id, Comment, Author, Time, toString(toUnixTimestamp64Nano(Time)) AS TimeNs, SessionId, ConfigId, DataType FROM (${source})`,
      'Time DESC, TraceId, SpanId, Name',
      where.params,
      { limit: f.limit, offset: f.offset },
    );
    const items = rows.map((r) => ({
      name: r.Name,
      score: r.Score === null || Number.isNaN(Number(r.Score)) ? null : Number(r.Score),
      label: r.Label,
      traceId: r.TraceId,
      spanId: r.SpanId,
      id: r.Id,
      comment: r.Comment,
      author: r.Author,
      timeUnixNano: r.TimeNs,
      sessionId: r.SessionId,
      configId: r.ConfigId,
      dataType: storedScoreDataType(r.DataType),
    }));
    return { items, total };
  }

  async summary(f: EvaluationFilter, groupBy: EvaluationGroupBy): Promise<EvaluationSummary[]> {
    const where = new Predicates({});
    const { fromLogs, fromEvents, fromSessions } = evaluationSources(this.store, where, f);
    const spans = this.store.table(TABLES.traces);
    const project = where.expr('{}', ['String', f.projectId]);
    // A log record's model is its span's: looked up among the spans started up to a day before the window.
    const logsWithModel =
      groupBy === 'model'
        ? `SELECT Name, Score, ${CATEGORY_LABEL} AS Label, Model FROM (${fromLogs}) AS L
             LEFT JOIN (SELECT TraceId, SpanId, any(${MODEL_SQL}) AS Model FROM ${spans}
                         WHERE ProjectId = ${project}
                           AND Timestamp BETWEEN fromUnixTimestamp64Milli(${where.expr('{}', ['Int64', f.startMs - DAY_MS])}) AND fromUnixTimestamp64Milli(${where.expr('{}', ['Int64', f.endMs])})
                           AND (TraceId, SpanId) IN (SELECT TraceId, SpanId FROM (${fromLogs}))
                         GROUP BY TraceId, SpanId) AS S
             ON L.TraceId = S.TraceId AND L.SpanId = S.SpanId`
        : `SELECT Name, Score, ${CATEGORY_LABEL} AS Label, '' AS Model FROM (${fromLogs})`;
    const rows = await readRows<Row>(
      this.store,
      `SELECT Name, ${groupBy === 'model' ? 'Model' : "''"} AS Model, Label, count() AS N, count(Score) AS Scored, sum(Score) AS Sum, min(Score) AS Min, max(Score) AS Max
         FROM (${logsWithModel} UNION ALL SELECT Name, Score, ${CATEGORY_LABEL} AS Label, Model FROM (${fromEvents})${fromSessions ? ` UNION ALL SELECT Name, Score, ${CATEGORY_LABEL} AS Label, Model FROM (${fromSessions})` : ''})
        GROUP BY Name, Model, Label
        ORDER BY Name, Model, Label
        LIMIT 10000`,
      where.params,
    );
    return summarize(rows, groupBy);
  }
}

/** Which evaluation results a score list keeps. */
/**
 * Langfuse's data type of a stored score, where no config says it: a label alone is CATEGORICAL, a 0 / 1 score labelled
 * true / false (how a BOOLEAN score is kept) BOOLEAN, any other score NUMERIC. SCORE_TYPE_SQL says the same in SQL.
 */
export type ScoreDataType = 'NUMERIC' | 'CATEGORICAL' | 'BOOLEAN' | StoredScoreDataType;
export function scoreDataType(score: number | null, label: string | null, stored?: StoredScoreDataType): ScoreDataType {
  if (stored !== undefined) return stored;
  if (score === null) return 'CATEGORICAL';
  return (score === 0 || score === 1) && /^(true|false)$/i.test(label ?? '') ? 'BOOLEAN' : 'NUMERIC';
}
const BOOLEAN_SQL = "Score IN (0, 1) AND lower(Label) IN ('true', 'false')";
const SCORE_TYPE_SQL: Record<ScoreDataType, string> = {
  BOOLEAN: `DataType = '' AND ${BOOLEAN_SQL}`,
  NUMERIC: `DataType = '' AND Score IS NOT NULL AND NOT (${BOOLEAN_SQL})`,
  CATEGORICAL: "DataType = '' AND Score IS NULL AND Label != ''",
  TEXT: "DataType = 'TEXT'",
  CORRECTION: "DataType = 'CORRECTION'",
};

export interface ScoreListFilter {
  projectId: string;
  startMs: number;
  endMs: number;
  /** Each list keeps results matching any of its values; lists combine with AND. */
  names?: string[];
  traceIds?: string[];
  spanIds?: string[];
  /** Scores on these sessions (as wholes) alone. */
  sessionIds?: string[];
  /** Scores given through an API, by the id it answered. */
  ids?: string[];
  /** Of these Langfuse data types, as scoreDataType tells them apart. */
  dataTypes?: ScoreDataType[];
  /** `Score <op> value`, numbers only. */
  compare?: { op: '<' | '>' | '<=' | '>=' | '=' | '!='; value: number };
  /** Scores checked against these score configs. */
  configIds?: string[];
  /** Given by these authors. */
  authors?: string[];
  /** With one of these numbers as the score (NUMERIC, BOOLEAN's 0 / 1), or one of these labels. */
  scores?: number[];
  labels?: string[];
  /** Numeric scores within these bounds (inclusive). */
  minScore?: number;
  maxScore?: number;
  limit: number;
  offset: number;
}

/** One evaluation result as a score list shows it. */
export interface ScoreRecord {
  name: string;
  score: number | null;
  label: string;
  traceId: string;
  spanId: string;
  /** The id an API answered when it was given ('' for results recorded by instrumentation). */
  id: string;
  comment: string;
  author: string;
  timeUnixNano: string;
  /** The session a score on a session as a whole is on ('' for scores on spans, whose traceId and spanId are then ''). */
  sessionId: string;
  /** The score config it was checked against ('' for none). */
  configId: string;
  /** TEXT or CORRECTION (the label is then its text); undefined for scores told by their score and label. */
  dataType: StoredScoreDataType | undefined;
}

/** One evaluation's results within a trace, as the trace list shows them. */
export interface TraceScore {
  name: string;
  count: number;
  avgScore: number | null;
  /** The most frequent label. */
  label: string | null;
}

/** Which results a trace search keeps: those of one evaluation, within score bounds, with a label. */
export interface EvaluationCondition {
  name: string;
  minScore?: number;
  maxScore?: number;
  label?: string;
}

/**
 * SQL for the evaluation results of a project from `startMs` on (to `endMs` when given) in every
 * place they are kept, as (Name, Score, Label, TraceId, SpanId, Time, Id, Comment, Author, SessionId, ConfigId, DataType[, Model])
 * rows: log records tied to the scored span, span events (with the span's model), and scores on
 * sessions (no trace or span: '').
 */
export function evaluationSources(
  store: Store,
  where: Predicates,
  f: { projectId: string; startMs: number; endMs?: number; service?: string; name?: string; names?: string[]; traceIds?: string[]; sessionIds?: string[] },
): { fromLogs: string; fromEvents: string; fromSessions: string | undefined; all: (columns: string, where?: string) => string } {
  const bind = (type: string, value: unknown) => where.expr('{}', [type, value]);
  const project = bind('String', f.projectId);
  const eventName = bind('String', GEN_AI_EVENT_EVALUATION_RESULT);
  const [nameKey, scoreKey, labelKey] = [ATTR_GEN_AI_EVALUATION_NAME, ATTR_GEN_AI_EVALUATION_SCORE_VALUE, ATTR_GEN_AI_EVALUATION_SCORE_LABEL].map((k) => bind('String', k));
  const startMs = bind('Int64', f.startMs);
  const endMs = f.endMs === undefined ? undefined : bind('Int64', f.endMs);
  const time = (column: string) => `${column} >= fromUnixTimestamp64Milli(${startMs})${endMs ? ` AND ${column} <= fromUnixTimestamp64Milli(${endMs})` : ''}`;
  const optional = [
    f.service !== undefined ? `ServiceName = ${bind('String', f.service)}` : '1',
    f.name !== undefined ? `Name = ${bind('String', f.name)}` : '1',
    f.names !== undefined ? `Name IN ${bind('Array(String)', f.names)}` : '1',
    f.traceIds !== undefined ? `TraceId IN ${bind('Array(String)', f.traceIds)}` : '1',
  ].join(' AND ');
  const idKey = bind('String', ATTR_WATCHLLM_EVALUATION_ID);
  const fromSecond = `TimestampTime >= toDateTime(${bind('UInt32', Math.floor(f.startMs / 1000))})`;
  // Scores withdrawn through the API (a later record naming their id) are left out; withdrawals come after what they withdraw.
  const withdrawn = `SELECT LogAttributes[${idKey}] FROM ${store.table(LOGS_METRICS_TABLES.logs)}
     WHERE ProjectId = ${project} AND ${fromSecond} AND EventName = ${bind('String', WATCHLLM_EVENT_EVALUATION_RETRACTED)}`;
  const [explanationKey, authorKey, configKey, dataTypeKey] = [ATTR_GEN_AI_EVALUATION_EXPLANATION, ATTR_WATCHLLM_EVALUATION_AUTHOR, ATTR_WATCHLLM_EVALUATION_CONFIG_ID, ATTR_WATCHLLM_EVALUATION_DATA_TYPE].map((k) => bind('String', k));
  // Only the types this attribute may name: a sender's own value of it is not a data type.
  const dataType = (attrs: string) => `if(${attrs}[${dataTypeKey}] IN ('TEXT', 'CORRECTION'), ${attrs}[${dataTypeKey}], '')`;
  const fromLogs = `SELECT LogAttributes[${nameKey}] AS Name, toFloat64OrNull(LogAttributes[${scoreKey}]) AS Score, LogAttributes[${labelKey}] AS Label, TraceId, SpanId, Timestamp AS Time,
           LogAttributes[${idKey}] AS Id, LogAttributes[${explanationKey}] AS Comment, LogAttributes[${authorKey}] AS Author, '' AS SessionId,
           LogAttributes[${configKey}] AS ConfigId, ${dataType('LogAttributes')} AS DataType
      FROM ${store.table(LOGS_METRICS_TABLES.logs)}
     WHERE ProjectId = ${project} AND ${fromSecond} AND ${time('Timestamp')}
       AND (EventName = ${eventName} OR LogAttributes['event.name'] = ${eventName}) AND Name != '' AND ${optional}
       AND (LogAttributes[${idKey}] = '' OR LogAttributes[${idKey}] NOT IN (${withdrawn}))`;
  const fromEvents = `SELECT E.2[${nameKey}] AS Name, toFloat64OrNull(E.2[${scoreKey}]) AS Score, E.2[${labelKey}] AS Label, TraceId, SpanId, ${MODEL_SQL} AS Model, E.3 AS Time,
           E.2[${idKey}] AS Id, E.2[${explanationKey}] AS Comment, E.2[${authorKey}] AS Author, '' AS SessionId, E.2[${configKey}] AS ConfigId, ${dataType('E.2')} AS DataType
      FROM ${store.table(TABLES.traces)} ARRAY JOIN arrayZip(Events.Name, Events.Attributes, Events.Timestamp) AS E
     WHERE ProjectId = ${project} AND ${time('Timestamp')} AND has(Events.Name, ${eventName}) AND E.1 = ${eventName} AND Name != '' AND ${optional}`;
  // Scores on sessions have no span, trace or service: left out when those narrow the results, alone when sessions do.
  const onSessions = f.traceIds === undefined && f.service === undefined;
  const fromSessions = `SELECT Name, Score, Label, '' AS TraceId, '' AS SpanId, '' AS Model, Time, Id, Comment, Author, SessionId, ConfigId, DataType
      FROM (${sessionScoresSql(store, where, f.projectId, f.sessionIds)})
     WHERE ${time('Time')}${f.name !== undefined ? ` AND Name = ${bind('String', f.name)}` : ''}${f.names !== undefined ? ` AND Name IN ${bind('Array(String)', f.names)}` : ''}${onSessions ? '' : ' AND 0'}`;
  const sources = f.sessionIds !== undefined ? [fromSessions] : onSessions ? [fromLogs, fromEvents, fromSessions] : [fromLogs, fromEvents];
  // The same columns (and condition) of every source, one after the other.
  const all = (columns: string, where = '1') => sources.map((from) => `SELECT ${columns} FROM (${from}) WHERE ${where}`).join(' UNION ALL ');
  return { fromLogs, fromEvents, fromSessions: onSessions ? fromSessions : undefined, all };
}

/** Trace ids with an evaluation result meeting `c`, scored from `startMs` on (results come after their traces). */
export function evaluatedTracesSql(store: Store, where: Predicates, projectId: string, startMs: number, c: EvaluationCondition): string {
  const { all } = evaluationSources(store, where, { projectId, startMs, name: c.name });
  const keep = new Predicates(where.params);
  if (c.minScore !== undefined) keep.add('Score >= {}', ['Float64', c.minScore]);
  if (c.maxScore !== undefined) keep.add('Score <= {}', ['Float64', c.maxScore]);
  if (c.label !== undefined) keep.add('Label = {}', ['String', c.label]);
  return all('TraceId', keep.sql());
}

/** Per (name, model) label rows → one summary each, labels counted. */
function summarize(rows: Row[], groupBy: EvaluationGroupBy): EvaluationSummary[] {
  const out = new Map<string, EvaluationSummary & { sum: number }>();
  for (const r of rows) {
    const key = JSON.stringify([r.Name, r.Model]);
    let s = out.get(key);
    if (!s) out.set(key, (s = { name: r.Name, model: groupBy === 'model' ? r.Model || null : null, count: 0, scored: 0, avgScore: null, minScore: null, maxScore: null, labels: {}, sum: 0 }));
    const n = Number(r.N);
    const scored = Number(r.Scored);
    s.count += n;
    if (r.Label !== '') putOwn(s.labels, r.Label, (Object.hasOwn(s.labels, r.Label) ? s.labels[r.Label] : 0) + n);
    if (scored > 0) {
      s.scored += scored;
      s.sum += Number(r.Sum);
      s.minScore = s.minScore === null ? Number(r.Min) : Math.min(s.minScore, Number(r.Min));
      s.maxScore = s.maxScore === null ? Number(r.Max) : Math.max(s.maxScore, Number(r.Max));
    }
  }
  return [...out.values()].map(({ sum, ...s }) => ({ ...s, avgScore: s.scored > 0 ? sum / s.scored : null }));
}
