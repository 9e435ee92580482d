/**
 * `watchllm reprice --since <time> [--until <time>] [--retroactive]`: recomputes CostUsd / CostSource /
 * PriceVersion of stored spans with the current prices (each project's models, the genai processor's custom
 * prices, the catalog), then rebuilds the rollups those costs feed.
 *
 * Prices are effective-dated: by default a span is priced at its own start time, exactly as ingest would have
 * priced it (a custom price with `effective_from` applies from that date on); `--retroactive` prices every span
 * at the time of the run.
 */
import { randomUUID } from 'node:crypto';
import {
  createProjectModelPrices, loadCollectorConfig, migrate, MIGRATIONS, openStore, ROLLUP_TABLES, type ComponentInstance, type ProjectPriceSource, type Settings, type Store,
  toCustomPrices, type GenAiProcessorYaml
} from '@watchllm/collector';
import { computeCost, createPriceBook, type GenAiRecord, type PriceBook } from '@watchllm/semconv';

export interface RepriceOptions {
  sinceMs: number;
  untilMs: number;
  /** Price every span at `nowMs` instead of at its own timestamp. */
  retroactive: boolean;
  book: PriceBook;
  /** Each project's models, priced before the book (as at ingest). */
  projectPrices?: ProjectPriceSource;
  nowMs?: number;
  /** Spans read (and written back) per round trip. */
  pageSize?: number;
}

export interface RepriceResult {
  scanned: number;
  updated: number;
  hoursRebuilt: number;
  tracesRebuilt: number;
}

interface SpanCostRow {
  ProjectId: string;
  TraceId: string;
  SpanId: string;
  Ns: string;
  Hour: number;
  GenAiRecord: string;
  CostUsd: number | null;
  CostSource: string;
  PriceVersion: string;
}

interface CostChange {
  key: string;
  costUsd: number | null;
  source: string;
  version: string;
}

/** Row key for the write-back: trace and span ids are fixed-width hex, so the project id can follow unambiguously. */
const ROW_KEY = 'concat(TraceId, SpanId, ProjectId)';
const SYNC = { mutations_sync: '2' } as const;
/**
 * A rebuild block must never be dropped as a replay: give it a fresh deduplication token (on the embedded engine
 * settings stick to the session, so an earlier insert's token would otherwise be reused).
 */
const rebuildSettings = () => ({ insert_deduplication_token: randomUUID() });

/**
 * Recomputes the cost of every span in [since, until) that has a GenAI record and no reported cost.
 *
 * Write-back: one parameterized `ALTER TABLE … UPDATE` per page, mapping each changed row's key to its new
 * values (`indexOf` into parallel arrays). A mutation per span or per (model, tokens) group would rewrite the
 * same parts over and over; re-inserting corrected rows would duplicate spans in a plain MergeTree and fire
 * every materialized view a second time. Only rows whose cost, source or version actually change are touched.
 */
export async function repriceSpans(store: Store, opts: RepriceOptions): Promise<RepriceResult> {
  const nowMs = opts.nowMs ?? Date.now();
  const pageSize = opts.pageSize ?? 2000;
  const traces = store.table('otel_traces');
  const range = { since: opts.sinceMs, until: opts.untilMs };
  const hours = new Set<number>();
  const traceIds = new Set<string>();
  let scanned = 0;
  let updated = 0;
  let after = { ns: '0', traceId: '', spanId: '' };
  for (;;) {
    const result = await store.client.query({
      query: `SELECT ProjectId, TraceId, SpanId, toString(toUnixTimestamp64Nano(Timestamp)) AS Ns,
          toUnixTimestamp(toStartOfHour(Timestamp)) AS Hour, GenAiRecord, CostUsd, CostSource, PriceVersion
        FROM ${traces}
        WHERE Timestamp >= fromUnixTimestamp64Milli({since:Int64}) AND Timestamp < fromUnixTimestamp64Milli({until:Int64})
          AND GenAiRecord != '' AND CostSource != 'reported'
          AND (toUnixTimestamp64Nano(Timestamp), TraceId, SpanId) > ({ns:Int64}, {traceId:String}, {spanId:String})
        ORDER BY Timestamp, TraceId, SpanId
        LIMIT {limit:UInt32}`,
      query_params: { ...range, ...after, limit: pageSize },
      format: 'JSONEachRow',
    });
    const rows = await result.json<SpanCostRow>();
    if (rows.length === 0) break;
    scanned += rows.length;
    const changes: CostChange[] = [];
    for (const row of rows) {
      const change = recompute(row, opts.book, opts.retroactive ? nowMs : Number(BigInt(row.Ns) / 1_000_000n), opts.projectPrices);
      if (!change) continue;
      changes.push(change);
      hours.add(Number(row.Hour));
      traceIds.add(row.TraceId);
    }
    if (changes.length) await writeCosts(store, changes, range);
    updated += changes.length;
    const last = rows[rows.length - 1]!;
    after = { ns: last.Ns, traceId: last.TraceId, spanId: last.SpanId };
    if (rows.length < pageSize) break;
  }
  if (hours.size) await rebuildUsageHours(store, [...hours]);
  if (traceIds.size) await rebuildTraceSummaries(store, [...traceIds]);
  return { scanned, updated, hoursRebuilt: hours.size, tracesRebuilt: traceIds.size };
}

/** The record fields computeCost reads. */
const COST_FIELDS = [
  'reportedCostUsd', 'provider', 'requestModel', 'responseModel', 'inputTokens', 'outputTokens', 'cacheReadTokens', 'cacheWriteTokens', 'reasoningTokens',
] as const satisfies readonly (keyof GenAiRecord)[];

/** The row's new cost, or null when the stored one is already right (or the record is unreadable). */
function recompute(row: SpanCostRow, book: PriceBook, atMs: number, projectPrices?: ProjectPriceSource): CostChange | null {
  let record: GenAiRecord;
  try {
    record = JSON.parse(row.GenAiRecord) as GenAiRecord;
  } catch {
    return null;
  }
  if (!record || typeof record !== 'object') return null;
  // The stored record leaves null fields out; the cost rules tell "not reported" (null) from 0.
  for (const field of COST_FIELDS) (record as unknown as Record<string, unknown>)[field] ??= null;
  const cost = computeCost(record, book, atMs, projectPrices?.of(row.ProjectId));
  const stored = row.CostUsd === null ? null : Number(row.CostUsd);
  if (stored === cost.costUsd && row.CostSource === cost.source && row.PriceVersion === cost.priceVersion) return null;
  return { key: `${row.TraceId}${row.SpanId}${row.ProjectId}`, costUsd: cost.costUsd, source: cost.source, version: cost.priceVersion };
}

async function writeCosts(store: Store, changes: CostChange[], range: { since: number; until: number }): Promise<void> {
  const at = `indexOf({keys:Array(String)}, ${ROW_KEY})`;
  await store.client.command({
    query: `ALTER TABLE ${store.table('otel_traces')} UPDATE
        CostUsd = arrayElement({costs:Array(Nullable(Float64))}, ${at}),
        CostSource = arrayElement({sources:Array(String)}, ${at}),
        PriceVersion = arrayElement({versions:Array(String)}, ${at})
      WHERE Timestamp >= fromUnixTimestamp64Milli({since:Int64}) AND Timestamp < fromUnixTimestamp64Milli({until:Int64})
        AND has({keys:Array(String)}, ${ROW_KEY})`,
    query_params: {
      ...range,
      keys: changes.map((c) => c.key),
      costs: changes.map((c) => c.costUsd),
      sources: changes.map((c) => c.source),
      versions: changes.map((c) => c.version),
    },
    clickhouse_settings: SYNC,
  });
}

const views = () => MIGRATIONS.flatMap((m) => m.objects).flatMap((o) => (o.kind === 'view' ? [o] : []));

/** A rollup view's SELECT (from the migration that created it), reading only the otel_traces rows `filter` keeps. */
function viewSelect(store: Store, viewName: string, filter: string): string {
  // The latest migration defining the view wins (a later one may recreate it).
  const view = views().findLast((v) => v.name === viewName);
  const source = 'FROM {db}.otel_traces';
  if (!view || !view.select.includes(source)) throw new Error(`reprice: cannot find the source of view ${viewName}`);
  return view.select
    .replace(source, `FROM (SELECT * FROM {db}.otel_traces WHERE ${filter}) AS otel_traces`)
    .replaceAll('{db}', store.config.database);
}

/** Tables filled by views that read `table` (e.g. the hour rollups fed from the minute rollup). */
function fedFrom(table: string): string[] {
  return [...new Set(views().filter((v) => v.select.includes(`FROM {db}.${table}`)).map((v) => v.to))];
}

/**
 * The usage rollups are sums per minute (and per hour, fed from the minute table): drop the affected hours from
 * all of them and re-aggregate them from the spans. Inserting into the minute table refills the hour tables through their views.
 * Spans ingested into those hours while this runs may be counted twice: reprice a settled window.
 */
async function rebuildUsageHours(store: Store, hours: number[]): Promise<void> {
  const params = { hours, from: Math.min(...hours), to: Math.max(...hours) + 3600 };
  const inHours = (column: string) => `toUnixTimestamp(toStartOfHour(${column})) IN {hours:Array(UInt32)}`;
  for (const table of [ROLLUP_TABLES.genAiMinute, ...fedFrom(ROLLUP_TABLES.genAiMinute)]) {
    await store.client.command({ query: `ALTER TABLE ${store.table(table)} DELETE WHERE ${inHours('Time')}`, query_params: params, clickhouse_settings: SYNC });
  }
  const filter = `Timestamp >= toDateTime({from:UInt32}) AND Timestamp < toDateTime({to:UInt32}) AND ${inHours('Timestamp')}`;
  await store.client.command({
    query: `INSERT INTO ${store.table(ROLLUP_TABLES.genAiMinute)} ${viewSelect(store, ROLLUP_TABLES.genAiMinuteMv, filter)}`,
    query_params: params,
    clickhouse_settings: rebuildSettings(),
  });
}

/** Trace summaries are per (trace, insert block): replace each affected trace's rows with one re-aggregated row. */
async function rebuildTraceSummaries(store: Store, traceIds: string[]): Promise<void> {
  for (let i = 0; i < traceIds.length; i += 1000) {
    const params = { traceIds: traceIds.slice(i, i + 1000) };
    const filter = 'TraceId IN {traceIds:Array(String)}';
    await store.client.command({ query: `ALTER TABLE ${store.table(ROLLUP_TABLES.traceSummary)} DELETE WHERE ${filter}`, query_params: params, clickhouse_settings: SYNC });
    await store.client.command({
      query: `INSERT INTO ${store.table(ROLLUP_TABLES.traceSummary)} ${viewSelect(store, ROLLUP_TABLES.traceSummaryMv, filter)}`,
      query_params: params,
      clickhouse_settings: rebuildSettings(),
    });
  }
}

/** `genai` processor YAML (snake_case, as in otel-config.yaml) → semconv custom prices. */
/** The price book ingest uses: the genai processor of the traces pipeline (its custom prices over the catalog). */
export function priceBookFromConfig(settings: Settings): PriceBook {
  const config = loadCollectorConfig(settings);
  const ids = config.pipelines.filter((p) => p.signal === 'traces').flatMap((p) => p.processors);
  const genai = ids.map((id) => config.processors.get(id)).find((i) => i?.factory.type === 'genai');
  return createPriceBook({ custom: genai ? toCustomPrices(genai.config as GenAiProcessorYaml) : [] });
}

const RELATIVE = /^(\d+)(m|h|d)$/;
const UNIT_MS = { m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** An ISO date/time, or a duration ago: `90m`, `24h`, `7d`. */
export function parseTime(value: string, nowMs: number): number | undefined {
  const rel = RELATIVE.exec(value);
  if (rel) return nowMs - Number(rel[1]) * UNIT_MS[rel[2] as keyof typeof UNIT_MS];
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}

export type RepriceArgs = { sinceMs: number; untilMs: number; retroactive: boolean } | { error: string };

export function parseRepriceArgs(args: string[], nowMs: number): RepriceArgs {
  const value = (name: string) => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : args.find((a) => a.startsWith(`${name}=`))?.slice(name.length + 1);
  };
  const known = new Set(['--since', '--until', '--retroactive']);
  const unknown = args.find((a, i) => a.startsWith('--') && !known.has(a.split('=')[0]!) && !(i > 0 && ['--since', '--until'].includes(args[i - 1]!)));
  if (unknown) return { error: `unknown option ${unknown}` };
  const since = value('--since');
  if (!since) return { error: '--since <time> is required (ISO date/time, or 90m / 24h / 7d ago)' };
  const sinceMs = parseTime(since, nowMs);
  if (sinceMs === undefined) return { error: `--since "${since}" is not a time` };
  const until = value('--until');
  const untilMs = until === undefined ? nowMs : parseTime(until, nowMs);
  if (untilMs === undefined) return { error: `--until "${until}" is not a time` };
  if (untilMs <= sinceMs) return { error: '--until must be after --since' };
  return { sinceMs, untilMs, retroactive: args.includes('--retroactive') };
}

/** CLI entry. The embedded store allows one process: stop the server first (or pass its open store in tests). */
export async function runRepriceCommand(settings: Settings, args: string[], usage: string, deps: { store?: Store; nowMs?: number } = {}): Promise<number> {
  const nowMs = deps.nowMs ?? Date.now();
  const parsed = parseRepriceArgs(args, nowMs);
  if ('error' in parsed) {
    console.error(`watchllm reprice: ${parsed.error}\n\n${usage}`);
    return 2;
  }
  const book = priceBookFromConfig(settings);
  const store = deps.store ?? openStore(settings.store);
  try {
    if (!deps.store) await migrate(store);
    const projectPrices = createProjectModelPrices(store, { log: (m) => console.error(`watchllm reprice: ${m}`) });
    await projectPrices.refresh();
    const r = await repriceSpans(store, { ...parsed, book, projectPrices, nowMs });
    const mode = parsed.retroactive ? 'at current prices (retroactive)' : 'at the prices in force at each span';
    console.log(`repriced ${new Date(parsed.sinceMs).toISOString()} … ${new Date(parsed.untilMs).toISOString()} ${mode}`);
    console.log(`  ${r.scanned} spans checked, ${r.updated} updated; rollups rebuilt for ${r.hoursRebuilt} hours and ${r.tracesRebuilt} traces`);
    return 0;
  } finally {
    if (!deps.store) await store.close();
  }
}
