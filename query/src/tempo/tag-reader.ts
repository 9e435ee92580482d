import { TABLES, type Store } from '@watchllm/collector';
import { readRows } from '../compat/read-rows.js';
import { SqlParams } from '../compat/sql-params.js';
import { windowCondition, type SpanWindow } from '../compat/window.js';
import { KIND_VALUES, STATUS_VALUES, type Expr, type Field, type Intrinsic } from './traceql/ast.js';
import { attributeTuple, compileFilter } from './traceql/compile.js';

/** A tag value as Tempo's v2 API types it. */
export interface TagValue {
  type: 'string' | 'int' | 'float' | 'bool' | 'keyword';
  value: string;
}

const TEMPO_TYPE: Record<string, TagValue['type']> = { '': 'string', int: 'int', double: 'float', bool: 'bool' };

// Intrinsics whose values are a fixed keyword set rather than data.
const KEYWORD_VALUES: Partial<Record<Intrinsic, readonly string[]>> = { status: STATUS_VALUES, kind: KIND_VALUES };

// Intrinsics with enumerable string values: the column and the rows to read them from.
const STRING_INTRINSIC_SOURCES: Partial<Record<Intrinsic, { column: string; where: string; join?: string }>> = {
  name: { column: 'SpanName', where: '1' },
  statusMessage: { column: 'StatusMessage', where: "StatusMessage != ''" },
  rootName: { column: 'SpanName', where: "ParentSpanId = ''" },
  rootServiceName: { column: 'ServiceName', where: "ParentSpanId = ''" },
  'event:name': { column: 'event_name', where: "event_name != ''", join: 'ARRAY JOIN Events.Name AS event_name' },
  'instrumentation:name': { column: 'ScopeName', where: "ScopeName != ''" },
  'instrumentation:version': { column: 'ScopeVersion', where: "ScopeVersion != ''" },
};

/** Tag names and values for Tempo's autocomplete endpoints. */
export class TagReader {
  constructor(private readonly store: Store) {}

  /** Distinct attribute keys seen on spans, resources or span events in the window. */
  async attributeKeys(w: SpanWindow, scope: 'span' | 'resource' | 'event', limit: number): Promise<string[]> {
    const params = new SqlParams();
    const keys = { span: 'mapKeys(SpanAttributes)', resource: 'mapKeys(ResourceAttributes)', event: 'arrayFlatten(arrayMap(ev -> mapKeys(ev), Events.Attributes))' }[scope];
    const rows = await readRows<{ key: string }>(
      this.store,
      `SELECT DISTINCT arrayJoin(${keys}) AS key FROM ${this.store.table(TABLES.traces)}
       WHERE ${windowCondition(w, params)} ORDER BY key LIMIT ${params.add(limit, 'UInt32')}`,
      params,
    );
    const found = rows.map((r) => r.key);
    // Every stored span has a service name even when its resource map lacks the key.
    if (scope === 'resource' && !found.includes('service.name')) found.unshift('service.name');
    return found;
  }

  /** Distinct values of a field among spans matching `filter`, with their types. */
  async values(w: SpanWindow, field: Field, filter: Expr, limit: number): Promise<TagValue[]> {
    if (field.kind === 'intrinsic') {
      const keywords = KEYWORD_VALUES[field.name];
      if (keywords) return keywords.map((value) => ({ type: 'keyword', value }));
      if (!STRING_INTRINSIC_SOURCES[field.name]) return [];
    }
    const params = new SqlParams();
    const table = this.store.table(TABLES.traces);
    const scope = windowCondition(w, params);
    const where = compileFilter(filter, { params, table, scope });
    let source: string;
    if (field.kind === 'intrinsic') {
      const s = STRING_INTRINSIC_SOURCES[field.name]!;
      source = `SELECT ${s.column} AS value, '' AS type FROM ${table} ${s.join ?? ''} WHERE ${scope} AND ${where} AND ${s.where}`;
    } else if (field.scope === 'event') {
      const k = params.add(field.key, 'String');
      source = `SELECT ev[${k}] AS value, '' AS type FROM ${table} ARRAY JOIN Events.Attributes AS ev WHERE ${scope} AND ${where} AND mapContains(ev, ${k})`;
    } else {
      const scopes: ('span' | 'resource')[] = field.scope === 'any' ? ['span', 'resource'] : [field.scope];
      const tuples = scopes.map((s) => attributeTuple(s, field.key, params)).join(', ');
      source =
        `SELECT v.2 AS value, v.3 AS type FROM ${table} ` +
        `ARRAY JOIN arrayFilter(x -> x.1 = 1, [${tuples}]) AS v WHERE ${scope} AND ${where}`;
    }
    const rows = await readRows<{ value: string; type: string }>(
      this.store,
      `SELECT value, type FROM (${source}) GROUP BY value, type ORDER BY value LIMIT ${params.add(limit, 'UInt32')}`,
      params,
    );
    return rows.map((r) => ({ type: TEMPO_TYPE[r.type] ?? 'string', value: r.value }));
  }
}
