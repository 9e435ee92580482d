import { LOGS_METRICS_TABLES, type Store } from '@watchllm/collector';
import { NANOS_PER_SECOND } from '../compat/time-params.js';
import { ApiError } from '../routes/errors.js';
import type { SpanWindow } from '../compat/window.js';
import { dateTimeSeconds, Predicates, readRows, type QueryParams } from '../reader/query.js';
import { ALL_LABELS_SQL, labelValueSql, METADATA_SQL, PROMOTED_ATTRIBUTES_SQL, sanitize, STREAM_LABELS_SQL } from './labels.js';
import { bucketNs, windowSums, type BucketRow, type MetricRow, type Steps } from './windows.js';
import { anchored, type Grouping, type LabelFilter, type LogQuery, type Matcher, type RangeAggregation, type TemplateExpr, type TemplatePart, type UnwrapConversion } from './logql.js';

/** A time window of one project, in unix nanoseconds (both ends included). */
export type LokiWindow = SpanWindow;

export interface LogEntryRow {
  TimeNs: string;
  /** The body, or what line_format made of it. */
  Line: string;
  Stream: Record<string, string>;
  Metadata: Record<string, string>;
}

/** How a range aggregation's rows are grouped into series: every label (minus dropped ones), or those a `sum` keeps. */
export type SeriesLabels = ({ kind: 'all' } & OutputLabels) | { kind: 'grouping'; grouping: Grouping };

/** Which labels a query's output shows: all but `drop`, and only `keep` when a keep stage named them. */
export interface OutputLabels {
  drop: string[];
  keep: string[] | null;
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
// ANSI SGR and other CSI sequences (terminal colors), as decolorize removes them.
const ANSI_ESCAPE = '\\x1b\\[[0-9;?]*[A-Za-z]';
const PACKED_LINE = '_entry';

// A Go duration ("1h2m3.5s", "250ms"): its parts, each a number and a unit.
const GO_DURATION = '^(?:[0-9]+(?:\\.[0-9]*)?(?:ns|us|µs|ms|s|m|h))+$';
const GO_DURATION_PART = '[0-9.]+(?:ns|us|µs|ms|s|m|h)';

/** An unwrapped label's number (NULL when it has none): as written, a Go duration in seconds, or a byte size. */
function sampleSql(where: Predicates, value: string, conversion: UnwrapConversion | undefined): string {
  if (conversion === 'bytes') return `coalesce(toFloat64(parseReadableSizeOrNull(${value})), toFloat64OrNull(${value}))`;
  if (conversion !== 'duration') return `toFloat64OrNull(${value})`;
  // Summed part by part (ClickHouse's parseTimeDelta throws on text it cannot read; this never does).
  const unit = "multiIf(endsWith(x, 'ns'), 1e-9, endsWith(x, 'us') OR endsWith(x, 'µs'), 1e-6, endsWith(x, 'ms'), 1e-3, endsWith(x, 's'), 1, endsWith(x, 'm'), 60, 3600)";
  const seconds = `arraySum(arrayMap(x -> toFloat64OrZero(extract(x, '^[0-9.]+')) * ${unit}, extractAll(${value}, ${where.expr('{}', ['String', GO_DURATION_PART])})))`;
  return `if(match(${value}, ${where.expr('{}', ['String', GO_DURATION])}), ${seconds}, NULL)`;
}

/** ceil(a / b) for a positive b, negative a too (intDiv truncates toward zero). */
function ceilDiv(a: string, b: string): string {
  return `if(${a} > 0, intDiv(${a} + ${b} - 1, ${b}), -intDiv(-${a}, ${b}))`;
}

function seconds(ns: bigint): number {
  return dateTimeSeconds(Number(ns / NANOS_PER_SECOND) * 1000);
}

/** What a pipeline made so far: label_format's labels (name → SQL), the parsers' fields, and the line (SQL; line_format rewrites it). */
interface PipelineLabels {
  made: Map<string, string>;
  /** `| json` / `| logfmt` in order, each reading the line as it was at that stage. */
  parsers: ({ kind: 'json'; line: string } | { kind: 'logfmt'; line: string } | { kind: 'extract'; line: string; names: string[]; groups: number[]; regex: string })[];
  line: string;
}

// A top-level field of a JSON line as label text: strings unquoted, anything else as written.
const jsonFieldSql = (line: string) => `if(JSONType(${line}, {}) = 'String', JSONExtractString(${line}, {}), JSONExtractRaw(${line}, {}))`;
/** Every top-level field of a JSON line (none for other lines), as `| json` extracts them. */
const jsonFieldsSql = (line: string) =>
  `mapFromArrays(JSONExtractKeys(${line}), arrayMap(k -> if(JSONType(${line}, k) = 'String', JSONExtractString(${line}, k), JSONExtractRaw(${line}, k)), JSONExtractKeys(${line})))`;
/** The key=value pairs of a logfmt line (values may be "quoted"), as `| logfmt` extracts them. */
const logfmtFieldsSql = (line: string) => `extractKeyValuePairs(${line}, '=', ' ', '"')`;
const JSON_FIELDS_SQL = jsonFieldsSql('Body');
// A JSON body is not read as logfmt (its quoted text can hold "=").
const LOGFMT_FIELDS_SQL = `if(startsWith(trimLeft(Body), '{'), CAST(map(), 'Map(String, String)'), ${logfmtFieldsSql('Body')})`;

function parsedFieldSql(where: Predicates, parser: PipelineLabels['parsers'][number], name: string): string {
  if (parser.kind === 'json') return where.expr(jsonFieldSql(parser.line), ['String', name], ['String', name], ['String', name]);
  if (parser.kind === 'extract') {
    const index = parser.names.indexOf(name);
    // A name the expression does not capture: no value ('' as for a missing label); a line it does not match: none either.
    return index < 0 ? "''" : where.expr(`extractGroups(${parser.line}, {})[{}]`, ['String', parser.regex], ['UInt32', parser.groups[index]]);
  }
  return where.expr(`${logfmtFieldsSql(parser.line)}[{}]`, ['String', name]);
}

/** Every field a parser extracts from its line, as a map. */
function parsedFieldsSql(where: Predicates, parser: PipelineLabels['parsers'][number]): string {
  if (parser.kind === 'json') return jsonFieldsSql(parser.line);
  if (parser.kind === 'logfmt') return logfmtFieldsSql(parser.line);
  const regex = where.expr('{}', ['String', parser.regex]);
  const values = `arrayMap(g -> extractGroups(${parser.line}, ${regex})[g], ${where.expr('{}', ['Array(UInt32)', parser.groups])})`;
  return `if(match(${parser.line}, ${regex}), mapFromArrays(${where.expr('{}', ['Array(String)', parser.names])}, ${values}), CAST(map(), 'Map(String, String)'))`;
}

function labelSql(where: Predicates, name: string, scope: 'stream' | 'all', pipeline?: PipelineLabels): string {
  const made = pipeline?.made.get(name);
  if (made !== undefined) return made;
  const { sql, values } = labelValueSql(name, scope);
  const label = where.expr(sql, ...values);
  if (!pipeline?.parsers.length || scope !== 'all') return label;
  // A label the record already has wins over a parsed field of the same name, and an earlier parser over a later one.
  const fields = pipeline.parsers.map((p) => parsedFieldSql(where, p, name));
  return `multiIf(${[label, ...fields.slice(0, -1)].map((f) => `${f} != '', ${f}`).join(', ')}, ${fields[fields.length - 1]})`;
}

/** The labels a pipeline adds to each line: label_format's, and the parsed fields (existing labels, then earlier parsers, win). */
function pipelineLabelsSql(where: Predicates, pipeline: PipelineLabels, existing: string): string | undefined {
  const made = [...pipeline.made].map(([name, sql]) => `${where.expr('{}', ['String', name])}, ${sql}`);
  const parts: string[] = made.length ? [`map(${made.join(', ')})`] : [];
  let seen = existing;
  for (const p of pipeline.parsers) {
    const fields = `mapFilter((k, v) -> NOT mapContains(${seen}, k), ${parsedFieldsSql(where, p)})`;
    parts.push(fields);
    seen = `mapConcat(${seen}, ${fields})`;
  }
  return parts.length ? `mapConcat(${parts.join(', ')})` : undefined;
}

/** A template rendered in SQL: its text bound, its labels as the pipeline has them, `__line__` the current line. */
function templateSql(where: Predicates, template: TemplatePart[], pipeline: PipelineLabels): string {
  if (template.length === 0) return "''";
  const parts = template.map((p) =>
    'text' in p ? where.expr('{}', ['String', p.text]) : 'label' in p ? labelSql(where, p.label, 'all', pipeline) : 'line' in p ? pipeline.line : templateExprSql(where, p.expr, pipeline),
  );
  return parts.length === 1 ? `toString(${parts[0]})` : `concat(${parts.join(', ')})`;
}

/** A template function of values, in SQL (text in, text out). */
function templateExprSql(where: Predicates, e: TemplateExpr, pipeline: PipelineLabels): string {
  switch (e.kind) {
    case 'label':
      return labelSql(where, e.name, 'all', pipeline);
    case 'line':
      return pipeline.line;
    case 'string':
      return where.expr('{}', ['String', e.value]);
    case 'number':
      return where.expr('toString({})', ['Int64', e.value]);
  }
  const n = (i: number) => (e.args[i] as { value: number }).value;
  const arg = (i: number) => templateExprSql(where, e.args[i], pipeline);
  const x = arg(e.args.length - 1);
  switch (e.fn) {
    case 'lower':
    case 'ToLower':
      return `lowerUTF8(${x})`;
    case 'upper':
    case 'ToUpper':
      return `upperUTF8(${x})`;
    case 'title':
      return `initcapUTF8(${x})`;
    case 'trim':
      return `trimBoth(${x})`;
    case 'trimPrefix':
      return `if(startsWith(${x}, ${arg(0)}), substring(${x}, length(${arg(0)}) + 1), ${x})`;
    case 'trimSuffix':
      return `if(endsWith(${x}, ${arg(0)}), substring(${x}, 1, length(${x}) - length(${arg(0)})), ${x})`;
    case 'trunc':
      // Sprig: the first n characters, or the last -n.
      return n(0) >= 0 ? where.expr(`leftUTF8(${x}, {})`, ['UInt32', n(0)]) : where.expr(`rightUTF8(${x}, {})`, ['UInt32', -n(0)]);
    case 'substr':
      return where.expr(`substringUTF8(${x}, {}, {})`, ['Int64', Math.max(0, n(0)) + 1], ['Int64', Math.max(0, n(1) - Math.max(0, n(0)))]);
    case 'replace':
      return `replaceAll(${x}, ${arg(0)}, ${arg(1)})`;
    case 'default':
      return `if(${x} = '', ${arg(0)}, ${x})`;
    case 'alignLeft':
      return where.expr(`rightPadUTF8(leftUTF8(${x}, {}), {}, ' ')`, ['UInt32', Math.max(0, n(0))], ['UInt32', Math.max(0, n(0))]);
    case 'alignRight':
      return where.expr(`leftPadUTF8(rightUTF8(${x}, {}), {}, ' ')`, ['UInt32', Math.max(0, n(0))], ['UInt32', Math.max(0, n(0))]);
  }
}

const NUMBER_OPS: Record<string, string> = { '==': '=', '!=': '!=', '>': '>', '>=': '>=', '<': '<', '<=': '<=' };

/** Label matching as Prometheus does it: regular expressions anchored at both ends, a missing label reads as "". */
function matcherSql(where: Predicates, m: Matcher | LabelFilter, scope: 'stream' | 'all', pipeline?: PipelineLabels): string {
  const label = labelSql(where, m.name, scope, pipeline);
  // A value that is not a number does not match a numeric comparison (Loki would mark it with __error__).
  if ('kind' in m && m.kind === 'number') return where.expr(`toFloat64OrNull(${label}) ${NUMBER_OPS[m.op]} {}`, ['Float64', m.value]);
  const { op, value } = m as Matcher;
  if (op === '=') return where.expr(`${label} = {}`, ['String', value]);
  if (op === '!=') return where.expr(`${label} != {}`, ['String', value]);
  return where.expr(`${op === '!~' ? 'NOT ' : ''}match(${label}, {})`, ['String', anchored(value)]);
}

function lineFilterSql(where: Predicates, line: string, op: string, values: string[]): string {
  const one = (v: string) => (op === '|=' || op === '!=' ? where.expr(`position(${line}, {}) > 0`, ['String', v]) : where.expr(`match(${line}, {})`, ['String', v]));
  const any = values.map(one).join(' OR ');
  return op.startsWith('!') ? `NOT (${any})` : `(${any})`;
}

/** The selector's matchers (on stream labels) and the pipeline's filters, as predicates; returns the labels the pipeline made. */
export function addLogPredicates(where: Predicates, log: LogQuery): PipelineLabels {
  for (const m of log.selector) where.add(matcherSql(where, m, 'stream'));
  const pipeline: PipelineLabels = { made: new Map(), parsers: [], line: 'Body' };
  for (const s of log.stages) {
    if (s.kind === 'line') where.add(lineFilterSql(where, pipeline.line, s.op, s.values));
    else if (s.kind === 'line_contains') pipeline.made.set(s.name, where.expr(`if(position(${pipeline.line}, {}) > 0, 'true', 'false')`, ['String', s.text]));
    else if (s.kind === 'json' || s.kind === 'logfmt' || s.kind === 'extract') pipeline.parsers.push({ ...s, line: pipeline.line });
    else if (s.kind === 'decolorize') pipeline.line = where.expr(`replaceRegexpAll(${pipeline.line}, {}, '')`, ['String', ANSI_ESCAPE]);
    else if (s.kind === 'unpack') {
      // Promtail's pack: the JSON's fields become labels, its `_entry` the line.
      pipeline.parsers.push({ kind: 'json', line: pipeline.line });
      const entry = where.expr('{}', ['String', PACKED_LINE]);
      pipeline.line = `if(JSONType(${pipeline.line}, ${entry}) = 'String', JSONExtractString(${pipeline.line}, ${entry}), ${pipeline.line})`;
    }
    else if (s.kind === 'line_format') pipeline.line = templateSql(where, s.template, pipeline);
    else if (s.kind === 'label_format') {
      // Every template of one stage reads the labels as they were before it.
      const rendered = s.labels.map((l) => [l.name, templateSql(where, l.template, pipeline)] as const);
      for (const [name, sql] of rendered) pipeline.made.set(name, sql);
    } else if (s.kind === 'filters') {
      const any = s.alternatives.map((all) => `(${all.map((f) => matcherSql(where, f, 'all', pipeline)).join(' AND ')})`);
      where.add(`(${any.join(' OR ')})`);
    }
  }
  return pipeline;
}

/** The labels a query's output leaves out (drop, label_format's renamed sources, unpack's `_entry`) or keeps (keep). */
export function outputLabels(log: LogQuery): OutputLabels {
  const drop = log.stages.flatMap((s) =>
    s.kind === 'drop' ? s.names : s.kind === 'label_format' ? s.labels.flatMap((l) => (l.renames && l.renames !== l.name ? [l.renames] : [])) : s.kind === 'unpack' ? [PACKED_LINE] : [],
  );
  const keeps = log.stages.flatMap((s) => (s.kind === 'keep' ? [s.names] : []));
  // Several keep stages: only what each of them keeps.
  const keep = keeps.length ? keeps.reduce((a, b) => a.filter((n) => b.includes(n))) : null;
  return { drop, keep };
}

/** `| distinct a, b`: the first line (in the query's direction) per set of those labels' values. */
function distinctBy(where: Predicates, log: LogQuery, pipeline: PipelineLabels): string {
  const names = log.stages.flatMap((s) => (s.kind === 'distinct' ? s.names : []));
  return names.length ? `LIMIT 1 BY ${names.map((n) => labelSql(where, n, 'all', pipeline)).join(', ')}` : '';
}

/** Whether a label shows in the output. */
export function shown(o: OutputLabels, name: string): boolean {
  return !o.drop.includes(name) && (o.keep === null || o.keep.includes(name));
}

function seriesLabelsSql(where: Predicates, series: SeriesLabels, pipeline: PipelineLabels): string {
  const made = pipelineLabelsSql(where, pipeline, ALL_LABELS_SQL);
  const all = made ? `mapConcat(${ALL_LABELS_SQL}, ${made})` : ALL_LABELS_SQL;
  if (series.kind === 'all') {
    const keep = series.keep === null ? '' : where.expr(' AND has({}, k)', ['Array(String)', series.keep]);
    return where.expr(`mapFilter((k, v) -> NOT has({}, k)${keep}, ${all})`, ['Array(String)', series.drop]);
  }
  const { without, labels } = series.grouping;
  if (without) return where.expr(`mapFilter((k, v) -> NOT has({}, k), ${all})`, ['Array(String)', labels]);
  if (labels.length === 0) return "CAST(map(), 'Map(String, String)')";
  const pairs = labels.map((name) => `${where.expr('{}', ['String', name])}, ${labelSql(where, name, 'all', pipeline)}`);
  return `mapFilter((k, v) -> v != '', map(${pairs.join(', ')}))`;
}
