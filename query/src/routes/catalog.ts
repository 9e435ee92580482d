import { Hono } from 'hono';
import { Params } from '../params.js';
import type { CatalogReader } from '../reader/catalog-reader.js';
import type { AppEnv } from '../app.js';

const DEFAULT_RANGE_MS = 7 * 86_400_000;

/** /services, /models, /environments and /tags: dropdown values for the UI. */
export function catalogRoutes(reader: CatalogReader) {
  const app = new Hono<AppEnv>();
  for (const list of ['services', 'models', 'environments', 'tags'] as const) {
    app.get(`/${list}`, async (c) => {
      const range = new Params(c.req.url, ['start', 'end']).timeRange(DEFAULT_RANGE_MS);
      return c.json({ [list]: await reader[list]({ projectId: c.var.projectId, ...range }) });
    });
  }
  return app;
}
