import { LOGS_METRICS_TABLES, type Store } from '@watchllm/collector';
import { NANOS_PER_SECOND } from '../compat/time-params.js';
import { ApiError } from '../routes/errors.js';
import type { SpanWindow } from '../compat/window.js';
import { dateTimeSeconds, Predicates, readRows, type QueryParams } from '../reader/query.js';
import { METADATA_SQL, PROMOTED_ATTRIBUTES_SQL, sanitize, STREAM_LABELS_SQL } from './labels.js';
import { bucketNs, windowSums, type BucketRow, type MetricRow, type Steps } from './windows.js';
import type { LogQuery, RangeAggregation } from './logql.js';
import { addLogPredicates, distinctBy, JSON_FIELDS_SQL, labelSql, LOGFMT_FIELDS_SQL, pipelineLabelsSql, sampleSql, seriesLabelsSql, type SeriesLabels } from './pipeline-sql.js';

/** A time window of one project, in unix nanoseconds (both ends included). */
export type LokiWindow = SpanWindow;

export interface LogEntryRow {
  TimeNs: string;
  /** The body, or what line_format made of it. */
  Line: string;
  Stream: Record<string, string>;
  Metadata: Record<string, string>;
}

/** Reads otel_logs for the Loki API: every user value bound, every expression fixed (see labels.ts). */
export class LokiReader {
  constructor(private readonly store: Store) {}

  private get table(): string {
    return this.store.table(LOGS_METRICS_TABLES.logs);
  }

  /** The window's predicates (time, project) on a fresh parameter set. */
  private window(w: LokiWindow): Predicates {
    const params: QueryParams = {};
    const where = new Predicates(params);
    where.add('ProjectId = {}', ['String', w.projectId]);
    where.add('TimestampTime BETWEEN toDateTime({}) AND toDateTime({})', ['UInt32', seconds(w.startNs)], ['UInt32', seconds(w.endNs) + 1]);
    where.add('Timestamp BETWEEN fromUnixTimestamp64Nano({}) AND fromUnixTimestamp64Nano({})', ['Int64', w.startNs.toString()], ['Int64', w.endNs.toString()]);
    return where;
  }

  async entries(w: LokiWindow, log: LogQuery, limit: number, direction: 'backward' | 'forward'): Promise<LogEntryRow[]> {
    const where = this.window(w);
    const pipeline = addLogPredicates(where, log);
    // Labels the pipeline made come back with the line, as Loki returns them.
    const made = pipelineLabelsSql(where, pipeline, `mapConcat(${STREAM_LABELS_SQL}, ${METADATA_SQL})`);
    const metadata = made ? `mapConcat(${METADATA_SQL}, ${made})` : METADATA_SQL;
    return readRows<LogEntryRow>(
      this.store,
      `SELECT toString(toUnixTimestamp64Nano(Timestamp)) AS TimeNs, ${pipeline.line} AS Line, ${STREAM_LABELS_SQL} AS Stream, ${metadata} AS Metadata
         FROM ${this.table}
        WHERE ${where.sql()}
        ORDER BY Timestamp ${direction === 'backward' ? 'DESC' : 'ASC'}
        ${distinctBy(where, log, pipeline)}
        LIMIT ${where.expr('{}', ['UInt32', limit])}`,
      where.params,
    );
  }

  /** The records a range aggregation reads: back by its range before the first point, through its pipeline, and (unwrapped) with a number. */
  private rangeInput(w: LokiWindow, agg: RangeAggregation, steps: Steps) {
    const where = this.window({ ...w, startNs: steps.startNs - agg.rangeNs + 1n });
    const pipeline = addLogPredicates(where, agg.log);
    // Unwrapped: each line's sample is the label's number; lines without one are left out.
    const sample = agg.unwrap === undefined ? '0' : sampleSql(where, labelSql(where, agg.unwrap, 'all', pipeline), agg.unwrapConversion);
    if (agg.unwrap !== undefined) where.add(`isNotNull(${sample})`);
    const rel = `(toUnixTimestamp64Nano(Timestamp) - ${where.expr('{}', ['Int64', steps.startNs.toString()])})`;
    return { where, pipeline, sample: `assumeNotNull(${sample})`, rel };
  }

  /** A range aggregation at each point of `steps`, per label set (see windows.ts). */
  async rangeAggregation(w: LokiWindow, agg: RangeAggregation, steps: Steps, series: SeriesLabels): Promise<MetricRow[]> {
    const { where, pipeline, sample, rel } = this.rangeInput(w, agg, steps);
    const bucket = bucketNs(steps, agg.rangeNs);
    const width = where.expr('{}', ['Int64', bucket.toString()]);
    type Row = { b: string; labels: Record<string, string>; count: string; bytes: string; sum: number; sumSquares: number; min: number; max: number; first: number; last: number };
    const rows = await readRows<Row>(
      this.store,
      `SELECT toString(${ceilDiv(rel, width)}) AS b, ${seriesLabelsSql(where, series, pipeline)} AS labels, count() AS count, sum(length(${pipeline.line})) AS bytes,
              sum(${sample}) AS sum, sum(${sample} * ${sample}) AS sumSquares, min(${sample}) AS min, max(${sample}) AS max,
              argMin(${sample}, Timestamp) AS first, argMax(${sample}, Timestamp) AS last
         FROM ${this.table}
        WHERE ${where.sql()}
        GROUP BY b, labels`,
      where.params,
    );
    const buckets: BucketRow[] = rows.map((r) => ({
      b: BigInt(r.b),
      labels: r.labels,
      count: Number(r.count),
      bytes: Number(r.bytes),
      sum: Number(r.sum),
      sumSquares: Number(r.sumSquares),
      min: Number(r.min),
      max: Number(r.max),
      first: Number(r.first),
      last: Number(r.last),
    }));
    return windowSums(buckets, steps, agg.rangeNs, bucket);
  }

  /**
   * quantile_over_time: quantiles do not add up over buckets, so each sample joins every point whose
   * range covers it (t − range < time ≤ t) and the store takes the φ-quantile per point and label set
   * (linear interpolation, as Prometheus). A sample covers at most MAX_POINTS_PER_SAMPLE points.
   */
  async rangeQuantile(w: LokiWindow, agg: RangeAggregation, steps: Steps, series: SeriesLabels): Promise<{ k: number; labels: Record<string, string>; value: number }[]> {
    const covered = Math.min(steps.points, Number((agg.rangeNs + steps.stepNs - 1n) / steps.stepNs) + 1);
    if (covered > MAX_POINTS_PER_SAMPLE) {
      throw new ApiError(400, `quantile_over_time: a range covering ${covered} steps is more than ${MAX_POINTS_PER_SAMPLE}; use a longer step or a shorter range`);
    }
    const { where, pipeline, sample, rel } = this.rangeInput(w, agg, steps);
    const step = where.expr('{}', ['Int64', steps.stepNs.toString()]);
    const range = where.expr('{}', ['Int64', agg.rangeNs.toString()]);
    const last = where.expr('{}', ['Int64', String(steps.points - 1)]);
    const rows = await readRows<{ k: string; labels: Record<string, string>; v: number }>(
      this.store,
      `SELECT k, labels, quantileExactInclusive(${where.expr('{}', ['Float64', agg.quantile ?? 0.5])})(s) AS v
         FROM (SELECT ${seriesLabelsSql(where, series, pipeline)} AS labels, ${sample} AS s,
                      greatest(${ceilDiv(rel, step)}, 0) AS k0, least(${ceilDiv(`(${rel} + ${range})`, step)} - 1, ${last}) AS k1
                 FROM ${this.table} WHERE ${where.sql()})
        ARRAY JOIN range(toUInt32(k0), toUInt32(greatest(k1 + 1, k0))) AS k
        GROUP BY k, labels`,
      where.params,
    );
    return rows.map((r) => ({ k: Number(r.k), labels: r.labels, value: Number(r.v) }));
  }

  /**
   * Compiles the query's regular expressions in the store (RE2, as Loki's): a bad one is the
   * caller's error even when no row would have reached it.
   */
  async checkRegexes(regexes: string[]): Promise<void> {
    if (regexes.length === 0) return;
    const where = new Predicates({});
    await readRows(this.store, `SELECT ${regexes.map((re) => where.expr("match('', {})", ['String', re])).join(', ')}`, where.params);
  }

  /**
   * Log patterns: each line with every token holding a digit (ids, numbers, times, addresses) masked as
   * `<_>` — a simpler grouping than Loki's Drain, by the same placeholder — the most frequent `limit`
   * of them with their count per step and most frequent level.
   */
  async patterns(w: LokiWindow, log: LogQuery, stepNs: bigint, limit: number): Promise<{ pattern: string; level: string; samples: [number, number][] }[]> {
    const where = this.window(w);
    const pipeline = addLogPredicates(where, log);
    const masked = where.expr(`leftUTF8(replaceRegexpAll(${pipeline.line}, {}, '<_>'), {})`, ['String', '\\S*[0-9]\\S*'], ['UInt32', MAX_PATTERN_LENGTH]);
    const step = where.expr('{}', ['Int64', stepNs.toString()]);
    const rows = await readRows<{ pattern: string; level: string; points: [string, string][] }>(
      this.store,
      `SELECT pattern, topKMerge(1)(levels)[1] AS level, groupArray((toString(b), toString(n))) AS points, sum(n) AS total
         FROM (SELECT ${masked} AS pattern, intDiv(toUnixTimestamp64Nano(Timestamp), ${step}) AS b, count() AS n, topKState(1)(${labelSql(where, 'detected_level', 'all', pipeline)}) AS levels
                 FROM ${this.table} WHERE ${where.sql()} GROUP BY pattern, b)
        GROUP BY pattern ORDER BY total DESC, pattern LIMIT ${where.expr('{}', ['UInt32', limit])}`,
      where.params,
    );
    return rows.map((r) => ({
      pattern: r.pattern,
      level: r.level ?? '',
      samples: r.points.map(([b, n]) => [Number((BigInt(b) * stepNs) / NANOS_PER_SECOND), Number(n)] as [number, number]).sort((a, b) => a[0] - b[0]),
    }));
  }

  /** Each stream label with its number of distinct values (Logs Drilldown's label picker). */
  async detectedLabels(w: LokiWindow, selector?: LogQuery): Promise<{ label: string; cardinality: number }[]> {
    const where = this.window(w);
    if (selector) addLogPredicates(where, selector);
    const rows = await readRows<{ label: string; cardinality: string }>(
      this.store,
      `SELECT k AS label, uniqExact(v) AS cardinality
         FROM (SELECT ${STREAM_LABELS_SQL} AS m FROM ${this.table} WHERE ${where.sql()})
        ARRAY JOIN mapKeys(m) AS k, mapValues(m) AS v
        GROUP BY k ORDER BY k LIMIT 1000`,
      where.params,
    );
    return rows.map((r) => ({ label: r.label, cardinality: Number(r.cardinality) }));
  }

  /**
   * The fields of the newest `lineLimit` matching lines beyond their stream labels — structured
   * metadata, a JSON body's top-level fields (parser "json") and a logfmt body's pairs (parser "logfmt") — with their distinct values
   * (Logs Drilldown's field list; one field's values when `field` is given).
   */
  async detectedFields(w: LokiWindow, log: LogQuery, lineLimit: number): Promise<{ label: string; parser: string; cardinality: number; values: string[] }[]> {
    const where = this.window(w);
    addLogPredicates(where, log);
    const rows = await readRows<{ label: string; parser: string; cardinality: string; values: string[] }>(
      this.store,
      `SELECT F.1 AS label, F.3 AS parser, uniqExact(F.2) AS cardinality, groupUniqArray(1000)(F.2) AS values
         FROM (SELECT ${METADATA_SQL} AS M, ${JSON_FIELDS_SQL} AS J, ${LOGFMT_FIELDS_SQL} AS L FROM ${this.table} WHERE ${where.sql()}
                ORDER BY Timestamp DESC LIMIT ${where.expr('{}', ['UInt32', lineLimit])})
        ARRAY JOIN arrayConcat(arrayMap((k, v) -> (k, v, ''), mapKeys(M), mapValues(M)),
                               arrayMap((k, v) -> (k, v, 'json'), mapKeys(J), mapValues(J)),
                               arrayMap((k, v) -> (k, v, 'logfmt'), mapKeys(L), mapValues(L))) AS F
        GROUP BY label, parser ORDER BY label, parser LIMIT 1000`,
      where.params,
    );
    return rows.map((r) => ({ label: r.label, parser: r.parser, cardinality: Number(r.cardinality), values: r.values }));
  }

  /** Stream label names in the window (of the streams `selector` matches, if given). */
  async labelNames(w: LokiWindow, selector?: LogQuery): Promise<string[]> {
    const where = this.window(w);
    if (selector) addLogPredicates(where, selector);
    // The promoted keys present, renamed here: no per-row label map.
    const [row] = await readRows<{ keys: string[]; n: string }>(
      this.store,
      `SELECT groupUniqArrayArray(mapKeys(${PROMOTED_ATTRIBUTES_SQL})) AS keys, count() AS n FROM ${this.table} WHERE ${where.sql()}`,
      where.params,
    );
    if (!row || Number(row.n) === 0) return [];
    return [...new Set(['service_name', ...row.keys.map(sanitize)])].sort();
  }

  /** Values of one stream label in the window. */
  async labelValues(w: LokiWindow, name: string, selector?: LogQuery): Promise<string[]> {
    const where = this.window(w);
    if (selector) addLogPredicates(where, selector);
    const value = labelSql(where, name, 'stream');
    const rows = await readRows<{ value: string }>(
      this.store,
      `SELECT DISTINCT ${value} AS value FROM ${this.table} WHERE ${where.sql()} AND value != '' ORDER BY value LIMIT 10000`,
      where.params,
    );
    return rows.map((r) => r.value);
  }

  /** Stream label sets matching any of the selectors. */
  async series(w: LokiWindow, selectors: LogQuery[]): Promise<Record<string, string>[]> {
    const where = this.window(w);
    const alternatives = selectors.map((s) => {
      const one = new Predicates(where.params);
      addLogPredicates(one, s);
      return `(${one.sql()})`;
    });
    const rows = await readRows<{ labels: Record<string, string> }>(
      this.store,
      `SELECT DISTINCT ${STREAM_LABELS_SQL} AS labels FROM ${this.table} WHERE ${where.sql()} AND (${alternatives.join(' OR ') || '1'}) LIMIT 10000`,
      where.params,
    );
    return rows.map((r) => r.labels);
  }

  /** What Loki's index/stats reports: streams, entries and bytes of the matching records (a stream is one chunk here). */
  async stats(w: LokiWindow, log: LogQuery): Promise<{ streams: number; chunks: number; entries: number; bytes: number }> {
    const where = this.window(w);
    addLogPredicates(where, log);
    const [row] = await readRows<{ streams: string; entries: string; bytes: string }>(
      this.store,
      `SELECT uniqExact(ServiceName, ${PROMOTED_ATTRIBUTES_SQL}) AS streams, count() AS entries, sum(length(Body)) AS bytes FROM ${this.table} WHERE ${where.sql()}`,
      where.params,
    );
    const streams = Number(row?.streams ?? 0);
    return { streams, chunks: streams, entries: Number(row?.entries ?? 0), bytes: Number(row?.bytes ?? 0) };
  }
}

const MAX_POINTS_PER_SAMPLE = 200;
// A pattern is a line's shape: its first characters are enough to tell shapes apart.
const MAX_PATTERN_LENGTH = 500;

/** ceil(a / b) for a positive b, negative a too (intDiv truncates toward zero). */
function ceilDiv(a: string, b: string): string {
  return `if(${a} > 0, intDiv(${a} + ${b} - 1, ${b}), -intDiv(-${a}, ${b}))`;
}

function seconds(ns: bigint): number {
  return dateTimeSeconds(Number(ns / NANOS_PER_SECOND) * 1000);
}
