import { Hono } from 'hono';
import { Params } from '../params.js';
import type { UsageFilter } from '../reader/usage-source.js';
import {
  COST_GROUP_BY,
  LATENCY_GROUP_BY,
  SERIES_GROUP_BY,
  SERIES_METRICS,
  totalOf,
  TRACE_KEYED_GROUP_BY,
  type UsageReader,
} from '../reader/usage-reader.js';
import { ApiError } from './errors.js';
import type { AppEnv } from '../app.js';
import { DAY_MS } from '../reader/query.js';

const FILTERS = ['start', 'end', 'service', 'model', 'provider', 'operation', 'agent', 'userId'] as const;

function usageFilter(p: Params, projectId: string): UsageFilter {
  return {
    ...p.scope(projectId, DAY_MS),
    service: p.string('service'),
    model: p.string('model'),
    provider: p.string('provider'),
    operation: p.string('operation'),
    agent: p.string('agent'),
    userId: p.string('userId'),
  };
}

/** /costs and /metrics/*: read from the usage rollups, never raw spans. */
export function usageRoutes(reader: UsageReader) {
  const app = new Hono<AppEnv>();

  app.get('/costs', async (c) => {
    const p = new Params(c.req.url, [...FILTERS, 'groupBy']);
    const groupBy = p.oneOf('groupBy', COST_GROUP_BY) ?? 'model';
    const filter = usageFilter(p, c.var.projectId);
    if ((TRACE_KEYED_GROUP_BY as readonly string[]).includes(groupBy)) {
      const unsupported = (['service', 'model', 'provider', 'operation', 'agent'] as const).find((k) => filter[k] !== undefined);
      if (unsupported) throw new ApiError(400, `parameter ${unsupported}: not supported with groupBy=${groupBy} (use userId, start, end)`);
    }
    const rows = await reader.costs(filter, groupBy);
    // By tag a trace is in a row per tag: the total counts it once.
    return c.json({ groupBy, rows, total: groupBy === 'tag' ? await reader.taggedTotal(filter) : totalOf(rows) });
  });

  app.get('/metrics/latency', async (c) => {
    const p = new Params(c.req.url, [...FILTERS, 'groupBy']);
    const groupBy = p.oneOf('groupBy', LATENCY_GROUP_BY) ?? 'model';
    return c.json({ groupBy, rows: await reader.latency(usageFilter(p, c.var.projectId), groupBy) });
  });

  app.get('/metrics/timeseries', async (c) => {
    const p = new Params(c.req.url, [...FILTERS, 'metric', 'step', 'groupBy', 'limit']);
    const metric = p.oneOf('metric', SERIES_METRICS);
    if (!metric) throw new ApiError(400, `parameter metric: required, one of ${SERIES_METRICS.join(', ')}`);
    const groupBy = p.oneOf('groupBy', SERIES_GROUP_BY);
    const filter = usageFilter(p, c.var.projectId);
    const rangeMs = filter.endMs - filter.startMs;
    const step = p.bucketStep(rangeMs);
    const series = await reader.timeseries(filter, metric, step, groupBy, p.limit(20, 100));
    return c.json({ metric, step, groupBy: groupBy ?? null, series });
  });
  return app;
}
