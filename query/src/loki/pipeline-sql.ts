/**
 * A LogQL log pipeline as SQL over otel_logs: the selector's and filters' conditions, the labels
 * parsers and label_format make, the line line_format rewrites, unwrapped samples, and which
 * labels the output shows. Every value from the query is bound, every expression fixed.
 */
import type { Predicates } from '../reader/query.js';
import { ALL_LABELS_SQL, labelValueSql, METADATA_SQL, STREAM_LABELS_SQL } from './labels.js';
import { anchored, type Grouping, type LabelFilter, type LogQuery, type Matcher, type TemplateExpr, type TemplatePart, type UnwrapConversion } from './logql.js';

/** How a range aggregation's rows are grouped into series: every label (minus dropped ones), or those a `sum` keeps. */
export type SeriesLabels = ({ kind: 'all' } & OutputLabels) | { kind: 'grouping'; grouping: Grouping };

/** Which labels a query's output shows: all but `drop`, and only `keep` when a keep stage named them. */
export interface OutputLabels {
  drop: string[];
  keep: string[] | null;
}


// ANSI SGR and other CSI sequences (terminal colors), as decolorize removes them.
const ANSI_ESCAPE = '\\x1b\\[[0-9;?]*[A-Za-z]';
const PACKED_LINE = '_entry';

// A Go duration ("1h2m3.5s", "250ms"): its parts, each a number and a unit.
const GO_DURATION = '^(?:[0-9]+(?:\\.[0-9]*)?(?:ns|us|µs|ms|s|m|h))+$';
const GO_DURATION_PART = '[0-9.]+(?:ns|us|µs|ms|s|m|h)';

/** An unwrapped label's number (NULL when it has none): as written, a Go duration in seconds, or a byte size. */
export function sampleSql(where: Predicates, value: string, conversion: UnwrapConversion | undefined): string {
  if (conversion === 'bytes') return `coalesce(toFloat64(parseReadableSizeOrNull(${value})), toFloat64OrNull(${value}))`;
  if (conversion !== 'duration') return `toFloat64OrNull(${value})`;
  // Summed part by part (ClickHouse's parseTimeDelta throws on text it cannot read; this never does).
  const unit = "multiIf(endsWith(x, 'ns'), 1e-9, endsWith(x, 'us') OR endsWith(x, 'µs'), 1e-6, endsWith(x, 'ms'), 1e-3, endsWith(x, 's'), 1, endsWith(x, 'm'), 60, 3600)";
  const seconds = `arraySum(arrayMap(x -> toFloat64OrZero(extract(x, '^[0-9.]+')) * ${unit}, extractAll(${value}, ${where.expr('{}', ['String', GO_DURATION_PART])})))`;
  return `if(match(${value}, ${where.expr('{}', ['String', GO_DURATION])}), ${seconds}, NULL)`;
}



/** What a pipeline made so far: label_format's labels (name → SQL), the parsers' fields, and the line (SQL; line_format rewrites it). */
export interface PipelineLabels {
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
export const JSON_FIELDS_SQL = jsonFieldsSql('Body');
// A JSON body is not read as logfmt (its quoted text can hold "=").
export const LOGFMT_FIELDS_SQL = `if(startsWith(trimLeft(Body), '{'), CAST(map(), 'Map(String, String)'), ${logfmtFieldsSql('Body')})`;

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

export function labelSql(where: Predicates, name: string, scope: 'stream' | 'all', pipeline?: PipelineLabels): string {
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
export function pipelineLabelsSql(where: Predicates, pipeline: PipelineLabels, existing: string): string | undefined {
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
export function distinctBy(where: Predicates, log: LogQuery, pipeline: PipelineLabels): string {
  const names = log.stages.flatMap((s) => (s.kind === 'distinct' ? s.names : []));
  return names.length ? `LIMIT 1 BY ${names.map((n) => labelSql(where, n, 'all', pipeline)).join(', ')}` : '';
}

/** Whether a label shows in the output. */
export function shown(o: OutputLabels, name: string): boolean {
  return !o.drop.includes(name) && (o.keep === null || o.keep.includes(name));
}

export function seriesLabelsSql(where: Predicates, series: SeriesLabels, pipeline: PipelineLabels): string {
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
