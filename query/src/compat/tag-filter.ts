import { and, KIND_VALUES, MATCH_ALL, STATUS_VALUES, type Expr, type KindValue, type StatusValue } from '../tempo/traceql/ast.js';

/** A tag value the API cannot turn into a condition. */
export class TagFilterError extends Error {
  override name = 'TagFilterError';
}

/** Turns one special tag's value into a condition. */
export type TagRule = (value: string) => Expr;

const intrinsicEquals = (name: 'name' | 'statusMessage' | 'rootName' | 'rootServiceName'): TagRule => (value) => ({
  kind: 'compare',
  field: { kind: 'intrinsic', name },
  op: '=',
  value: { type: 'string', value },
});

export const statusIs = (raw: string, negate = false): Expr => {
  const value = raw.toLowerCase();
  if (!(STATUS_VALUES as readonly string[]).includes(value)) throw new TagFilterError(`status must be one of ${STATUS_VALUES.join(', ')}`);
  return { kind: 'compare', field: { kind: 'intrinsic', name: 'status' }, op: negate ? '!=' : '=', value: { type: 'status', value: value as StatusValue } };
};

export const kindIs = (raw: string): Expr => {
  const value = raw.toLowerCase();
  if (!(KIND_VALUES as readonly string[]).includes(value)) throw new TagFilterError(`span kind must be one of ${KIND_VALUES.join(', ')}`);
  return { kind: 'compare', field: { kind: 'intrinsic', name: 'kind' }, op: '=', value: { type: 'kind', value: value as KindValue } };
};

const errorFlag: TagRule = (value) => {
  if (value !== 'true' && value !== 'false') throw new TagFilterError('error must be true or false');
  return statusIs('error', value === 'false');
};

export const serviceIs = (value: string): Expr => ({
  kind: 'compare',
  field: { kind: 'attribute', scope: 'resource', key: 'service.name' },
  op: '=',
  value: { type: 'string', value },
});

/** Tempo's legacy `tags` search keys with a meaning beyond "attribute equals". */
export const TEMPO_TAG_RULES: Record<string, TagRule> = {
  name: intrinsicEquals('name'),
  'status.code': (v) => statusIs(v),
  error: errorFlag,
  'root.name': intrinsicEquals('rootName'),
  'root.service.name': intrinsicEquals('rootServiceName'),
  'service.name': serviceIs,
};

/** Tags Jaeger derives from OTLP fields (see the Jaeger trace format), searchable as Jaeger users expect. */
export const JAEGER_TAG_RULES: Record<string, TagRule> = {
  error: errorFlag,
  'span.kind': kindIs,
  'otel.status_code': (v) => statusIs(v),
  'otel.status_description': intrinsicEquals('statusMessage'),
  'service.name': serviceIs,
};

/** ANDs `key = value` conditions; keys without a rule match a span or resource attribute of that value. */
export function tagsFilter(pairs: [string, string][], rules: Record<string, TagRule>): Expr {
  let expr: Expr = MATCH_ALL;
  for (const [key, value] of pairs) {
    const rule = Object.prototype.hasOwnProperty.call(rules, key) ? rules[key] : undefined;
    const condition: Expr = rule
      ? rule(value)
      : { kind: 'compare', field: { kind: 'attribute', scope: 'any', key }, op: '=', value: { type: 'string', value } };
    expr = and(expr, condition);
  }
  return expr;
}
