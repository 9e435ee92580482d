import { assertIdentifier } from './client.js';
import { renderObject, renderTable, type RenderTarget } from './ddl.js';
import { MIGRATIONS_TABLE } from './migrate.js';
import { MIGRATIONS } from './migrations/index.js';
import type { Migration } from './schema.js';

export interface ClusterTarget {
  database: string;
  cluster: string;
}

/** What deploy/cluster/schema.sql is rendered for; the drift test renders the same. */
export const DEFAULT_CLUSTER_TARGET: ClusterTarget = { database: 'watchllm', cluster: 'watchllm' };

/** A SQL string literal (ClickHouse escapes: backslash and quote). */
function literal(text: string): string {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/**
 * Every migration rendered for a cluster: ON CLUSTER everywhere, Replicated* local tables
 * with Distributed fronts under the plain names, materialized views from local table to
 * local table. The migrations are then recorded as applied, so WatchLLM processes pointed
 * at the cluster find the schema current and run no single-node DDL against it.
 */
export function renderClusterSchema(target: ClusterTarget, migrations: Migration[] = MIGRATIONS): string[] {
  const t: RenderTarget = {
    database: assertIdentifier(target.database, 'database name'),
    cluster: assertIdentifier(target.cluster, 'cluster name'),
  };
  const ordered = [...migrations].sort((a, b) => a.version - b.version);
  return [
    `CREATE DATABASE IF NOT EXISTS ${t.database} ON CLUSTER ${t.cluster}`,
    ...renderTable(MIGRATIONS_TABLE, t),
    ...ordered.flatMap((m) => m.objects.flatMap((o) => renderObject(o, t))),
    ...ordered.map(
      (m) => `INSERT INTO ${t.database}.${MIGRATIONS_TABLE.name} (Version, Name) SELECT ${m.version}, ${literal(m.name)}`,
    ),
  ];
}

/** The schema as a SQL file: a header saying how it was made, then one statement per block. */
export function renderClusterSchemaFile(target: ClusterTarget = DEFAULT_CLUSTER_TARGET): string {
  const header = [
    '-- WatchLLM schema for a ClickHouse cluster. GENERATED from collector/src/storage/migrations — do not edit.',
    `-- Regenerate: npm run build && node collector/dist/bin/cluster-ddl.js --cluster ${target.cluster} --database ${target.database} > deploy/cluster/schema.sql`,
    '-- Apply once per cluster (every statement is idempotent): clickhouse-client --multiquery < deploy/cluster/schema.sql',
  ].join('\n');
  return `${header}\n\n${renderClusterSchema(target).map((s) => `${s};\n`).join('\n')}`;
}
