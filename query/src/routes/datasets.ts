import { Hono } from 'hono';
import type { AppEnv } from '../app.js';
import { newItemInput } from '../datasets/dataset-input.js';
import { datasetItemDto, type DatasetReports } from '../datasets/dataset-reports.js';
import type { DatasetStore } from '../datasets/dataset-store.js';
import type { RunStore } from '../datasets/run-store.js';
import type { DatasetListDto } from '../dto/dataset.js';
import { bad, Params } from '../params.js';
import { datasetBodyLimit, datasetNamed, runNamed, upsertDataset } from './langfuse-datasets.js';
import { jsonBody } from './json-body.js';

/** Datasets listed at once (newest updated first): more than a screen shows. */
const MAX_DATASETS = 1000;
const MAX_COMPARED = 10;

/**
 * `GET /api/v1/datasets`, `POST` (create, or change by name), `GET /{name}` (its items and runs summed up),
 * `POST /{name}/items` (an item, e.g. from a span the UI shows), `GET /{name}/compare?run=a&run=b` (the items side by
 * side across runs: each run's output, latency, cost, tokens, error and scores). The same store as Langfuse's API.
 */
export function datasetRoutes(datasets: DatasetStore, runs: RunStore, reports: DatasetReports) {
  const app = new Hono<AppEnv>();
  app.get('/', async (c) => {
    new Params(c.req.url, []);
    const { items } = await datasets.listDatasets(c.var.projectId, { limit: MAX_DATASETS, offset: 0 });
    const list: DatasetListDto = { datasets: await reports.summaries(c.var.projectId, items) };
    return c.json(list);
  });
  app.post('/', datasetBodyLimit, async (c) => {
    const [summary] = await reports.summaries(c.var.projectId, [await upsertDataset(datasets, c)]);
    return c.json(summary, 201);
  });
  app.get('/:name', async (c) => {
    new Params(c.req.url, []);
    return c.json(await reports.detail(c.var.projectId, await datasetNamed(datasets, c.var.projectId, c.req.param('name'), 'name')));
  });
  app.post('/:name/items', datasetBodyLimit, async (c) => {
    const d = await datasetNamed(datasets, c.var.projectId, c.req.param('name'), 'name');
    const item = await datasets.upsertItem(c.var.projectId, d.id, newItemInput(await jsonBody(c)));
    return c.json(datasetItemDto(item), 201);
  });
  app.get('/:name/compare', async (c) => {
    const p = new Params(c.req.url, ['run']);
    const names = [...new Set(p.all('run', MAX_COMPARED, 256))];
    if (names.length === 0) throw bad('run', `give 1 to ${MAX_COMPARED} run names (run=a&run=b)`);
    const d = await datasetNamed(datasets, c.var.projectId, c.req.param('name'), 'name');
    const compared = await Promise.all(names.map((name) => runNamed(runs, c.var.projectId, d, name, 'run')));
    return c.json(await reports.compare(c.var.projectId, d, compared));
  });
  return app;
}
