/**
 * The reads and writes online evaluators make besides their definitions: the spans an evaluator has
 * yet to score, one span with what a judge reads of it, how far each evaluator got, and how many
 * scores each wrote lately. Every value is a bound parameter.
 */
import {
  DATASET_ITEMS_TABLE, DATASET_RUN_ITEMS_TABLE, EVALUATOR_PROGRESS_TABLE, insertRows, LOGS_METRICS_TABLES, nanosToDateTime64, TABLES, type Store,
} from '@watchllm/collector';
import { ATTR_WATCHLLM_EVALUATION_AUTHOR, GEN_AI_EVENT_EVALUATION_RESULT } from '@watchllm/semconv';
import { parseGenAiRecord } from '../dto/genai.js';
import { ENVIRONMENT_SQL } from '../reader/environment-sql.js';
import { LogReader } from '../reader/log-reader.js';
import { Predicates, readRows } from '../reader/query.js';
import { TraceReader } from '../reader/trace-reader.js';
import type { StoredSpan } from '../reader/trace-rows.js';
import type { EvaluatorDefinition, EvaluatorTarget } from './definition.js';
import { parseJson } from '../versioned-rows.js';
import { subjectText, valueText, type SubjectText } from './span-text.js';

/** A span due for scoring: its ids and start (unix ns). */
export interface CandidateSpan {
  traceId: string;
  spanId: string;
  startNs: string;
}

/** What is scored: the span, and the text its judge reads. */
export interface Subject extends SubjectText {
  traceId: string;
  spanId: string;
  serviceName: string;
}

/** The author every score of an evaluator carries, how its scores are told apart. */
export const evaluatorAuthor = (name: string) => `evaluator:${name}`;

/** Hash buckets of trace ids: a rate keeps the traces whose bucket is below rate × buckets. */
const SAMPLING_BUCKETS = 1_000_000;
/** A trace is sampled when its id's bucket is below this; the same on every replica (the hash is the store's). */
export const samplingThreshold = (rate: number) => Math.round(Math.min(1, Math.max(0, rate)) * SAMPLING_BUCKETS);

/** How much earlier than the scanned spans' start their scores are looked for: a client clock ahead of the store's. */
const SCORE_LOOKBACK_NS = 3_600n * 1_000_000_000n;

export class EvaluatorSpans {
  private readonly traces: TraceReader;
  private readonly logs: LogReader;

  constructor(private readonly store: Store) {
    this.traces = new TraceReader(store);
    this.logs = new LogReader(store);
  }

  /**
   * Spans `ev` would score that start at `fromNs` or later, the earliest first (at most `limit`):
   * matching its target and filters, in its sample, without a score of it yet, and not in `skip`
   * (`${traceId}/${spanId}`: spans given up on).
   */
  async candidates(projectId: string, ev: EvaluatorDefinition, fromNs: string, limit: number, skip: string[] = []): Promise<CandidateSpan[]> {
    const params = { projectId, fromNs, limit, author: evaluatorAuthor(ev.name), event: GEN_AI_EVENT_EVALUATION_RESULT, scoresFromNs: (BigInt(fromNs) - SCORE_LOOKBACK_NS).toString() };
    const where = new Predicates(params);
    where.add(ev.target === 'trace' ? "ParentSpanId = ''" : "GenAiStepType = 'llm'");
    if (ev.filters.service !== undefined) where.add('ServiceName = {}', ['String', ev.filters.service]);
    if (ev.filters.model !== undefined) where.add('(GenAiRequestModel = {} OR GenAiResponseModel = {})', ['String', ev.filters.model], ['String', ev.filters.model]);
    if (ev.filters.environment !== undefined) where.add(`${ENVIRONMENT_SQL} = {}`, ['String', ev.filters.environment]);
    if (ev.filters.tag !== undefined) where.add('has(GenAiTags, {})', ['String', ev.filters.tag]);
    if (ev.samplingRate < 1) where.add(`cityHash64(TraceId) % ${SAMPLING_BUCKETS} < {}`, ['UInt32', samplingThreshold(ev.samplingRate)]);
    if (skip.length > 0) where.add("concat(TraceId, '/', SpanId) NOT IN {}", ['Array(String)', skip]);
    const rows = await readRows<{ TraceId: string; SpanId: string; StartNs: string }>(
      this.store,
      `SELECT TraceId, SpanId, toString(toUnixTimestamp64Nano(min(Timestamp))) AS StartNs
       FROM ${this.store.table(TABLES.traces)}
       WHERE ProjectId = {projectId:String} AND Timestamp >= fromUnixTimestamp64Nano({fromNs:Int64}) AND ${where.sql()}
         AND (TraceId, SpanId) NOT IN (
           SELECT TraceId, SpanId FROM ${this.store.table(LOGS_METRICS_TABLES.logs)}
           WHERE ProjectId = {projectId:String} AND TimestampTime >= toDateTime(fromUnixTimestamp64Nano({scoresFromNs:Int64}))
             AND EventName = {event:String} AND LogAttributes['${ATTR_WATCHLLM_EVALUATION_AUTHOR}'] = {author:String})
       GROUP BY TraceId, SpanId
       ORDER BY StartNs, SpanId
       LIMIT {limit:UInt32}`,
      params,
    );
    return rows.map((r) => ({ traceId: r.TraceId, spanId: r.SpanId, startNs: r.StartNs }));
  }

  /**
   * The span `target` scores in a trace (`spanId`, else the trace's root for `trace`, its first
   * model call for `llm`), with its text; undefined when the trace or span is not there.
   */
  async subject(projectId: string, target: EvaluatorTarget, traceId: string, spanId?: string): Promise<Subject | undefined> {
    const where = await this.traces.locate(projectId, traceId);
    const spans = where.spans ? await this.traces.readSpans(projectId, traceId, where.spans) : [];
    const span = spanId !== undefined ? spans.find((s) => s.spanId === spanId) : defaultSpan(target, spans);
    if (!span) return undefined;
    const [logs, expected] = await Promise.all([where.logs ? this.logs.spanLogs(projectId, traceId, where.logs) : [], this.expected(projectId, traceId)]);
    return { traceId, spanId: span.spanId, serviceName: span.serviceName, ...subjectText(target, span, spans, logs), expected };
  }

  /** The expected output of the dataset item a trace was run for (an experiment's), else ''. */
  private async expected(projectId: string, traceId: string): Promise<string> {
    const [row] = await readRows<{ Expected: string }>(
      this.store,
      `SELECT argMax(ExpectedOutput, UpdatedAt) AS Expected FROM ${this.store.table(DATASET_ITEMS_TABLE)}
       WHERE ProjectId = {projectId:String} AND Id IN (
         SELECT DatasetItemId FROM ${this.store.table(DATASET_RUN_ITEMS_TABLE)} WHERE ProjectId = {projectId:String} AND TraceId = {traceId:String})
       GROUP BY Id LIMIT 1`,
      { projectId, traceId },
    );
    return row ? valueText(parseJson(row.Expected)) : '';
  }

  /** Unix ns before which an evaluator has scored (or passed over) every span; '0' when it has not run. */
  async progress(projectId: string, evaluator: string): Promise<string> {
    const [row] = await readRows<{ DoneNs: string }>(
      this.store,
      `SELECT toString(toUnixTimestamp64Nano(max(DoneUntil))) AS DoneNs FROM ${this.store.table(EVALUATOR_PROGRESS_TABLE)}
       WHERE ProjectId = {projectId:String} AND Evaluator = {evaluator:String}`,
      { projectId, evaluator },
    );
    return row?.DoneNs ?? '0';
  }

  async saveProgress(projectId: string, evaluator: string, doneNs: string): Promise<void> {
    await insertRows(this.store, EVALUATOR_PROGRESS_TABLE, [{ ProjectId: projectId, Evaluator: evaluator, DoneUntil: nanosToDateTime64(doneNs) }]);
  }

  /** Scores each evaluator named wrote since `sinceMs`. */
  async scoreCounts(projectId: string, names: string[], sinceMs: number): Promise<Map<string, number>> {
    if (names.length === 0) return new Map();
    const rows = await readRows<{ Author: string; N: string }>(
      this.store,
      `SELECT LogAttributes['${ATTR_WATCHLLM_EVALUATION_AUTHOR}'] AS Author, count() AS N FROM ${this.store.table(LOGS_METRICS_TABLES.logs)}
       WHERE ProjectId = {projectId:String} AND TimestampTime >= toDateTime(intDiv({sinceMs:Int64}, 1000)) AND EventName = {event:String} AND Author IN {authors:Array(String)}
       GROUP BY Author`,
      { projectId, sinceMs, event: GEN_AI_EVENT_EVALUATION_RESULT, authors: names.map(evaluatorAuthor) },
    );
    const byAuthor = new Map(rows.map((r) => [r.Author, Number(r.N)]));
    return new Map(names.map((n) => [n, byAuthor.get(evaluatorAuthor(n)) ?? 0]));
  }
}

function defaultSpan(target: EvaluatorTarget, spans: StoredSpan[]): StoredSpan | undefined {
  if (target === 'llm') return spans.find((s) => parseGenAiRecord(s.row.GenAiRecord)?.stepType === 'llm');
  const ids = new Set(spans.map((s) => s.spanId));
  return spans.find((s) => !ids.has(s.parentSpanId)) ?? spans[0];
}

