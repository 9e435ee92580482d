import { Hono } from 'hono';
import type { AppEnv } from '../app.js';
import { Params } from '../params.js';
import { DAY_MS } from '../reader/query.js';
import type { ServiceMapReader } from '../reader/service-map-reader.js';

/** `GET /api/v1/service-map`: who calls whom (services, agents, models, tools) over a time range. */
export function serviceMapRoutes(reader: ServiceMapReader) {
  const app = new Hono<AppEnv>();
  app.get('/', async (c) => {
    const p = new Params(c.req.url, ['start', 'end', 'service']);
    return c.json(await reader.map({ ...p.scope(c.var.projectId, DAY_MS), service: p.string('service') }));
  });
  return app;
}
