import { Hono } from 'hono';
import type { Store } from '@watchllm/collector';
import { TraceReader } from './reader/trace-reader.js';
import { errorResponse } from './routes/errors.js';
import { traceRoutes } from './routes/traces.js';
import { staticUi } from './routes/ui.js';

export type AppEnv = { Variables: { projectId: string } };

export interface QueryAppOptions {
  store: Store;
  /** True once the store is migrated and every receiver listens. */
  isReady(): boolean;
  /** Directory of the built UI; omitted → no UI routes. */
  uiDir?: string;
}

export function createQueryApp(options: QueryAppOptions) {
  const app = new Hono<AppEnv>();
  app.onError((err, c) => errorResponse(c, err));
  app.notFound((c) => c.json({ error: `no route for ${c.req.method} ${c.req.path}` }, 404));

  app.get('/healthz', (c) => (options.isReady() ? c.json({ status: 'ok' }) : c.json({ status: 'starting' }, 503)));

  app.use('/api/*', async (c, next) => {
    c.set('projectId', 'default');
    await next();
  });
  app.route('/api/v1/traces', traceRoutes(new TraceReader(options.store)));
  if (options.uiDir) app.route('/', staticUi(options.uiDir));
  return app;
}
