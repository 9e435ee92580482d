import { TABLES, type Store } from '@watchllm/collector';
import { readRows } from '../compat/read-rows.js';
import { SqlParams } from '../compat/sql-params.js';
import { windowCondition, type SpanWindow } from '../compat/window.js';
import type { CompareSpec, MetricsQuery } from './traceql/ast.js';
import { compileFilter } from './traceql/compile.js';
import type { MetricsSeries, SeriesLabel } from './metrics-reader.js';

// Longer values are free text (prompts, completions, stack traces): every one is its own value,
// which no comparison can rank and which would hold the whole text in memory per span.
const MAX_COMPARED_VALUE_LENGTH = 256;

const COMPARE_GROUP_BY_BYTES = 256 * 1024 * 1024;
const META_TYPE = '__meta_type';
const META_ERROR = '__meta_error';
const TOO_MANY_VALUES = '__too_many_values__';
// Tempo labels a total's attribute with a nil value, which it spells so.
const NIL: SeriesLabel['value'] = { stringValue: 'nil' };

type CompareRow = {
  sel: number;
  key: string;
  /** Distinct values the attribute has on this side. */
  vals: string;
  /** The most frequent values: (−count, value, [(bucket, count)]). */
  top: [string, string, [string, string][]][];
  /** Spans having the attribute per bucket: ([bucket], [count]). */
  totals: [string[], string[]];
};

/**
 * TraceQL's `compare()`: every attribute of the filter's spans (span and resource attributes, name,
 * status, kind, statusMessage, rootName, rootServiceName), its `topN` most frequent values counted
 * per bucket on each side — the spans the selection matches, and the others (the baseline) — plus
 * each side's total per attribute, labelled as Tempo labels them (`__meta_type` = `baseline`,
 * `selection`, `baseline_total`, `selection_total`; `__meta_error` for an attribute with more values
 * than shown).
 */
export async function compareSeries(store: Store, w: SpanWindow, q: MetricsQuery & { compare: CompareSpec }, bucket: { originNs: bigint; stepNs: bigint }): Promise<MetricsSeries[]> {
  const params = new SqlParams();
  const table = store.table(TABLES.traces);
  const scope = windowCondition(w, params);
  const ctx = { params, table, scope };
  const filter = compileFilter(q.filter, ctx);
  let selection = compileFilter(q.compare.selection, ctx);
  if (q.compare.window) {
    const from = params.add(q.compare.window.startNs.toString(), 'Int64');
    const to = params.add(q.compare.window.endNs.toString(), 'Int64');
    selection = `(${selection} AND toUnixTimestamp64Nano(Timestamp) >= ${from} AND toUnixTimestamp64Nano(Timestamp) < ${to})`;
  }
  const origin = params.add(bucket.originNs.toString(), 'Int64');
  const step = params.add(bucket.stepNs.toString(), 'Int64');
  const topN = params.add(q.compare.topN, 'UInt32');
  const maxLength = params.add(MAX_COMPARED_VALUE_LENGTH, 'UInt32');
  // Each span's (attribute, value) pairs, named as TraceQL names them.
  const pairs = `arrayConcat(
      arrayMap((k, v) -> tuple(concat('span.', k), v), mapKeys(SpanAttributes), mapValues(SpanAttributes)),
      arrayMap((k, v) -> tuple(concat('resource.', k), v), mapKeys(ResourceAttributes), mapValues(ResourceAttributes)),
      [tuple('name', SpanName), tuple('status', lower(toString(StatusCode))), tuple('kind', lower(toString(SpanKind)))],
      if(StatusMessage = '', [], [tuple('statusMessage', StatusMessage)]),
      if(root_name = '' AND root_service = '', [], [tuple('rootName', root_name), tuple('rootServiceName', root_service)]))`;
  const roots = `SELECT TraceId, any(SpanName) AS root_name, any(ServiceName) AS root_service FROM ${table} WHERE ${scope} AND ParentSpanId = '' GROUP BY TraceId`;
  const rows = await readRows<CompareRow>(
    store,
    `SELECT sel, key, toString(count()) AS vals,
            groupArraySorted(${topN})(tuple(-total, value, pts)) AS top,
            sumMap(arrayMap(p -> p.1, pts), arrayMap(p -> p.2, pts)) AS totals
       FROM (
         SELECT sel, key, value, sum(n) AS total, groupArray(tuple(b, n)) AS pts
           FROM (
             SELECT sel, kv.1 AS key, kv.2 AS value, b, count() AS n
               FROM (
                 SELECT toUInt8(${selection}) AS sel,
                        intDiv(toUnixTimestamp64Nano(Timestamp) - ${origin}, ${step}) AS b,
                        arrayJoin(arrayFilter(p -> length(p.2) <= ${maxLength}, ${pairs})) AS kv
                   FROM ${table} ANY LEFT JOIN (${roots}) AS roots USING TraceId
                  WHERE ${scope} AND ${filter}
               )
              GROUP BY sel, key, value, b
           )
          GROUP BY sel, key, value
       )
      GROUP BY sel, key`,
    params,
    // Every distinct value of every attribute is a group: over a long window, spill them to disk rather than hold them all.
    { max_bytes_before_external_group_by: String(COMPARE_GROUP_BY_BYTES) },
  );
  const at = (b: string) => Number((BigInt(b) * bucket.stepNs + bucket.originNs) / 1_000_000n);
  const samples = (points: [string, string][]) => new Map(points.map(([b, n]) => [at(b), Number(n)] as const).sort((x, y) => x[0] - y[0]));
  const series: MetricsSeries[] = [];
  const add = (labels: SeriesLabel[], points: Map<number, number>) => series.push({ labels, samples: points, exemplars: [] });
  const tooMany = new Set<string>();
  for (const r of rows) {
    const side = r.sel ? 'selection' : 'baseline';
    for (const [, value, points] of r.top) add([{ key: META_TYPE, value: { stringValue: side } }, { key: r.key, value: { stringValue: value } }], samples(points));
    const [buckets, counts] = r.totals;
    add([{ key: META_TYPE, value: { stringValue: `${side}_total` } }, { key: r.key, value: NIL }], samples(buckets.map((b, i) => [b, counts[i]])));
    if (Number(r.vals) > q.compare.topN) tooMany.add(r.key);
  }
  for (const key of tooMany) add([{ key: META_ERROR, value: { stringValue: TOO_MANY_VALUES } }, { key, value: NIL }], new Map());
  return series.sort((a, b) => (JSON.stringify(a.labels) < JSON.stringify(b.labels) ? -1 : 1));
}
