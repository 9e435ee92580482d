import { ANNOTATION_QUEUE_ITEMS_TABLE, COMMENTS_TABLE, LOGS_METRICS_TABLES, MEDIA_TABLE, ROLLUP_TABLES, SESSION_SCORES_TABLE, TABLES, TRACE_LOOKUP_TABLES, type Store } from '@watchllm/collector';
import type { TraceLocation } from './reader/trace-reader.js';
import { readRows } from './reader/query.js';
import { ApiError } from './routes/errors.js';

/**
 * Erasing what a project stored (a prompt that held a secret, a user who asks to be forgotten) with ClickHouse
 * lightweight deletes — gone from every read at once, from disk when their parts merge:
 * - a trace: its spans, its log records (content events, scores), its lookup and per-trace search rows, and the
 *   media uploaded with it (an image the same project sent again in another trace goes too: it is one file), the
 *   comments on it and on its spans, and the annotation queue items pointing at it or its spans;
 * - a user: every trace whose summary names them, the scores and comments given to their sessions as a whole, and
 *   their rows of the per-user usage rollups;
 * - a session (a conversation): its traces and the scores, comments and annotation queue items given to it as a whole.
 * The other usage rollups (tokens, cost, latency per minute and hour, per model and agent) hold no content and
 * keep counting what was erased.
 */

/** The tables a trace's rows live in (the contrib lookup, which has no project, last). */
const TRACE_TABLES = [TABLES.traces, LOGS_METRICS_TABLES.logs, ROLLUP_TABLES.traceSummary, TRACE_LOOKUP_TABLES.traceLookup, MEDIA_TABLE, TABLES.traceIdTs];
/** Rollups with a user dimension. */
const USER_ROLLUPS = [ROLLUP_TABLES.genAiMinute, ROLLUP_TABLES.genAiUserHour];
/** The comments on (or queue items of) sessions `sessionIds`. */
const SESSION_OBJECTS_IN = "ProjectId = {projectId:String} AND ObjectType = 'SESSION' AND ObjectId IN {sessionIds:Array(String)}";
/** The comments on (or queue items of) traces `traceIds` and their spans `spanIds`. */
const TRACE_OBJECTS_IN = "ProjectId = {projectId:String} AND ((ObjectType = 'TRACE' AND ObjectId IN {traceIds:Array(String)}) OR (ObjectType = 'OBSERVATION' AND ObjectId IN {spanIds:Array(String)}))";
/** Tables of things that point at a trace, span or session by ObjectType and ObjectId. */
const OBJECT_TABLES = [COMMENTS_TABLE, ANNOTATION_QUEUE_ITEMS_TABLE];
/** Trace ids per statement when erasing many. */
const CHUNK = 1000;

export async function deleteTrace(store: Store, projectId: string, traceId: string, where: TraceLocation): Promise<void> {
  await refuseOnCluster(store, projectId, (column) => `${column} = '${traceId}'`);
  const params: Record<string, unknown> = { projectId, traceIds: [traceId] };
  // The lookup's time ranges prune partitions; a second either side covers their rounding.
  const within = (column: string, range: { startNs: string; endNs: string } | undefined, name: string) => {
    if (!range) return '';
    Object.assign(params, { [`${name}Start`]: range.startNs, [`${name}End`]: range.endNs });
    return ` AND ${column} BETWEEN fromUnixTimestamp64Nano({${name}Start:Int64}) - INTERVAL 1 SECOND AND fromUnixTimestamp64Nano({${name}End:Int64}) + INTERVAL 1 SECOND`;
  };
  await deleteTraceRows(store, params, { [TABLES.traces]: within('Timestamp', where.spans, 'spans'), [LOGS_METRICS_TABLES.logs]: within('Timestamp', where.logs, 'logs') });
}

/** Erases every trace of `userId` in the project, the scores given to their sessions as a whole, and their per-user rollup rows; returns how many traces went. */
export async function deleteUser(store: Store, projectId: string, userId: string): Promise<number> {
  // Their sessions, read before the traces that name them go.
  const sessions = await readRows<{ SessionId: string }>(
    store,
    `SELECT DISTINCT SessionId FROM (
       SELECT max(SessionId) AS SessionId FROM ${store.table(ROLLUP_TABLES.traceSummary)} WHERE ProjectId = {projectId:String} GROUP BY TraceId HAVING max(UserId) = {userId:String}
     ) WHERE SessionId != ''`,
    { projectId, userId },
  );
  const erased = await deleteTracesOf(store, projectId, 'UserId', userId);
  await deleteSessionsAsWholes(store, projectId, sessions.map((s) => s.SessionId));
  for (const table of USER_ROLLUPS) await deleteWhere(store, table, 'ProjectId = {projectId:String} AND UserId = {userId:String}', { projectId, userId });
  return erased;
}

/** Erases every trace of a session (a conversation) in the project, and its scores; returns how many traces went. */
export async function deleteSession(store: Store, projectId: string, sessionId: string): Promise<number> {
  const erased = await deleteTracesOf(store, projectId, 'SessionId', sessionId);
  await deleteSessionsAsWholes(store, projectId, [sessionId]);
  return erased;
}

/** What was given to sessions as a whole (their scores and comments), in chunks of sessions. */
async function deleteSessionsAsWholes(store: Store, projectId: string, sessionIds: string[]): Promise<void> {
  for (let i = 0; i < sessionIds.length; i += CHUNK) {
    const params = { projectId, sessionIds: sessionIds.slice(i, i + CHUNK) };
    await deleteWhere(store, SESSION_SCORES_TABLE, 'ProjectId = {projectId:String} AND SessionId IN {sessionIds:Array(String)}', params);
    for (const table of OBJECT_TABLES) await deleteWhere(store, table, SESSION_OBJECTS_IN, params);
  }
}

/** The traces whose summary names `value` as their user or session, erased in chunks; how many. */
async function deleteTracesOf(store: Store, projectId: string, column: 'UserId' | 'SessionId', value: string): Promise<number> {
  const named = `'${value.slice(0, 64)}'`;
  await refuseOnCluster(store, projectId, (c) => `${c} IN <the traces whose ${column} is ${named}>`, column === 'UserId' ? `<the sessions of the traces whose UserId is ${named}>` : `(${named})`);
  const rows = await readRows<{ TraceId: string }>(
    store,
    // The column is one of two names fixed above, never input; the value is bound.
    `SELECT TraceId FROM ${store.table(ROLLUP_TABLES.traceSummary)} WHERE ProjectId = {projectId:String} GROUP BY TraceId HAVING max(${column}) = {value:String}`,
    { projectId, value },
  );
  const ids = rows.map((r) => r.TraceId);
  for (let i = 0; i < ids.length; i += CHUNK) await deleteTraceRows(store, { projectId, traceIds: ids.slice(i, i + CHUNK) });
  return ids.length;
}

/**
 * A lightweight DELETE, only when a row matches: it is a mutation of every part of the table, which waits behind
 * merges in progress — over a second on a table being written to, for nothing when no row is the user's.
 */
async function deleteWhere(store: Store, table: string, where: string, params: Record<string, unknown>): Promise<void> {
  const found = await readRows<{ one: number }>(store, `SELECT 1 AS one FROM ${store.table(table)} WHERE ${where} LIMIT 1`, params);
  if (found.length > 0) await store.client.command({ query: `DELETE FROM ${store.table(table)} WHERE ${where}`, query_params: params });
}

/** The rows of the traces `params.traceIds` of `params.projectId` in every trace table; `narrow` adds a condition per table. */
async function deleteTraceRows(store: Store, params: Record<string, unknown>, narrow: Record<string, string> = {}): Promise<void> {
  // Comments name a span by its id alone: the traces' span ids are read before their spans go.
  const spans = await readRows<{ SpanId: string }>(store, `SELECT DISTINCT SpanId FROM ${store.table(TABLES.traces)} WHERE ProjectId = {projectId:String} AND TraceId IN {traceIds:Array(String)}`, params);
  for (const table of OBJECT_TABLES) await deleteWhere(store, table, TRACE_OBJECTS_IN, { ...params, spanIds: spans.map((s) => s.SpanId) });
  for (const table of TRACE_TABLES.slice(0, -1)) {
    await deleteWhere(store, table, `ProjectId = {projectId:String} AND TraceId IN {traceIds:Array(String)}${narrow[table] ?? ''}`, params);
  }
  // The contrib exporter's lookup table has no project: a trace's row goes once no project has spans of it.
  const gone = await readRows<{ TraceId: string }>(
    store,
    `SELECT arrayJoin({traceIds:Array(String)}) AS TraceId WHERE TraceId NOT IN (SELECT TraceId FROM ${store.table(TABLES.traces)} WHERE TraceId IN {traceIds:Array(String)})`,
    { traceIds: params.traceIds },
  );
  if (gone.length > 0) await deleteWhere(store, TABLES.traceIdTs, 'TraceId IN {traceIds:Array(String)}', { traceIds: gone.map((g) => g.TraceId) });
}

/**
 * On a cluster the tables are Distributed, which take no DELETE: the local tables need it `ON CLUSTER`, a statement
 * for the cluster's operator rather than for a query service to run on its own (deploy/README.md). The statements
 * name the traces by `traceIs(column)` and, when erasing sessions as wholes, the sessions by `sessions`; comments and
 * queue items on spans first, while the spans that name them are still there.
 */
async function refuseOnCluster(store: Store, projectId: string, traceIs: (column: string) => string, sessions?: string): Promise<void> {
  const [t] = await readRows<{ engine: string }>(store, 'SELECT engine FROM system.tables WHERE database = {db:String} AND name = {name:String}', { db: store.config.database, name: TABLES.traces });
  if (t?.engine !== 'Distributed') return;
  const db = store.config.database;
  const inProject = `ProjectId = '${projectId}'`;
  const where: [string, string][] = [
    ...OBJECT_TABLES.map((table): [string, string] => [table, `${inProject} AND ((ObjectType = 'TRACE' AND ${traceIs('ObjectId')}) OR (ObjectType = 'OBSERVATION' AND ObjectId IN (SELECT SpanId FROM ${db}.${TABLES.traces} WHERE ${inProject} AND ${traceIs('TraceId')})))`]),
    ...TRACE_TABLES.map((table): [string, string] => [table, table === TABLES.traceIdTs ? traceIs('TraceId') : `${inProject} AND ${traceIs('TraceId')}`]),
  ];
  if (sessions) {
    where.push([SESSION_SCORES_TABLE, `${inProject} AND SessionId IN ${sessions}`], ...OBJECT_TABLES.map((table): [string, string] => [table, `${inProject} AND ObjectType = 'SESSION' AND ObjectId IN ${sessions}`]));
  }
  const statements = where.map(([table, condition]) => `DELETE FROM ${db}.${table}_local ON CLUSTER <cluster> WHERE ${condition}`);
  throw new ApiError(501, `erasing on a cluster is an operator's statement, one per local table: ${statements.join('; ')}`);
}
