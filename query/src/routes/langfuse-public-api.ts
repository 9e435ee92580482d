import { readFileSync } from 'node:fs';
import type { Store } from '@watchllm/collector';
import { Hono, type Context } from 'hono';
import type { AppEnv } from '../app.js';
import { encodeTimeIdCursor } from '../cursor.js';
import { nanosToIso, toSpanDto } from '../dto/span.js';
import { withGenAiContent } from '../genai-content.js';
import { compileMetricsQuery, type MetricsView } from '../langfuse/metrics-query.js';
import { environments, fieldGroups, isSpanId, meta, observationFilter, pageOf, pickFields, refused, refuseUnanswerable, scoreComparison, timestamps } from '../langfuse/request.js';
import { encodeOffsetCursor, SCORES_V3_PARAMS, scoresV3Request } from '../langfuse/scores-v3.js';
import { langfuseScore, langfuseScoreV3, toLangfuseObservation, toLangfuseTrace } from '../langfuse/views.js';
import { Params } from '../params.js';
import type { ScoreListFilter, ScoreRecord } from '../reader/evaluation-reader.js';
import { DAY_MS, readRows } from '../reader/query.js';
import type { SessionReader } from '../reader/session-reader.js';
import type { SpanListReader } from '../reader/span-list-reader.js';
import type { SpanLog } from '../reader/log-reader.js';
import type { StoredSpan } from '../reader/trace-rows.js';
import type { TraceSummary } from '../reader/trace-summary.js';
import type { ScoreConfigStore } from '../score-configs/score-config-store.js';
import { configuredValue } from '../score-configs/score-check.js';
import { ApiError } from './errors.js';
import { eraseIfFound, loadWaterfall, type TraceRouteReaders } from './traces.js';
import { otlpTraceId } from '../langfuse/legacy-spans.js';


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

const TRACE_READS_AT_ONCE = 4;

/** WatchLLM's version (Langfuse's health answer carries the server's). */
const WATCHLLM_VERSION = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

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
    timestamp: nanosToIso(t.startTimeUnixNano),
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

/** Stored spans as Langfuse observations, GenAI records completed (messages, from the span or its log records) first. */
const observationsOf = (projectId: string, spans: StoredSpan[], logs: SpanLog[]) => withGenAiContent(spans, logs).map((s) => toLangfuseObservation(toSpanDto(s, 0, false), projectId));

/** Content log records an observation page may join (messages some instrumentations send apart from their spans). */
const MAX_PAGE_LOGS = 20_000;

export function langfusePublicRoutes(
  r: Pick<TraceRouteReaders, 'traces' | 'logs' | 'search' | 'evaluations' | 'erase'>,
  spans: SpanListReader,
  sessions: SessionReader,
  store: Store,
  configs: ScoreConfigStore,
) {
  const app = new Hono<AppEnv>();
  /** A page of spans as observations, with the content log records of their traces joined in. */
  const observations = async (projectId: string, spans: StoredSpan[]) =>
    observationsOf(projectId, spans, await r.logs.spanLogsOfTraces(projectId, [...new Set(spans.map((s) => s.traceId))], MAX_PAGE_LOGS));
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
  /** Scores naming a config take its data type (a boolean's 0 / 1 would read as NUMERIC) and a categorical one its number. */
  const typedByConfig = async <S extends { configId: string | null; dataType: string; value: number; stringValue: string | null }>(projectId: string, scores: S[]): Promise<S[]> => {
    const found = await configs.byIds(projectId, [...new Set(scores.flatMap((s) => (s.configId ? [s.configId] : [])))]);
    return scores.map((s) => {
      const config = s.configId ? found.get(s.configId) : undefined;
      return config ? { ...s, dataType: config.dataType, value: configuredValue(config, s) } : s;
    });
  };
  /** Scores as Langfuse shows them: those on a root span are the trace's (no observation id). */
  const scoresOf = async (projectId: string, records: ScoreRecord[]) => {
    const roots = await r.traces.rootSpanIds(projectId, [...new Set(records.map((s) => s.traceId).filter((id) => id !== ''))]);
    return typedByConfig(
      projectId,
      records.map((s) => langfuseScore({ ...s, onRoot: roots.has(`${s.traceId}/${s.spanId}`), environment: 'default' })),
    );
  };
  const fullTrace = async (projectId: string, traceId: string) => {
    const trace = toLangfuseTrace(await loadWaterfall(r, projectId, traceId), `/traces/${traceId}`, projectId);
    return { ...trace, scores: await typedByConfig(projectId, trace.scores) };
  };

  app.get('/traces/:traceId', async (c) => {
    new Params(c.req.url, ['fields']);
    return c.json(await fullTrace(c.var.projectId, otlpTraceId(c.req.param('traceId'))));
  });

  // What Langfuse SDKs call to check their credentials (Python's auth_check reads the projects): the key's project.
  app.get('/health', (c) => c.json({ status: 'OK', version: WATCHLLM_VERSION }));
  app.get('/projects', (c) =>
    c.json({ data: [{ id: c.var.projectId, name: c.var.projectId, organization: { id: 'watchllm', name: 'WatchLLM' }, metadata: {} }] }),
  );

  // Erasing traces, as Langfuse's DELETE endpoints (GET /api/v1/traces' DELETE does the same).
  const erase = (projectId: string, traceId: string) => eraseIfFound(r, projectId, traceId);
  app.delete('/traces/:traceId', async (c) => {
    const traceId = otlpTraceId(c.req.param('traceId'));
    if (!(await erase(c.var.projectId, traceId))) throw new ApiError(404, `trace ${traceId} not found`);
    return c.json({ message: `trace ${traceId} deleted` });
  });
  app.delete('/traces', async (c) => {
    const body = (await c.req.json().catch(() => undefined)) as { traceIds?: unknown } | undefined;
    const ids = body?.traceIds;
    if (!Array.isArray(ids) || ids.length === 0 || ids.length > 1000 || !ids.every((id) => typeof id === 'string')) {
      throw new ApiError(400, 'field traceIds: expected a list of 1 to 1,000 trace ids');
    }
    const traceIds = [...new Set(ids.map((id) => otlpTraceId(id)))];
    let deleted = 0;
    for (const traceId of traceIds) if (await erase(c.var.projectId, traceId)) deleted++;
    return c.json({ message: `${deleted} of ${traceIds.length} traces deleted (the others were not found)` });
  });

  app.get('/traces', async (c) => {
    const p = new Params(c.req.url, ['page', 'limit', 'userId', 'name', 'sessionId', 'fromTimestamp', 'toTimestamp', 'orderBy', 'tags', 'environment', 'version', 'release', 'fields']);
    refuseUnanswerable(p, ['version', 'release']);
    const orderBy = p.string('orderBy', 64);
    if (orderBy !== undefined && orderBy !== 'timestamp.desc' && orderBy !== 'timestamp.asc') {
      throw refused('orderBy', 'only timestamp.desc (newest first, the default) and timestamp.asc (oldest first) are supported');
    }
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
      oldestFirst: orderBy === 'timestamp.asc',
      limit: page.limit,
      offset: page.offset,
    };
    // Langfuse's v1 list fields: core always; io, scores, observations and metrics by default.
    const fields = p.string('fields')?.split(',').map((f) => f.trim()) ?? ['core', 'io', 'scores', 'observations', 'metrics'];
    const { items: found, total: totalItems } = await r.search.searchPage(search);
    const detailed = fields.some((f) => f === 'io' || f === 'scores' || f === 'observations');
    const data = detailed
      ? await mapLimited(found, TRACE_READS_AT_ONCE, async (t) => {
          const { observations, scores, ...trace } = await fullTrace(c.var.projectId, t.traceId);
          return { ...trace, observations: observations.map((o) => o.id), scores: scores.map((s) => s.id) };
        })
      : found.map(summaryTrace);
    return c.json({ data, meta: meta(page, totalItems) });
  });

  app.get('/sessions/:sessionId', async (c) => {
    new Params(c.req.url, []);
    const sessionId = c.req.param('sessionId');
    const found = await sessions.get({ projectId: c.var.projectId, sessionId, startMs: 0, endMs: Date.now() + DAY_MS });
    if (!found) throw new ApiError(404, `session ${sessionId.slice(0, 128)} not found`);
    return c.json({ id: sessionId, createdAt: nanosToIso(found.session.firstSeenUnixNano), projectId: c.var.projectId, environment: 'default', traces: found.traces.map(summaryTrace) });
  });

  app.get('/sessions', async (c) => {
    const p = new Params(c.req.url, ['page', 'limit', 'fromTimestamp', 'toTimestamp', 'environment']);
    refuseUnanswerable(p, ['environment']);
    const page = pageOf(p, 100);
    const filter = { projectId: c.var.projectId, ...timestamps(p, 'fromTimestamp', 'toTimestamp'), limit: page.limit, offset: page.offset };
    const { items: found, total: totalItems } = await sessions.listPage(filter);
    const data = found.map((s) => ({ id: s.sessionId, createdAt: nanosToIso(s.firstSeenUnixNano), projectId: c.var.projectId, environment: 'default' }));
    return c.json({ data, meta: meta(page, totalItems) });
  });

  app.get('/v2/scores', async (c) => {
    const p = new Params(c.req.url, [
      'page', 'limit', 'userId', 'name', 'fromTimestamp', 'toTimestamp', 'environment', 'source', 'operator', 'value', 'scoreIds', 'configId',
      'sessionId', 'datasetRunId', 'traceId', 'observationId', 'queueId', 'dataType', 'traceTags', 'fields', 'filter',
    ]);
    refuseUnanswerable(p, ['userId', 'environment', 'datasetRunId', 'queueId', 'traceTags', 'filter']);
    const source = p.oneOf('source', ['API', 'ANNOTATION', 'EVAL'] as const);
    const dataType = p.oneOf('dataType', ['NUMERIC', 'CATEGORICAL', 'BOOLEAN', 'TEXT', 'CORRECTION'] as const);
    const page = pageOf(p, 100);
    const one = <T>(v: T | undefined): T[] | undefined => (v === undefined ? undefined : [v]);
    const filter: ScoreListFilter = {
      projectId: c.var.projectId,
      ...timestamps(p, 'fromTimestamp', 'toTimestamp'),
      names: one(p.string('name')),
      traceIds: one(p.traceId('traceId')),
      spanIds: one(p.spanId('observationId')),
      // Scores on that session as a whole (as Langfuse's: a score on one of its traces names the trace, not the session).
      sessionIds: one(p.string('sessionId', 512)),
      ids: p.commaList('scoreIds'),
      dataTypes: one(dataType),
      compare: scoreComparison(p),
      configIds: one(p.string('configId', 64)),
      limit: page.limit,
      offset: page.offset,
    };
    // Every score here reads as source API.
    if (source !== undefined && source !== 'API') return c.json({ data: [], meta: meta(page, 0) });
    const { items, total } = await r.evaluations.list(filter);
    return c.json({ data: await scoresOf(c.var.projectId, items), meta: meta(page, total) });
  });

  app.get('/v3/scores', async (c) => {
    const p = new Params(c.req.url, SCORES_V3_PARAMS);
    const { filter, fields, sources } = scoresV3Request(p, c.var.projectId);
    const page = sources ? await r.evaluations.list(filter) : { items: [], total: 0 };
    const data = (await scoresOf(c.var.projectId, page.items)).map((s) => langfuseScoreV3(s, c.var.projectId, fields));
    const next = filter.offset + filter.limit < page.total ? { cursor: encodeOffsetCursor(filter.offset + filter.limit) } : {};
    return c.json({ data, meta: { limit: filter.limit, ...next } });
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
    const data = (await observations(c.var.projectId, page.items)).map((o) => pickFields(o, c.var.projectId, groups));
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
    return c.json({ data: await observations(c.var.projectId, found.items), meta: meta(page, totalItems) });
  });

  // By span id alone: spans have no index by id, so this scans every span's id (fine for an occasional lookup).
  app.get('/observations/:observationId', async (c) => {
    new Params(c.req.url, []);
    const id = c.req.param('observationId').toLowerCase();
    if (!isSpanId(id)) throw new ApiError(400, `observation id "${id.slice(0, 64)}" must be 16 hex characters (a span id)`);
    const found = await spans.list({ projectId: c.var.projectId, startMs: 0, endMs: Date.now() + DAY_MS, spanId: id, limit: 1 });
    if (found.items.length === 0) throw new ApiError(404, `observation ${id} not found`);
    return c.json((await observations(c.var.projectId, found.items))[0]);
  });
  return app;
}
