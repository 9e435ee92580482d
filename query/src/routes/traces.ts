import { Hono } from 'hono';
import { toSpanDto } from '../dto/span.js';
import { normalizeTraceId, type TraceReader } from '../reader/trace-reader.js';
import { waterfallOrder } from '../waterfall.js';
import { ApiError } from './errors.js';
import type { AppEnv } from '../app.js';

export function traceRoutes(reader: TraceReader) {
  const app = new Hono<AppEnv>();
  app.get('/:traceId', async (c) => {
    const raw = c.req.param('traceId');
    const traceId = normalizeTraceId(raw);
    if (!traceId) throw new ApiError(400, `trace id "${raw.slice(0, 64)}" must be 16 or 32 hex characters`);
    const spans = await reader.getTrace(c.var.projectId, traceId);
    if (spans.length === 0) throw new ApiError(404, `trace ${traceId} not found`);
    const ordered = waterfallOrder(spans);
    return c.json({ traceId, spans: ordered.map((p) => toSpanDto(p.span, p.depth, p.orphan)) });
  });
  return app;
}
