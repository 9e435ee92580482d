import { Hono } from 'hono';
import { encodeTimeIdCursor, type TimeIdKey } from '../cursor.js';
import { tracesCsv } from '../dto/traces-csv.js';
import { toSpanDto, type SpanDto } from '../dto/span.js';
import { toTraceSummaryDto, type TraceListItemDto } from '../dto/trace-summary.js';
import { Params } from '../params.js';
import type { LogReader } from '../reader/log-reader.js';
import type { EvaluationCondition, EvaluationReader } from '../reader/evaluation-reader.js';
import { normalizeTraceId, type TraceLocation, type TraceReader } from '../reader/trace-reader.js';
import type { TraceSearchReader } from '../reader/trace-search-reader.js';
import type { TraceSummary } from '../reader/trace-summary.js';
import { buildSteps } from '../steps.js';
import { withGenAiContent } from '../genai-content.js';
import { tracePreviews } from '../trace-preview.js';
import { waterfallOrder } from '../waterfall.js';
import { ApiError } from './errors.js';
import type { AppEnv } from '../app.js';
import { DAY_MS } from '../reader/query.js';

export interface TraceRouteReaders {
  traces: TraceReader;
  logs: LogReader;
  search: TraceSearchReader;
  evaluations: EvaluationReader;
  /** Erases a trace of a project (DELETE). */
  erase: (projectId: string, traceId: string, where: TraceLocation) => Promise<void>;
}

const SEARCH_PARAMS = [
  'start', 'end', 'service', 'model', 'provider', 'operation', 'status', 'minDurationMs', 'maxDurationMs',
  'minCostUsd', 'sessionId', 'userId', 'tag', 'environment', 'q', 'evaluation', 'minScore', 'maxScore', 'evaluationLabel', 'limit', 'cursor',
] as const;
export const isTraceId = (id: string) => /^[0-9a-f]{32}$/.test(id);
const MAX_EXPORT = 10_000;
const MAX_PREVIEWS = 100;
// A page of previews reads the GenAI spans of its traces: bounded, as a session read is.
const MAX_PREVIEW_SPANS = 20_000;
// …and their span-attached content records (messages sent as log records).
const MAX_PREVIEW_LOGS = 20_000;
const EXPORT_PAGE = 1000;

export function traceIdParam(raw: string): string {
  const traceId = normalizeTraceId(raw);
  if (!traceId) throw new ApiError(400, `trace id "${raw.slice(0, 64)}" must be 16 or 32 hex characters`);
  return traceId;
}

/** A trace's spans in waterfall order, with span-attached log records joined in; 404 when unknown. */
export async function loadWaterfall(r: Pick<TraceRouteReaders, 'traces' | 'logs'>, projectId: string, traceId: string): Promise<SpanDto[]> {
  const where = await r.traces.locate(projectId, traceId);
  const [spans, logs] = await Promise.all([
    where.spans ? r.traces.readSpans(projectId, traceId, where.spans) : [],
    // Most traces have no span-attached log records: the lookup says so, and they cost no read.
    where.logs ? r.logs.spanLogs(projectId, traceId, where.logs) : [],
  ]);
  if (spans.length === 0) throw new ApiError(404, `trace ${traceId} not found`);
  return waterfallOrder(withGenAiContent(spans, logs)).map((p) => toSpanDto(p.span, p.depth, p.orphan));
}

/** Erases a trace of the caller's project; false when the project has no such trace. */
export async function eraseIfFound(r: Pick<TraceRouteReaders, 'traces' | 'erase'>, projectId: string, traceId: string): Promise<boolean> {
  const where = await r.traces.locate(projectId, traceId);
  if (!where.spans && !where.logs) return false;
  await r.erase(projectId, traceId, where);
  return true;
}

/** `evaluation` (a name) with optional `minScore` / `maxScore` / `evaluationLabel`: traces something scored so. */
function evaluationCondition(p: Params): EvaluationCondition | undefined {
  const name = p.string('evaluation');
  const condition = { minScore: p.number('minScore'), maxScore: p.number('maxScore'), label: p.string('evaluationLabel') };
  if (name === undefined) {
    const orphan = (['minScore', 'maxScore', 'evaluationLabel'] as const).find((k) => p.string(k) !== undefined);
    if (orphan) throw new ApiError(400, `parameter ${orphan}: needs evaluation (the evaluation's name)`);
    return undefined;
  }
  return { name, ...condition };
}

export function traceRoutes(r: TraceRouteReaders) {
  const app = new Hono<AppEnv>();

  /** The search a request asks for (every filter of GET /api/v1/traces), without its paging. */
  const searchOf = (p: Params, projectId: string) => {
    const { startMs, endMs } = p.timeRange(DAY_MS);
    return {
      projectId,
      startMs,
      endMs,
      service: p.string('service'),
      model: p.string('model'),
      provider: p.string('provider'),
      operation: p.string('operation'),
      status: p.oneOf('status', ['ok', 'error'] as const),
      minDurationMs: p.number('minDurationMs', { min: 0 }),
      maxDurationMs: p.number('maxDurationMs', { min: 0 }),
      minCostUsd: p.number('minCostUsd', { min: 0 }),
      sessionId: p.string('sessionId'),
      userId: p.string('userId'),
      tags: p.all('tag'),
      environments: p.all('environment').length ? p.all('environment') : undefined,
      q: p.string('q', 256),
      attributes: p.attributes(),
      evaluation: evaluationCondition(p),
    };
  };
  const withScores = async (projectId: string, startMs: number, items: TraceSummary[]): Promise<TraceListItemDto[]> => {
    const scores = await r.evaluations.byTrace(projectId, startMs, items.map((t) => t.traceId));
    return items.map((t) => ({ ...toTraceSummaryDto(t), scores: scores.get(t.traceId) ?? [] }));
  };

  app.get('/', async (c) => {
    const p = new Params(c.req.url, SEARCH_PARAMS, { attributes: true });
    const search = searchOf(p, c.var.projectId);
    const page = await r.search.search({ ...search, limit: p.limit(50, 1000), after: p.timeIdCursor('cursor', isTraceId) });
    const traces = await withScores(c.var.projectId, search.startMs, page.items);
    return c.json({ traces, nextCursor: page.next ? encodeTimeIdCursor(page.next) : null });
  });

  // The same search as a file: every page up to `limit` traces, as CSV (a spreadsheet) or NDJSON.
  app.get('/export', async (c) => {
    const p = new Params(c.req.url, [...SEARCH_PARAMS.filter((n) => n !== 'cursor'), 'format'], { attributes: true });
    const format = p.oneOf('format', ['csv', 'ndjson'] as const) ?? 'csv';
    const search = searchOf(p, c.var.projectId);
    const limit = p.limit(1000, MAX_EXPORT);
    const rows: TraceListItemDto[] = [];
    let after: TimeIdKey | undefined;
    do {
      const page = await r.search.search({ ...search, limit: Math.min(EXPORT_PAGE, limit - rows.length), after });
      rows.push(...(await withScores(c.var.projectId, search.startMs, page.items)));
      after = page.next ?? undefined;
    } while (after && rows.length < limit);
    const body = format === 'csv' ? tracesCsv(rows) : rows.map((t) => JSON.stringify(t)).join('\n') + (rows.length ? '\n' : '');
    return c.body(body, 200, {
      'content-type': format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson',
      'content-disposition': `attachment; filename="watchllm-traces.${format}"`,
    });
  });

  // A line of input and output per trace, for a list already on screen (fetched after it, so the list shows at once).
  app.get('/previews', async (c) => {
    const p = new Params(c.req.url, ['traceId']);
    const ids = [...new Set(p.all('traceId', MAX_PREVIEWS, 64).map(traceIdParam))];
    const [spans, logs] = await Promise.all([r.traces.genAiSpans(c.var.projectId, ids, MAX_PREVIEW_SPANS), r.logs.spanLogsOfTraces(c.var.projectId, ids, MAX_PREVIEW_LOGS)]);
    return c.json({ previews: tracePreviews(ids, spans, logs) });
  });

  app.get('/:traceId/steps', async (c) => {
    const traceId = traceIdParam(c.req.param('traceId'));
    return c.json(buildSteps(traceId, await loadWaterfall(r, c.var.projectId, traceId)));
  });

  app.get('/:traceId', async (c) => {
    const traceId = traceIdParam(c.req.param('traceId'));
    return c.json({ traceId, spans: await loadWaterfall(r, c.var.projectId, traceId) });
  });
  app.delete('/:traceId', async (c) => {
    const traceId = traceIdParam(c.req.param('traceId'));
    if (!(await eraseIfFound(r, c.var.projectId, traceId))) throw new ApiError(404, `trace ${traceId} not found`);
    return c.body(null, 204);
  });
  return app;
}
