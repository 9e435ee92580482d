import { Hono } from 'hono';
import type { AppEnv } from '../app.js';
import { Params } from '../params.js';
import { DAY_MS } from '../reader/query.js';
import { EVALUATION_GROUP_BY, type EvaluationReader } from '../reader/evaluation-reader.js';

/** `GET /api/v1/evaluations`: evaluation results summed up by name, or name and evaluated model; `/trend`: average score over time. */
export function evaluationRoutes(reader: EvaluationReader) {
  const app = new Hono<AppEnv>();
  const filter = (p: Params, projectId: string) => ({ ...p.scope(projectId, 7 * DAY_MS), service: p.string('service'), name: p.string('name') });
  app.get('/', async (c) => {
    const p = new Params(c.req.url, ['start', 'end', 'service', 'name', 'groupBy']);
    const groupBy = p.oneOf('groupBy', EVALUATION_GROUP_BY) ?? 'name';
    return c.json({ groupBy, rows: await reader.summary(filter(p, c.var.projectId), groupBy) });
  });
  app.get('/trend', async (c) => {
    const p = new Params(c.req.url, ['start', 'end', 'service', 'name', 'step']);
    const f = filter(p, c.var.projectId);
    const step = p.bucketStep(f.endMs - f.startMs);
    return c.json({ step, series: await reader.timeseries(f, step) });
  });
  return app;
}
