import {
  INTRINSICS,
  KIND_VALUES,
  MATCH_ALL,
  METRICS_FUNCTIONS,
  type MetricsFunction,
  type MetricsQuery,
  type CompareSpec,
  SPANSET_AGGREGATES,
  SCOPED_INTRINSICS,
  fieldText,
  type StructuralOp,
  STATUS_VALUES,
  type Expr,
  type Field,
  type Intrinsic,
  type KindValue,
  type Literal,
  type Operator,
  type StatusValue,
} from './ast.js';
import { tokenize, TraceQLError, type Token } from './lexer.js';

export { TraceQLError };

const MAX_DEPTH = 32;
const MAX_CONDITIONS = 64;

// TraceQL's newer `scope:intrinsic` spellings for the intrinsics we answer.
const COLON_INTRINSICS: Record<string, Intrinsic> = {
  'span:name': 'name',
  'span:status': 'status',
  'span:statusMessage': 'statusMessage',
  'span:kind': 'kind',
  'span:duration': 'duration',
  'trace:rootName': 'rootName',
  'trace:rootService': 'rootServiceName',
  'trace:duration': 'traceDuration',
};

const STRING_INTRINSICS = new Set<Intrinsic>(['name', 'statusMessage', 'rootName', 'rootServiceName', ...SCOPED_INTRINSICS]);
const DURATION_INTRINSICS = new Set<Intrinsic>(['duration', 'traceDuration']);

/** Parses a span-set expression, e.g. `{ resource.service.name = "api" && duration > 100ms } >> { status = error }`. Throws TraceQLError. */
export function parseTraceQL(text: string): Expr {
  return parseTraceQLSearch(text).filter;
}

/** A search: span sets (joined by `&&`, `||` or structural operators), optionally `| select(…)` naming attributes to return with each matched span. */
export function parseTraceQLSearch(text: string): { filter: Expr; select: Field[]; by?: Field } {
  const p = new Parser(tokenize(text));
  const { filter, by } = p.aggregates(p.spanSetExpression());
  const select = p.select();
  p.hints();
  p.expectEnd('; span sets joined by &&, ||, >, <, >>, << or ~, then | by(…), aggregates and | select(…), are supported');
  return { filter, select, ...(by && { by }) };
}

const COMPARISONS = new Set(['=', '!=', '=~', '!~', '>', '>=', '<', '<=']);
// The relation seen from the other side: B is A's child ⇔ A is B's parent.
const INVERSE: Record<StructuralOp, StructuralOp> = { '>': '<', '<': '>', '>>': '<<', '<<': '>>', '~': '~' };

const MEASURED = new Set<MetricsFunction>(['min_over_time', 'max_over_time', 'sum_over_time', 'avg_over_time', 'quantile_over_time', 'histogram_over_time']);
// Intrinsics a series can be grouped by, and those a function can aggregate.
const GROUPABLE = new Set<Intrinsic>(['name', 'status', 'statusMessage', 'kind', 'instrumentation:name', 'instrumentation:version']);
const MEASURABLE = new Set<Intrinsic>(['duration']);
// Intrinsics `| by(…)` can split search results by: each matched span comes back with its value.
const SPLITTABLE = new Set<Intrinsic>(['name', 'status', 'kind', 'statusMessage']);
const MAX_QUANTILES = 16;
const MAX_COMPARE_VALUES = 1000;
const MAX_INT64 = 2n ** 63n - 1n;

/** Parses a metrics query: `{ … } | rate() by (resource.service.name)`, `| quantile_over_time(duration, .5, .9)`, … */
export function parseTraceQLMetrics(text: string): MetricsQuery {
  const p = new Parser(tokenize(text));
  const query = p.metrics();
  p.hints();
  p.expectEnd('; a span set piped into one metrics function is supported');
  return query;
}

/** Parses a field name alone (`resource.service.name`, `.foo`, `status`), as tag-value lookups take it. */
export function parseFieldName(text: string): Field {
  const p = new Parser(tokenize(text));
  const field = p.field();
  p.expectEnd();
  return field;
}

class Parser {
  private i = 0;
  private conditions = 0;
  constructor(private readonly tokens: Token[]) {}

  spanSet(): Expr {
    this.expectPunct('{');
    if (this.peekPunct('}')) {
      this.i++;
      return MATCH_ALL;
    }
    const expr = this.or(0);
    this.expectPunct('}');
    return expr;
  }

  metrics(): MetricsQuery {
    const { filter, by: split } = this.aggregates(this.spanSetExpression());
    if (split) throw new TraceQLError('| by(…) splits search results; a metrics query groups with by (…) after its function');
    this.expectPunct('|');
    const t = this.next('a metrics function');
    const fn = METRICS_FUNCTIONS.find((f) => t.t === 'word' && f === t.v);
    if (!fn) throw new TraceQLError(`expected a metrics function (${METRICS_FUNCTIONS.join(', ')}) at ${t.pos}`);
    this.expectPunct('(');
    if (fn === 'compare') {
      const compare = this.compareArguments();
      this.expectPunct(')');
      return { filter, fn, quantiles: [], by: [], compare };
    }
    let measure: Field | undefined;
    const quantiles: number[] = [];
    if (MEASURED.has(fn)) {
      measure = this.field();
      if (measure.kind === 'intrinsic' && !MEASURABLE.has(measure.name)) throw new TraceQLError(`${fn} takes duration or an attribute, not ${measure.name}`);
      if (measure.kind === 'attribute' && measure.scope === 'event') throw new TraceQLError(`${fn} takes a span or resource attribute, not an event's`);
      while (this.peekPunct(',')) {
        this.i++;
        const q = this.next('a quantile');
        if (q.t !== 'number' || q.v < 0 || q.v > 1) throw new TraceQLError(`expected a quantile from 0 to 1 at ${q.pos}`);
        quantiles.push(q.v);
      }
      if (fn === 'quantile_over_time' && (quantiles.length === 0 || quantiles.length > MAX_QUANTILES)) throw new TraceQLError(`quantile_over_time takes 1 to ${MAX_QUANTILES} quantiles after the attribute`);
      if (fn !== 'quantile_over_time' && quantiles.length) throw new TraceQLError(`${fn} takes one attribute`);
    }
    this.expectPunct(')');
    const by: Field[] = [];
    const word = this.tokens[this.i];
    if (word?.t === 'word' && word.v === 'by') {
      this.i++;
      this.expectPunct('(');
      do {
        if (by.length) this.i++;
        const f = this.field();
        if (f.kind === 'intrinsic' && !GROUPABLE.has(f.name)) throw new TraceQLError(`cannot group by ${f.name}`);
        if (f.kind === 'attribute' && f.scope === 'event') throw new TraceQLError(`cannot group by an event attribute (event.${f.key})`);
        by.push(f);
      } while (this.peekPunct(','));
      this.expectPunct(')');
    }
    return { filter, fn, measure, quantiles, by, ...this.threshold(), ...this.rank() };
  }

  /** An optional comparison of the samples with a number: `| rate() by (name) > 10`. */
  private threshold(): { threshold?: MetricsQuery['threshold'] } {
    const t = this.tokens[this.i];
    if (!(t?.t === 'op' && COMPARISONS.has(t.v)) || REGEX.has(t.v as Operator)) return {};
    this.i++;
    const n = this.next('a number to compare the samples with');
    if (n.t !== 'number') throw new TraceQLError(`expected a number to compare the samples with at ${n.pos}`);
    return { threshold: { op: t.v as Operator, value: n.v } };
  }

  /** `{ selection }`, then optionally the number of values per attribute (10) and the selection's start and end in unix nanoseconds. */
  private compareArguments(): CompareSpec {
    const selection = this.spanSet();
    const numbers: { value: bigint; pos: number }[] = [];
    while (this.peekPunct(',')) {
      this.i++;
      const n = this.next('a number');
      if (n.t !== 'number' || !/^\d+$/.test(n.raw)) throw new TraceQLError(`compare() takes whole numbers after the span set, at ${n.pos}`);
      numbers.push({ value: BigInt(n.raw), pos: n.pos });
    }
    if (numbers.length !== 0 && numbers.length !== 1 && numbers.length !== 3) {
      throw new TraceQLError('compare() takes a span set, then optionally the number of values, then optionally a start and an end (unix nanoseconds)');
    }
    const [topN, start, end] = numbers;
    if (topN && (topN.value < 1n || topN.value > BigInt(MAX_COMPARE_VALUES))) throw new TraceQLError(`expected a number of values from 1 to ${MAX_COMPARE_VALUES} at ${topN.pos}`);
    if (start && end) {
      if (start.value === 0n || end.value <= start.value || end.value > MAX_INT64) throw new TraceQLError(`compare()'s end must be after its start (unix nanoseconds), at ${end.pos}`);
      return { selection, topN: Number(topN.value), window: { startNs: start.value, endNs: end.value } };
    }
    return { selection, topN: topN ? Number(topN.value) : 10 };
  }

  /** An optional `| topk(n)` or `| bottomk(n)` after the metrics function. */
  private rank(): { rank?: MetricsQuery['rank'] } {
    const bar = this.tokens[this.i];
    const word = this.tokens[this.i + 1];
    if (!(bar?.t === 'punct' && bar.v === '|' && word?.t === 'word' && (word.v === 'topk' || word.v === 'bottomk'))) return {};
    this.i += 2;
    this.expectPunct('(');
    const n = this.next('a count');
    if (n.t !== 'number' || !Number.isInteger(n.v) || n.v < 1 || n.v > 1000) throw new TraceQLError(`expected a count from 1 to 1000 at ${n.pos}`);
    this.expectPunct(')');
    return { rank: { fn: word.v, n: n.v } };
  }

  /**
   * Span sets joined by `||` (either), over `&&` (both in the trace), over structural operators
   * (left to right): `{ A } >> { B } && { C }`.
   */
  spanSetExpression(): Expr {
    return this.joined('||', () => this.spanSetConjunction(), (left, right) => ({ kind: 'or', left, right }));
  }

  private spanSetConjunction(): Expr {
    return this.joined('&&', () => this.structuralChain(), (left, right) => ({ kind: 'spansets', left, right }));
  }

  /** Operands joined left to right by one logical operator. */
  private joined(logic: '&&' | '||', operand: () => Expr, make: (left: Expr, right: Expr) => Expr): Expr {
    let left = operand();
    while (this.peekLogic(logic)) {
      this.i++;
      left = make(left, operand());
    }
    return left;
  }

  private structuralChain(): Expr {
    let left = this.spanSetOperand();
    for (;;) {
      const union = this.tokens[this.i];
      if (union?.t === 'op' && union.v.startsWith('&')) {
        // `{ A } &>> { B }`: B's spans under an A span, and A's spans with a B span under them.
        this.i++;
        const op = union.v.slice(1) as StructuralOp;
        const right = this.spanSetOperand();
        left = { kind: 'or', left: { kind: 'structural', op, left, right }, right: { kind: 'structural', op: INVERSE[op], left: right, right: left } };
        continue;
      }
      const relation = this.structuralOp();
      if (!relation) return left;
      left = { kind: 'structural', op: relation.op, ...(relation.negated && { negated: true }), left, right: this.spanSetOperand() };
    }
  }

  /** `{ … }`, or a span-set expression in parentheses. */
  private spanSetOperand(): Expr {
    if (!this.peekPunct('(')) return this.spanSet();
    this.i++;
    const inner = this.spanSetExpression();
    this.expectPunct(')');
    return inner;
  }

  /**
   * `>`, `<`, `~`, `>>`, `<<` (the lexer reads the doubled ones as two adjacent operators), each
   * optionally negated: `!>`, `!<`, `!~`, `!>>`, `!<<`.
   */
  private structuralOp(): { op: StructuralOp; negated: boolean } | undefined {
    const t = this.tokens[this.i];
    if (t?.t !== 'op') return undefined;
    const negated = t.v.startsWith('!');
    const base = negated ? t.v.slice(1) : t.v;
    if (base === '~') {
      this.i++;
      return { op: '~', negated };
    }
    if (base !== '>' && base !== '<') return undefined;
    const next = this.tokens[this.i + 1];
    if (next?.t === 'op' && next.v === base && next.pos === t.pos + t.v.length) {
      this.i += 2;
      return { op: base === '>' ? '>>' : '<<', negated };
    }
    this.i++;
    return { op: base, negated };
  }

  /**
   * `| by(field)` (splits each trace's spans into one span set per value) and `| count() > 2`,
   * `| avg(duration) >= 1s`, `| max(span.tokens) > 100` …, each narrowing the span sets before it.
   */
  aggregates(spans: Expr): { filter: Expr; by?: Field } {
    let filter = spans;
    let by: Field | undefined;
    for (;;) {
      const bar = this.tokens[this.i];
      const word = this.tokens[this.i + 1];
      if (bar?.t === 'punct' && bar.v === '|' && word?.t === 'word' && word.v === 'by' && !by) {
        this.i += 2;
        this.expectPunct('(');
        by = this.field();
        if (by.kind === 'intrinsic' && !SPLITTABLE.has(by.name)) throw new TraceQLError(`cannot split span sets by ${by.name} (attributes, name, status, kind and statusMessage can)`);
        if (by.kind === 'attribute' && by.scope === 'event') throw new TraceQLError(`cannot split span sets by an event attribute (event.${by.key})`);
        this.expectPunct(')');
        continue;
      }
      const fn = SPANSET_AGGREGATES.find((f) => word?.t === 'word' && word.v === f);
      if (!(bar?.t === 'punct' && bar.v === '|' && fn)) return { filter, ...(by && { by }) };
      this.i += 2;
      this.expectPunct('(');
      let measure: Field | undefined;
      if (fn !== 'count') {
        measure = this.field();
        if (measure.kind === 'intrinsic' && measure.name !== 'duration') throw new TraceQLError(`${fn}() takes duration or an attribute, not ${measure.name}`);
        if (measure.kind === 'attribute' && measure.scope === 'event') throw new TraceQLError(`${fn}() takes a span or resource attribute, not an event's`);
      }
      this.expectPunct(')');
      const opToken = this.next('a comparison after the aggregate');
      if (opToken.t !== 'op' || !COMPARISONS.has(opToken.v) || REGEX.has(opToken.v as Operator)) throw new TraceQLError(`expected a comparison (=, !=, >, >=, <, <=) after ${fn}() at ${opToken.pos}`);
      const value = this.literal();
      const wantsDuration = measure?.kind === 'intrinsic';
      if (wantsDuration ? value.type !== 'duration' : value.type !== 'number') {
        throw new TraceQLError(`${fn}(${measure ? fieldText(measure) : ''}) compares with ${wantsDuration ? 'a duration such as 1s' : 'a number'} at ${opToken.pos}`);
      }
      filter = { kind: 'aggregate', inner: filter, fn, measure, ...(by && { by }), op: opToken.v as Operator, value };
    }
  }

  /** `| select(field, …)`, or nothing. */
  select(): Field[] {
    const bar = this.tokens[this.i];
    const word = this.tokens[this.i + 1];
    if (!(bar?.t === 'punct' && bar.v === '|' && word?.t === 'word' && word.v === 'select')) return [];
    this.i += 2;
    this.expectPunct('(');
    const fields = [this.field()];
    while (this.peekPunct(',')) {
      this.i++;
      fields.push(this.field());
    }
    this.expectPunct(')');
    return fields;
  }

  /** Skips trailing query hints (`with(sample=true)`): they tune how Tempo samples, and every span is read here. */
  hints() {
    const t = this.tokens[this.i];
    if (!(t?.t === 'word' && t.v === 'with')) return;
    this.i++;
    this.expectPunct('(');
    while (!this.peekPunct(')')) this.next('")" closing the hints');
    this.i++;
  }

  expectEnd(hint = '') {
    const t = this.tokens[this.i];
    if (t) throw new TraceQLError(`unexpected "${String(t.v)}" at ${t.pos}${hint}`);
  }

  private or(depth: number): Expr {
    return this.joined('||', () => this.and(depth), (left, right) => ({ kind: 'or', left, right }));
  }

  private and(depth: number): Expr {
    return this.joined('&&', () => this.primary(depth), (left, right) => ({ kind: 'and', left, right }));
  }

  private primary(depth: number): Expr {
    if (depth > MAX_DEPTH) throw new TraceQLError(`parentheses nested deeper than ${MAX_DEPTH}`);
    if (this.peekPunct('(')) {
      this.i++;
      const inner = this.or(depth + 1);
      this.expectPunct(')');
      return inner;
    }
    if (++this.conditions > MAX_CONDITIONS) throw new TraceQLError(`more than ${MAX_CONDITIONS} conditions`);
    // A bare `true` / `false` (Traces Drilldown writes `{nestedSetParent<0 && true}`).
    const t = this.tokens[this.i];
    if (t?.t === 'word' && (t.v === 'true' || t.v === 'false') && this.tokens[this.i + 1]?.t !== 'op') {
      this.i++;
      return t.v === 'true' ? MATCH_ALL : { kind: 'none' };
    }
    const field = this.field();
    const opToken = this.next('an operator');
    if (opToken.t !== 'op' || !COMPARISONS.has(opToken.v)) throw new TraceQLError(`expected a comparison operator at ${opToken.pos}`);
    const op = opToken.v as Operator;
    const value = this.literal();
    return { kind: 'compare', field, op, value: checkOperands(field, op, value, opToken.pos) };
  }

  field(): Field {
    const t = this.next('an attribute or intrinsic');
    if (t.t !== 'word') throw new TraceQLError(`expected an attribute or intrinsic at ${t.pos}`);
    const w = t.v;
    const key = (prefix: string) => {
      const k = t.quotedKey ?? w.slice(prefix.length);
      if (!k) throw new TraceQLError(`empty attribute name at ${t.pos}`);
      return k;
    };
    if (w.startsWith('.')) return { kind: 'attribute', scope: 'any', key: key('.') };
    if (w.startsWith('span.')) return { kind: 'attribute', scope: 'span', key: key('span.') };
    if (w.startsWith('resource.')) return { kind: 'attribute', scope: 'resource', key: key('resource.') };
    if (w.startsWith('event.')) return { kind: 'attribute', scope: 'event', key: key('event.') };
    const intrinsic = COLON_INTRINSICS[w] ?? (INTRINSICS as readonly string[]).find((n) => n === w);
    if (intrinsic) return { kind: 'intrinsic', name: intrinsic as Intrinsic };
    throw new TraceQLError(
      `unknown field "${w}" at ${t.pos}: use span., resource. or . before attribute names, or one of ${INTRINSICS.join(', ')}`,
    );
  }

  private literal(): Literal {
    const t = this.next('a value');
    switch (t.t) {
      case 'string':
        return { type: 'string', value: t.v };
      case 'number':
        return { type: 'number', value: t.v };
      case 'duration':
        return { type: 'duration', nanos: t.v };
      case 'word':
        if (t.v === 'true' || t.v === 'false') return { type: 'bool', value: t.v === 'true' };
        if (t.v === 'nil') return { type: 'nil' };
        if ((STATUS_VALUES as readonly string[]).includes(t.v)) return { type: 'status', value: t.v as StatusValue };
        if ((KIND_VALUES as readonly string[]).includes(t.v)) return { type: 'kind', value: t.v as KindValue };
        throw new TraceQLError(`unknown value "${t.v}" at ${t.pos}; quote strings with "…"`);
      default:
        throw new TraceQLError(`expected a value at ${t.pos}`);
    }
  }

  private next(what: string): Token {
    const t = this.tokens[this.i++];
    if (!t) throw new TraceQLError(`unexpected end of query, expected ${what}`);
    return t;
  }
  private peekPunct(v: string) {
    const t = this.tokens[this.i];
    return t?.t === 'punct' && t.v === v;
  }
  private peekLogic(v: string) {
    const t = this.tokens[this.i];
    return t?.t === 'logic' && t.v === v;
  }
  private expectPunct(v: string) {
    const t = this.tokens[this.i];
    if (!(t?.t === 'punct' && t.v === v)) {
      throw new TraceQLError(t ? `expected "${v}" at ${t.pos}, found "${String(t.v)}"` : `expected "${v}" at end of query`);
    }
    this.i++;
  }
}

const EQUALITY = new Set<Operator>(['=', '!=']);
const REGEX = new Set<Operator>(['=~', '!~']);

/** Rejects comparisons whose types don't fit; normalizes quoted status/kind values to keywords. */
function checkOperands(field: Field, op: Operator, value: Literal, pos: number): Literal {
  const fail = (why: string): never => {
    throw new TraceQLError(`${why} at ${pos}`);
  };
  if (field.kind === 'attribute') {
    if (value.type === 'nil' || value.type === 'bool') {
      if (!EQUALITY.has(op)) fail(`${value.type} compares with = or != only`);
    } else if (value.type === 'number') {
      if (REGEX.has(op)) fail('regular expressions need a string');
    } else if (value.type !== 'string') {
      fail(`attributes compare with strings, numbers, booleans or nil, not ${value.type}`);
    }
    return value;
  }
  const name = field.name;
  if (name === 'status' || name === 'kind') {
    if (!EQUALITY.has(op)) fail(`${name} compares with = or != only`);
    const allowed: readonly string[] = name === 'status' ? STATUS_VALUES : KIND_VALUES;
    const raw = value.type === 'string' ? value.value : value.type === name ? value.value : undefined;
    if (raw === undefined || !allowed.includes(raw)) fail(`${name} must be one of ${allowed.join(', ')}`);
    return name === 'status' ? { type: 'status', value: raw as StatusValue } : { type: 'kind', value: raw as KindValue };
  }
  if (DURATION_INTRINSICS.has(name)) {
    if (value.type !== 'duration') fail(`${name} compares with a duration such as 100ms`);
    if (REGEX.has(op)) fail(`${name} does not take regular expressions`);
    return value;
  }
  if (name === 'nestedSetLeft' || name === 'nestedSetRight') fail(`${name} can be selected, not compared`);
  if (STRING_INTRINSICS.has(name) && value.type !== 'string') fail(`${name} compares with a string`);
  if (name === 'nestedSetParent' && (value.type !== 'number' || REGEX.has(op))) fail('nestedSetParent compares with a number');
  return value;
}
