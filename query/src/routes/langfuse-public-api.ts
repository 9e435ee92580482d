import { readFileSync } from 'node:fs';
import { Hono, type Context } from 'hono';
import type { AppEnv } from '../app.js';
import { encodeTimeIdCursor } from '../cursor.js';
import { toSpanDto } from '../dto/span.js';
import { withGenAiContent } from '../genai-content.js';
import { isoOfNanos, langfuseScore, toLangfuseObservation, toLangfuseTrace, type LangfuseObservation } from '../langfuse/views.js';
import type { EvaluationReader, ScoreListFilter, ScoreRecord } from '../reader/evaluation-reader.js';
import { compileMetricsQuery, type MetricsView } from '../langfuse/metrics-query.js';
import { Params } from '../params.js';
import { readRows } from '../reader/query.js';
import type { Store } from '@watchllm/collector';
import { DAY_MS } from '../reader/query.js';
import type { SessionReader } from '../reader/session-reader.js';
import type { SpanListFilter, SpanListReader } from '../reader/span-list-reader.js';
import type { StoredSpan } from '../reader/trace-rows.js';
import type { TraceSummary } from '../reader/trace-summary.js';
import { ApiError } from './errors.js';
import { eraseIfFound, loadWaterfall, traceIdParam, type TraceRouteReaders } from './traces.js';

/**
 * Langfuse's public read API over WatchLLM's spans, for scripts written against a Langfuse project
 * (`@langfuse/client`'s `api.trace.get` / `api.trace.list` / `api.observations.getMany`, or plain
 * HTTP): `GET /traces/{id}` (the trace with its observations and scores), `GET /traces` (page-numbered,
 * newest first), `GET /v2/observations` (spans across traces, cursor-paged, Langfuse's field
 * groups), `GET /sessions[/{id}]`, `GET /v2/scores[/{id}]`, the metrics query (`GET /metrics`, `/v2/metrics`),
 * `DELETE /traces[/{id}]` (erasure, as `DELETE /api/v1/traces/{id}`), and `/health` and `/projects` (what SDKs check
 * their credentials with). Filters WatchLLM cannot answer (release, version, the JSON `filter`) are refused by
 * name rather than ignored.
 */

/** Langfuse's v2 field groups: which observation fields each adds (`core` always). */
const FIELD_GROUPS: Record<string, readonly (keyof LangfuseObservation | 'projectId' | 'tags' | 'release' | 'traceName' | 'usagePricingTierName')[]> = {
  core: ['id', 'traceId', 'startTime', 'endTime', 'projectId', 'parentObservationId', 'type'],
  basic: ['name', 'level', 'statusMessage', 'version', 'environment', 'bookmarked', 'public', 'userId', 'sessionId', 'isRootObservation'],
  time: ['completionStartTime', 'createdAt', 'updatedAt'],
  io: ['input', 'output'],
  metadata: ['metadata'],
  model: ['model', 'internalModelId', 'modelParameters'],
  usage: ['usageDetails', 'costDetails', 'totalCost', 'usagePricingTierName'],
  prompt: ['promptId', 'promptName', 'promptVersion'],
  metrics: ['latency', 'timeToFirstToken'],
  trace_context: ['tags', 'release', 'traceName'],
};

/** Langfuse observation types as WatchLLM step types. */
const STEP_TYPES_OF: Record<string, string[]> = {
  GENERATION: ['llm'],
  EMBEDDING: ['embedding'],
  TOOL: ['tool'],
  AGENT: ['agent'],
  RETRIEVER: ['retrieval'],
  CHAIN: ['chain'],
  SPAN: ['other'],
  EVENT: [],
  EVALUATOR: ['other'],
  GUARDRAIL: ['other'],
};

const MAX_PAGED_ITEMS = 10_000;
const TRACE_READS_AT_ONCE = 4;
const refused = (name: string, why: string) => new ApiError(400, `parameter ${name}: ${why}`);

/** Fields not in Langfuse's usual JSON: v2 returns input/output as raw strings. */
const rawString = (v: unknown): string | null => (v === null || v === undefined ? null : typeof v === 'string' ? v : JSON.stringify(v));

function pickFields(o: LangfuseObservation, projectId: string, groups: string[]): Record<string, unknown> {
  const all: Record<string, unknown> = {
    ...o,
    projectId,
    input: rawString(o.input),
    output: rawString(o.output),
    traceName: o.isRootObservation ? o.name : null,
    usagePricingTierName: null,
  };
  const out: Record<string, unknown> = {};
  for (const g of groups) for (const k of FIELD_GROUPS[g]) out[k] = all[k];
  return out;
}

function fieldGroups(p: Params, fallback: string[]): string[] {
  const raw = p.string('fields');
  if (raw === undefined) return fallback;
  const groups = raw.split(',').map((g) => g.trim()).filter(Boolean);
  const unknown = groups.find((g) => !(g in FIELD_GROUPS));
  if (unknown) throw refused('fields', `unknown field group "${unknown.slice(0, 32)}"; expected any of ${Object.keys(FIELD_GROUPS).join(', ')}`);
  return ['core', ...groups.filter((g) => g !== 'core')];
}

/** `environment` (repeatable, or comma-separated): spans in any of these deployment environments. */
function environments(p: Params): string[] | undefined {
  const values = p.all('environment').flatMap((e) => e.split(',')).map((e) => e.trim()).filter(Boolean);
  return values.length ? values : undefined;
}

/** Parameters Langfuse has that WatchLLM's store cannot answer: refused when given, so no script reads a wrong answer. */
function refuseUnanswerable(p: Params, names: readonly string[]): void {
  for (const name of names) if (p.string(name) !== undefined) throw refused(name, 'not supported by WatchLLM; leave it out (filter on the results instead)');
}

async function mapLimited<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

/** A list item from the trace summary alone (when `fields` asks for no input/output, observations or scores). */
function summaryTrace(t: TraceSummary) {
  return {
    id: t.traceId,
    timestamp: isoOfNanos(t.startTimeUnixNano),
    name: t.rootName,
    sessionId: t.sessionId,
    userId: t.userId,
    release: null,
    version: null,
    metadata: {},
    tags: t.tags,
    public: false,
    environment: 'default',
    htmlPath: `/traces/${t.traceId}`,
    latency: Number(BigInt(t.durationNanos)) / 1e9,
    totalCost: t.costUsd,
  };
}

/** `page` and `limit` of a page-numbered list, bounded so the offset stays cheap. */
function pageOf(p: Params, maxLimit: number): { page: number; limit: number; offset: number } {
  const page = p.number('page', { min: 1, integer: true }) ?? 1;
  const limit = p.limit(50, maxLimit);
  if (page * limit > MAX_PAGED_ITEMS) throw refused('page', `pages reach the first ${MAX_PAGED_ITEMS} items; narrow fromTimestamp / toTimestamp (or page spans with GET /api/public/v2/observations, a cursor)`);
  return { page, limit, offset: (page - 1) * limit };
}

/** `fromTimestamp` / `toTimestamp` (default: everything up to a day ahead). */
function timestamps(p: Params, from: string, to: string): { startMs: number; endMs: number } {
  const endMs = p.time(to) ?? Date.now() + DAY_MS;
  const startMs = p.time(from) ?? 0;
  if (startMs >= endMs) throw refused(from, `must be before ${to}`);
  return { startMs, endMs };
}

const meta = (page: { page: number; limit: number }, totalItems: number) => ({ page: page.page, limit: page.limit, totalItems, totalPages: Math.ceil(totalItems / page.limit) });

const SCORE_OPERATORS = ['<', '>', '<=', '>=', '=', '!='] as const;

/** `operator` + `value` of a score list: a comparison on numeric scores. */
function scoreComparison(p: Params): ScoreListFilter['compare'] {
  const op = p.oneOf('operator', SCORE_OPERATORS);
  const value = p.number('value');
  if ((op === undefined) !== (value === undefined)) throw refused(op === undefined ? 'value' : 'operator', 'operator and value go together');
  return op === undefined ? undefined : { op, value: value! };
}

/** WatchLLM's version (Langfuse's health answer carries the server's). */
const WATCHLLM_VERSION = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

const isSpanId = (id: string) => /^[0-9a-f]{16}$/.test(id);

/** Stored spans as Langfuse observations, GenAI records completed (messages) first. */
const observationsOf = (spans: StoredSpan[]) => withGenAiContent(spans).map((s) => toLangfuseObservation(toSpanDto(s, 0, false)));

/**
 * The span filter of an observations list (v1 and v2 share their query parameters); undefined when
 * it can match nothing (DEBUG and WARNING: spans have a status, not Langfuse's four levels).
 */
function observationFilter(p: Params, projectId: string): Omit<SpanListFilter, 'limit'> | undefined {
  refuseUnanswerable(p, ['version']);
  const type = p.string('type', 32)?.toUpperCase();
  if (type !== undefined && !(type in STEP_TYPES_OF)) throw refused('type', `expected one of ${Object.keys(STEP_TYPES_OF).join(', ')}`);
  const level = p.oneOf('level', ['DEBUG', 'DEFAULT', 'WARNING', 'ERROR'] as const);
  const root = p.oneOf('isRootObservation', ['true', 'false'] as const);
  const f = {
    projectId,
    ...timestamps(p, 'fromStartTime', 'toStartTime'),
    traceId: p.traceId('traceId'),
    name: p.string('name'),
    parentSpanId: p.spanId('parentObservationId'),
    root: root === undefined ? undefined : root === 'true',
    userId: p.string('userId'),
    sessionId: p.string('sessionId'),
    stepTypes: type === undefined ? undefined : STEP_TYPES_OF[type],
    environments: environments(p),
    // An error status is ERROR, everything else DEFAULT.
    error: level === undefined ? undefined : level === 'ERROR',
  };
  return level === 'DEBUG' || level === 'WARNING' ? undefined : f;
}

export function langfusePublicRoutes(r: Pick<TraceRouteReaders, 'traces' | 'logs' | 'search' | 'evaluations' | 'erase'>, spans: SpanListReader, sessions: SessionReader, store: Store) {
  const app = new Hono<AppEnv>();
  // Langfuse's metrics query: v1 also has a traces view, v2 has not (as Langfuse's).
  const metrics = (views: readonly MetricsView[]) => async (c: Context<AppEnv>) => {
    const p = new Params(c.req.url, ['query']);
    const q = compileMetricsQuery(p.string('query', 16_384), store, c.var.projectId, views);
    const rows = await readRows<Record<string, unknown>>(store, q.sql, q.params);
    for (const row of rows) for (const k of q.numericKeys) if (row[k] !== null && row[k] !== undefined) row[k] = Number(row[k]);
    return c.json({ data: rows });
  };
  app.get('/metrics', metrics(['traces', 'observations', 'scores-numeric', 'scores-categorical']));
  app.get('/v2/metrics', metrics(['observations', 'scores-numeric', 'scores-categorical']));
  /** Scores as Langfuse shows them: those on a root span are the trace's (no observation id). */
  const scoresOf = async (projectId: string, records: ScoreRecord[]) => {
    const roots = await r.traces.rootSpanIds(projectId, [...new Set(records.map((s) => s.traceId))]);
    return records.map((s) =>
      langfuseScore({ ...s, onRoot: roots.has(`${s.traceId}/${s.spanId}`), environment: 'default' }),
    );
  };
  const fullTrace = async (projectId: string, traceId: string) => toLangfuseTrace(await loadWaterfall(r, projectId, traceId), `/traces/${traceId}`);

  app.get('/traces/:traceId', async (c) => {
    new Params(c.req.url, ['fields']);
    return c.json(await fullTrace(c.var.projectId, traceIdParam(c.req.param('traceId'))));
  });

  // What Langfuse SDKs call to check their credentials (Python's auth_check reads the projects): the key's project.
  app.get('/health', (c) => c.json({ status: 'OK', version: WATCHLLM_VERSION }));
  app.get('/projects', (c) =>
    c.json({ data: [{ id: c.var.projectId, name: c.var.projectId, organization: { id: 'watchllm', name: 'WatchLLM' }, metadata: {} }] }),
  );

  // Erasing traces, as Langfuse's DELETE endpoints (GET /api/v1/traces' DELETE does the same).
  const erase = (projectId: string, traceId: string) => eraseIfFound(r, projectId, traceId);
  app.delete('/traces/:traceId', async (c) => {
    const traceId = traceIdParam(c.req.param('traceId'));
    if (!(await erase(c.var.projectId, traceId))) throw new ApiError(404, `trace ${traceId} not found`);
    return c.json({ message: `trace ${traceId} deleted` });
  });
  app.delete('/traces', async (c) => {
    const body = (await c.req.json().catch(() => undefined)) as { traceIds?: unknown } | undefined;
    const ids = body?.traceIds;
    if (!Array.isArray(ids) || ids.length === 0 || ids.length > 1000 || !ids.every((id) => typeof id === 'string')) {
      throw new ApiError(400, 'field traceIds: expected a list of 1 to 1,000 trace ids');
    }
    const traceIds = [...new Set(ids.map((id) => traceIdParam(id)))];
    let deleted = 0;
    for (const traceId of traceIds) if (await erase(c.var.projectId, traceId)) deleted++;
    return c.json({ message: `${deleted} of ${traceIds.length} traces deleted (the others were not found)` });
  });

  app.get('/traces', async (c) => {
    const p = new Params(c.req.url, ['page', 'limit', 'userId', 'name', 'sessionId', 'fromTimestamp', 'toTimestamp', 'orderBy', 'tags', 'environment', 'version', 'release', 'fields']);
    refuseUnanswerable(p, ['version', 'release']);
    const orderBy = p.string('orderBy');
    if (orderBy !== undefined && orderBy !== 'timestamp.desc') throw refused('orderBy', 'only timestamp.desc (newest first) is supported');
    const page = pageOf(p, 100);
    const search = {
      projectId: c.var.projectId,
      ...timestamps(p, 'fromTimestamp', 'toTimestamp'),
      userId: p.string('userId'),
      sessionId: p.string('sessionId'),
      rootName: p.string('name'),
      environments: environments(p),
      tags: p.all('tags').flatMap((t) => t.split(',')).filter(Boolean),
      attributes: [],
      limit: page.limit,
      offset: page.offset,
    };
    // Langfuse's v1 list fields: core always; io, scores, observations and metrics by default.
    const fields = p.string('fields')?.split(',').map((f) => f.trim()) ?? ['core', 'io', 'scores', 'observations', 'metrics'];
    const [found, totalItems] = await Promise.all([r.search.search(search), r.search.count(search)]);
    const detailed = fields.some((f) => f === 'io' || f === 'scores' || f === 'observations');
    const data = detailed
      ? await mapLimited(found.items, TRACE_READS_AT_ONCE, async (t) => {
          const { observations, scores, ...trace } = await fullTrace(c.var.projectId, t.traceId);
          return { ...trace, observations: observations.map((o) => o.id), scores: scores.map((s) => s.id) };
        })
      : found.items.map(summaryTrace);
    return c.json({ data, meta: meta(page, totalItems) });
  });

  app.get('/sessions/:sessionId', async (c) => {
    new Params(c.req.url, []);
    const sessionId = c.req.param('sessionId');
    const found = await sessions.get({ projectId: c.var.projectId, sessionId, startMs: 0, endMs: Date.now() + DAY_MS });
    if (!found) throw new ApiError(404, `session ${sessionId.slice(0, 128)} not found`);
    return c.json({ id: sessionId, createdAt: isoOfNanos(found.session.firstSeenUnixNano), projectId: c.var.projectId, environment: 'default', traces: found.traces.map(summaryTrace) });
  });

  app.get('/sessions', async (c) => {
    const p = new Params(c.req.url, ['page', 'limit', 'fromTimestamp', 'toTimestamp', 'environment']);
    refuseUnanswerable(p, ['environment']);
    const page = pageOf(p, 100);
    const filter = { projectId: c.var.projectId, ...timestamps(p, 'fromTimestamp', 'toTimestamp'), limit: page.limit, offset: page.offset };
    const [found, totalItems] = await Promise.all([sessions.list(filter), sessions.count(filter)]);
    const data = found.items.map((s) => ({ id: s.sessionId, createdAt: isoOfNanos(s.firstSeenUnixNano), projectId: c.var.projectId, environment: 'default' }));
    return c.json({ data, meta: meta(page, totalItems) });
  });

  app.get('/v2/scores', async (c) => {
    const p = new Params(c.req.url, [
      'page', 'limit', 'userId', 'name', 'fromTimestamp', 'toTimestamp', 'environment', 'source', 'operator', 'value', 'scoreIds', 'configId',
      'sessionId', 'datasetRunId', 'traceId', 'observationId', 'queueId', 'dataType', 'traceTags', 'fields', 'filter',
    ]);
    refuseUnanswerable(p, ['userId', 'environment', 'configId', 'sessionId', 'datasetRunId', 'queueId', 'traceTags', 'filter']);
    const source = p.oneOf('source', ['API', 'ANNOTATION', 'EVAL'] as const);
    const dataType = p.oneOf('dataType', ['NUMERIC', 'CATEGORICAL', 'BOOLEAN', 'TEXT'] as const);
    const page = pageOf(p, 100);
    const filter: ScoreListFilter = {
      projectId: c.var.projectId,
      ...timestamps(p, 'fromTimestamp', 'toTimestamp'),
      name: p.string('name'),
      traceId: p.traceId('traceId'),
      spanId: p.spanId('observationId'),
      ids: p.string('scoreIds')?.split(',').map((id) => id.trim()).filter(Boolean),
      numeric: dataType === undefined ? undefined : dataType === 'NUMERIC',
      compare: scoreComparison(p),
      limit: page.limit,
      offset: page.offset,
    };
    // Every score here reads as source API; booleans and free text are not kept apart from labels.
    if ((source !== undefined && source !== 'API') || dataType === 'BOOLEAN' || dataType === 'TEXT') return c.json({ data: [], meta: meta(page, 0) });
    const { items, total } = await r.evaluations.list(filter);
    return c.json({ data: await scoresOf(c.var.projectId, items), meta: meta(page, total) });
  });

  app.get('/v2/scores/:scoreId', async (c) => {
    new Params(c.req.url, []);
    const id = c.req.param('scoreId');
    const { items } = await r.evaluations.list({ projectId: c.var.projectId, startMs: 0, endMs: Date.now() + DAY_MS, ids: [id], limit: 1, offset: 0 });
    if (items.length === 0) throw new ApiError(404, `score ${id.slice(0, 64)} not found`);
    return c.json((await scoresOf(c.var.projectId, items))[0]);
  });

  app.get('/v2/observations', async (c) => {
    const p = new Params(c.req.url, [
      'fields', 'expandMetadata', 'limit', 'cursor', 'parseIoAsJson', 'name', 'userId', 'sessionId', 'type', 'traceId', 'level',
      'parentObservationId', 'isRootObservation', 'environment', 'fromStartTime', 'toStartTime', 'version', 'filter',
    ]);
    const filter = p.string('filter', 8192);
    if (filter !== undefined && filter.trim() !== '[]') throw refused('filter', 'the JSON filter is not supported by WatchLLM; use the query parameters (traceId, name, type, userId, sessionId, level, parentObservationId, isRootObservation, fromStartTime, toStartTime)');
    if (p.string('parseIoAsJson') === 'true') throw refused('parseIoAsJson', 'input and output are returned as raw strings; leave it out');
    const groups = fieldGroups(p, ['core', 'basic']);
    const f = observationFilter(p, c.var.projectId);
    if (!f) return c.json({ data: [], meta: {} });
    const page = await spans.list({ ...f, limit: p.limit(50, 1000), after: p.timeIdCursor('cursor', isSpanId) });
    const data = observationsOf(page.items).map((o) => pickFields(o, c.var.projectId, groups));
    return c.json({ data, meta: page.next ? { cursor: encodeTimeIdCursor(page.next) } : {} });
  });

  // Langfuse's v1 observations (what older SDKs' fetch_observations call): page-numbered, every field.
  app.get('/observations', async (c) => {
    const p = new Params(c.req.url, ['page', 'limit', 'name', 'userId', 'type', 'traceId', 'level', 'parentObservationId', 'environment', 'fromStartTime', 'toStartTime', 'version']);
    const page = pageOf(p, 100);
    const f = observationFilter(p, c.var.projectId);
    if (!f) return c.json({ data: [], meta: meta(page, 0) });
    const list = { ...f, limit: page.limit, offset: page.offset };
    const [found, totalItems] = await Promise.all([spans.list(list), spans.count(list)]);
    return c.json({ data: observationsOf(found.items), meta: meta(page, totalItems) });
  });

  // By span id alone: spans have no index by id, so this scans every span's id (fine for an occasional lookup).
  app.get('/observations/:observationId', async (c) => {
    new Params(c.req.url, []);
    const id = c.req.param('observationId').toLowerCase();
    if (!isSpanId(id)) throw new ApiError(400, `observation id "${id.slice(0, 64)}" must be 16 hex characters (a span id)`);
    const found = await spans.list({ projectId: c.var.projectId, startMs: 0, endMs: Date.now() + DAY_MS, spanId: id, limit: 1 });
    if (found.items.length === 0) throw new ApiError(404, `observation ${id} not found`);
    return c.json(observationsOf(found.items)[0]);
  });
  return app;
}
