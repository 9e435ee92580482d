/** The TraceQL subset WatchLLM answers: one span set `{ … }` of comparisons joined by && / ||. */

export type AttributeScope = 'span' | 'resource' | 'any';

export const INTRINSICS = [
  'name',
  'status',
  'statusMessage',
  'kind',
  'duration',
  'rootName',
  'rootServiceName',
  'traceDuration',
] as const;
export type Intrinsic = (typeof INTRINSICS)[number];

export type Field = { kind: 'attribute'; scope: AttributeScope; key: string } | { kind: 'intrinsic'; name: Intrinsic };

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

export type Expr =
  | { kind: 'all' }
  | { kind: 'and' | 'or'; left: Expr; right: Expr }
  | { kind: 'compare'; field: Field; op: Operator; value: Literal };

export const MATCH_ALL: Expr = { kind: 'all' };

export function and(left: Expr, right: Expr): Expr {
  if (left.kind === 'all') return right;
  if (right.kind === 'all') return left;
  return { kind: 'and', left, right };
}

/** Attribute fields an expression reads, once each, in order of appearance. */
export function referencedAttributes(expr: Expr): Extract<Field, { kind: 'attribute' }>[] {
  const out: Extract<Field, { kind: 'attribute' }>[] = [];
  const seen = new Set<string>();
  const walk = (e: Expr) => {
    if (e.kind === 'and' || e.kind === 'or') {
      walk(e.left);
      walk(e.right);
    } else if (e.kind === 'compare' && e.field.kind === 'attribute') {
      const id = `${e.field.scope}\u0000${e.field.key}`;
      if (!seen.has(id)) {
        seen.add(id);
        out.push(e.field);
      }
    }
  };
  walk(expr);
  return out;
}
