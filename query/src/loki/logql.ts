/**
 * The part of LogQL that Grafana's Loki datasource, Explore and Logs Drilldown send: stream
 * selectors, line filters, label filters, `drop` / `keep`, the json, logfmt, pattern, regexp and
 * unpack parsers, decolorize, line_format and label_format templates, the log range aggregations
 * and the unwrapped ones under sum/count/min/max/avg by|without, and constant arithmetic
 * (`vector(1)+vector(1)` is the datasource's health check). Anything else is refused with the
 * position and what was found, never silently ignored.
 */
import { parsePromDuration } from '../compat/duration.js';

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

/**
 * `| pattern "<ip> - <_> <method> <path>"` or `| regexp "(?P<method>\\w+) (?P<path>\\S+)"`: the named captures
 * become labels (lines it does not match get none).
 */
export interface ExtractFields {
  kind: 'extract';
  /** The named captures, in order. */
  names: string[];
  /** Each name's capturing group in `regex` (1-based). */
  groups: number[];
  /** An RE2 regular expression (a pattern's is anchored at the line's start). */
  regex: string;
}

/** A template's text and actions: the subset of Go templates this API renders (`{{.label}}`, `{{__line__}}`, functions). */
export type TemplatePart = { text: string } | { label: string } | { line: true } | { expr: TemplateExpr };

/** An action's value: a label, the line, a literal, or a function of values (`{{ .msg | trunc 80 }}`, `{{ upper .level }}`). */
export type TemplateExpr =
  | { kind: 'label'; name: string }
  | { kind: 'line' }
  | { kind: 'string'; value: string }
  | { kind: 'number'; value: number }
  | { kind: 'call'; fn: TemplateFunction; args: TemplateExpr[] };

/** Template functions rendered (Loki's, from Sprig), with their argument counts including the piped value. */
export const TEMPLATE_FUNCTIONS = {
  lower: 1,
  upper: 1,
  ToLower: 1,
  ToUpper: 1,
  title: 1,
  trim: 1,
  trimPrefix: 2,
  trimSuffix: 2,
  trunc: 2,
  substr: 3,
  replace: 3,
  default: 2,
  alignLeft: 2,
  alignRight: 2,
} as const;
export type TemplateFunction = keyof typeof TEMPLATE_FUNCTIONS;
// Arguments that must be whole numbers written in the template (positions, widths).
const NUMBER_ARGUMENTS: Partial<Record<TemplateFunction, number[]>> = { trunc: [0], substr: [0, 1], alignLeft: [0], alignRight: [0] };

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
export type VectorFunction = 'sum' | 'count' | 'min' | 'max' | 'avg';

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
  grouping?: Grouping;
  inner: MetricQuery;
}

export interface Constant {
  kind: 'constant';
  value: number;
}

export type MetricQuery = RangeAggregation | VectorAggregation | Constant;
export type Query = LogQuery | MetricQuery;

export class LogQLError extends Error {
  override name = 'LogQLError';
}

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
const VECTOR_FUNCTIONS = new Set<string>(['sum', 'count', 'min', 'max', 'avg']);
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

const TEMPLATE_LABEL = /^\.([A-Za-z_][A-Za-z0-9_]*)$/;
const PATTERN_CAPTURE = /<(_|[A-Za-z_][A-Za-z0-9_]*)>/g;
const RE2_SPECIAL = /[\\.^$|?*+()[\]{}]/g;

/**
 * Loki's pattern expression: literals that must appear in turn from the start of the line, and
 * `<name>` (or `<_>`, skipped) capturing what lies between them — up to the next literal, or the
 * rest of the line for a last capture. Two captures need a literal between them.
 */
export function parsePattern(text: string, col: number): ExtractFields {
  const names: string[] = [];
  let regex = '^';
  let at = 0;
  let previousWasCapture = false;
  const captures = [...text.matchAll(PATTERN_CAPTURE)];
  captures.forEach((m, i) => {
    const literal = text.slice(at, m.index);
    if (literal === '' && previousWasCapture) throw new LogQLError(`parse error at col ${col}: pattern captures <…><…> need a literal between them`);
    regex += literal.replace(RE2_SPECIAL, (c) => `\\${c}`);
    const last = i === captures.length - 1 && m.index! + m[0].length === text.length;
    const group = last ? '(.*)' : '(.*?)';
    if (m[1] === '_') regex += last ? '.*' : '.*?';
    else {
      names.push(m[1]);
      regex += group;
    }
    at = m.index! + m[0].length;
    previousWasCapture = true;
  });
  regex += text.slice(at).replace(RE2_SPECIAL, (c) => `\\${c}`);
  if (names.length === 0) throw new LogQLError(`parse error at col ${col}: a pattern needs at least one named capture such as <status>`);
  if (new Set(names).size !== names.length) throw new LogQLError(`parse error at col ${col}: a pattern names each capture once`);
  return { kind: 'extract', names, groups: names.map((_, i) => i + 1), regex };
}

/**
 * Loki's regexp stage: the named groups (`(?P<name>…)` or `(?<name>…)`) of an RE2 expression, found
 * anywhere in the line; other groups capture nothing that is kept.
 */
export function parseRegexp(text: string, col: number): ExtractFields {
  const names: string[] = [];
  const groups: number[] = [];
  let group = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\\') i++;
    else if (c === '[') {
      // A character class: its brackets and parentheses are literal (`]` right after `[` or `[^` too).
      i += text[i + 1] === '^' ? 2 : 1;
      if (text[i] === ']') i++;
      while (i < text.length && text[i] !== ']') i += text[i] === '\\' ? 2 : 1;
    } else if (c === '(') {
      const named = /^\?P?<([A-Za-z_][A-Za-z0-9_]*)>/.exec(text.slice(i + 1));
      if (named) {
        group++;
        names.push(named[1]);
        groups.push(group);
      } else if (text[i + 1] !== '?') group++;
    }
  }
  if (names.length === 0) throw new LogQLError(`parse error at col ${col}: regexp needs at least one named group such as (?P<status>\\d+)`);
  if (new Set(names).size !== names.length) throw new LogQLError(`parse error at col ${col}: regexp names each group once`);
  // RE2 in older ClickHouse takes only the (?P<name>…) spelling.
  return { kind: 'extract', names, groups, regex: text.replace(/\(\?<([A-Za-z_])/g, '(?P<$1') };
}

const ACTION_TOKEN = /"(?:[^"\\]|\\.)*"|`[^`]*`|\||[^\s|]+/g;

/**
 * One action: commands joined by `|`, each a value or a function and its arguments; a piped value
 * is its function's last argument, as in Go templates (`{{ .msg | trunc 80 }}` = `{{ trunc 80 .msg }}`).
 */
function parseAction(action: string, col: number): TemplateExpr {
  const fail = (why: string): never => {
    throw new LogQLError(`parse error at col ${col}: template action {{ ${action} }}: ${why}`);
  };
  const value = (token: string): TemplateExpr | undefined => {
    const label = TEMPLATE_LABEL.exec(token);
    if (label) return { kind: 'label', name: label[1] };
    if (token === '__line__') return { kind: 'line' };
    if (token.startsWith('"')) return { kind: 'string', value: readString(token, 0)[0] };
    if (token.startsWith('`')) return { kind: 'string', value: token.slice(1, -1) };
    if (/^-?\d+$/.test(token)) return { kind: 'number', value: Number(token) };
    return undefined;
  };
  const commands: string[][] = [[]];
  for (const [token] of action.matchAll(ACTION_TOKEN)) {
    if (token === '|') commands.push([]);
    else commands[commands.length - 1].push(token);
  }
  let piped: TemplateExpr | undefined;
  for (const words of commands) {
    if (words.length === 0) fail('an empty command');
    const [head, ...rest] = words;
    const alone = value(head);
    if (alone) {
      if (rest.length || piped) fail(`${head} is a value, not a function`);
      piped = alone;
      continue;
    }
    if (!(head in TEMPLATE_FUNCTIONS)) fail(`the function ${head} is not supported (${Object.keys(TEMPLATE_FUNCTIONS).join(', ')} are)`);
    const fn = head as TemplateFunction;
    const args = rest.map((w) => value(w) ?? fail(`${w} is not a value (.label, __line__, "text" or a number)`));
    if (piped) args.push(piped);
    if (args.length !== TEMPLATE_FUNCTIONS[fn]) fail(`${fn} takes ${TEMPLATE_FUNCTIONS[fn]} argument(s), got ${args.length}`);
    for (const i of NUMBER_ARGUMENTS[fn] ?? []) if (args[i].kind !== 'number') fail(`${fn} takes a whole number as argument ${i + 1}`);
    piped = { kind: 'call', fn, args };
  }
  return piped ?? fail('nothing to render');
}

/**
 * The Go-template subset line_format and label_format render: text, `{{.label}}` (empty when the
 * line has no such label), `{{__line__}}`, and functions of them (`{{ .msg | trunc 80 | upper }}`),
 * with `{{-` / `-}}` trimming the whitespace beside them. Control structures are refused, named.
 */
export function parseTemplate(text: string, col: number): TemplatePart[] {
  const parts: TemplatePart[] = [];
  let i = 0;
  let trimNext = false;
  const literal = (t: string) => {
    if (trimNext) t = t.trimStart();
    trimNext = false;
    if (t) parts.push({ text: t });
  };
  while (i < text.length) {
    const open = text.indexOf('{{', i);
    if (open < 0) {
      literal(text.slice(i));
      break;
    }
    const close = text.indexOf('}}', open + 2);
    if (close < 0) throw new LogQLError(`parse error at col ${col}: template action not closed ("{{" without "}}")`);
    let action = text.slice(open + 2, close);
    const trimBefore = /^-\s/.test(action);
    const trimAfter = /\s-$/.test(action);
    action = action.slice(trimBefore ? 1 : 0, trimAfter ? -1 : undefined).trim();
    const before = text.slice(i, open);
    literal(trimBefore ? before.trimEnd() : before);
    const label = TEMPLATE_LABEL.exec(action);
    if (label) parts.push({ label: label[1] });
    else if (action === '__line__') parts.push({ line: true });
    else parts.push({ expr: parseAction(action, col) });
    trimNext = trimAfter;
    i = close + 2;
  }
  return parts;
}

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', '"': '"', '\\': '\\', '`': '`', "'": "'" };

/** A Go-style "…" string (escapes) or a `…` raw string; returns the value and the index after it. */
function readString(text: string, start: number): [string, number] {
  const quote = text[start];
  let value = '';
  for (let i = start + 1; i < text.length; i++) {
    const c = text[i];
    if (c === quote) return [value, i + 1];
    if (c === '\\' && quote === '"') {
      const e = text[++i];
      if (e === undefined || !(e in ESCAPES)) throw new LogQLError(`parse error at col ${i}: unknown escape \\${e ?? ''} in string`);
      value += ESCAPES[e];
    } else value += c;
  }
  throw new LogQLError(`parse error at col ${start + 1}: string not closed`);
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
    const q = this.isOp('{') ? this.logQuery() : this.metricSum();
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

  /** Constant arithmetic: `+`/`-` over `*`/`/` over operands; only constants can be combined. */
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
      left = fold(left, op, operand());
    }
    return left;
  }

  private metricOperand(): MetricQuery {
    const t = this.peek;
    if (t.kind === 'number') {
      this.pos++;
      return { kind: 'constant', value: Number(t.text) };
    }
    if (this.isOp('(')) {
      this.pos++;
      const inner = this.metricSum();
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
    throw new LogQLError(`parse error at col ${t.col}: ${t.text} is not a function WatchLLM's Loki API knows (count_over_time, rate, bytes_over_time, bytes_rate, sum_over_time, avg_over_time, min_over_time, max_over_time, stddev_over_time, stdvar_over_time, first_over_time, last_over_time, quantile_over_time, sum, count, min, max, avg, vector)`);
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
    const inner = this.metricSum();
    this.expectOp(')');
    grouping ??= this.grouping();
    if (inner.kind === 'constant') throw new LogQLError(`parse error: ${fn} needs a range aggregation such as count_over_time({…}[5m]) inside`);
    return { kind: 'vector', fn, grouping, inner };
  }

  private grouping(): Grouping | undefined {
    const t = this.peek;
    if (t.kind !== 'ident' || (t.text !== 'by' && t.text !== 'without')) return undefined;
    this.pos++;
    this.expectOp('(');
    const labels: string[] = [];
    while (!this.isOp(')')) {
      if (labels.length) this.expectOp(',');
      labels.push(this.ident());
    }
    this.expectOp(')');
    return { without: t.text === 'without', labels };
  }
}

function fold(left: MetricQuery, op: Token, right: MetricQuery): MetricQuery {
  if (left.kind !== 'constant' || right.kind !== 'constant') {
    throw new LogQLError(`parse error at col ${op.col}: arithmetic between queries is not supported by WatchLLM's Loki API (only between constants)`);
  }
  const [a, b] = [left.value, right.value];
  const value = op.text === '+' ? a + b : op.text === '-' ? a - b : op.text === '*' ? a * b : a / b;
  return { kind: 'constant', value };
}

/** The regular expressions a query runs, as the store compiles them (label matchers anchored), to check them before reading. */
export function regexesOf(q: Query): string[] {
  if (q.kind === 'constant') return [];
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
