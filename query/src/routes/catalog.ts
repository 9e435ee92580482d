import { Hono } from 'hono';
import { Params } from '../params.js';
import type { CatalogReader } from '../reader/catalog-reader.js';
import type { AppEnv } from '../app.js';

const DEFAULT_RANGE_MS = 7 * 86_400_000;

/** /services, /models, /environments and /tags: dropdown values for the UI. */
export function catalogRoutes(reader: CatalogReader) {
  const app = new Hono<AppEnv>();
  app.get('/services', async (c) => {
    const range = new Params(c.req.url, ['start', 'end']).timeRange(DEFAULT_RANGE_MS);
    return c.json({ services: await reader.services({ projectId: c.var.projectId, ...range }) });
  });
  app.get('/models', async (c) => {
    const range = new Params(c.req.url, ['start', 'end']).timeRange(DEFAULT_RANGE_MS);
    return c.json({ models: await reader.models({ projectId: c.var.projectId, ...range }) });
  });
  app.get('/environments', async (c) => {
    const range = new Params(c.req.url, ['start', 'end']).timeRange(DEFAULT_RANGE_MS);
    return c.json({ environments: await reader.environments({ projectId: c.var.projectId, ...range }) });
  });
  app.get('/tags', async (c) => {
    const range = new Params(c.req.url, ['start', 'end']).timeRange(DEFAULT_RANGE_MS);
    return c.json({ tags: await reader.tags({ projectId: c.var.projectId, ...range }) });
  });
  return app;
}
