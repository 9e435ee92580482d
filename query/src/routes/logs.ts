import { Hono } from 'hono';
import { encodeTimeIdCursor } from '../cursor.js';
import { toLogRecordDto } from '../dto/log.js';
import { Params } from '../params.js';
import type { LogFilter, LogSearchReader } from '../reader/log-search-reader.js';
import type { AppEnv } from '../app.js';
import { DAY_MS } from '../reader/query.js';

const FILTER_PARAMS = ['start', 'end', 'service', 'minSeverity', 'traceId', 'spanId', 'eventName', 'q'] as const;
const isRecordId = (id: string) => /^\d{1,20}$/.test(id);

/** The filter parameters both routes take. */
function logFilter(p: Params, projectId: string): LogFilter {
  return {
    ...p.scope(projectId, DAY_MS),
    service: p.string('service'),
    minSeverity: p.number('minSeverity', { min: 0, max: 24, integer: true }),
    traceId: p.traceId('traceId'),
    spanId: p.spanId('spanId'),
    eventName: p.string('eventName'),
    q: p.string('q', 256),
    attributes: p.attributes(),
  };
}

/**
 * `GET /api/v1/logs`: log records (OTLP logs, e.g. GenAI content events) newest first, filtered
 * and keyset-paged; `GET /api/v1/logs/volume`: how many per time bucket and severity level.
 */
export function logRoutes(reader: LogSearchReader) {
  const app = new Hono<AppEnv>();
  app.get('/', async (c) => {
    const p = new Params(c.req.url, [...FILTER_PARAMS, 'limit', 'cursor'], { attributes: true });
    const page = await reader.search({ ...logFilter(p, c.var.projectId), limit: p.limit(100, 1000), after: p.timeIdCursor('cursor', isRecordId) });
    return c.json({ logs: page.items.map(toLogRecordDto), nextCursor: page.next ? encodeTimeIdCursor(page.next) : null });
  });
  app.get('/volume', async (c) => {
    const p = new Params(c.req.url, [...FILTER_PARAMS, 'step'], { attributes: true });
    const filter = logFilter(p, c.var.projectId);
    const step = p.bucketStep(filter.endMs - filter.startMs);
    return c.json({ step, series: await reader.volume(filter, step) });
  });
  return app;
}
