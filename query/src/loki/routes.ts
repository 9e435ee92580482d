import { Hono, type Context } from 'hono';
import type { Store } from '@watchllm/collector';
import type { AppEnv } from '../app.js';
import { intParam } from '../compat/params.js';
import { withCallerErrors } from '../compat/user-errors.js';
import { ApiError } from '../routes/errors.js';
import { evaluateMetric, toMatrix, toVector } from './evaluate.js';
import { LogQLError, parseLogQL, regexesOf, type LogQuery, type Query, type RangeAggregation } from './logql.js';
import { LokiReader, type LokiWindow } from './loki-reader.js';
import { outputLabels, shown } from './pipeline-sql.js';
import { labelsKey, rangeSteps, type Steps } from './windows.js';
import { NANOS_PER_SECOND, nowNs, requestWindow, stepParam, timeParam } from '../compat/time-params.js';

// The Loki HTTP API level these routes follow; Grafana reads it from buildinfo.
const LOKI_API_VERSION = '3.1.0';

/**
 * Loki's query API over otel_logs (query_range, query, labels, label values, series, index
 * stats, buildinfo), so Grafana's built-in Loki datasource — Explore, log volume, trace-to-logs —
 * reads WatchLLM's log records with no plugin. Errors are plain text, as Loki answers them.
 */
export function lokiRoutes(store: Store) {
  const reader = new LokiReader(store);
  const app = new Hono<AppEnv>();
  app.onError((err, c) => {
    if (err instanceof ApiError) return c.text(err.message, err.status);
    console.error('loki query error:', err);
    return c.text(`internal error: ${(err as Error)?.message ?? String(err)}`, 500);
  });

  app.get('/query_range', async (c) => {
    const query = await requiredQuery(c, reader);
    const w = requestWindow(c);
    if (query.kind === 'log') return c.json(success(await streams(c, reader, w, query)));
    const steps = rangeSteps(w, c.req.query('step'));
    const series = await withCallerErrors(evaluateMetric(reader, w, query, steps));
    return c.json(success({ resultType: 'matrix', result: toMatrix(series, steps) }));
  });

  app.get('/query', async (c) => {
    const query = await requiredQuery(c, reader);
    if (query.kind === 'log') throw new ApiError(400, 'log queries are not supported as instant queries: use /loki/api/v1/query_range');
    const at = timeParam(c.req.query('time'), 'time') ?? nowNs();
    const steps: Steps = { startNs: at, stepNs: NANOS_PER_SECOND, points: 1 };
    const series = await withCallerErrors(evaluateMetric(reader, { projectId: c.var.projectId, startNs: at, endNs: at }, query, steps));
    return c.json(success({ resultType: 'vector', result: toVector(series, steps) }));
  });

  app.get('/labels', async (c) => c.json(success(await withCallerErrors(reader.labelNames(requestWindow(c), await optionalSelector(reader, c.req.query('query')))))));

  app.get('/label/:name/values', async (c) =>
    c.json(success(await withCallerErrors(reader.labelValues(requestWindow(c), c.req.param('name'), await optionalSelector(reader, c.req.query('query')))))),
  );

  app.get('/series', async (c) => {
    const raw = [...(c.req.queries('match[]') ?? []), ...(c.req.queries('match') ?? [])];
    if (raw.length === 0) throw new ApiError(400, 'match[] is required: at least one stream selector such as {service_name="api"}');
    const selectors = await Promise.all(raw.map((m) => selectorParam(reader, m, 'match[]')));
    return c.json(success(await withCallerErrors(reader.series(requestWindow(c), selectors))));
  });

  app.get('/index/stats', async (c) => c.json(await withCallerErrors(reader.stats(requestWindow(c), await selectorParam(reader, c.req.query('query') ?? '', 'query')))));

  // Bytes of log lines per group of streams: by `targetLabels`, else by the labels the selector names.
  app.get('/index/volume', async (c) => {
    const w = requestWindow(c);
    const selector = await selectorParam(reader, c.req.query('query') ?? '', 'query');
    const target = (c.req.query('targetLabels') ?? '').split(',').map((l) => l.trim()).filter(Boolean);
    const labels = target.length ? target : [...new Set(selector.selector.map((m) => m.name))];
    const limit = intParam(c.req.query('limit'), 'limit', 100, 1, 10_000);
    const whole: RangeAggregation = { kind: 'range', fn: 'bytes_over_time', log: selector, rangeNs: w.endNs - w.startNs + 1n };
    const rows = await withCallerErrors(reader.rangeAggregation(w, whole, { startNs: w.endNs, stepNs: 1n, points: 1 }, { kind: 'grouping', grouping: { without: false, labels } }));
    const at = Number(w.endNs) / 1e9;
    const result = rows.sort((a, b) => b.bytes - a.bytes).slice(0, limit).map((r) => ({ metric: r.labels, value: [at, String(r.bytes)] }));
    return c.json(success({ resultType: 'vector', result }));
  });

  // Logs Drilldown's Patterns tab: the selected lines' shapes (variable tokens masked) and how often each came per step.
  app.get('/patterns', async (c) => {
    const w = requestWindow(c);
    const selector = await selectorParam(reader, c.req.query('query') ?? '', 'query');
    const limit = intParam(c.req.query('limit'), 'limit', 50, 1, 1000);
    const stepNs = stepParam(w, c.req.query('step'));
    const patterns = await withCallerErrors(reader.patterns(w, selector, stepNs, limit));
    return c.json(success(patterns.map((p) => ({ pattern: p.pattern, ...(p.level && { level: p.level }), samples: p.samples }))));
  });

  // Logs Drilldown: labels with their cardinality, and the fields of recent lines with their types.
  app.get('/detected_labels', async (c) =>
    c.json({ detectedLabels: await withCallerErrors(reader.detectedLabels(requestWindow(c), await optionalSelector(reader, c.req.query('query')))) }),
  );

  const detectedFields = async (c: Context<AppEnv>) => {
    const selector = await selectorParam(reader, c.req.query('query') ?? '', 'query');
    const lineLimit = intParam(c.req.query('line_limit'), 'line_limit', 1000, 1, 10_000);
    return withCallerErrors(reader.detectedFields(requestWindow(c), selector, lineLimit));
  };
  app.get('/detected_fields', async (c) => {
    const limit = intParam(c.req.query('limit'), 'limit', 1000, 1, 10_000);
    const fields = (await detectedFields(c)).slice(0, limit);
    return c.json({
      fields: fields.map((f) => ({ label: f.label, type: fieldType(f.values), cardinality: f.cardinality, parsers: f.parser ? [f.parser] : null, jsonPath: f.parser === 'json' ? [f.label] : [] })),
      limit,
    });
  });
  app.get('/detected_field/:name/values', async (c) => {
    const limit = intParam(c.req.query('limit'), 'limit', 1000, 1, 10_000);
    const name = c.req.param('name');
    const values = (await detectedFields(c)).filter((f) => f.label === name).flatMap((f) => f.values);
    return c.json({ values: [...new Set(values)].sort().slice(0, limit), limit });
  });

  app.get('/status/buildinfo', (c) => c.json({ version: LOKI_API_VERSION, revision: 'watchllm', branch: 'watchllm', buildUser: 'watchllm', buildDate: '', goVersion: `node${process.versions.node}` }));

  return app;
}

const success = <T>(data: T) => ({ status: 'success', data });

function parseOrRefuse(text: string, name: string): Query {
  try {
    return parseLogQL(text);
  } catch (err) {
    if (err instanceof LogQLError) throw new ApiError(400, `${name}: ${err.message}`);
    throw err;
  }
}

/** Parses a query parameter and has the store compile its regular expressions. */
async function parseChecked(reader: LokiReader, text: string, name: string): Promise<Query> {
  const q = parseOrRefuse(text, name);
  await withCallerErrors(reader.checkRegexes(regexesOf(q)));
  return q;
}

function requiredQuery(c: Context, reader: LokiReader): Promise<Query> {
  const text = c.req.query('query');
  if (text === undefined || text.trim() === '') throw new ApiError(400, 'query is required: a LogQL query such as {service_name="api"} |= "error"');
  return parseChecked(reader, text, 'query');
}

async function selectorParam(reader: LokiReader, text: string, name: string): Promise<LogQuery> {
  const q = await parseChecked(reader, text, name);
  if (q.kind !== 'log') throw new ApiError(400, `${name} must be a stream selector such as {service_name="api"}, not a metric query`);
  return q;
}

const optionalSelector = (reader: LokiReader, text: string | undefined) => (text === undefined || text.trim() === '' ? undefined : selectorParam(reader, text, 'query'));

/** A log query's entries grouped into streams, as Loki answers (structured metadata apart when the caller asks for it). */
async function streams(c: Context<AppEnv>, reader: LokiReader, w: LokiWindow, query: LogQuery) {
  const limit = intParam(c.req.query('limit'), 'limit', 100, 1, 5000);
  const direction = (c.req.query('direction') || 'backward').toLowerCase();
  if (direction !== 'backward' && direction !== 'forward') throw new ApiError(400, 'direction must be backward or forward');
  const rows = await withCallerErrors(reader.entries(w, query, limit, direction));
  const categorize = /categorize-labels/.test(c.req.header('x-loki-response-encoding-flags') ?? '');
  const output = outputLabels(query);
  const without = (labels: Record<string, string>) => Object.fromEntries(Object.entries(labels).filter(([k]) => shown(output, k)));
  const byStream = new Map<string, { stream: Record<string, string>; values: unknown[] }>();
  for (const row of rows) {
    const metadata = without(row.Metadata);
    const stream = categorize ? without(row.Stream) : { ...metadata, ...without(row.Stream) };
    const key = labelsKey(stream);
    let s = byStream.get(key);
    if (!s) byStream.set(key, (s = { stream, values: [] }));
    s.values.push(categorize && Object.keys(metadata).length ? [row.TimeNs, row.Line, { structuredMetadata: metadata }] : [row.TimeNs, row.Line]);
  }
  return {
    resultType: 'streams',
    result: [...byStream.values()],
    stats: { summary: { totalEntriesReturned: rows.length } },
    ...(categorize ? { encodingFlags: ['categorize-labels'] } : {}),
  };
}

/** A detected field's type, as Loki guesses it from values: int, float, boolean, duration, else string. */
export function fieldType(values: string[]): string {
  const all = (re: RegExp) => values.length > 0 && values.every((v) => re.test(v));
  if (all(/^-?\d+$/)) return 'int';
  if (all(/^-?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/)) return 'float';
  if (all(/^(true|false)$/i)) return 'boolean';
  if (all(/^\d+(\.\d+)?(ns|us|µs|ms|s|m|h)$/)) return 'duration';
  return 'string';
}
