/**
 * Structured DDL so one migration source renders both the single-node schema
 * and the cluster variant (ON CLUSTER, Replicated*, Distributed) without drift.
 */

export interface TableSpec {
  name: string;
  columns: string[];
  indexes?: string[];
  /** Engine family without arguments, e.g. 'MergeTree', 'AggregatingMergeTree'. */
  engine: string;
  /** The engine's own arguments, e.g. a ReplacingMergeTree's version column ('UpdatedAt'). */
  engineArgs?: string;
  partitionBy?: string;
  primaryKey?: string;
  orderBy: string;
  ttl?: string;
  settings?: string;
  /**
   * Cluster only: the Distributed table's sharding expression. It must be deterministic
   * (never rand()): a replayed batch must split across shards exactly as the first attempt
   * did, or each shard's part would carry the batch's dedup token with different rows.
   * Default: cityHash64(TraceId) when the table has a TraceId column (a trace stays on one
   * shard, so per-trace rollups are complete there), else a hash of the sort key.
   */
  shardingKey?: string;
}

export interface ViewSpec {
  name: string;
  to: string;
  select: string;
}

/** A column added to an existing table (on a cluster: to the local tables and their Distributed front). */
export interface AddColumnSpec {
  table: string;
  /** Name, type and codec, as in a CREATE TABLE. */
  column: string;
}

export type SchemaObject =
  | ({ kind: 'table' } & TableSpec)
  | ({ kind: 'view' } & ViewSpec)
  | ({ kind: 'addColumn' } & AddColumnSpec)
  | { kind: 'raw'; sql: string };

export interface RenderTarget {
  database: string;
  /** Set for a cluster: tables become Replicated* local tables plus Distributed fronts. */
  cluster?: string;
}

function onCluster(t: RenderTarget): string {
  return t.cluster ? ` ON CLUSTER ${t.cluster}` : '';
}

function localName(t: RenderTarget, name: string): string {
  return t.cluster ? `${name}_local` : name;
}

export function shardingKey(spec: TableSpec): string {
  if (spec.shardingKey) return spec.shardingKey;
  if (spec.columns.some((c) => /^TraceId\s/.test(c))) return 'cityHash64(TraceId)';
  return `cityHash64(${spec.orderBy})`;
}

// Replicated tables deduplicate by their own window; keep the size the single-node table asked for.
function clusterSettings(settings: string): string {
  return settings.replace(/\bnon_replicated_deduplication_window\b/g, 'replicated_deduplication_window');
}

export function renderTable(spec: TableSpec, t: RenderTarget): string[] {
  const body = [...spec.columns, ...(spec.indexes ?? [])].map((l) => `  ${l}`).join(',\n');
  const args = spec.engineArgs ? [spec.engineArgs] : [];
  const engine = t.cluster
    ? `Replicated${spec.engine}(${[`'/clickhouse/tables/{shard}/${t.database}/${spec.name}'`, "'{replica}'", ...args].join(', ')})`
    : `${spec.engine}(${args.join(', ')})`;
  const settings = spec.settings && (t.cluster ? clusterSettings(spec.settings) : spec.settings);
  const clauses = [
    `ENGINE = ${engine}`,
    spec.partitionBy && `PARTITION BY ${spec.partitionBy}`,
    spec.primaryKey && `PRIMARY KEY ${spec.primaryKey}`,
    `ORDER BY ${spec.orderBy}`,
    spec.ttl && `TTL ${spec.ttl}`,
    settings && `SETTINGS ${settings}`,
  ].filter(Boolean);
  const local = `CREATE TABLE IF NOT EXISTS ${t.database}.${localName(t, spec.name)}${onCluster(t)}\n(\n${body}\n)\n${clauses.join('\n')}`;
  if (!t.cluster) return [local];
  const distributed =
    `CREATE TABLE IF NOT EXISTS ${t.database}.${spec.name}${onCluster(t)} AS ${t.database}.${localName(t, spec.name)}\n` +
    `ENGINE = Distributed(${t.cluster}, ${t.database}, ${localName(t, spec.name)}, ${shardingKey(spec)})`;
  return [local, distributed];
}

/** `{db}.name` → the table a statement must touch: on a cluster, the shard-local one. */
function localRefs(sql: string, t: RenderTarget): string {
  return t.cluster ? sql.replace(/\{db\}\.(\w+)/g, (_m, n: string) => `${t.database}.${n}_local`) : sql.replaceAll('{db}', t.database);
}

export function renderView(spec: ViewSpec, t: RenderTarget): string {
  // On a cluster each shard's view reads inserts into its local source and writes its local target.
  return `CREATE MATERIALIZED VIEW IF NOT EXISTS ${t.database}.${spec.name}${onCluster(t)} TO ${t.database}.${localName(t, spec.to)}\nAS ${localRefs(spec.select, t)}`;
}

export function renderAddColumn(spec: AddColumnSpec, t: RenderTarget): string[] {
  const add = (name: string) => `ALTER TABLE ${t.database}.${name}${onCluster(t)} ADD COLUMN IF NOT EXISTS ${spec.column}`;
  // The Distributed front has the columns of its local table, or reads through it can't name the new one.
  return t.cluster ? [add(localName(t, spec.table)), add(spec.table)] : [add(spec.table)];
}

export function renderObject(o: SchemaObject, t: RenderTarget): string[] {
  if (o.kind === 'table') return renderTable(o, t);
  if (o.kind === 'view') return [renderView(o, t)];
  if (o.kind === 'addColumn') return renderAddColumn(o, t);
  const raw = o.sql.replaceAll('{on_cluster}', onCluster(t));
  const sql = t.cluster ? clusterSettings(raw) : raw;
  // An ALTER changes storage (indexes, settings, projections), which lives in the shard-local tables.
  return [/^\s*ALTER\s+TABLE\b/i.test(sql) ? localRefs(sql, t) : sql.replaceAll('{db}', t.database)];
}
