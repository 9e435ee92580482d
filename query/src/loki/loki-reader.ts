import { LOGS_METRICS_TABLES, type Store } from '@watchllm/collector';
import type { SpanWindow } from '../compat/window.js';
import { dateTimeSeconds, Predicates, readRows, type QueryParams } from '../reader/query.js';
import { ALL_LABELS_SQL, labelValueSql, METADATA_SQL, PROMOTED_ATTRIBUTES_SQL, sanitize, STREAM_LABELS_SQL } from './labels.js';
import { bucketNs, windowSums, type BucketRow, type MetricRow, type Steps } from './windows.js';
import { anchored, type Grouping, type LabelFilter, type LogQuery, type Matcher, type RangeAggregation } from './logql.js';

/** A time window of one project, in unix nanoseconds (both ends included). */
export type LokiWindow = SpanWindow;

export interface LogEntryRow {
  TimeNs: string;
  Body: string;
  Stream: Record<string, string>;
  Metadata: Record<string, string>;
}

/** How a range aggregation's rows are grouped into series: every label (minus dropped ones), or those a `sum` keeps. */
export type SeriesLabels = { kind: 'all'; drop: string[] } | { kind: 'grouping'; grouping: Grouping };

const NANOS_PER_SECOND = 1_000_000_000n;

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
    const derived = addLogPredicates(where, log);
    // Labels label_format made come back with the line, as Loki returns them.
    const made = [...derived].map(([name, sql]) => `${where.expr('{}', ['String', name])}, ${sql}`);
    const metadata = made.length ? `mapConcat(map(${made.join(', ')}), ${METADATA_SQL})` : METADATA_SQL;
    return readRows<LogEntryRow>(
      this.store,
      `SELECT toString(toUnixTimestamp64Nano(Timestamp)) AS TimeNs, Body, ${STREAM_LABELS_SQL} AS Stream, ${metadata} AS Metadata
         FROM ${this.table}
        WHERE ${where.sql()}
        ORDER BY Timestamp ${direction === 'backward' ? 'DESC' : 'ASC'}
        LIMIT ${where.expr('{}', ['UInt32', limit])}`,
      where.params,
    );
  }

  /** A range aggregation at each point of `steps`, per label set (see windows.ts). */
  async rangeAggregation(w: LokiWindow, agg: RangeAggregation, steps: Steps, series: SeriesLabels): Promise<MetricRow[]> {
    // Records a point's range reaches back to, before the first point.
    const where = this.window({ ...w, startNs: steps.startNs - agg.rangeNs + 1n });
    addLogPredicates(where, agg.log);
    const bucket = bucketNs(steps, agg.rangeNs);
    const width = where.expr('{}', ['Int64', bucket.toString()]);
    const rel = `(toUnixTimestamp64Nano(Timestamp) - ${where.expr('{}', ['Int64', steps.startNs.toString()])})`;
    // ceil(rel / width), for negative offsets too (intDiv truncates toward zero).
    const b = `if(${rel} > 0, intDiv(${rel} + ${width} - 1, ${width}), -intDiv(-${rel}, ${width}))`;
    const rows = await readRows<{ b: string; labels: Record<string, string>; count: string; bytes: string }>(
      this.store,
      `SELECT toString(${b}) AS b, ${seriesLabelsSql(where, series)} AS labels, count() AS count, sum(length(Body)) AS bytes
         FROM ${this.table}
        WHERE ${where.sql()}
        GROUP BY b, labels`,
      where.params,
    );
    const buckets: BucketRow[] = rows.map((r) => ({ b: BigInt(r.b), labels: r.labels, count: Number(r.count), bytes: Number(r.bytes) }));
    return windowSums(buckets, steps, agg.rangeNs, bucket);
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

function seconds(ns: bigint): number {
  return dateTimeSeconds(Number(ns / NANOS_PER_SECOND) * 1000);
}

/** Labels a pipeline's label_format stages defined so far: name → SQL. */
type Derived = Map<string, string>;

function labelSql(where: Predicates, name: string, scope: 'stream' | 'all', derived?: Derived): string {
  const made = derived?.get(name);
  if (made !== undefined) return made;
  const { sql, values } = labelValueSql(name, scope);
  return where.expr(sql, ...values);
}

const NUMBER_OPS: Record<string, string> = { '==': '=', '!=': '!=', '>': '>', '>=': '>=', '<': '<', '<=': '<=' };

/** Label matching as Prometheus does it: regular expressions anchored at both ends, a missing label reads as "". */
function matcherSql(where: Predicates, m: Matcher | LabelFilter, scope: 'stream' | 'all', derived?: Derived): string {
  const label = labelSql(where, m.name, scope, derived);
  // A value that is not a number does not match a numeric comparison (Loki would mark it with __error__).
  if ('kind' in m && m.kind === 'number') return where.expr(`toFloat64OrNull(${label}) ${NUMBER_OPS[m.op]} {}`, ['Float64', m.value]);
  const { op, value } = m as Matcher;
  if (op === '=') return where.expr(`${label} = {}`, ['String', value]);
  if (op === '!=') return where.expr(`${label} != {}`, ['String', value]);
  return where.expr(`${op === '!~' ? 'NOT ' : ''}match(${label}, {})`, ['String', anchored(value)]);
}

function lineFilterSql(where: Predicates, op: string, values: string[]): string {
  const one = (v: string) => (op === '|=' || op === '!=' ? where.expr('position(Body, {}) > 0', ['String', v]) : where.expr('match(Body, {})', ['String', v]));
  const any = values.map(one).join(' OR ');
  return op.startsWith('!') ? `NOT (${any})` : `(${any})`;
}

/** The selector's matchers (on stream labels) and the pipeline's filters, as predicates; returns the labels label_format made. */
export function addLogPredicates(where: Predicates, log: LogQuery): Derived {
  for (const m of log.selector) where.add(matcherSql(where, m, 'stream'));
  const derived: Derived = new Map();
  for (const s of log.stages) {
    if (s.kind === 'line') where.add(lineFilterSql(where, s.op, s.values));
    else if (s.kind === 'line_contains') derived.set(s.name, where.expr("if(position(Body, {}) > 0, 'true', 'false')", ['String', s.text]));
    else if (s.kind === 'filters') {
      const any = s.alternatives.map((all) => `(${all.map((f) => matcherSql(where, f, 'all', derived)).join(' AND ')})`);
      where.add(`(${any.join(' OR ')})`);
    }
  }
  return derived;
}

/** Names `drop` removes from a query's output. */
export function droppedLabels(log: LogQuery): string[] {
  return log.stages.flatMap((s) => (s.kind === 'drop' ? s.names : []));
}

function seriesLabelsSql(where: Predicates, series: SeriesLabels): string {
  if (series.kind === 'all') return where.expr(`mapFilter((k, v) -> NOT has({}, k), ${ALL_LABELS_SQL})`, ['Array(String)', series.drop]);
  const { without, labels } = series.grouping;
  if (without) return where.expr(`mapFilter((k, v) -> NOT has({}, k), ${ALL_LABELS_SQL})`, ['Array(String)', labels]);
  if (labels.length === 0) return "CAST(map(), 'Map(String, String)')";
  const pairs = labels.map((name) => `${where.expr('{}', ['String', name])}, ${labelSql(where, name, 'all')}`);
  return `mapFilter((k, v) -> v != '', map(${pairs.join(', ')}))`;
}
