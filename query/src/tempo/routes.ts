import { Hono, type Context } from 'hono';
import type { Store } from '@watchllm/collector';
import { readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { AppEnv } from '../app.js';
import { intParam } from '../compat/params.js';
import { TraceSearchReader } from '../compat/trace-search.js';
import { withCallerErrors } from '../compat/user-errors.js';
import { normalizeTraceId, TraceReader } from '../reader/trace-reader.js';
import { ApiError } from '../routes/errors.js';
import { OTLP_JSON, OTLP_PROTO, toResourceSpans } from './otlp-trace.js';
import { parseSearchRequest, tempoWindow, traceqlParam } from './search-request.js';
import { tempoSearchResponse } from './search-response.js';
import { TagReader } from './tag-reader.js';
import { encodeMessage, TempoTrace, TraceByIDResponse } from './tempo-proto.js';
import { INTRINSICS } from './traceql/ast.js';
import { parseFieldName, parseTraceQLMetrics, TraceQLError } from './traceql/parser.js';
import { promLabels, ranked, thresholded, TraceMetricsReader, type MetricsSeries } from './metrics-reader.js';
import { compareSeries } from './compare-reader.js';
import { requestWindow, stepParam } from '../compat/time-params.js';
import type { MetricsQuery } from './traceql/ast.js';
import type { SpanWindow } from '../compat/window.js';

// The Tempo HTTP API level these routes follow; Grafana reads it from buildinfo.
const TEMPO_API_VERSION = '2.6.0';
const BUILD_DATE = statSync(fileURLToPath(import.meta.url)).mtime.toISOString();
// src/tempo and dist/tempo both sit two levels below the package root.
const WATCHLLM_VERSION = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

const wantsProtobuf = (c: Context) => /application\/(x-)?protobuf/.test(c.req.header('accept') ?? '');

/** Tempo's query API (trace by id, TraceQL search, tags) so Grafana's built-in Tempo datasource reads WatchLLM. */
export function tempoRoutes(store: Store) {
  const traces = new TraceReader(store);
  const search = new TraceSearchReader(store);
  const tags = new TagReader(store);
  const app = new Hono<AppEnv>();

  const loadTrace = async (c: Context<AppEnv>) => {
    const raw = c.req.param('traceId') ?? '';
    const traceId = normalizeTraceId(raw);
    if (!traceId) throw new ApiError(400, `trace id "${raw.slice(0, 64)}" must be 16 or 32 hex characters`);
    const spans = await traces.getTrace(c.var.projectId, traceId);
    if (spans.length === 0) throw new ApiError(404, `trace ${traceId} not found`);
    return spans;
  };

  app.get('/v2/traces/:traceId', async (c) => {
    const spans = await loadTrace(c);
    if (wantsProtobuf(c)) {
      const body = encodeMessage(TraceByIDResponse, { trace: { resourceSpans: toResourceSpans(spans, OTLP_PROTO) } });
      return c.body(body as Uint8Array<ArrayBuffer>, 200, { 'content-type': 'application/protobuf' });
    }
    return c.json({ trace: { resourceSpans: toResourceSpans(spans, OTLP_JSON) } });
  });

  app.get('/traces/:traceId', async (c) => {
    const spans = await loadTrace(c);
    if (wantsProtobuf(c)) {
      const body = encodeMessage(TempoTrace, { resourceSpans: toResourceSpans(spans, OTLP_PROTO) });
      return c.body(body as Uint8Array<ArrayBuffer>, 200, { 'content-type': 'application/protobuf' });
    }
    return c.json({ resourceSpans: toResourceSpans(spans, OTLP_JSON) });
  });

  app.get('/search', async (c) => {
    const request = parseSearchRequest((n) => c.req.query(n), c.var.projectId);
    const matched = await withCallerErrors(search.findTraces(request));
    const summaries = await search.summarize(
      c.var.projectId,
      matched.map((m) => m.traceId),
    );
    return c.json(tempoSearchResponse(matched, summaries, request.splitBy));
  });

  const tagLimit = (c: Context) => intParam(c.req.query('limit'), 'limit', 1000, 1, 10_000);

  /** Tag names per scope (`scope` = all | resource | span | intrinsic). */
  const tagScopes = async (c: Context<AppEnv>) => {
    const scope = c.req.query('scope') || 'all';
    if (!['all', 'span', 'resource', 'event', 'intrinsic'].includes(scope)) throw new ApiError(400, 'scope must be all, span, resource, event or intrinsic');
    const w = tempoWindow((n) => c.req.query(n), c.var.projectId);
    const scopes: { name: string; tags: string[] }[] = [];
    for (const name of ['resource', 'span', 'event'] as const) {
      if (scope === 'all' || scope === name) scopes.push({ name, tags: await tags.attributeKeys(w, name, tagLimit(c)) });
    }
    // Nested-set numbers are selected (Drilldown's structure tab), not offered to search on.
    if (scope === 'all' || scope === 'intrinsic') scopes.push({ name: 'intrinsic', tags: INTRINSICS.filter((n) => !n.startsWith('nestedSet')) });
    return scopes;
  };

  app.get('/search/tags', async (c) => {
    const scopes = await tagScopes(c);
    return c.json({ tagNames: [...new Set(scopes.filter((s) => s.name === 'span' || s.name === 'resource').flatMap((s) => s.tags))].sort() });
  });

  app.get('/v2/search/tags', async (c) => c.json({ scopes: await tagScopes(c) }));

  app.get('/search/tag/:name/values', async (c) => {
    const w = tempoWindow((n) => c.req.query(n), c.var.projectId);
    const key = c.req.param('name');
    const values = await tags.values(w, { kind: 'attribute', scope: 'any', key }, { kind: 'all' }, tagLimit(c));
    return c.json({ tagValues: [...new Set(values.map((v) => v.value))] });
  });

  app.get('/v2/search/tag/:name/values', async (c) => {
    const w = tempoWindow((n) => c.req.query(n), c.var.projectId);
    let field;
    try {
      field = parseFieldName(c.req.param('name'));
    } catch (err) {
      if (err instanceof TraceQLError) throw new ApiError(400, `invalid tag name: ${err.message}`);
      throw err;
    }
    // Grafana sends the query being typed as `q`; an unfinished one just doesn't narrow the values.
    let filter;
    try {
      filter = traceqlParam(c.req.query('q'));
    } catch {
      filter = { kind: 'all' as const };
    }
    return c.json({ tagValues: await withCallerErrors(tags.values(w, field, filter, tagLimit(c))) });
  });

  // TraceQL metrics (Grafana's Tempo metrics queries and Traces Drilldown's RED panels).
  const metrics = new TraceMetricsReader(store);
  const metricsQuery = (c: Context): MetricsQuery => {
    const q = c.req.query('q') ?? c.req.query('query');
    if (!q?.trim()) throw new ApiError(400, 'q is required: a TraceQL metrics query such as { status = error } | rate() by (resource.service.name)');
    try {
      return parseTraceQLMetrics(q);
    } catch (err) {
      if (err instanceof TraceQLError) throw new ApiError(400, `invalid TraceQL metrics query: ${err.message}`);
      throw err;
    }
  };
  const stats = { inspectedBytes: '0', totalJobs: 1, completedJobs: 1 };
  const seriesOf = async (w: SpanWindow, query: MetricsQuery, bucket: { originNs: bigint; stepNs: bigint }) => {
    const { compare } = query;
    const series = compare ? compareSeries(store, w, { ...query, compare }, bucket) : metrics.evaluate(w, query, bucket);
    return rankedIf(query, await withCallerErrors(series));
  };

  app.get('/metrics/query_range', async (c) => {
    const query = metricsQuery(c);
    const w = requestWindow(c);
    const stepNs = stepParam(w, c.req.query('step'));
    const series = await seriesOf(w, query, { originNs: 0n, stepNs });
    return c.json({
      series: series.map((s) => ({
        labels: s.labels,
        promLabels: promLabels(s.labels),
        samples: [...s.samples].sort((a, b) => a[0] - b[0]).map(([ms, value]) => ({ timestampMs: String(ms), value })),
        exemplars: s.exemplars.map((e) => ({ labels: [{ key: 'trace:id', value: { stringValue: e.traceId } }], value: e.value, timestampMs: String(e.timestampMs) })),
      })),
      metrics: stats,
    });
  });

  app.get('/metrics/query', async (c) => {
    const query = metricsQuery(c);
    const w = requestWindow(c);
    // The whole window as one bucket.
    const series = await seriesOf(w, query, { originNs: w.startNs, stepNs: w.endNs - w.startNs + 1n });
    return c.json({ series: series.map((s) => ({ labels: s.labels, promLabels: promLabels(s.labels), value: [...s.samples.values()][0] ?? 0 })), metrics: stats });
  });

  app.get('/echo', (c) => c.text('echo'));

  app.get('/status/buildinfo', (c) =>
    c.json({
      version: TEMPO_API_VERSION,
      revision: `watchllm-${WATCHLLM_VERSION}`,
      branch: 'watchllm',
      buildUser: 'watchllm',
      buildDate: BUILD_DATE,
      goVersion: `node${process.versions.node}`,
    }),
  );
  return app;
}

/** The stages after a metrics function: a threshold on the samples, then topk / bottomk. */
function rankedIf(q: MetricsQuery, series: MetricsSeries[]): MetricsSeries[] {
  const kept = q.threshold ? thresholded(series, q.threshold) : series;
  return q.rank ? ranked(kept, q.rank) : kept;
}
