import { TABLES, type Store } from '@watchllm/collector';
import { readRows } from '../compat/read-rows.js';
import { SqlParams } from '../compat/sql-params.js';
import { windowCondition, type SpanWindow } from '../compat/window.js';

export interface Operation {
  name: string;
  /** Jaeger's spelling: server, client, producer, consumer, internal, or '' when unspecified. */
  spanKind: string;
}

export interface DependencyLink {
  parent: string;
  child: string;
  callCount: number;
}

/** Services, operations and the service dependency graph, as Jaeger's query API lists them. */
export class JaegerReader {
  constructor(private readonly store: Store) {}

  private get spans() {
    return this.store.table(TABLES.traces);
  }

  async services(w: SpanWindow): Promise<string[]> {
    const params = new SqlParams();
    const rows = await readRows<{ s: string }>(
      this.store,
      `SELECT DISTINCT ServiceName AS s FROM ${this.spans} WHERE ${windowCondition(w, params)} AND ServiceName != '' ORDER BY s`,
      params,
    );
    return rows.map((r) => r.s);
  }

  async operations(w: SpanWindow, service: string, spanKind?: string): Promise<Operation[]> {
    const params = new SqlParams();
    const kind = spanKind ? ` AND lower(SpanKind) = ${params.add(spanKind.toLowerCase(), 'String')}` : '';
    const rows = await readRows<{ name: string; kind: string }>(
      this.store,
      `SELECT SpanName AS name, SpanKind AS kind FROM ${this.spans}
       WHERE ${windowCondition(w, params)} AND ServiceName = ${params.add(service, 'String')}${kind}
       GROUP BY name, kind ORDER BY name, kind`,
      params,
    );
    return rows.map((r) => ({ name: r.name, spanKind: r.kind === 'Unspecified' ? '' : r.kind.toLowerCase() }));
  }

  /** Calls between services: a span of one service whose parent span belongs to another. */
  async dependencies(w: SpanWindow): Promise<DependencyLink[]> {
    const params = new SqlParams();
    const scope = windowCondition(w, params);
    const rows = await readRows<DependencyLink & { callCount: string }>(
      this.store,
      `SELECT p.ServiceName AS parent, c.ServiceName AS child, count() AS callCount
       FROM (SELECT TraceId, SpanId, ServiceName FROM ${this.spans} WHERE ${scope}) AS p
       INNER JOIN (SELECT TraceId, ParentSpanId, ServiceName FROM ${this.spans} WHERE ${scope} AND ParentSpanId != '') AS c
         ON p.TraceId = c.TraceId AND p.SpanId = c.ParentSpanId
       WHERE p.ServiceName != c.ServiceName
       GROUP BY parent, child ORDER BY parent, child`,
      params,
    );
    return rows.map((r) => ({ parent: r.parent, child: r.child, callCount: Number(r.callCount) }));
  }
}
