/**
 * Scale-out topology over the server code path: two `watchllm collector` processes
 * and one `watchllm query` process, all talking to "ClickHouse" through
 * @clickhouse/client's HTTP transport. The ClickHouse here is the HTTP test double
 * (the SQL runs on the embedded engine in this test process). Needs the built CLI.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { context, trace, type Tracer } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { ClickHouseLogLevel, createClient, type ClickHouseClient } from '@clickhouse/client';
import { startProcess, stopProcess, type WatchLLMProcess } from '../../query/test/process.js';
import { startClickHouseHttpDouble, type ClickHouseHttpDouble } from './clickhouse-http-double.js';

const DB = 'watchllm';
const USER = 'watchllm';
const PASSWORD = 'split-roles-secret';
const SPANS_PER_REQUEST = 25;
/** ExportResultCode.SUCCESS of @opentelemetry/core (not a direct dependency). */
const EXPORT_SUCCESS = 0;

const dirs: string[] = [];
let double: ClickHouseHttpDouble;
let ch: ClickHouseClient;
let collectorA: WatchLLMProcess;
let collectorB: WatchLLMProcess;
let query: WatchLLMProcess;

function tempDir(name: string): string {
  const dir = mkdtempSync(join(tmpdir(), `watchllm-split-${name}-`));
  dirs.push(dir);
  return dir;
}

function serverEnv(name: string): Record<string, string> {
  return {
    WATCHLLM_CLICKHOUSE_URL: double.url,
    WATCHLLM_CLICKHOUSE_USER: USER,
    WATCHLLM_CLICKHOUSE_PASSWORD: PASSWORD,
    WATCHLLM_DATABASE: DB,
    // Spool only: a server-mode process must never open an embedded store here.
    WATCHLLM_DATA_DIR: tempDir(name),
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function eventually<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

async function sql<T>(query: string): Promise<T[]> {
  return (await ch.query({ query, format: 'JSONEachRow' })).json<T>();
}

beforeAll(async () => {
  double = await startClickHouseHttpDouble({ dataDir: tempDir('clickhouse'), user: USER, password: PASSWORD });
  ch = createClient({ url: double.url, username: USER, password: PASSWORD, log: { level: ClickHouseLogLevel.OFF } });
  // All three start at once: migrations race over HTTP and must stay idempotent.
  [collectorA, collectorB, query] = await Promise.all([
    startProcess(['collector'], serverEnv('collector-a')),
    startProcess(['collector'], serverEnv('collector-b')),
    startProcess(['query'], serverEnv('query')),
  ]);
}, 120_000);

afterAll(async () => {
  for (const p of [collectorA, collectorB, query]) if (p) await stopProcess(p);
  await ch?.close();
  await double?.stop();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function exporterFor(p: WatchLLMProcess): OTLPTraceExporter {
  return new OTLPTraceExporter({ url: `${p.otlpHttp}/v1/traces`, timeoutMillis: 10_000 });
}

function providerFor(p: WatchLLMProcess, service: string): BasicTracerProvider {
  return new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': service }),
    spanProcessors: [new SimpleSpanProcessor(exporterFor(p))],
  });
}

it('every process is healthy in server mode; collectors do not serve the query API', async () => {
  for (const p of [collectorA, collectorB, query]) expect((await fetch(`${p.api}/healthz`)).status, p.output()).toBe(200);
  expect((await fetch(`${collectorA.api}/api/v1/traces/${'1'.repeat(32)}`)).status).toBe(404);
  const versions = await sql<{ v: number }>(`SELECT DISTINCT Version AS v FROM ${DB}.watchllm_schema_migrations ORDER BY v`);
  expect(versions.length).toBeGreaterThan(0);
});

it('one trace sent through two collectors reads back whole through the query process', async () => {
  const viaA = providerFor(collectorA, 'split-frontend');
  const viaB = providerFor(collectorB, 'split-backend');
  const root = viaA.getTracer('split').startSpan('handle request');
  const child = viaB.getTracer('split').startSpan('call model', {}, trace.setSpan(context.active(), root));
  const grandchild = viaA.getTracer('split').startSpan('parse answer', {}, trace.setSpan(context.active(), child));
  grandchild.end();
  child.end();
  root.end();
  await Promise.all([viaA.forceFlush(), viaB.forceFlush()]);
  const traceId = root.spanContext().traceId;
  const body = await eventually('the trace through the query process', async () => {
    const res = await fetch(`${query.api}/api/v1/traces/${traceId}`);
    const json = res.ok ? ((await res.json()) as { spans: { name: string; depth: number; serviceName: string }[] }) : undefined;
    return json && json.spans.length === 3 ? json : undefined;
  });
  expect(body.spans.map((s) => [s.name, s.depth, s.serviceName])).toEqual([
    ['handle request', 0, 'split-frontend'],
    ['call model', 1, 'split-backend'],
    ['parse answer', 2, 'split-frontend'],
  ]);
  await Promise.all([viaA.shutdown(), viaB.shutdown()]);
});

it('log records, an evaluation and TraceQL queries read back through the query process (Loki, evaluations, metrics, structural search: server-mode SQL)', async () => {
  const record = (body: string, severityNumber: number) => ({ timeUnixNano: String(Date.now() * 1e6), severityNumber, body: { stringValue: body }, attributes: [{ key: 'tenant.tier', value: { stringValue: 'gold' } }] });
  const res = await fetch(`${collectorB.otlpHttp}/v1/logs`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      resourceLogs: [
        {
          resource: { attributes: [{ key: 'service.name', value: { stringValue: 'split-logs' } }, { key: 'k8s.namespace.name', value: { stringValue: 'agents' } }] },
          scopeLogs: [{ logRecords: [record('split log: model call failed', 17), record('split log: retrying', 13)] }],
        },
      ],
    }),
  });
  expect(res.status).toBe(200);
  const loki = async (path: string, params: Record<string, string>) => {
    const r = await fetch(`${query.api}/loki/api/v1/${path}?${new URLSearchParams(params)}`);
    return r.ok ? ((await r.json()) as { data: any }).data : undefined;
  };
  const streams = await eventually('the log records through the Loki API', async () => {
    const data = await loki('query_range', { query: '{service_name="split-logs", k8s_namespace_name="agents"} | tenant_tier="gold"' });
    return data?.result.length ? data.result : undefined;
  });
  expect(streams.flatMap((s: { values: string[][] }) => s.values.map((v) => v[1])).sort()).toEqual(['split log: model call failed', 'split log: retrying']);
  // An evaluation result among them, read back through the evaluation summary and a trace's scores.
  const evaluation = await fetch(`${collectorB.otlpHttp}/v1/logs`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ resourceLogs: [{ resource: { attributes: [{ key: 'service.name', value: { stringValue: 'split-judge' } }] }, scopeLogs: [{ logRecords: [{
      timeUnixNano: String(Date.now() * 1e6), traceId: 'ab'.repeat(16), spanId: 'cd'.repeat(8), eventName: 'gen_ai.evaluation.result',
      attributes: [{ key: 'gen_ai.evaluation.name', value: { stringValue: 'split-relevance' } }, { key: 'gen_ai.evaluation.score.value', value: { doubleValue: 0.5 } }],
    }] }] }] }),
  });
  expect(evaluation.status).toBe(200);
  const summary = await eventually('the evaluation summary in server mode', async () => {
    const r = await fetch(`${query.api}/api/v1/evaluations?groupBy=model`);
    const body = r.ok ? ((await r.json()) as { rows: { name: string; avgScore: number }[] }) : undefined;
    return body?.rows.some((x) => x.name === 'split-relevance') ? body : undefined;
  });
  expect(summary.rows.find((x) => x.name === 'split-relevance')).toMatchObject({ avgScore: 0.5, count: 1 });
  const volume = await loki('query', { query: 'sum by (detected_level) (count_over_time({service_name="split-logs"}[1h]))' });
  expect(volume.result.map((r: { metric: Record<string, string>; value: [number, string] }) => [r.metric.detected_level, r.value[1]]).sort()).toEqual([
    ['error', '1'],
    ['warn', '1'],
  ]);
  // TraceQL metrics and a structural search through the same SQL path.
  const now = Math.floor(Date.now() / 1000);
  const rate = await fetch(`${query.api}/api/metrics/query_range?${new URLSearchParams({ q: '{ } | count_over_time() by (resource.service.name)', start: String(now - 3600), end: String(now + 60), step: '60s' })}`);
  expect(rate.status, await rate.clone().text()).toBe(200);
  expect(((await rate.json()) as { series: unknown[] }).series.length).toBeGreaterThan(0);
  const structural = await fetch(`${query.api}/api/search?${new URLSearchParams({ q: '{ name = "handle request" } >> { name = "parse answer" }', start: String(now - 3600), end: String(now + 60) })}`);
  expect(structural.status, await structural.clone().text()).toBe(200);
  expect(((await structural.json()) as { traces: unknown[] }).traces).toHaveLength(1);
  // Drilldown's comparison (every attribute, both sides) and structure (nested-set bounds) queries.
  const compare = await fetch(`${query.api}/api/metrics/query?${new URLSearchParams({ q: '{ } | compare({ name = "parse answer" })', start: String(now - 3600), end: String(now + 60) })}`);
  expect(compare.status, await compare.clone().text()).toBe(200);
  const labels = ((await compare.json()) as { series: { labels: { key: string; value: { stringValue: string } }[] }[] }).series.map((s) => s.labels.map((l) => l.value.stringValue).join(' '));
  expect(labels).toContain('selection parse answer');
  const tree = await fetch(`${query.api}/api/search?${new URLSearchParams({ q: '{ name = "parse answer" } | select(nestedSetLeft, nestedSetRight, nestedSetParent)', start: String(now - 3600), end: String(now + 60) })}`);
  expect(tree.status, await tree.clone().text()).toBe(200);
  const [span] = ((await tree.json()) as { traces: { spanSets: { spans: { attributes: { key: string }[] }[] }[] }[] }).traces[0].spanSets[0].spans;
  expect(span.attributes.map((a) => a.key).sort()).toEqual(['nestedSetLeft', 'nestedSetParent', 'nestedSetRight']);
  // Erasing a trace: lightweight deletes through the server's HTTP interface.
  const erased = await fetch(`${query.api}/api/v1/traces/${'ab'.repeat(16)}`, { method: 'DELETE' });
  expect(erased.status, await erased.clone().text()).toBe(204);
  const after = (await (await fetch(`${query.api}/api/v1/evaluations`)).json()) as { rows: { name: string }[] };
  expect(after.rows.map((r) => r.name)).not.toContain('split-relevance');
});

/** A request's worth of finished spans: one root and its children. */
function makeBatch(tracer: Tracer, memory: InMemorySpanExporter, n: number): ReadableSpan[] {
  const root = tracer.startSpan('load root');
  for (let i = 1; i < n; i++) tracer.startSpan(`load child ${i}`, {}, trace.setSpan(context.active(), root)).end();
  root.end();
  const spans = memory.getFinishedSpans().slice();
  memory.reset();
  return spans;
}

async function spoolBytes(p: WatchLLMProcess): Promise<number> {
  const text = await (await fetch(`${p.api}/metrics`)).text();
  return Number(/^watchllm_spool_bytes(?:\{[^}]*\})? (\S+)$/m.exec(text)?.[1] ?? NaN);
}

it('a store outage under sustained load loses and duplicates nothing that was acknowledged', async () => {
  const memory = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'outage-load' }),
    spanProcessors: [new SimpleSpanProcessor(memory)],
  });
  const tracer = provider.getTracer('load');
  const exporter = exporterFor(collectorA);
  const acknowledged = new Set<string>();
  let sent = 0;
  let failed = 0;
  let running = true;
  const sender = async () => {
    while (running) {
      const batch = makeBatch(tracer, memory, SPANS_PER_REQUEST);
      sent++;
      // The exporter retries retryable answers (429/503) itself; SUCCESS means acknowledged.
      const code = await new Promise<number>((done) => exporter.export(batch, (r) => done(r.code)));
      if (code === EXPORT_SUCCESS) for (const s of batch) acknowledged.add(s.spanContext().spanId);
      else failed++;
    }
  };
  const senders = Array.from({ length: 4 }, sender);

  // First the worst kind of failure: inserts that commit but whose answer never arrives.
  // The collector spools them and replays with the same dedup token; the store must drop the repeat.
  double.loseAnswers(2, /^INSERT INTO \w+\.otel_traces\b/);
  await eventually('answers lost after commit', async () => (double.lostAnswers >= 2 ? true : undefined));
  await eventually('load before the outage', async () => (acknowledged.size >= 10 * SPANS_PER_REQUEST ? true : undefined));
  await double.pause();
  const ackedBeforeOutage = acknowledged.size;
  // The collector keeps acknowledging while the store is down: it spools.
  const spooled = await eventually('the collector spooling during the outage', async () => ((await spoolBytes(collectorA)) > 0 ? true : undefined));
  await eventually('acknowledgements during the outage', async () => (acknowledged.size >= ackedBeforeOutage + 20 * SPANS_PER_REQUEST ? true : undefined));
  await double.resume();
  await sleep(500);
  running = false;
  await Promise.all(senders);
  await exporter.shutdown();
  await provider.shutdown();
  expect(spooled).toBe(true);
  expect(acknowledged.size).toBe((sent - failed) * SPANS_PER_REQUEST);

  await eventually('the spool to drain', async () => ((await spoolBytes(collectorA)) === 0 ? true : undefined), 30_000);
  const stored = await eventually('every acknowledged span in the store', async () => {
    const rows = await sql<{ SpanId: string; n: string | number }>(
      `SELECT SpanId, count() AS n FROM ${DB}.otel_traces WHERE ServiceName = 'outage-load' GROUP BY SpanId`,
    );
    return rows.length >= acknowledged.size ? rows : undefined;
  }, 30_000);
  const copies = new Map(stored.map((r) => [r.SpanId, Number(r.n)]));
  const missing = [...acknowledged].filter((id) => !copies.has(id));
  const duplicated = [...copies].filter(([, n]) => n !== 1);
  expect(missing, 'acknowledged spans missing from the store').toEqual([]);
  expect(duplicated, 'spans stored more than once').toEqual([]);
  const [totals] = await sql<{ rows: string | number; spans: string | number }>(
    `SELECT count() AS rows, uniqExact(SpanId) AS spans FROM ${DB}.otel_traces WHERE ServiceName = 'outage-load'`,
  );
  expect(Number(totals!.rows)).toBe(Number(totals!.spans));
  expect(Number(totals!.spans)).toBeGreaterThanOrEqual(acknowledged.size);
}, 90_000);
