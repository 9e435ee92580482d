import type { Store } from './client.js';
import { TABLES } from './schema.js';
import { LOGS_METRICS_TABLES } from './migrations/002-logs-metrics.js';
import { MEDIA_TABLE } from './migrations/015-media.js';
import { SESSION_SCORES_TABLE } from './migrations/017-session-scores.js';
import { COMMENTS_TABLE } from './migrations/019-comments.js';

/**
 * Data retention as table TTLs (the contrib ClickHouse exporter's `ttl`): raw spans, log records and
 * metric points — with the trace lookup and per-trace summaries that point at them, so search never
 * lists a trace whose spans are gone — expire after `rawSeconds`, as does what was kept with traces and sessions
 * (media, scores given to sessions, comments on traces, spans and sessions; not those on prompts); the usage
 * rollups (cost, tokens, latency per minute and hour) after `rollupSeconds`, usually longer. 0 keeps data forever. Applied
 * when the exporter starts, only where the table's TTL differs, so restarts cost nothing.
 */
export interface Retention {
  rawSeconds: number;
  rollupSeconds: number;
}

/** Each table and the expression its rows expire by (and, for some, which of its rows). */
const RAW: [string, string, string?][] = [
  [TABLES.traces, 'toDateTime(Timestamp)'],
  [TABLES.traceIdTs, 'toDateTime(Start)'],
  [LOGS_METRICS_TABLES.logs, 'TimestampTime'],
  ...[LOGS_METRICS_TABLES.gauge, LOGS_METRICS_TABLES.sum, LOGS_METRICS_TABLES.histogram, LOGS_METRICS_TABLES.exponentialHistogram, LOGS_METRICS_TABLES.summary].map((t): [string, string] => [t, 'toDateTime(TimeUnix)']),
  ['watchllm_trace_lookup', 'toDateTime(Start)'],
  ['watchllm_trace_summary', 'toDateTime(Day)'],
  // A file sent again renews its row (reads and merges keep the latest).
  [MEDIA_TABLE, 'toDateTime(UpdatedAt)'],
  [SESSION_SCORES_TABLE, 'toDateTime(CreatedAt)'],
  // Written as ClickHouse prints it back, so a restart finds it unchanged.
  [COMMENTS_TABLE, 'toDateTime(CreatedAt)', "ObjectType IN ('TRACE', 'OBSERVATION', 'SESSION')"],
];
const ROLLUPS: [string, string][] = [
  ['watchllm_genai_minute', 'toDateTime(Time)'],
  ['watchllm_genai_hour', 'toDateTime(Time)'],
  ['watchllm_genai_user_hour', 'toDateTime(Time)'],
];

/** The TTL clause a table should have, or undefined for none. */
export function ttlClause(timeExpression: string, seconds: number, where?: string): string | undefined {
  return seconds > 0 ? `${timeExpression} + toIntervalSecond(${Math.round(seconds)})${where ? ` WHERE ${where}` : ''}` : undefined;
}

/** The TTL a `CREATE TABLE` statement declares (as ClickHouse prints it), or undefined. */
export function currentTtl(createTableQuery: string): string | undefined {
  const m = /\sTTL\s+(.+?)(?:\s+SETTINGS\s|$)/s.exec(createTableQuery);
  return m ? m[1]!.trim() : undefined;
}

/**
 * Sets or removes each table's TTL to match `retention`; returns what it changed ("otel_traces: TTL …").
 * Distributed tables (a cluster) are left alone and reported: their local tables need `ON CLUSTER` DDL.
 */
export async function applyRetention(store: Store, retention: Retention): Promise<string[]> {
  const wanted = new Map<string, string | undefined>();
  for (const [table, expr, where] of RAW) wanted.set(table, ttlClause(expr, retention.rawSeconds, where));
  for (const [table, expr] of ROLLUPS) wanted.set(table, ttlClause(expr, retention.rollupSeconds));
  const rs = await store.client.query({
    query: 'SELECT name, engine, create_table_query FROM system.tables WHERE database = {db:String} AND name IN {names:Array(String)}',
    query_params: { db: store.config.database, names: [...wanted.keys()] },
    format: 'JSONEachRow',
  });
  const changes: string[] = [];
  for (const t of await rs.json<{ name: string; engine: string; create_table_query: string }>()) {
    const want = wanted.get(t.name);
    const have = currentTtl(t.create_table_query);
    if ((have ?? '') === (want ?? '')) continue;
    if (!t.engine.endsWith('MergeTree')) {
      changes.push(`${t.name}: left as it is (${t.engine}: set the TTL of its local tables ON CLUSTER, see deploy/README.md)`);
      continue;
    }
    // Table names come from the list above, never from input; the TTL clause is built from numbers.
    await store.client.command({ query: want ? `ALTER TABLE ${store.table(t.name)} MODIFY TTL ${want}` : `ALTER TABLE ${store.table(t.name)} REMOVE TTL` });
    changes.push(`${t.name}: ${want ? `TTL ${want}` : 'no TTL'}`);
  }
  return changes;
}
