/**
 * The part of LogQL that Grafana's Loki datasource, Explore and Logs Drilldown send: stream
 * selectors, line filters, label filters, `drop` / `keep`, the json, logfmt, pattern, regexp and
 * unpack parsers, decolorize, line_format and label_format templates, the log range aggregations
 * and the unwrapped ones under sum/count/min/max/avg by|without, and constant arithmetic
 * (`vector(1)+vector(1)` is the datasource's health check). Anything else is refused with the
 * position and what was found, never silently ignored.
 */
import { parsePromDuration } from '../compat/duration.js';
import { parsePattern, parseRegexp, type ExtractFields } from './extract.js';
import { LogQLError, readString } from './logql-error.js';
import { parseTemplate, type TemplatePart } from './template.js';

export { LogQLError };
export type { ExtractFields };
export type { TemplateExpr, TemplatePart } from './template.js';

export type MatchOp = '=' | '!=' | '=~' | '!~';
export type CompareOp = '==' | '!=' | '>' | '>=' | '<' | '<=';

export interface Matcher {
  name: string;
  op: MatchOp;
  value: string;
}

/** `|= "a" or "b"`: a line matches a positive filter when it matches any value, a negative one when it matches none. */
export interface LineFilter {
  kind: 'line';
  op: '|=' | '!=' | '|~' | '!~';
  values: string[];
}

export type LabelFilter = { kind: 'label'; name: string; op: MatchOp; value: string } | { kind: 'number'; name: string; op: CompareOp; value: number };

/** `| a="x", b="y" or c="z"`: any of the alternatives, each all of its filters (`and` binds tighter than `or`). */
export interface LabelFilters {
  kind: 'filters';
  alternatives: LabelFilter[][];
}

/** `| drop a, b` / `| keep a, b` (which labels show), `| distinct a, b` (a log query's first line per value set). */
export interface Drop {
  kind: 'drop' | 'keep' | 'distinct';
  names: string[];
}

/** `| decolorize` (ANSI color codes out of the line), `| unpack` (a Promtail-packed JSON line: its fields as labels, `_entry` as the line). */
export interface LineRewrite {
  kind: 'decolorize' | 'unpack';
}

/**
 * `| label_format name=`{{ contains "text" __line__ }}``: a label that is "true" when the line
 * holds the text. (The one template Grafana's trace-to-logs sends; other templates are refused.)
 */
export interface LineContainsLabel {
  kind: 'line_contains';
  name: string;
  text: string;
}

/** `| json`: the body's top-level fields become labels (JSON bodies; others get none). */
export interface JsonFields {
  kind: 'json';
}

/** `| logfmt`: the line's key=value pairs become labels. */
export interface LogfmtFields {
  kind: 'logfmt';
}

/** `| line_format "…"`: the line becomes the rendered template. */
export interface LineFormat {
  kind: 'line_format';
  template: TemplatePart[];
}

/** `| label_format a="{{.b}} …", c=d`: labels set from templates (all read the labels as they were), or renamed. */
export interface LabelFormat {
  kind: 'label_format';
  labels: { name: string; template: TemplatePart[]; renames?: string }[];
}

/** `| unwrap label`: only last in a range aggregation's pipeline (the parser moves it onto the aggregation). */
export interface Unwrap {
  kind: 'unwrap';
  label: string;
  /** `duration(label)` / `duration_seconds(label)`: "1m30s" → 90; `bytes(label)`: "5 KiB" → 5120. */
  conversion?: UnwrapConversion;
  col: number;
}

export type UnwrapConversion = 'duration' | 'bytes';
const CONVERSIONS: Record<string, UnwrapConversion> = { duration: 'duration', duration_seconds: 'duration', bytes: 'bytes' };

export type Stage = LineFilter | LabelFilters | Drop | LineContainsLabel | JsonFields | LogfmtFields | ExtractFields | LineFormat | LabelFormat | LineRewrite | Unwrap;

export interface LogQuery {
  kind: 'log';
  selector: Matcher[];
  stages: Stage[];
}

export type RangeFunction = 'count_over_time' | 'rate' | 'bytes_over_time' | 'bytes_rate' | UnwrappedFunction;
/** Functions over the values `| unwrap label` takes from each line (they need it). */
export type UnwrappedFunction =
  | 'sum_over_time'
  | 'avg_over_time'
  | 'min_over_time'
  | 'max_over_time'
  | 'stddev_over_time'
  | 'stdvar_over_time'
  | 'first_over_time'
  | 'last_over_time'
  | 'quantile_over_time';
export type VectorFunction = 'sum' | 'count' | 'min' | 'max' | 'avg' | 'topk' | 'bottomk';

export interface RangeAggregation {
  kind: 'range';
  fn: RangeFunction;
  log: LogQuery;
  rangeNs: bigint;
  /** `| unwrap label`: each line's sample is that label's number (lines without one are left out); the label leaves the series. */
  unwrap?: string;
  unwrapConversion?: UnwrapConversion;
  /** `avg_over_time(… | unwrap x [5m]) by (job)`: an unwrapped range aggregation over the samples of each group. */
  grouping?: Grouping;
  /** quantile_over_time's φ, from 0 to 1. */
  quantile?: number;
}

export interface Grouping {
  without: boolean;
  labels: string[];
}

export interface VectorAggregation {
  kind: 'vector';
  fn: VectorFunction;
  /** topk / bottomk: how many series keep their value at each point (per group with by / without). */
  n?: number;
  grouping?: Grouping;
  inner: MetricQuery;
}

export interface Constant {
  kind: 'constant';
  value: number;
}

/**
 * `sum(rate({…} |= "error" [5m])) / sum(rate({…}[5m]))`: arithmetic between two metric queries, point by
 * point, on series with the same labels (one-to-one, as PromQL matches by default); with a constant, on every
 * series.
 */
export interface BinaryOperation {
  kind: 'binary';
  op: ArithmeticOp | ComparisonOp;
  left: MetricQuery;
  right: MetricQuery;
  /** `on(a, b)` / `ignoring(a, b)`: the labels series are matched on (default: all of them). */
  matching?: Grouping;
  /** `> bool`: a comparison's 1 or 0 instead of filtering. */
  bool?: boolean;
}

export type ArithmeticOp = '+' | '-' | '*' | '/';
/** `… > 10`: comparisons filter, keeping the samples (of the query side) for which they hold. */
export type ComparisonOp = '==' | '!=' | '>' | '<' | '>=' | '<=';

export type MetricQuery = RangeAggregation | VectorAggregation | Constant | BinaryOperation;
export type Query = LogQuery | MetricQuery;

const UNWRAPPED_FUNCTIONS = new Set<string>([
  'sum_over_time',
  'avg_over_time',
  'min_over_time',
  'max_over_time',
  'stddev_over_time',
  'stdvar_over_time',
  'first_over_time',
  'last_over_time',
  'quantile_over_time',
]);
const RANGE_FUNCTIONS = new Set<string>(['count_over_time', 'rate', 'bytes_over_time', 'bytes_rate', ...UNWRAPPED_FUNCTIONS]);
const VECTOR_FUNCTIONS = new Set<string>(['sum', 'count', 'min', 'max', 'avg', 'topk', 'bottomk']);
const MAX_RANK = 10_000;
// Parsers and formatters Loki has and this API does not: named in the error rather than "unexpected".
const LINE_CONTAINS_TEMPLATE = /^\{\{-?\s*contains\s+"((?:[^"\\]|\\.)*)"\s+__line__\s*-?\}\}$/;

type TokenKind = 'ident' | 'string' | 'number' | 'duration' | 'op' | 'end';
interface Token {
  kind: TokenKind;
  text: string;
  /** 1-based column, for messages. */
  col: number;
}

const OPERATORS = ['|=', '|~', '!=', '!~', '=~', '==', '>=', '<=', '{', '}', '(', ')', '[', ']', ',', '|', '=', '>', '<', '+', '-', '*', '/'];
const IDENT = /[A-Za-z_][A-Za-z0-9_]*/y;
const NUMBER = /\d+(?:\.\d*)?(?:[eE][+-]?\d+)?|\.\d+/y;
const DURATION = /(?:\d+(?:\.\d+)?(?:ns|us|µs|ms|s|m|h|d|w|y))+/y;
const SPACE = /\s+/y;

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const at = (re: RegExp) => {
    re.lastIndex = i;
    const m = re.exec(text);
    return m ? m[0] : undefined;
  };
  while (i < text.length) {
    const space = at(SPACE);
    if (space) {
      i += space.length;
      continue;
    }
    const col = i + 1;
    const c = text[i];
    if (c === '"' || c === '`') {
      const [value, next] = readString(text, i);
      tokens.push({ kind: 'string', text: value, col });
      i = next;
      continue;
    }
    const duration = at(DURATION);
    if (duration && !/[A-Za-z0-9_]/.test(text[i + duration.length] ?? '')) {
      tokens.push({ kind: 'duration', text: duration, col });
      i += duration.length;
      continue;
    }
    const word = at(IDENT) ?? at(NUMBER);
    if (word) {
      tokens.push({ kind: /^[\d.]/.test(word) ? 'number' : 'ident', text: word, col });
      i += word.length;
      continue;
    }
    const op = OPERATORS.find((o) => text.startsWith(o, i));
    if (!op) throw new LogQLError(`parse error at col ${col}: unexpected character ${JSON.stringify(c)}`);
    tokens.push({ kind: 'op', text: op, col });
    i += op.length;
  }
  tokens.push({ kind: 'end', text: 'end of query', col: text.length + 1 });
  return tokens;
}

class Parser {
  private pos = 0;
  constructor(private readonly tokens: Token[]) {}

  private get peek(): Token {
    return this.tokens[this.pos];
  }

  private next(): Token {
    return this.tokens[this.pos++];
  }

  private fail(what: string, token = this.peek): never {
    throw new LogQLError(`parse error at col ${token.col}: expected ${what}, found ${token.kind === 'string' ? JSON.stringify(token.text) : token.text}`);
  }

  private isOp(text: string): boolean {
    return this.peek.kind === 'op' && this.peek.text === text;
  }

  private expectOp(text: string): void {
    if (!this.isOp(text)) this.fail(`"${text}"`);
    this.pos++;
  }

  private ident(what = 'a label name'): string {
    if (this.peek.kind !== 'ident') this.fail(what);
    return this.next().text;
  }

  private string(): string {
    if (this.peek.kind !== 'string') this.fail('a quoted string');
    return this.next().text;
  }

  parse(): Query {
    const q = this.isOp('{') ? this.logQuery() : this.metricComparison();
    if (this.peek.kind !== 'end') this.fail('end of query');
    return q;
  }

  private logQuery(): LogQuery {
    const log: LogQuery = { kind: 'log', selector: this.selector(), stages: this.stages() };
    const unwrap = log.stages.find((s): s is Unwrap => s.kind === 'unwrap');
    if (unwrap) throw new LogQLError(`parse error at col ${unwrap.col}: unwrap belongs in a range aggregation such as sum_over_time({…} | unwrap ${unwrap.label} [5m])`);
    return log;
  }

  private selector(): Matcher[] {
    this.expectOp('{');
    const matchers: Matcher[] = [];
    while (!this.isOp('}')) {
      if (matchers.length) this.expectOp(',');
      const name = this.ident();
      const op = this.next();
      if (op.kind !== 'op' || !['=', '!=', '=~', '!~'].includes(op.text)) this.fail('=, !=, =~ or !~', op);
      matchers.push({ name, op: op.text as MatchOp, value: this.string() });
    }
    this.expectOp('}');
    return matchers;
  }

  private stages(): Stage[] {
    const stages: Stage[] = [];
    for (;;) {
      const t = this.peek;
      if (t.kind === 'op' && ['|=', '!=', '|~', '!~'].includes(t.text)) {
        this.pos++;
        const values = [this.string()];
        while (this.peek.kind === 'ident' && this.peek.text === 'or') {
          this.pos++;
          values.push(this.string());
        }
        stages.push({ kind: 'line', op: t.text as LineFilter['op'], values });
      } else if (this.isOp('|')) {
        this.pos++;
        stages.push(...this.pipeStage());
      } else return stages;
    }
  }

  /** After `|`: drop, label_format, or label filters joined by `,` / `and` / `or`. */
  private pipeStage(): Stage[] {
    const word = this.peek;
    if (word.kind === 'ident' && (word.text === 'drop' || word.text === 'keep' || word.text === 'distinct')) {
      this.pos++;
      const names = [this.ident()];
      while (this.isOp(',')) {
        this.pos++;
        names.push(this.ident());
      }
      return [{ kind: word.text, names }];
    }
    if (word.kind === 'ident' && (word.text === 'decolorize' || word.text === 'unpack')) {
      this.pos++;
      return [{ kind: word.text }];
    }
    if (word.kind === 'ident' && word.text === 'json') {
      this.pos++;
      const next = this.peek;
      if (next.kind === 'ident' && !['or', 'and'].includes(next.text)) {
        throw new LogQLError(`parse error at col ${next.col}: json with field expressions is not supported by WatchLLM's Loki API (a bare | json is)`);
      }
      return [{ kind: 'json' }];
    }
    if (word.kind === 'ident' && word.text === 'logfmt') {
      this.pos++;
      const next = this.peek;
      if ((next.kind === 'ident' && !['or', 'and'].includes(next.text)) || (next.kind === 'op' && next.text === '-')) {
        throw new LogQLError(`parse error at col ${next.col}: logfmt with flags or field expressions is not supported by WatchLLM's Loki API (a bare | logfmt is)`);
      }
      return [{ kind: 'logfmt' }];
    }
    if (word.kind === 'ident' && word.text === 'unwrap') {
      this.pos++;
      const first = this.ident('a label to unwrap');
      if (!this.isOp('(')) return [{ kind: 'unwrap', label: first, col: word.col }];
      const conversion = CONVERSIONS[first];
      if (!conversion) throw new LogQLError(`parse error at col ${word.col}: unwrap takes duration(…), duration_seconds(…) or bytes(…), not ${first}(…)`);
      this.pos++;
      const label = this.ident('a label to unwrap');
      this.expectOp(')');
      return [{ kind: 'unwrap', label, conversion, col: word.col }];
    }
    if (word.kind === 'ident' && (word.text === 'pattern' || word.text === 'regexp')) {
      this.pos++;
      const at = this.peek;
      const text = this.string();
      return [word.text === 'pattern' ? parsePattern(text, at.col) : parseRegexp(text, at.col)];
    }
    if (word.kind === 'ident' && word.text === 'line_format') {
      this.pos++;
      const at = this.peek;
      return [{ kind: 'line_format', template: parseTemplate(this.string(), at.col) }];
    }
    if (word.kind === 'ident' && word.text === 'label_format') {
      this.pos++;
      return [this.labelFormat()];
    }
    const alternatives = [[this.labelFilter()]];
    for (;;) {
      const t = this.peek;
      if (this.isOp(',') || (t.kind === 'ident' && t.text === 'and')) {
        this.pos++;
        alternatives[alternatives.length - 1].push(this.labelFilter());
      } else if (t.kind === 'ident' && t.text === 'or') {
        this.pos++;
        alternatives.push([this.labelFilter()]);
      } else return [{ kind: 'filters', alternatives }];
    }
  }

  /**
   * `name="template"` or `name=other` (a rename), comma-separated. Grafana's trace-to-logs template
   * `{{ contains "text" __line__ }}` is kept as its own stage.
   */
  private labelFormat(): Stage {
    const labels: LabelFormat['labels'] = [];
    do {
      if (labels.length) this.pos++;
      const name = this.ident();
      this.expectOp('=');
      const value = this.peek;
      if (value.kind === 'ident') {
        this.pos++;
        labels.push({ name, template: [{ label: value.text }], renames: value.text });
        continue;
      }
      const text = this.string();
      const contains = LINE_CONTAINS_TEMPLATE.exec(text.trim());
      if (contains) {
        if (labels.length || this.isOp(',')) throw new LogQLError(`parse error at col ${value.col}: a contains template stands alone in its label_format`);
        return { kind: 'line_contains', name, text: readString(`"${contains[1]}"`, 0)[0] };
      }
      labels.push({ name, template: parseTemplate(text, value.col) });
    } while (this.isOp(','));
    return { kind: 'label_format', labels };
  }

  private labelFilter(): LabelFilter {
    const name = this.ident('a label filter such as level="error"');
    const op = this.next();
    if (op.kind !== 'op' || !['=', '!=', '=~', '!~', '==', '>', '>=', '<', '<='].includes(op.text)) this.fail('a comparison operator', op);
    if (this.peek.kind === 'number') {
      if (op.text === '=~' || op.text === '!~') this.fail('a quoted string after a regular expression operator');
      return { kind: 'number', name, op: (op.text === '=' ? '==' : op.text) as CompareOp, value: Number(this.next().text) };
    }
    if (!['=', '!=', '=~', '!~'].includes(op.text)) this.fail('a number after a numeric comparison');
    return { kind: 'label', name, op: op.text as MatchOp, value: this.string() };
  }

  /** Comparisons (filters) over arithmetic: `+`/`-` over `*`/`/` over operands; constants fold, queries combine point by point. */
  private metricComparison(): MetricQuery {
    return this.binary(['==', '!=', '>=', '<=', '>', '<'], () => this.metricSum());
  }

  private metricSum(): MetricQuery {
    return this.binary(['+', '-'], () => this.metricProduct());
  }

  private metricProduct(): MetricQuery {
    return this.binary(['*', '/'], () => this.metricOperand());
  }

  /** Left-associative operators of one precedence level. */
  private binary(ops: string[], operand: () => MetricQuery): MetricQuery {
    let left = operand();
    while (ops.some((o) => this.isOp(o))) {
      const op = this.next();
      const modifiers = this.binaryModifiers(op);
      const folded = fold(left, op, operand(), modifiers.bool === true);
      left = folded.kind === 'binary' ? { ...folded, ...modifiers } : folded;
    }
    return left;
  }

  /** After a binary operator: `bool` (comparisons), then `on(…)` / `ignoring(…)`; many-to-one matching is refused. */
  private binaryModifiers(op: Token): Pick<BinaryOperation, 'matching' | 'bool'> {
    const out: Pick<BinaryOperation, 'matching' | 'bool'> = {};
    if (this.peek.kind === 'ident' && this.peek.text === 'bool') {
      if (!isComparison(op.text as ArithmeticOp | ComparisonOp)) this.fail(`a query after ${op.text} (bool goes with comparisons)`);
      this.pos++;
      out.bool = true;
    }
    const t = this.peek;
    if (t.kind === 'ident' && (t.text === 'on' || t.text === 'ignoring')) {
      this.pos++;
      out.matching = { without: t.text === 'ignoring', labels: this.labelList() };
    }
    const g = this.peek;
    if (g.kind === 'ident' && (g.text === 'group_left' || g.text === 'group_right')) {
      throw new LogQLError(`parse error at col ${g.col}: ${g.text} (many-to-one matching) is not supported by WatchLLM's Loki API (one-to-one matching with on / ignoring is)`);
    }
    return out;
  }

  private metricOperand(): MetricQuery {
    const t = this.peek;
    if (t.kind === 'number') {
      this.pos++;
      return { kind: 'constant', value: Number(t.text) };
    }
    if (this.isOp('(')) {
      this.pos++;
      const inner = this.metricComparison();
      this.expectOp(')');
      return inner;
    }
    if (t.kind !== 'ident') this.fail('a stream selector {…} or a metric query');
    this.pos++;
    if (t.text === 'vector') {
      this.expectOp('(');
      if (this.peek.kind !== 'number') this.fail('a number');
      const value = Number(this.next().text);
      this.expectOp(')');
      return { kind: 'constant', value };
    }
    if (RANGE_FUNCTIONS.has(t.text)) return this.rangeAggregation(t.text as RangeFunction);
    if (VECTOR_FUNCTIONS.has(t.text)) return this.vectorAggregation(t.text as VectorFunction);
    throw new LogQLError(`parse error at col ${t.col}: ${t.text} is not a function WatchLLM's Loki API knows (count_over_time, rate, bytes_over_time, bytes_rate, sum_over_time, avg_over_time, min_over_time, max_over_time, stddev_over_time, stdvar_over_time, first_over_time, last_over_time, quantile_over_time, sum, count, min, max, avg, topk, bottomk, vector)`);
  }

  private rangeAggregation(fn: RangeFunction): RangeAggregation {
    this.expectOp('(');
    let quantile: number | undefined;
    if (fn === 'quantile_over_time') {
      const q = this.peek;
      if (q.kind !== 'number' || !(Number(q.text) >= 0 && Number(q.text) <= 1)) this.fail('a quantile from 0 to 1');
      quantile = Number(this.next().text);
      this.expectOp(',');
    }
    const log: LogQuery = { kind: 'log', selector: this.selector(), stages: this.stages() };
    const distinct = log.stages.find((s) => s.kind === 'distinct');
    if (distinct) throw new LogQLError(`parse error: distinct keeps the first line per value in log queries; in ${fn}(…) count_over_time by (…) the values instead`);
    const at = log.stages.findIndex((s) => s.kind === 'unwrap');
    const unwrap = at >= 0 ? (log.stages[at] as Unwrap) : undefined;
    // After unwrap only label filters may follow (`| __error__=""`); they read the same labels before it.
    if (unwrap && log.stages.slice(at + 1).some((s) => s.kind !== 'filters')) throw new LogQLError(`parse error at col ${unwrap.col}: only label filters may follow unwrap`);
    if (unwrap) log.stages.splice(at, 1);
    if (UNWRAPPED_FUNCTIONS.has(fn) && !unwrap) throw new LogQLError(`parse error: ${fn} needs | unwrap label before the range`);
    if (unwrap && fn.startsWith('bytes')) throw new LogQLError(`parse error at col ${unwrap.col}: ${fn} does not take an unwrapped label`);
    this.expectOp('[');
    const d = this.peek;
    if (d.kind !== 'duration') this.fail('a range such as 5m');
    this.pos++;
    const rangeNs = parsePromDuration(d.text);
    if (rangeNs === undefined || rangeNs <= 0n) throw new LogQLError(`parse error at col ${d.col}: invalid range ${d.text}`);
    this.expectOp(']');
    this.expectOp(')');
    const grouping = this.grouping();
    if (grouping && !unwrap) throw new LogQLError(`parse error: by / without after ${fn}(…) needs an unwrapped range (or aggregate it: sum by (…) (${fn}(…)))`);
    return {
      kind: 'range',
      fn,
      log,
      rangeNs,
      ...(unwrap && { unwrap: unwrap.label }),
      ...(unwrap?.conversion && { unwrapConversion: unwrap.conversion }),
      ...(grouping && { grouping }),
      ...(quantile !== undefined && { quantile }),
    };
  }

  private vectorAggregation(fn: VectorFunction): VectorAggregation {
    let grouping = this.grouping();
    this.expectOp('(');
    let n: number | undefined;
    if (fn === 'topk' || fn === 'bottomk') {
      const k = this.peek;
      if (k.kind !== 'number' || !Number.isInteger(Number(k.text)) || Number(k.text) < 1 || Number(k.text) > MAX_RANK) this.fail(`a count from 1 to ${MAX_RANK}`);
      n = Number(this.next().text);
      this.expectOp(',');
    }
    const inner = this.metricComparison();
    this.expectOp(')');
    grouping ??= this.grouping();
    if (inner.kind === 'constant') throw new LogQLError(`parse error: ${fn} needs a range aggregation such as count_over_time({…}[5m]) inside`);
    return { kind: 'vector', fn, grouping, inner, ...(n !== undefined && { n }) };
  }

  private grouping(): Grouping | undefined {
    const t = this.peek;
    if (t.kind !== 'ident' || (t.text !== 'by' && t.text !== 'without')) return undefined;
    this.pos++;
    return { without: t.text === 'without', labels: this.labelList() };
  }

  /** `(a, b, …)`: label names, possibly none. */
  private labelList(): string[] {
    this.expectOp('(');
    const labels: string[] = [];
    while (!this.isOp(')')) {
      if (labels.length) this.expectOp(',');
      labels.push(this.ident());
    }
    this.expectOp(')');
    return labels;
  }
}

function fold(left: MetricQuery, token: Token, right: MetricQuery, bool: boolean): MetricQuery {
  const op = token.text as ArithmeticOp | ComparisonOp;
  if (left.kind !== 'constant' || right.kind !== 'constant') return { kind: 'binary', op, left, right };
  if (!isComparison(op)) return { kind: 'constant', value: applyArithmetic(op, left.value, right.value) };
  if (!bool) throw new LogQLError(`parse error at col ${token.col}: comparing two constants needs bool`);
  return { kind: 'constant', value: compareSamples(op, left.value, right.value) ? 1 : 0 };
}

export function isComparison(op: ArithmeticOp | ComparisonOp): op is ComparisonOp {
  return op.length === 2 || op === '>' || op === '<';
}

/** Whether `a op b` holds. */
export function compareSamples(op: ComparisonOp, a: number, b: number): boolean {
  return op === '==' ? a === b : op === '!=' ? a !== b : op === '>' ? a > b : op === '<' ? a < b : op === '>=' ? a >= b : a <= b;
}

/** One arithmetic operation on two samples (division by zero gives ±Inf or NaN, as in Prometheus). */
export function applyArithmetic(op: ArithmeticOp, a: number, b: number): number {
  return op === '+' ? a + b : op === '-' ? a - b : op === '*' ? a * b : a / b;
}

/** The regular expressions a query runs, as the store compiles them (label matchers anchored), to check them before reading. */
export function regexesOf(q: Query): string[] {
  if (q.kind === 'constant') return [];
  if (q.kind === 'binary') return [...regexesOf(q.left), ...regexesOf(q.right)];
  if (q.kind === 'vector') return regexesOf(q.inner);
  if (q.kind === 'range') return regexesOf(q.log);
  const isRegex = (op: string) => op === '=~' || op === '!~';
  const out = q.selector.filter((m) => isRegex(m.op)).map((m) => anchored(m.value));
  for (const s of q.stages) {
    if (s.kind === 'line' && (s.op === '|~' || s.op === '!~')) out.push(...s.values);
    if (s.kind === 'extract') out.push(s.regex);
    if (s.kind !== 'filters') continue;
    for (const f of s.alternatives.flat()) if (f.kind === 'label' && isRegex(f.op)) out.push(anchored(f.value));
  }
  return out;
}

/** A label regex as Prometheus applies it: the whole value must match. */
export const anchored = (re: string) => `^(?:${re})$`;

export function parseLogQL(text: string): Query {
  if (text.trim() === '') throw new LogQLError('the query is empty');
  if (text.length > 16_384) throw new LogQLError('the query is longer than 16384 characters');
  return new Parser(tokenize(text)).parse();
}
