/**
 * Langfuse's datasets and experiment runs, so `@langfuse/client` (`langfuse.dataset.get(name)`,
 * `dataset.runExperiment(…)`, `api.datasets` / `datasetItems` / `datasetRunItems`) and the older
 * `langfuse` v3 SDK (`createDataset`, `createDatasetItem`, `getDataset`, `item.link`) work against
 * WatchLLM unchanged: datasets (an upsert by name), items (an upsert by id; ACTIVE or ARCHIVED), runs
 * made by their first item linked to a trace, and run-level scores (`keepRunScore`).
 */
import { Hono, type Context } from 'hono';
import type { AppEnv } from '../app.js';
import { datasetInput, langfuseItemInput, nameField, runItemInput, runScoreInput } from '../datasets/dataset-input.js';
import { datasetItemDto, iso } from '../datasets/dataset-reports.js';
import { DatasetConflict, type Dataset, type DatasetItem, type DatasetStore } from '../datasets/dataset-store.js';
import type { DatasetRun, RunItem, RunStore } from '../datasets/run-store.js';
import { meta, pageOf } from '../langfuse/request.js';
import { Params } from '../params.js';
import { ApiError } from './errors.js';
import type { RunScoreKeeper } from './evaluations.js';
import { jsonBody, limitedBody } from './json-body.js';

/** An item's input and expected output are a task's data: tens of KiB usually, a document or two at most. */
export const datasetBodyLimit = limitedBody(5 * 1024 * 1024, 'a dataset item, its input, expected output and metadata, must fit in 5 MiB');
/** What a dataset shows of its items and runs at once (Langfuse's v1 dataset answer). */
const MAX_EMBEDDED = 1000;

const langfuseDataset = (d: Dataset, projectId: string) => ({
  id: d.id,
  name: d.name,
  description: d.description,
  metadata: d.metadata,
  inputSchema: null,
  expectedOutputSchema: null,
  projectId,
  createdAt: iso(d.createdAtMs),
  updatedAt: iso(d.updatedAtMs),
});

const langfuseItem = (i: DatasetItem, datasetName: string) => ({ ...datasetItemDto(i), datasetId: i.datasetId, datasetName, mediaReferences: [] });

const langfuseRun = (r: DatasetRun, datasetName: string) => ({
  id: r.id,
  name: r.name,
  description: r.description,
  metadata: r.metadata,
  datasetId: r.datasetId,
  datasetName,
  createdAt: iso(r.createdAtMs),
  updatedAt: iso(r.updatedAtMs),
});

const langfuseRunItem = (i: RunItem, run: DatasetRun) => ({
  id: i.id,
  datasetRunId: run.id,
  datasetRunName: run.name,
  datasetItemId: i.datasetItemId,
  traceId: i.traceId,
  observationId: i.observationId,
  createdAt: iso(i.createdAtMs),
  updatedAt: iso(i.updatedAtMs),
});

const cut = (s: string) => s.slice(0, 256);

/** The dataset named, or a 404 naming it. */
export async function datasetNamed(datasets: DatasetStore, projectId: string, rawName: string | undefined, field = 'datasetName'): Promise<Dataset> {
  const name = nameField(rawName, field);
  const d = await datasets.dataset(projectId, name);
  if (!d) throw new ApiError(404, `dataset ${cut(name)} not found`);
  return d;
}

/** The run of a dataset named, or a 404 naming it. */
export async function runNamed(runs: RunStore, projectId: string, d: Dataset, rawName: string | undefined, field = 'runName'): Promise<DatasetRun> {
  const name = nameField(rawName, field);
  const run = await runs.run(projectId, d.id, name);
  if (!run) throw new ApiError(404, `run ${cut(name)} of dataset ${cut(d.name)} not found`);
  return run;
}

/** A dataset created, or changed (by name), from a request's body. */
export const upsertDataset = async (datasets: DatasetStore, c: Context<AppEnv>) => datasets.upsertDataset(c.var.projectId, datasetInput(await jsonBody(c)));

/**
 * A run-level score (`datasetRunId`, no `traceId`), kept with the run: what `langfuseRoutes`' score
 * endpoints call for such a score.
 */
export const keepRunScore = (runs: RunStore): RunScoreKeeper => async (projectId, body, config) => {
  const { runId, score } = runScoreInput(body, config);
  const run = await runs.runById(projectId, runId);
  if (!run) throw new ApiError(404, `dataset run ${cut(runId)} not found`);
  await runs.addScore(projectId, run, score);
  return { id: score.id };
};

export function langfuseDatasetRoutes(datasets: DatasetStore, runs: RunStore) {
  const app = new Hono<AppEnv>();

  // v2 is what @langfuse/client calls; the older SDKs create on /datasets and read /datasets/{name}.
  for (const path of ['/v2/datasets', '/datasets']) {
    app.post(path, datasetBodyLimit, async (c) => c.json(langfuseDataset(await upsertDataset(datasets, c), c.var.projectId)));
    app.get(path, async (c) => {
      const page = pageOf(new Params(c.req.url, ['page', 'limit']), 100);
      const { items, total } = await datasets.listDatasets(c.var.projectId, page);
      return c.json({ data: items.map((d) => langfuseDataset(d, c.var.projectId)), meta: meta(page, total) });
    });
  }
  app.get('/v2/datasets/:datasetName', async (c) => c.json(langfuseDataset(await datasetNamed(datasets, c.var.projectId, c.req.param('datasetName')), c.var.projectId)));
  // Langfuse's v1 answer: the dataset with its items and its runs' names.
  app.get('/datasets/:datasetName', async (c) => {
    const d = await datasetNamed(datasets, c.var.projectId, c.req.param('datasetName'));
    const [{ items }, { items: dsRuns }] = await Promise.all([
      datasets.listItems(c.var.projectId, { datasetId: d.id, archived: true, limit: MAX_EMBEDDED, offset: 0 }),
      runs.listRuns(c.var.projectId, d.id, { limit: MAX_EMBEDDED, offset: 0 }),
    ]);
    return c.json({ ...langfuseDataset(d, c.var.projectId), items: items.map((i) => langfuseItem(i, d.name)), runs: dsRuns.map((r) => r.name) });
  });

  app.post('/dataset-items', datasetBodyLimit, async (c) => {
    const { datasetName, item } = langfuseItemInput(await jsonBody(c));
    const d = await datasetNamed(datasets, c.var.projectId, datasetName);
    try {
      return c.json(langfuseItem(await datasets.upsertItem(c.var.projectId, d.id, item), d.name));
    } catch (err) {
      if (err instanceof DatasetConflict) throw new ApiError(409, err.message);
      throw err;
    }
  });
  const itemWithDataset = async (projectId: string, rawId: string) => {
    const id = nameField(rawId, 'id');
    const item = await datasets.item(projectId, id);
    const d = item && (await datasets.datasetById(projectId, item.datasetId));
    if (!item || !d) throw new ApiError(404, `dataset item ${cut(id)} not found`);
    return { item, d };
  };
  app.get('/dataset-items/:id', async (c) => {
    const { item, d } = await itemWithDataset(c.var.projectId, c.req.param('id'));
    return c.json(langfuseItem(item, d.name));
  });
  app.delete('/dataset-items/:id', async (c) => {
    const { item } = await itemWithDataset(c.var.projectId, c.req.param('id'));
    await datasets.deleteItem(c.var.projectId, item.id);
    return c.json({ message: `dataset item ${item.id} deleted` });
  });
  app.get('/dataset-items', async (c) => {
    const p = new Params(c.req.url, ['datasetName', 'sourceTraceId', 'sourceObservationId', 'page', 'limit', 'version']);
    if (p.string('version') !== undefined) throw new ApiError(400, 'parameter version: dataset versions are not kept by WatchLLM; leave it out');
    const page = pageOf(p, 100);
    const name = p.string('datasetName');
    const d = name === undefined ? undefined : await datasetNamed(datasets, c.var.projectId, name);
    const { items, total } = await datasets.listItems(c.var.projectId, {
      datasetId: d?.id,
      sourceTraceId: p.string('sourceTraceId', 255),
      sourceObservationId: p.string('sourceObservationId', 255),
      // Archived items are not run again: the SDKs' experiments run what this lists (GET /dataset-items/{id} still reads one).
      archived: false,
      ...page,
    });
    const names = d ? new Map([[d.id, d]]) : await datasets.datasetsByIds(c.var.projectId, [...new Set(items.map((i) => i.datasetId))]);
    return c.json({ data: items.map((i) => langfuseItem(i, names.get(i.datasetId)?.name ?? '')), meta: meta(page, total) });
  });

  app.post('/dataset-run-items', datasetBodyLimit, async (c) => {
    const link = runItemInput(await jsonBody(c));
    const item = await datasets.item(c.var.projectId, link.datasetItemId);
    if (!item) throw new ApiError(404, `dataset item ${cut(link.datasetItemId)} not found`);
    const { run, item: runItem } = await runs.link(c.var.projectId, item.datasetId, link);
    return c.json(langfuseRunItem(runItem, run));
  });
  app.get('/dataset-run-items', async (c) => {
    const p = new Params(c.req.url, ['datasetId', 'runName', 'page', 'limit']);
    const page = pageOf(p, 100);
    const datasetId = nameField(p.string('datasetId'), 'datasetId');
    const d = await datasets.datasetById(c.var.projectId, datasetId);
    if (!d) throw new ApiError(404, `dataset ${cut(datasetId)} not found`);
    const run = await runNamed(runs, c.var.projectId, d, p.string('runName'));
    const { items, total } = await runs.runItems(c.var.projectId, d.id, [run.id], page);
    return c.json({ data: items.map((i) => langfuseRunItem(i, run)), meta: meta(page, total) });
  });

  app.get('/datasets/:datasetName/runs', async (c) => {
    const page = pageOf(new Params(c.req.url, ['page', 'limit']), 100);
    const d = await datasetNamed(datasets, c.var.projectId, c.req.param('datasetName'));
    const { items, total } = await runs.listRuns(c.var.projectId, d.id, page);
    return c.json({ data: items.map((r) => langfuseRun(r, d.name)), meta: meta(page, total) });
  });
  app.get('/datasets/:datasetName/runs/:runName', async (c) => {
    const d = await datasetNamed(datasets, c.var.projectId, c.req.param('datasetName'));
    const run = await runNamed(runs, c.var.projectId, d, c.req.param('runName'));
    const { items } = await runs.runItems(c.var.projectId, d.id, [run.id]);
    return c.json({ ...langfuseRun(run, d.name), datasetRunItems: items.map((i) => langfuseRunItem(i, run)) });
  });
  app.delete('/datasets/:datasetName/runs/:runName', async (c) => {
    const d = await datasetNamed(datasets, c.var.projectId, c.req.param('datasetName'));
    const run = await runNamed(runs, c.var.projectId, d, c.req.param('runName'));
    await runs.deleteRun(c.var.projectId, d.id, run.name);
    return c.json({ message: `run ${run.name} of dataset ${d.name} deleted` });
  });
  return app;
}
