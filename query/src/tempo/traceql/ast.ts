/**
 * The TraceQL subset WatchLLM answers: span sets `{ … }` of comparisons joined by && / ||, span
 * sets joined by && / || / structural operators (> < >> << ~, and their negations !> !< !>> !<< !~),
 * spanset aggregates (`| count() > 2`), optionally piped into `select(…)` (search) or one metrics
 * function (`| rate() by (resource.service.name)`, `| compare({ … })`).
 */

export type AttributeScope = 'span' | 'resource' | 'any' | 'event';

/** Intrinsics spelled only with their scope, as in Tempo; all compare with strings. */
export const SCOPED_INTRINSICS = ['event:name', 'instrumentation:name', 'instrumentation:version', 'span:id', 'span:parentID', 'trace:id'] as const;

export const INTRINSICS = [
  'name',
  'status',
  'statusMessage',
  'kind',
  'duration',
  'rootName',
  'rootServiceName',
  'traceDuration',
  // In conditions only its sign is known here: negative for a root span (what Traces Drilldown asks with `nestedSetParent<0`).
  'nestedSetParent',
  // The span's bounds in its trace's nested-set numbering: selected only (Drilldown's structure tab builds its tree from them).
  'nestedSetLeft',
  'nestedSetRight',
  ...SCOPED_INTRINSICS,
] as const;
export type Intrinsic = (typeof INTRINSICS)[number];

export type Field = { kind: 'attribute'; scope: AttributeScope; key: string } | { kind: 'intrinsic'; name: Intrinsic };

/** Intrinsics `select(…)` returns with each span, as Tempo does (keyed by their names); name and duration are the span's own fields. */
export const SELECTABLE_INTRINSICS = ['status', 'kind', 'statusMessage', 'nestedSetParent', 'nestedSetLeft', 'nestedSetRight'] as const;
export type SelectableIntrinsic = (typeof SELECTABLE_INTRINSICS)[number];

/** The selectable intrinsics among `fields`, once each, in order. */
export function selectedIntrinsics(fields: Field[]): SelectableIntrinsic[] {
  const names = fields.flatMap((f) => (f.kind === 'intrinsic' && (SELECTABLE_INTRINSICS as readonly string[]).includes(f.name) ? [f.name as SelectableIntrinsic] : []));
  return [...new Set(names)];
}

export const STATUS_VALUES = ['error', 'ok', 'unset'] as const;
export const KIND_VALUES = ['unspecified', 'internal', 'server', 'client', 'producer', 'consumer'] as const;
export type StatusValue = (typeof STATUS_VALUES)[number];
export type KindValue = (typeof KIND_VALUES)[number];

export type Literal =
  | { type: 'string'; value: string }
  | { type: 'number'; value: number }
  | { type: 'bool'; value: boolean }
  | { type: 'duration'; nanos: bigint }
  | { type: 'status'; value: StatusValue }
  | { type: 'kind'; value: KindValue }
  | { type: 'nil' };

export type Operator = '=' | '!=' | '=~' | '!~' | '>' | '>=' | '<' | '<=';

/** Span-set relations: `>` child, `<` parent, `>>` descendant, `<<` ancestor, `~` sibling (of a span the left side matches). */
export type StructuralOp = '>' | '<' | '>>' | '<<' | '~';

export type Expr =
  | { kind: 'all' }
  | { kind: 'none' }
  /** Spans matching `right` that stand in `op` to some span matching `left` in the same trace (`negated`: to none, `!>>` …). */
  | { kind: 'structural'; op: StructuralOp; negated?: boolean; left: Expr; right: Expr }
  /** `{ A } && { B }`: spans of either side, in traces where both sides match a span. */
  | { kind: 'spansets'; left: Expr; right: Expr }
  | { kind: 'and' | 'or'; left: Expr; right: Expr }
  | { kind: 'compare'; field: Field; op: Operator; value: Literal }
  /**
   * `{ … } | count() > 2`, `| avg(duration) > 1s`: the spans of `inner` in traces whose `inner` spans, aggregated,
   * compare so — per value of `by` when a `| by(field)` came before (spans without it form no group).
   */
  | { kind: 'aggregate'; inner: Expr; fn: SpansetAggregate; measure?: Field; by?: Field; op: Operator; value: Literal };

export const SPANSET_AGGREGATES = ['count', 'avg', 'min', 'max', 'sum'] as const;
export type SpansetAggregate = (typeof SPANSET_AGGREGATES)[number];

export const MATCH_ALL: Expr = { kind: 'all' };

export function and(left: Expr, right: Expr): Expr {
  if (left.kind === 'all') return right;
  if (right.kind === 'all') return left;
  return { kind: 'and', left, right };
}

/** Attribute fields an expression reads, once each, in order of appearance. */
export function referencedAttributes(expr: Expr): AttributeField[] {
  const out: Field[] = [];
  const walk = (e: Expr) => {
    if (e.kind === 'and' || e.kind === 'or' || e.kind === 'structural' || e.kind === 'spansets') {
      walk(e.left);
      walk(e.right);
    } else if (e.kind === 'aggregate') {
      walk(e.inner);
      if (e.measure) out.push(e.measure);
    } else if (e.kind === 'compare') out.push(e.field);
  };
  walk(expr);
  return uniqueAttributes(out);
}

export type AttributeField = Extract<Field, { kind: 'attribute' }>;

/** The attribute fields among `fields`, once each (by scope and key), in order. */
export function uniqueAttributes(fields: Field[]): AttributeField[] {
  const seen = new Set<string>();
  return fields.filter((f): f is AttributeField => {
    if (f.kind !== 'attribute') return false;
    const id = `${f.scope}\u0000${f.key}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}

export const METRICS_FUNCTIONS = [
  'rate',
  'count_over_time',
  'min_over_time',
  'max_over_time',
  'sum_over_time',
  'avg_over_time',
  'quantile_over_time',
  'histogram_over_time',
  'compare',
] as const;
export type MetricsFunction = (typeof METRICS_FUNCTIONS)[number];

/** `{ filter } | fn(measure, quantiles…) by (fields)`. */
export interface MetricsQuery {
  filter: Expr;
  fn: MetricsFunction;
  /** The value *_over_time functions aggregate (duration in seconds); none for rate and count_over_time. */
  measure?: Field;
  quantiles: number[];
  by: Field[];
  /** `… > 10`: only the samples that compare so (series left with none are dropped). */
  threshold?: { op: Operator; value: number };
  /** `| topk(n)` / `| bottomk(n)`: at each timestamp, only the n highest (lowest) series. */
  rank?: { fn: 'topk' | 'bottomk'; n: number };
  /** compare()'s arguments (fn 'compare'). */
  compare?: CompareSpec;
}

/**
 * `compare({ selection }, topN, start, end)`: the filter's spans split into those the selection
 * matches (and, given the nanosecond bounds, that start within them) and the rest (the baseline),
 * each side's values counted for every attribute — Traces Drilldown's comparison tab.
 */
export interface CompareSpec {
  selection: Expr;
  /** Values kept per attribute and side, the most frequent first. */
  topN: number;
  window?: { startNs: bigint; endNs: bigint };
}

/** A field as TraceQL spells it (`resource.service.name`, `.foo`, `status`): series labels are keyed by it. */
export function fieldText(field: Field): string {
  if (field.kind === 'intrinsic') return field.name;
  return `${field.scope === 'any' ? '' : field.scope}.${field.key}`;
}
