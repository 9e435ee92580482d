/**
 * Query latency benchmark: seeds `spans` GenAI spans, then times the API as a client sees it
 * (Hono app.request, no sockets) for the reads the issue sets targets for.
 */
import { migrate, openStore, type Store } from '@watchllm/collector';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createQueryApp } from '../app.js';
import { mergesSettled } from './engine-bench.js';
import { seedGenAiTraces, seedLogRecords, type SeedResult } from './seed.js';

export interface QueryBenchOptions {
  spans: number;
  /**
   * A migrated store; its default project receives the seeded traces. Omitted → a fresh embedded
   * store in a child process (the embedded engine allows one data directory per process).
   */
  store?: Store;
  /** Timed runs per query (after warm-up). */
  runs?: number;
  seed?: number;
  onProgress?(message: string): void;
}

export interface QueryTiming {
  name: string;
  runs: number;
  p50Ms: number;
  p95Ms: number;
  targetP95Ms: number;
  /** Rows the query returned on its last run: shows it did real work. */
  lastResultSize: number;
}

export interface QueryBenchReport {
  spans: number;
  traces: number;
  seedSeconds: number;
  seedSpansPerSecond: number;
  /** How long merges ran after seeding before the timed reads began. */
  settleSeconds: number;
  timings: QueryTiming[];
  /** Worst event-loop delay seen while queries ran (reads must not starve ingest). */
  maxEventLoopDelayMs: number;
}

/** Nearest-rank percentile of ascending values. */
export function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

function resultSize(body: unknown): number {
  const b = body as Record<string, unknown>;
  for (const key of ['spans', 'steps', 'traces', 'rows', 'series', 'edges', 'fields', 'data']) if (Array.isArray(b?.[key])) return (b[key] as unknown[]).length;
  // Loki: lines of the streams, or series.
  const result = (b?.data as { result?: { values?: unknown[] }[] } | undefined)?.result;
  if (Array.isArray(result)) return result.reduce((n, r) => n + (r.values?.length ?? 1), 0);
  return 0;
}

interface QueryCase {
  name: string;
  targetP95Ms: number;
  url(i: number): string;
}

const loki = (path: string, params: Record<string, string>, endMs: number) =>
  `/loki/api/v1/${path}?${new URLSearchParams({ ...params, start: String(BigInt(endMs - 3_600_000) * 1_000_000n), end: String(BigInt(endMs) * 1_000_000n) })}`;

const traceqlMetrics = (q: string, startMs: number, endMs: number) =>
  `/api/metrics/query_range?${new URLSearchParams({ q, start: String(Math.floor(startMs / 1000)), end: String(Math.floor(endMs / 1000)), step: '5m' })}`;

function cases(seed: SeedResult): QueryCase[] {
  const { traceIds, needles } = seed.sample;
  const day = 86_400_000;
  const end = seed.endMs;
  // Needles from the last day's traces: the default search window is the last 24 h.
  const recent = needles.slice(-Math.max(1, Math.ceil(needles.length / 30)));
  return [
    { name: 'trace by id', targetP95Ms: 25, url: (i) => `/api/v1/traces/${traceIds[i % traceIds.length]}` },
    { name: 'steps', targetP95Ms: 25, url: (i) => `/api/v1/traces/${traceIds[i % traceIds.length]}/steps` },
    {
      name: 'search with filters (24 h)',
      targetP95Ms: 200,
      url: (i) => `/api/v1/traces?end=${end}&model=${encodeURIComponent(seed.models[i % seed.models.length])}&status=error&minDurationMs=1000&limit=50`,
    },
    { name: 'search with q (24 h)', targetP95Ms: 1000, url: (i) => `/api/v1/traces?end=${end}&q=${recent[i % recent.length]}&limit=50` },
    { name: 'cost rollup, 30 days by model', targetP95Ms: 50, url: () => `/api/v1/costs?groupBy=model&start=${end - 30 * day}&end=${end}` },
    {
      name: 'timeseries, 7 days hourly cost by model',
      targetP95Ms: 200,
      url: () => `/api/v1/metrics/timeseries?metric=cost&groupBy=model&step=1h&start=${end - 7 * day}&end=${end}`,
    },
    // The dashboard's evaluation table and its link to low-scored traces (seeded traces carry no results: a full scan of the range).
    { name: 'evaluations summary (24 h)', targetP95Ms: 200, url: () => `/api/v1/evaluations?start=${end - day}&end=${end}` },
    { name: 'traces by evaluation score (24 h)', targetP95Ms: 200, url: () => `/api/v1/traces?end=${end}&evaluation=relevance&maxScore=0.5&limit=50` },
    // What Grafana's Loki datasource asks (log records seeded over the last 6 h; each read covers the last hour).
    {
      name: 'Loki: log volume by level (1 h, 1 min steps)',
      targetP95Ms: 1000,
      url: () => loki('query_range', { query: 'sum by (level, detected_level) (count_over_time({service_name=~".+"} | drop __error__ [1m]))', step: '60' }, end),
    },
    { name: 'Loki: newest 1,000 lines with a line filter (1 h)', targetP95Ms: 1000, url: () => loki('query_range', { query: '{service_name="svc-1"} |= "worker 7"', limit: '1000' }, end) },
    // Logs Drilldown's field list: the newest lines' metadata, JSON and logfmt fields.
    { name: 'Loki: detected fields (1 h)', targetP95Ms: 1000, url: () => loki('detected_fields', { query: '{service_name=~".+"}' }, end) },
    { name: 'Loki: patterns (1 h, 1 min steps)', targetP95Ms: 1000, url: () => loki('patterns', { query: '{service_name=~".+"}', step: '60' }, end) },
    { name: 'Loki: trace to logs (1 h)', targetP95Ms: 200, url: (i) => loki('query_range', { query: `{service_name=~".+"} | trace_id="${traceIds[i % traceIds.length]}"` }, end) },
    // A structural TraceQL search: failed spans anywhere under an agent (a recursive query over the parent links).
    {
      name: 'TraceQL: errors under an agent, { invoke_agent } >> { status = error } (24 h)',
      targetP95Ms: 1000,
      url: () => `/api/search?${new URLSearchParams({ q: '{ span.gen_ai.operation.name = "invoke_agent" } >> { status = error }', start: String(Math.floor((end - day) / 1000)), end: String(Math.floor(end / 1000)), limit: '20' })}`,
    },
    // A spanset aggregate: agent traces with many LLM calls (one grouped subquery over the window).
    {
      name: 'TraceQL: traces with more than 5 LLM calls, | count() > 5 (24 h)',
      targetP95Ms: 1000,
      url: () => `/api/search?${new URLSearchParams({ q: '{ span.gen_ai.operation.name = "chat" } | count() > 5', start: String(Math.floor((end - day) / 1000)), end: String(Math.floor(end / 1000)), limit: '20' })}`,
    },
    // What a Grafana Tempo metrics panel or Traces Drilldown asks (no target in the issues: 1 s is what a dashboard tolerates).
    { name: 'TraceQL metrics: rate by service (24 h, 5 min steps)', targetP95Ms: 1000, url: () => traceqlMetrics('{ } | rate() by (resource.service.name)', end - day, end) },
    {
      name: 'TraceQL metrics: p90 duration by model (24 h)',
      targetP95Ms: 1000,
      url: () => traceqlMetrics('{ span.gen_ai.request.model != nil } | quantile_over_time(duration, 0.9) by (span.gen_ai.request.model)', end - day, end),
    },
    // The UI's service map: every span joined to its parent over the range.
    { name: 'service map (24 h)', targetP95Ms: 1000, url: () => `/api/v1/service-map?start=${end - day}&end=${end}` },
    // Drilldown's comparison tab: every attribute's values, slow spans against the rest, one step over the range.
    {
      name: 'TraceQL compare: spans over 5 s vs the rest, every attribute (24 h)',
      targetP95Ms: 1000,
      url: () => `/api/metrics/query_range?${new URLSearchParams({ q: '{ } | compare({ duration >= 5s }, 10)', start: String(Math.floor((end - day) / 1000)), end: String(Math.floor(end / 1000)), step: '86400s' })}`,
    },
  ];
}

export async function runQueryBench(o: QueryBenchOptions): Promise<QueryBenchReport> {
  if (!o.store) return runInChild(o);
  return benchStore({ ...o, store: o.store });
}

async function benchStore(o: QueryBenchOptions & { store: Store }): Promise<QueryBenchReport> {
  const runs = o.runs ?? 40;
  const t0 = performance.now();
  const seeded = await seedGenAiTraces(o.store, {
    spans: o.spans,
    seed: o.seed,
    onProgress: (n) => o.onProgress?.(`seeded ${n.toLocaleString('en-US')} spans`),
  });
  // One log record per ten spans, over the last six hours: what the Loki API's reads below scan an hour of.
  await seedLogRecords(o.store, { rows: Math.max(1000, Math.round(o.spans / 10)), endMs: seeded.endMs, hours: 6 });
  const seedSeconds = (performance.now() - t0) / 1000;
  // Seeding writes weeks of traffic in minutes; a store that took weeks to fill has merged its parts.
  // Time the reads once the engine has caught up, not while it merges what seeding just wrote.
  const settleStart = performance.now();
  await mergesSettled(o.store, 600_000);
  const settleSeconds = (performance.now() - settleStart) / 1000;
  o.onProgress?.(`merges settled after ${settleSeconds.toFixed(0)} s`);
  const app = createQueryApp({ store: o.store, isReady: () => true });
  const lag = monitorEventLoopDelay({ resolution: 10 });
  lag.enable();
  const timings: QueryTiming[] = [];
  for (const c of cases(seeded)) {
    let last: unknown;
    const times: number[] = [];
    for (let i = -3; i < runs; i++) {
      const started = performance.now();
      const res = await app.request(c.url(Math.max(0, i)));
      last = await res.json();
      if (res.status !== 200) throw new Error(`${c.name}: ${res.status} ${JSON.stringify(last)}`);
      if (i >= 0) times.push(performance.now() - started);
    }
    times.sort((a, b) => a - b);
    const t = { name: c.name, runs, p50Ms: percentile(times, 50), p95Ms: percentile(times, 95), targetP95Ms: c.targetP95Ms, lastResultSize: resultSize(last) };
    timings.push(t);
    o.onProgress?.(`${t.name}: p50 ${t.p50Ms.toFixed(1)} ms, p95 ${t.p95Ms.toFixed(1)} ms (target ${t.targetP95Ms} ms)`);
  }
  lag.disable();
  return {
    spans: seeded.spans,
    traces: seeded.traces,
    seedSeconds,
    seedSpansPerSecond: seeded.spans / seedSeconds,
    settleSeconds,
    timings,
    maxEventLoopDelayMs: lag.max / 1e6,
  };
}

const CHILD_ENV = 'WATCHLLM_QUERY_BENCH_CHILD';

/** Runs the bench in a child process on a temp store; progress goes to stderr, the report comes back as JSON. */
function runInChild(o: QueryBenchOptions): Promise<QueryBenchReport> {
  const args = JSON.stringify({ spans: o.spans, runs: o.runs, seed: o.seed });
  const child = spawn(process.execPath, ['--max-semi-space-size=64', fileURLToPath(import.meta.url)], {
    env: { ...process.env, [CHILD_ENV]: args },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`query bench child exited with ${code}`));
      try {
        resolve(JSON.parse(out.slice(out.lastIndexOf('\n{') + 1)) as QueryBenchReport);
      } catch (err) {
        reject(err);
      }
    });
  });
}

async function childMain(args: { spans: number; runs?: number; seed?: number }): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'watchllm-query-bench-'));
  const store = openStore({ kind: 'embedded', dataDir: dir, database: 'watchllm' });
  try {
    await migrate(store);
    const report = await benchStore({ ...args, store, onProgress: (m) => process.stderr.write(`${m}\n`) });
    process.stdout.write(`\n${JSON.stringify(report)}\n`);
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.env[CHILD_ENV] && import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  childMain(JSON.parse(process.env[CHILD_ENV]!)).then(
    () => process.exit(0),
    (err) => {
      console.error(err);
      process.exit(1);
    },
  );
}

/** The report as a Markdown table (for docs/benchmarks.md). */
export function formatQueryBench(r: QueryBenchReport): string {
  const lines = [
    `Seeded ${r.spans.toLocaleString('en-US')} spans in ${r.traces.toLocaleString('en-US')} traces in ${r.seedSeconds.toFixed(0)} s (${Math.round(r.seedSpansPerSecond).toLocaleString('en-US')} spans/s); merges settled ${r.settleSeconds.toFixed(0)} s later, then the reads were timed.`,
    '',
    '| query | p50 ms | p95 ms | target p95 ms | rows |',
    '|---|---|---|---|---|',
    ...r.timings.map((t) => `| ${t.name} | ${t.p50Ms.toFixed(1)} | ${t.p95Ms.toFixed(1)} | ${t.targetP95Ms} | ${t.lastResultSize} |`),
    '',
    `Max event-loop delay while querying: ${r.maxEventLoopDelayMs.toFixed(1)} ms.`,
  ];
  return lines.join('\n');
}
