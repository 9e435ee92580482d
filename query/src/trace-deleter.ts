import { LOGS_METRICS_TABLES, ROLLUP_TABLES, TABLES, TRACE_LOOKUP_TABLES, type Store } from '@watchllm/collector';
import type { TraceLocation } from './reader/trace-reader.js';
import { readRows } from './reader/query.js';
import { ApiError } from './routes/errors.js';

/** The tables a trace's rows live in. */
const TRACE_TABLES = [TABLES.traces, LOGS_METRICS_TABLES.logs, ROLLUP_TABLES.traceSummary, TRACE_LOOKUP_TABLES.traceLookup, TABLES.traceIdTs];

/**
 * Erasing one trace of a project (a user's request to forget what they typed, a prompt that held a secret):
 * its spans, its log records (content events, scores), its lookup and per-trace search rows, as ClickHouse
 * lightweight deletes — gone from every read at once, from disk when their parts merge. The usage rollups
 * (tokens, cost, latency per minute and hour) hold no content and keep counting it.
 */
export async function deleteTrace(store: Store, projectId: string, traceId: string, where: TraceLocation): Promise<void> {
  await refuseOnCluster(store, projectId, traceId);
  const params = { projectId, traceId };
  // The lookup's time ranges prune partitions; a second either side covers their rounding.
  const within = (column: string, range: { startNs: string; endNs: string } | undefined, name: string) => {
    if (!range) return '';
    Object.assign(params, { [`${name}Start`]: range.startNs, [`${name}End`]: range.endNs });
    return ` AND ${column} BETWEEN fromUnixTimestamp64Nano({${name}Start:Int64}) - INTERVAL 1 SECOND AND fromUnixTimestamp64Nano({${name}End:Int64}) + INTERVAL 1 SECOND`;
  };
  const statements = [
    `DELETE FROM ${store.table(TABLES.traces)} WHERE ProjectId = {projectId:String} AND TraceId = {traceId:String}${within('Timestamp', where.spans, 'spans')}`,
    `DELETE FROM ${store.table(LOGS_METRICS_TABLES.logs)} WHERE ProjectId = {projectId:String} AND TraceId = {traceId:String}${within('Timestamp', where.logs, 'logs')}`,
    `DELETE FROM ${store.table(ROLLUP_TABLES.traceSummary)} WHERE ProjectId = {projectId:String} AND TraceId = {traceId:String}`,
    `DELETE FROM ${store.table(TRACE_LOOKUP_TABLES.traceLookup)} WHERE ProjectId = {projectId:String} AND TraceId = {traceId:String}`,
  ];
  for (const query of statements) await store.client.command({ query, query_params: params });
  // The contrib exporter's lookup table has no project: its row goes once no project has spans of this trace.
  const [{ n }] = await readRows<{ n: string }>(store, `SELECT count() AS n FROM ${store.table(TABLES.traces)} WHERE TraceId = {traceId:String}`, { traceId });
  if (Number(n) === 0) {
    await store.client.command({ query: `DELETE FROM ${store.table(TABLES.traceIdTs)} WHERE TraceId = {traceId:String}`, query_params: { traceId } });
  }
}

/**
 * On a cluster the tables are Distributed, which take no DELETE: the local tables need it `ON CLUSTER`, a statement
 * for the cluster's operator rather than for a query service to run on its own (deploy/README.md).
 */
async function refuseOnCluster(store: Store, projectId: string, traceId: string): Promise<void> {
  const [t] = await readRows<{ engine: string }>(store, 'SELECT engine FROM system.tables WHERE database = {db:String} AND name = {name:String}', { db: store.config.database, name: TABLES.traces });
  if (t?.engine !== 'Distributed') return;
  const statements = TRACE_TABLES.map((table) => `DELETE FROM ${store.config.database}.${table}_local ON CLUSTER <cluster> WHERE ${table === TABLES.traceIdTs ? '' : `ProjectId = '${projectId}' AND `}TraceId = '${traceId}'`);
  throw new ApiError(501, `erasing a trace on a cluster is an operator's statement, one per local table: ${statements.join('; ')}`);
}
