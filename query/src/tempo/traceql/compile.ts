import type { SqlParams } from '../../compat/sql-params.js';
import type { Expr, Field, Intrinsic, Literal, Operator, StructuralOp } from './ast.js';

/** Where compiled conditions run: spans of one project in one time window. */
export interface CompileContext {
  params: SqlParams;
  /** Fully qualified spans table (from config, never from a request), for trace-level subqueries. */
  table: string;
  /** Parameterized condition selecting the caller's project and time window. */
  scope: string;
}

const STATUS_COLUMN_VALUE = { error: 'Error', ok: 'Ok', unset: 'Unset' } as const;
const KIND_COLUMN_VALUE = {
  unspecified: 'Unspecified',
  internal: 'Internal',
  server: 'Server',
  client: 'Client',
  producer: 'Producer',
  consumer: 'Consumer',
} as const;

const ID_COLUMN = { 'span:id': 'SpanId', 'span:parentID': 'ParentSpanId', 'trace:id': 'TraceId' } as const;

// Operators are from the parser's fixed set, so they can be written into SQL as they are.
const SQL_OPERATOR: Record<Operator, string> = { '=': '=', '!=': '!=', '=~': '', '!~': '', '>': '>', '>=': '>=', '<': '<', '<=': '<=' };

/** Compiles a parsed span-set filter into a ClickHouse condition over otel_traces rows; all values become params. */
export function compileFilter(expr: Expr, ctx: CompileContext): string {
  switch (expr.kind) {
    case 'all':
      return '1';
    case 'none':
      return '0';
    case 'structural':
      return `(${compileFilter(expr.right, ctx)} AND ${expr.negated ? 'NOT ' : ''}${relatedSpans(expr.op, compileFilter(expr.left, ctx), ctx)})`;
    case 'spansets': {
      const [left, right] = [compileFilter(expr.left, ctx), compileFilter(expr.right, ctx)];
      const tracesWith = (cond: string) => `TraceId IN (SELECT TraceId FROM ${ctx.table} WHERE ${ctx.scope} AND ${cond})`;
      return `((${left} AND ${tracesWith(right)}) OR (${right} AND ${tracesWith(left)}))`;
    }
    case 'and':
    case 'or':
      return `(${compileFilter(expr.left, ctx)} ${expr.kind === 'and' ? 'AND' : 'OR'} ${compileFilter(expr.right, ctx)})`;
    case 'aggregate': {
      // The trace's spans of `inner` (per `by` value) over the whole window (a narrower search pass still sees all of them).
      const inner = compileFilter(expr.inner, ctx);
      const measured = expr.measure ? aggregateMeasureSql(expr.measure, ctx.params) : undefined;
      const value = expr.fn === 'count' ? 'count()' : `${expr.fn}(${measured})`;
      const bound = expr.value.type === 'duration' ? ctx.params.add(expr.value.nanos.toString(), 'Int64') : ctx.params.add(expr.value.type === 'number' ? expr.value.value : 0, 'Float64');
      const group = expr.by ? fieldGroupSql(expr.by, ctx.params) : undefined;
      const key = group ? `(TraceId, toString(${group.value}))` : 'TraceId';
      const conditions = [ctx.scope, inner, ...(measured ? [`(${measured}) IS NOT NULL`] : []), ...(group ? [group.exists] : [])];
      return `(${inner} AND ${key} IN (SELECT ${key} FROM ${ctx.table} WHERE ${conditions.join(' AND ')} GROUP BY ${key} HAVING ${value} ${SQL_OPERATOR[expr.op]} ${bound}))`;
    }
    case 'compare':
      return expr.field.kind === 'attribute'
        ? attributeCondition(expr.field, expr.op, expr.value, ctx.params)
        : intrinsicCondition(expr.field.name, expr.op, expr.value, ctx);
  }
}

/**
 * The condition "this span stands in `op` to a span matching `left`": a parent or child is one
 * lookup by ids; descendants and ancestors follow the parent links with a recursive query (one
 * join per level of the tree, within the same project and window).
 */
function relatedSpans(op: StructuralOp, left: string, ctx: CompileContext): string {
  const matched = `SELECT TraceId, SpanId, ParentSpanId FROM ${ctx.table} WHERE ${ctx.scope} AND ${left}`;
  switch (op) {
    case '>':
      return `(TraceId, ParentSpanId) IN (SELECT TraceId, SpanId FROM (${matched}))`;
    case '<':
      return `(TraceId, SpanId) IN (SELECT TraceId, ParentSpanId FROM (${matched}) WHERE ParentSpanId != '')`;
    case '~': {
      // Same parent as a left-side span other than itself: parents with two such spans qualify
      // every child; a parent with one qualifies its other children.
      const parents = `SELECT TraceId, ParentSpanId, count() AS n, any(SpanId) AS only FROM (${matched}) WHERE ParentSpanId != '' GROUP BY TraceId, ParentSpanId`;
      return (
        `((TraceId, ParentSpanId) IN (SELECT TraceId, ParentSpanId FROM (${parents}) WHERE n > 1) ` +
        `OR (TraceId, ParentSpanId) IN (SELECT TraceId, ParentSpanId FROM (${parents}) WHERE n = 1) ` +
        `AND (TraceId, SpanId) NOT IN (SELECT TraceId, only FROM (${parents}) WHERE n = 1))`
      );
    }
    case '>>':
      return (
        `(TraceId, SpanId) IN (WITH RECURSIVE below AS (` +
        `SELECT TraceId, SpanId FROM ${ctx.table} WHERE ${ctx.scope} AND (TraceId, ParentSpanId) IN (SELECT TraceId, SpanId FROM (${matched})) ` +
        `UNION ALL SELECT c.TraceId, c.SpanId FROM ${ctx.table} AS c INNER JOIN below AS b ON c.TraceId = b.TraceId AND c.ParentSpanId = b.SpanId WHERE ${qualified(ctx.scope, 'c')}` +
        `) SELECT TraceId, SpanId FROM below)`
      );
    case '<<':
      return (
        `(TraceId, SpanId) IN (WITH RECURSIVE above AS (` +
        `SELECT TraceId, ParentSpanId AS SpanId FROM (${matched}) WHERE ParentSpanId != '' ` +
        `UNION ALL SELECT p.TraceId, p.ParentSpanId AS SpanId FROM ${ctx.table} AS p INNER JOIN above AS a ON p.TraceId = a.TraceId AND p.SpanId = a.SpanId WHERE ${qualified(ctx.scope, 'p')} AND p.ParentSpanId != ''` +
        `) SELECT TraceId, SpanId FROM above)`
      );
  }
}

/** The window's condition on one side of a join (its columns: ProjectId, Timestamp). */
function qualified(scope: string, alias: string): string {
  return scope.replace(/\b(ProjectId|Timestamp)\b/g, `${alias}.$1`);
}

/** SQL for an attribute's value and presence in one scope. */
export function attributeColumn(scope: 'span' | 'resource', key: string, params: SqlParams): { value: string; exists: string } {
  // service.name has its own column, in the sort key.
  if (scope === 'resource' && key === 'service.name') return { value: 'ServiceName', exists: "ServiceName != ''" };
  const map = scope === 'span' ? 'SpanAttributes' : 'ResourceAttributes';
  const k = params.add(key, 'String');
  return { value: `${map}[${k}]`, exists: `mapContains(${map}, ${k})` };
}

/** SQL tuple(present UInt8, value String, OTLP type String) of an attribute in one scope. */
export function attributeTuple(scope: 'span' | 'resource', key: string, params: SqlParams): string {
  const col = attributeColumn(scope, key, params);
  const prefix = scope === 'span' ? "'s.'" : "'r.'";
  const type = col.value === 'ServiceName' ? "''" : `toString(AttributeTypes[concat(${prefix}, ${params.add(key, 'String')})])`;
  return `tuple(toUInt8(${col.exists}), toString(${col.value}), ${type})`;
}

function attributeCondition(field: Extract<Field, { kind: 'attribute' }>, op: Operator, value: Literal, params: SqlParams): string {
  // Unscoped `.key` matches when either the span or its resource satisfies the comparison.
  if (field.scope === 'any') {
    const span = attributeCondition({ ...field, scope: 'span' }, op, value, params);
    const resource = attributeCondition({ ...field, scope: 'resource' }, op, value, params);
    return `(${span} OR ${resource})`;
  }
  // `event.key`: some event of the span satisfies it (`= nil`: none has the key).
  if (field.scope === 'event') {
    const k = params.add(field.key, 'String');
    const col = { value: `ev[${k}]`, exists: `mapContains(ev, ${k})` };
    if (value.type === 'nil') return `${op === '=' ? 'NOT ' : ''}arrayExists(ev -> ${col.exists}, Events.Attributes)`;
    return `arrayExists(ev -> ${columnCondition(col, op, value, params)}, Events.Attributes)`;
  }
  const col = attributeColumn(field.scope, field.key, params);
  if (value.type === 'nil') return op === '=' ? `NOT ${col.exists}` : col.exists;
  return columnCondition(col, op, value, params);
}

/** A comparison of one attribute column (its value and presence), the value not nil. */
function columnCondition(col: { value: string; exists: string }, op: Operator, value: Literal, params: SqlParams): string {
  if (value.type === 'bool') return `(${col.exists} AND ${col.value} ${SQL_OPERATOR[op]} ${params.add(String(value.value), 'String')})`;
  if (value.type === 'number') {
    return `(${col.exists} AND toFloat64OrNull(${col.value}) ${SQL_OPERATOR[op]} ${params.add(value.value, 'Float64')})`;
  }
  return `(${col.exists} AND ${stringCondition(col.value, op, value, params)})`;
}

function stringCondition(column: string, op: Operator, value: Literal, params: SqlParams): string {
  const text = value.type === 'string' ? value.value : '';
  if (op === '=~' || op === '!~') {
    // TraceQL regular expressions match the whole value.
    const pattern = params.add(`^(?:${text})$`, 'String');
    return `${op === '!~' ? 'NOT ' : ''}match(${column}, ${pattern})`;
  }
  return `${column} ${SQL_OPERATOR[op]} ${params.add(text, 'String')}`;
}

function intrinsicCondition(name: Intrinsic, op: Operator, value: Literal, ctx: CompileContext): string {
  const { params } = ctx;
  switch (name) {
    case 'name':
      return stringCondition('SpanName', op, value, params);
    case 'statusMessage':
      return stringCondition('StatusMessage', op, value, params);
    case 'status':
      if (value.type !== 'status') throw new Error('status literal expected');
      return `StatusCode ${SQL_OPERATOR[op]} ${params.add(STATUS_COLUMN_VALUE[value.value], 'String')}`;
    case 'kind':
      if (value.type !== 'kind') throw new Error('kind literal expected');
      return `SpanKind ${SQL_OPERATOR[op]} ${params.add(KIND_COLUMN_VALUE[value.value], 'String')}`;
    case 'duration':
      return `Duration ${SQL_OPERATOR[op]} ${params.add(durationNanos(value), 'UInt64')}`;
    case 'rootName':
    case 'rootServiceName': {
      const column = name === 'rootName' ? 'SpanName' : 'ServiceName';
      return `TraceId IN (SELECT TraceId FROM ${ctx.table} WHERE ${ctx.scope} AND ParentSpanId = '' AND ${stringCondition(column, op, value, params)})`;
    }
    case 'nestedSetParent':
      // Tempo numbers a root's parent -1 and others from 1: only the sign is kept here.
      if (value.type !== 'number') throw new Error('number literal expected');
      return `if(ParentSpanId = '', -1, 1) ${SQL_OPERATOR[op]} ${params.add(value.value, 'Float64')}`;
    case 'nestedSetLeft':
    case 'nestedSetRight':
      throw new Error(`${name} is selected only (the parser refuses it in conditions)`);
    case 'event:name':
      // Some event of the span is named so.
      return `arrayExists(n -> ${stringCondition('n', op, value, params)}, Events.Name)`;
    case 'instrumentation:name':
      return stringCondition('ScopeName', op, value, params);
    case 'instrumentation:version':
      return stringCondition('ScopeVersion', op, value, params);
    case 'span:id':
    case 'span:parentID':
    case 'trace:id': {
      // Ids are stored as lower-case hex.
      const id = value.type === 'string' && (op === '=' || op === '!=') ? { ...value, value: value.value.toLowerCase() } : value;
      return stringCondition(ID_COLUMN[name], op, id, params);
    }
    case 'traceDuration':
      return (
        `TraceId IN (SELECT TraceId FROM ${ctx.table} WHERE ${ctx.scope} GROUP BY TraceId ` +
        `HAVING max(toUnixTimestamp64Nano(Timestamp) + toInt64(Duration)) - min(toUnixTimestamp64Nano(Timestamp)) ` +
        `${SQL_OPERATOR[op]} ${params.add(durationNanos(value), 'Int64')})`
      );
  }
}

function durationNanos(value: Literal): string {
  if (value.type !== 'duration') throw new Error('duration literal expected');
  return value.nanos.toString();
}

/** SQL for a field's value as text, and whether the span has it: what `by (…)` groups on. */
export function fieldGroupSql(field: Field, params: SqlParams): { value: string; exists: string } {
  if (field.kind === 'attribute') {
    if (field.scope === 'event') throw new Error('event attributes are not grouped (the parser refuses them)');
    if (field.scope !== 'any') return attributeColumn(field.scope, field.key, params);
    // Unscoped: the span's attribute, else its resource's.
    const span = attributeColumn('span', field.key, params);
    const resource = attributeColumn('resource', field.key, params);
    return { value: `if(${span.exists}, ${span.value}, ${resource.value})`, exists: `(${span.exists} OR ${resource.exists})` };
  }
  switch (field.name) {
    case 'name':
      return { value: 'SpanName', exists: '1' };
    case 'statusMessage':
      return { value: 'StatusMessage', exists: "StatusMessage != ''" };
    case 'status':
      return { value: 'lower(toString(StatusCode))', exists: '1' };
    case 'kind':
      return { value: 'lower(toString(SpanKind))', exists: '1' };
    case 'instrumentation:name':
      return { value: 'ScopeName', exists: "ScopeName != ''" };
    case 'instrumentation:version':
      return { value: 'ScopeVersion', exists: "ScopeVersion != ''" };
    default:
      throw new Error(`cannot group by ${field.name}`);
  }
}

/** The number a spanset aggregate reads: duration in nanoseconds (compared with a duration), an attribute's number. */
function aggregateMeasureSql(field: Field, params: SqlParams): string {
  return field.kind === 'intrinsic' && field.name === 'duration' ? 'toFloat64(Duration)' : fieldMeasureSql(field, params);
}

/** SQL for the number a *_over_time function aggregates (NULL where the span has none): duration in seconds, as Tempo reports it. */
export function fieldMeasureSql(field: Field, params: SqlParams): string {
  if (field.kind === 'intrinsic') {
    if (field.name !== 'duration') throw new Error(`cannot aggregate ${field.name}`);
    return 'Duration / 1e9';
  }
  const { value, exists } = fieldGroupSql(field, params);
  return `if(${exists}, toFloat64OrNull(${value}), NULL)`;
}
