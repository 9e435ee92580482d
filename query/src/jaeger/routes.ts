import { Hono, type Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { Store } from '@watchllm/collector';
import type { AppEnv } from '../app.js';
import { bigintParam, durationParam, intParam, MAX_UNIX_MICROS } from '../compat/params.js';
import { JAEGER_TAG_RULES, serviceIs, TagFilterError, tagsFilter } from '../compat/tag-filter.js';
import { TraceSearchReader } from '../compat/trace-search.js';
import { recentWindow, type SpanWindow } from '../compat/window.js';
import { normalizeTraceId, TraceReader } from '../reader/trace-reader.js';
import { ApiError } from '../routes/errors.js';
import { and, type Expr } from '../tempo/traceql/ast.js';
import { toJaegerTrace } from './jaeger-format.js';
import { JaegerReader } from './jaeger-reader.js';
import { DAY_MS } from '../reader/query.js';

// Jaeger's services endpoint takes no time range: list what was seen this week.
const SERVICES_LOOKBACK_MS = 7 * DAY_MS;

/** Jaeger's response envelope. */
function envelope<T>(data: T, total = Array.isArray(data) ? data.length : 0) {
  return { data, total, limit: 0, offset: 0, errors: null };
}

function jaegerError(c: Context, status: ContentfulStatusCode, msg: string) {
  return c.json({ data: null, total: 0, limit: 0, offset: 0, errors: [{ code: status, msg }] }, status);
}

/** `key:value` (legacy `tag`) and the JSON object form (`tags`) of Jaeger's tag filters. */
function tagPairs(c: Context): [string, string][] {
  const pairs: [string, string][] = [];
  for (const tag of c.req.queries('tag') ?? []) {
    const at = tag.indexOf(':');
    if (at <= 0) throw new ApiError(400, `tag "${tag.slice(0, 64)}" must be key:value`);
    pairs.push([tag.slice(0, at), tag.slice(at + 1)]);
  }
  const raw = c.req.query('tags');
  if (raw) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      throw new ApiError(400, 'tags must be a JSON object of key → value');
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new ApiError(400, 'tags must be a JSON object of key → value');
    for (const [k, v] of Object.entries(parsed)) pairs.push([k, typeof v === 'string' ? v : JSON.stringify(v)]);
  }
  return pairs;
}

/** Jaeger's `start`/`end` (µs) or `lookback`; default: the last 24 hours. */
function searchWindow(c: Context<AppEnv>): SpanWindow {
  const endUs = bigintParam(c.req.query('end'), 'end', MAX_UNIX_MICROS) ?? BigInt(Date.now()) * 1000n;
  const lookback = durationParam(c.req.query('lookback') === 'custom' ? undefined : c.req.query('lookback'), 'lookback');
  const startUs = bigintParam(c.req.query('start'), 'start', MAX_UNIX_MICROS) ?? endUs - (lookback !== undefined ? lookback / 1000n : BigInt(DAY_MS) * 1000n);
  if (startUs > endUs) throw new ApiError(400, 'start must not be after end');
  return { projectId: c.var.projectId, startNs: startUs * 1000n, endNs: endUs * 1000n + 999n };
}

function spanDuration(op: '>=' | '<=', nanos: bigint | undefined): Expr {
  if (nanos === undefined) return { kind: 'all' };
  return { kind: 'compare', field: { kind: 'intrinsic', name: 'duration' }, op, value: { type: 'duration', nanos } };
}

/** Jaeger's search: traces with one span matching service, operation, tags and duration together. */
function searchFilter(c: Context): Expr {
  const service = c.req.query('service');
  if (!service) throw new ApiError(400, "parameter 'service' is required");
  let filter = serviceIs(service);
  const operation = c.req.query('operation');
  if (operation) filter = and(filter, { kind: 'compare', field: { kind: 'intrinsic', name: 'name' }, op: '=', value: { type: 'string', value: operation } });
  try {
    filter = and(filter, tagsFilter(tagPairs(c), JAEGER_TAG_RULES));
  } catch (err) {
    if (err instanceof TagFilterError) throw new ApiError(400, err.message);
    throw err;
  }
  filter = and(filter, spanDuration('>=', durationParam(c.req.query('minDuration'), 'minDuration')));
  return and(filter, spanDuration('<=', durationParam(c.req.query('maxDuration'), 'maxDuration')));
}

/** Jaeger's query JSON API (mounted at /jaeger/api) so Grafana's Jaeger datasource reads WatchLLM. */
export function jaegerRoutes(store: Store) {
  const jaeger = new JaegerReader(store);
  const search = new TraceSearchReader(store);
  const traces = new TraceReader(store);
  const app = new Hono<AppEnv>();
  app.onError((err, c) => {
    if (err instanceof ApiError) return jaegerError(c, err.status, err.message);
    console.error('jaeger api error:', err);
    return jaegerError(c, 500, (err as Error)?.message ?? String(err));
  });

  app.get('/services', async (c) => c.json(envelope(await jaeger.services(recentWindow(c.var.projectId, SERVICES_LOOKBACK_MS)))));

  app.get('/services/:service/operations', async (c) => {
    const ops = await jaeger.operations(recentWindow(c.var.projectId, SERVICES_LOOKBACK_MS), c.req.param('service'));
    return c.json(envelope([...new Set(ops.map((o) => o.name))]));
  });

  app.get('/operations', async (c) => {
    const service = c.req.query('service');
    if (!service) throw new ApiError(400, "parameter 'service' is required");
    return c.json(envelope(await jaeger.operations(recentWindow(c.var.projectId, SERVICES_LOOKBACK_MS), service, c.req.query('spanKind'))));
  });

  app.get('/traces', async (c) => {
    const filter = searchFilter(c);
    const limit = intParam(c.req.query('limit'), 'limit', 20, 1, 1500);
    const matched = await search.findTraces({ ...searchWindow(c), filter, limit, spansPerSet: 0, attributes: [], intrinsics: [] });
    const ids = matched.map((m) => m.traceId);
    const spans = await search.loadTraces(c.var.projectId, ids);
    const data = ids.filter((id) => spans.has(id)).map((id) => toJaegerTrace(id, spans.get(id)!));
    return c.json(envelope(data));
  });

  app.get('/traces/:traceId', async (c) => {
    const raw = c.req.param('traceId');
    const traceId = normalizeTraceId(raw);
    if (!traceId) throw new ApiError(400, `trace id "${raw.slice(0, 64)}" must be 16 or 32 hex characters`);
    const spans = await traces.getTrace(c.var.projectId, traceId);
    if (spans.length === 0) return jaegerError(c, 404, 'trace not found');
    return c.json(envelope([toJaegerTrace(traceId, spans)]));
  });

  app.get('/dependencies', async (c) => {
    const endMs = intParam(c.req.query('endTs'), 'endTs', Date.now(), 0, Number(MAX_UNIX_MICROS / 1000n));
    const lookbackMs = intParam(c.req.query('lookback'), 'lookback', DAY_MS, 1, 366 * DAY_MS);
    return c.json(envelope(await jaeger.dependencies(recentWindow(c.var.projectId, lookbackMs, endMs))));
  });
  return app;
}
