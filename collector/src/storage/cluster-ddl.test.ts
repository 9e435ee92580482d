import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { embeddedTestStore } from '../../test/embedded-store.js';
import { DEFAULT_CLUSTER_TARGET, renderClusterSchema, renderClusterSchemaFile } from './cluster-ddl.js';
import { renderObject } from './ddl.js';
import { MIGRATIONS } from './migrations/index.js';

const COMMITTED = fileURLToPath(new URL('../../../deploy/cluster/schema.sql', import.meta.url));
const statements = renderClusterSchema(DEFAULT_CLUSTER_TARGET);

const store = embeddedTestStore('watchllm');

describe('cluster schema', () => {
  it('the committed deploy/cluster/schema.sql is a fresh render of the migrations', () => {
    const regenerate = 'regenerate: npm run build && node collector/dist/bin/cluster-ddl.js > deploy/cluster/schema.sql';
    expect(readFileSync(COMMITTED, 'utf8'), regenerate).toBe(renderClusterSchemaFile(DEFAULT_CLUSTER_TARGET));
  });

  it("parses statement by statement with ClickHouse's own parser", async () => {
    for (const q of statements) {
      const rs = await store().client.query({ query: 'SELECT formatQuery({q:String}) AS f', query_params: { q }, format: 'JSONEachRow' });
      const [row] = await rs.json<{ f: string }>();
      expect(row?.f, q).toBeTruthy();
    }
  });

  it('runs every DDL statement on the cluster, with Replicated engines under local tables', () => {
    for (const q of statements.filter((s) => /^(CREATE|ALTER) /.test(s))) expect(q).toMatch(/ ON CLUSTER watchllm\b/);
    const locals = statements.filter((s) => /^CREATE TABLE IF NOT EXISTS \S+_local /.test(s));
    expect(locals.length).toBeGreaterThan(5);
    for (const q of locals) expect(q).toMatch(/ENGINE = Replicated\w*MergeTree\('\/clickhouse\/tables\/\{shard\}\/watchllm\/\w+', '\{replica\}'(, \w+)?\)/);
    for (const q of locals) expect(q).not.toMatch(/non_replicated_deduplication_window/);
  });

  it('fronts each local table with a Distributed table sharded deterministically', () => {
    const fronts = statements.filter((s) => s.includes('ENGINE = Distributed('));
    expect(fronts.length).toBe(statements.filter((s) => /^CREATE TABLE IF NOT EXISTS \S+_local /.test(s)).length);
    for (const q of fronts) expect(q).not.toMatch(/rand\(\)/);
    expect(statements.find((s) => s.includes('otel_traces_local, '))).toContain('cityHash64(TraceId)');
  });

  it('materialized views read the local source and write the local target; ALTERs touch local tables, an added column its front too', () => {
    const views = statements.filter((s) => s.startsWith('CREATE MATERIALIZED VIEW'));
    expect(views.length).toBeGreaterThan(0);
    for (const q of views) {
      expect(q).toMatch(/ TO watchllm\.\w+_local\n/);
      for (const [, table] of q.matchAll(/\bFROM watchllm\.(\w+)/g)) expect(table).toMatch(/_local$/);
    }
    const alters = statements.filter((s) => s.startsWith('ALTER TABLE'));
    for (const q of alters.filter((s) => !s.includes(' ADD COLUMN '))) expect(q).toMatch(/^ALTER TABLE watchllm\.\w+_local ON CLUSTER/);
    // A Distributed table reads only the columns it was told of: each column goes to the local table, then its front.
    const added = alters.filter((s) => s.includes(' ADD COLUMN '));
    expect(added.length).toBeGreaterThan(0);
    for (let i = 0; i < added.length; i += 2) {
      expect(added[i]).toMatch(/^ALTER TABLE watchllm\.(\w+)_local ON CLUSTER/);
      expect(added[i + 1]).toBe(added[i].replace('_local ON CLUSTER', ' ON CLUSTER'));
    }
  });

  it('records every migration as applied, so WatchLLM runs no single-node DDL against the cluster', () => {
    const recorded = statements.filter((s) => s.startsWith('INSERT INTO watchllm.watchllm_schema_migrations '));
    expect(recorded.map((s) => Number(/SELECT (\d+),/.exec(s)?.[1]))).toEqual(MIGRATIONS.map((m) => m.version).sort((a, b) => a - b));
  });

  it('leaves the single-node render unchanged by cluster-only rules', () => {
    const single = MIGRATIONS.flatMap((m) => m.objects.flatMap((o) => renderObject(o, { database: 'watchllm' })));
    for (const q of single) {
      expect(q).not.toMatch(/ON CLUSTER|_local\b|Replicated|Distributed/);
      expect(q).not.toContain('{');
    }
  });
});
