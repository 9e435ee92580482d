import { Hono } from 'hono';
import type { AppEnv } from '../app.js';
import { Params } from '../params.js';
import { DAY_MS } from '../reader/query.js';
import { EVALUATION_GROUP_BY, type EvaluationReader } from '../reader/evaluation-reader.js';

/** `GET /api/v1/evaluations`: evaluation results summed up by name, or name and evaluated model. */
export function evaluationRoutes(reader: EvaluationReader) {
  const app = new Hono<AppEnv>();
  app.get('/', async (c) => {
    const p = new Params(c.req.url, ['start', 'end', 'service', 'name', 'groupBy']);
    const groupBy = p.oneOf('groupBy', EVALUATION_GROUP_BY) ?? 'name';
    const rows = await reader.summary({ ...p.scope(c.var.projectId, 7 * DAY_MS), service: p.string('service'), name: p.string('name') }, groupBy);
    return c.json({ groupBy, rows });
  });
  return app;
}
