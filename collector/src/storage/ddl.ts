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
  partitionBy?: string;
  primaryKey?: string;
  orderBy: string;
  ttl?: string;
  settings?: string;
}

export interface ViewSpec {
  name: string;
  to: string;
  select: string;
}

export type SchemaObject = ({ kind: 'table' } & TableSpec) | ({ kind: 'view' } & ViewSpec) | { kind: 'raw'; sql: string };

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

export function renderTable(spec: TableSpec, t: RenderTarget): string[] {
  const body = [...spec.columns, ...(spec.indexes ?? [])].map((l) => `  ${l}`).join(',\n');
  const engine = t.cluster
    ? `Replicated${spec.engine}('/clickhouse/tables/{shard}/${t.database}/${spec.name}', '{replica}')`
    : `${spec.engine}()`;
  const clauses = [
    `ENGINE = ${engine}`,
    spec.partitionBy && `PARTITION BY ${spec.partitionBy}`,
    spec.primaryKey && `PRIMARY KEY ${spec.primaryKey}`,
    `ORDER BY ${spec.orderBy}`,
    spec.ttl && `TTL ${spec.ttl}`,
    spec.settings && `SETTINGS ${spec.settings}`,
  ].filter(Boolean);
  const local = `CREATE TABLE IF NOT EXISTS ${t.database}.${localName(t, spec.name)}${onCluster(t)}\n(\n${body}\n)\n${clauses.join('\n')}`;
  if (!t.cluster) return [local];
  const distributed =
    `CREATE TABLE IF NOT EXISTS ${t.database}.${spec.name}${onCluster(t)} AS ${t.database}.${localName(t, spec.name)}\n` +
    `ENGINE = Distributed(${t.cluster}, ${t.database}, ${localName(t, spec.name)}, rand())`;
  return [local, distributed];
}

export function renderView(spec: ViewSpec, t: RenderTarget): string {
  // On a cluster each shard's view feeds its local table from its local source.
  const select = t.cluster ? spec.select.replace(/\{db\}\.(\w+)/g, (_m, n: string) => `${t.database}.${n}_local`) : spec.select.replaceAll('{db}', t.database);
  return `CREATE MATERIALIZED VIEW IF NOT EXISTS ${t.database}.${spec.name}${onCluster(t)} TO ${t.database}.${localName(t, spec.to)}\nAS ${select}`;
}

export function renderObject(o: SchemaObject, t: RenderTarget): string[] {
  if (o.kind === 'table') return renderTable(o, t);
  if (o.kind === 'view') return [renderView(o, t)];
  return [o.sql.replaceAll('{db}', t.database).replaceAll('{on_cluster}', onCluster(t))];
}
