import { parseValue, TABLES, type AttrValue, type Store, type ValueType } from '@watchllm/collector';
import { SPAN_COLUMNS, toStoredSpan, type SpanRecordRow, type StoredSpan } from '../reader/trace-rows.js';
import type { AttributeField, Expr, Field, SelectableIntrinsic } from '../tempo/traceql/ast.js';
import { attributeColumn, attributeTuple, compileFilter } from '../tempo/traceql/compile.js';
import { readRows } from './read-rows.js';
import { SqlParams } from './sql-params.js';
import { windowCondition, type SpanWindow } from './window.js';
import { nestedSets, type NestedSet } from './nested-set.js';


export interface FindTracesQuery extends SpanWindow {
  filter: Expr;
  limit: number;
  /** Matched spans returned per trace (0 = none). */
  spansPerSet: number;
  /** Attribute values to return with each matched span. */
  attributes: AttributeField[];
  /** Intrinsics to return with each matched span, keyed by their names (Tempo's `select(status, nestedSetLeft)`). */
  intrinsics: SelectableIntrinsic[];
  /** `| by(field)`: each trace's matched spans come back as one span set per value of it. */
  splitBy?: Field;
}

export interface MatchedAttribute {
  key: string;
  value: AttrValue;
  type: ValueType | undefined;
}

export interface MatchedSpan {
  spanId: string;
  name: string;
  startTimeUnixNano: string;
  durationNanos: string;
  attributes: MatchedAttribute[];
}

export interface MatchedTrace {
  traceId: string;
  matched: number;
  spans: MatchedSpan[];
}

export interface TraceSummary {
  traceId: string;
  /** Undefined while the root span has not arrived. */
  rootName: string | undefined;
  rootServiceName: string | undefined;
  startTimeUnixNano: string;
  durationNanos: string;
}

export const MAX_SPANS_PER_SET = 1000;

// Fractions (1/n) of the search window scanned in turn, newest end first.
const NARROWING_DIVISORS = [64n, 8n, 1n];

/** Trace search shared by the Tempo and Jaeger APIs: matching traces, their summaries, their spans. */
export class TraceSearchReader {
  constructor(private readonly store: Store) {}

  private get spans() {
    return this.store.table(TABLES.traces);
  }

  /**
   * Traces with the most recent spans matching the filter, newest first. Scans the latest
   * 1/64 and then 1/8 of the window before the whole of it: a trace missing from a narrower
   * pass has no matching span as recent as the ones found, so stopping early returns the same
   * traces (with `matched` and span sets counted over the part scanned).
   */
  async findTraces(q: FindTracesQuery): Promise<MatchedTrace[]> {
    type Row = { TraceId: string; matched: string; spans: [string, string, string, string, [number, string, string][]][] };
    let rows: Row[] = [];
    for (const divisor of NARROWING_DIVISORS) {
      const startNs = divisor === 1n ? q.startNs : q.endNs - (q.endNs - q.startNs) / divisor;
      rows = await this.findInWindow<Row>(q, startNs);
      if (rows.length >= q.limit) break;
    }
    const keys = [...q.attributes.map((a) => a.key), ...q.intrinsics.filter((n) => COLUMN_INTRINSICS[n])];
    const nested = q.intrinsics.filter((n): n is keyof NestedSetKeys => n in NESTED_SET_KEYS);
    const sets = nested.length && q.spansPerSet > 0 ? await this.nestedSetsOf(q.projectId, rows.map((r) => r.TraceId)) : new Map<string, Map<string, NestedSet>>();
    return rows.map((r) => ({
      traceId: r.TraceId,
      matched: Number(r.matched),
      spans:
        q.spansPerSet <= 0
          ? []
          : r.spans.map(([spanId, name, start, duration, values]) => {
              const set = sets.get(r.TraceId)?.get(spanId) ?? { left: 0, right: 0, parent: 0 };
              return {
                spanId,
                name,
                startTimeUnixNano: start,
                durationNanos: duration,
                attributes: [
                  ...values.flatMap(([present, raw, type], i) =>
                    Number(present) ? [{ key: keys[i], value: parseValue(raw, (type || undefined) as ValueType | undefined), type: (type || undefined) as ValueType | undefined }] : [],
                  ),
                  ...nested.map((n) => ({ key: n, value: set[NESTED_SET_KEYS[n]], type: 'int' as const })),
                ],
              };
            }),
    }));
  }

  /** Nested-set bounds of every span of each trace (Tempo numbers them at ingest; here at read, from the parent links). */
  private async nestedSetsOf(projectId: string, traceIds: string[]): Promise<Map<string, Map<string, NestedSet>>> {
    if (traceIds.length === 0) return new Map();
    const params = new SqlParams();
    const rows = await readRows<{ TraceId: string; spans: [string, string, string][] }>(
      this.store,
      `SELECT TraceId, groupArray((SpanId, ParentSpanId, toString(toUnixTimestamp64Nano(Timestamp)))) AS spans
       FROM ${this.spans}
       WHERE ${this.tracesCondition(projectId, traceIds, params)}
       GROUP BY TraceId`,
      params,
    );
    return new Map(rows.map((r) => [r.TraceId, nestedSets(r.spans.map(([spanId, parentSpanId, start]) => ({ spanId, parentSpanId, startNs: BigInt(start) })))]));
  }

  private findInWindow<Row>(q: FindTracesQuery, passStartNs: bigint): Promise<Row[]> {
    const params = new SqlParams();
    // Trace-level conditions (root name, trace duration) always see the whole window.
    const scope = windowCondition(q, params);
    const pass = windowCondition({ ...q, startNs: passStartNs }, params);
    const where = compileFilter(q.filter, { params, table: this.spans, scope });
    const attrs = [...q.attributes.map((f) => attributeSelect(f, params)), ...q.intrinsics.flatMap((n) => COLUMN_INTRINSICS[n] ?? [])];
    const attrArray = attrs.length ? `[${attrs.join(', ')}]` : `CAST([], 'Array(Tuple(UInt8, String, String))')`;
    // A parametric aggregate takes a literal: the count is a clamped integer, not request text.
    const perSet = Math.max(1, Math.min(MAX_SPANS_PER_SET, Math.trunc(q.spansPerSet) || 1));
    return readRows<Row>(
      this.store,
      `SELECT TraceId, count() AS matched,
         groupArray(${perSet})((SpanId, SpanName, toString(toUnixTimestamp64Nano(Timestamp)), toString(Duration), ${attrArray})) AS spans
       FROM ${this.spans}
       WHERE ${pass} AND ${where}
       GROUP BY TraceId
       ORDER BY max(Timestamp) DESC
       LIMIT ${params.add(q.limit, 'UInt32')}`,
      params,
    );
  }

  /** Root name/service, start and duration of each trace (all of its spans, not only the matched ones). */
  async summarize(projectId: string, traceIds: string[]): Promise<Map<string, TraceSummary>> {
    if (traceIds.length === 0) return new Map();
    const params = new SqlParams();
    const rows = await readRows<{ TraceId: string; rootName: string; rootService: string; roots: string; startNs: string; endNs: string }>(
      this.store,
      `SELECT TraceId,
         argMinIf(SpanName, Timestamp, ParentSpanId = '') AS rootName,
         argMinIf(ServiceName, Timestamp, ParentSpanId = '') AS rootService,
         countIf(ParentSpanId = '') AS roots,
         toString(min(toUnixTimestamp64Nano(Timestamp))) AS startNs,
         toString(max(toUnixTimestamp64Nano(Timestamp) + toInt64(Duration))) AS endNs
       FROM ${this.spans}
       WHERE ${this.tracesCondition(projectId, traceIds, params)}
       GROUP BY TraceId`,
      params,
    );
    return new Map(
      rows.map((r) => [
        r.TraceId,
        {
          traceId: r.TraceId,
          rootName: Number(r.roots) > 0 ? r.rootName : undefined,
          rootServiceName: Number(r.roots) > 0 ? r.rootService : undefined,
          startTimeUnixNano: r.startNs,
          durationNanos: (BigInt(r.endNs) - BigInt(r.startNs)).toString(),
        },
      ]),
    );
  }

  /** Every span of each trace (deduplicated by span id), in start order. */
  async loadTraces(projectId: string, traceIds: string[]): Promise<Map<string, StoredSpan[]>> {
    const out = new Map<string, StoredSpan[]>();
    if (traceIds.length === 0) return out;
    const params = new SqlParams();
    const rows = await readRows<SpanRecordRow>(
      this.store,
      `SELECT ${SPAN_COLUMNS}
       FROM ${this.spans}
       WHERE ${this.tracesCondition(projectId, traceIds, params)}
       ORDER BY Timestamp
       LIMIT 1 BY TraceId, SpanId`,
      params,
    );
    for (const row of rows) {
      const span = toStoredSpan(row);
      const list = out.get(span.traceId);
      if (list) list.push(span);
      else out.set(span.traceId, [span]);
    }
    return out;
  }

  // The trace-id → time-range table bounds the scan to the partitions the traces live in.
  private tracesCondition(projectId: string, traceIds: string[], params: SqlParams): string {
    const project = params.add(projectId, 'String');
    const ids = params.add(traceIds, 'Array(String)');
    const lookup = `FROM ${this.store.table(TABLES.traceIdTs)} WHERE ProjectId = ${project} AND TraceId IN ${ids}`;
    return (
      `ProjectId = ${project} AND TraceId IN ${ids} ` +
      `AND Timestamp >= (SELECT toDateTime64(min(Start), 9) ${lookup}) ` +
      `AND Timestamp < (SELECT toDateTime64(max(End) + 1, 9) ${lookup})`
    );
  }
}

type NestedSetKeys = { nestedSetLeft: 'left'; nestedSetRight: 'right'; nestedSetParent: 'parent' };
const NESTED_SET_KEYS: NestedSetKeys = { nestedSetLeft: 'left', nestedSetRight: 'right', nestedSetParent: 'parent' };

/** tuple(present, value, type) of the intrinsics read from a span's own columns. */
const COLUMN_INTRINSICS: Partial<Record<SelectableIntrinsic, string>> = {
  status: "tuple(1, lower(toString(StatusCode)), '')",
  kind: "tuple(1, lower(toString(SpanKind)), '')",
  statusMessage: "tuple(toUInt8(StatusMessage != ''), StatusMessage, '')",
};

/** tuple(present, value, type) of one attribute; `any` prefers the span's value over the resource's. */
function attributeSelect(field: AttributeField, params: SqlParams): string {
  if (field.scope === 'event') {
    // The first event holding the key.
    const k = params.add(field.key, 'String');
    return `tuple(toUInt8(arrayExists(ev -> mapContains(ev, ${k}), Events.Attributes)), arrayFirst(ev -> mapContains(ev, ${k}), Events.Attributes)[${k}], '')`;
  }
  if (field.scope !== 'any') return attributeTuple(field.scope, field.key, params);
  const span = attributeColumn('span', field.key, params);
  return `if(${span.exists}, ${attributeTuple('span', field.key, params)}, ${attributeTuple('resource', field.key, params)})`;
}
