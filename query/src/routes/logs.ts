import { Hono } from 'hono';
import { encodeTimeIdCursor } from '../cursor.js';
import { toLogRecordDto } from '../dto/log.js';
import { Params } from '../params.js';
import type { LogSearchReader } from '../reader/log-search-reader.js';
import type { AppEnv } from '../app.js';
import { DAY_MS } from '../reader/query.js';

const LOG_PARAMS = ['start', 'end', 'service', 'minSeverity', 'traceId', 'spanId', 'eventName', 'q', 'limit', 'cursor'] as const;
const isRecordId = (id: string) => /^\d{1,20}$/.test(id);

/** `GET /api/v1/logs`: log records (OTLP logs, e.g. GenAI content events) newest first, filtered and keyset-paged. */
export function logRoutes(reader: LogSearchReader) {
  const app = new Hono<AppEnv>();
  app.get('/', async (c) => {
    const p = new Params(c.req.url, LOG_PARAMS, { attributes: true });
    const { startMs, endMs } = p.timeRange(DAY_MS);
    const page = await reader.search({
      projectId: c.var.projectId,
      startMs,
      endMs,
      service: p.string('service'),
      minSeverity: p.number('minSeverity', { min: 0, max: 24, integer: true }),
      traceId: p.traceId('traceId'),
      spanId: p.spanId('spanId'),
      eventName: p.string('eventName'),
      q: p.string('q', 256),
      attributes: p.attributes(),
      limit: p.limit(100, 1000),
      after: p.timeIdCursor('cursor', isRecordId),
    });
    return c.json({ logs: page.items.map(toLogRecordDto), nextCursor: page.next ? encodeTimeIdCursor(page.next) : null });
  });
  return app;
}
