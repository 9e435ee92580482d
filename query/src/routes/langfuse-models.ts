/**
 * Langfuse's Models API (`/api/public/models`): `api.models.create`, `.list`, `.get`, `.upsert` and `.delete` of
 * `@langfuse/client` work against WatchLLM. A project's models price its spans at ingest, before config prices
 * and the catalog; the catalog's models are listed as Langfuse's built-in ones (`isLangfuseManaged`), read-only.
 */
import { Hono } from 'hono';
import type { AppEnv } from '../app.js';
import { meta, pageOf } from '../langfuse/request.js';
import { modelInput, type ModelInput } from '../models/model-input.js';
import { isBuiltInId, ModelLimitReached, type Model, type ModelStore } from '../models/model-store.js';
import { Params } from '../params.js';
import { ApiError } from './errors.js';
import { jsonBody, limitedBody } from './json-body.js';

/** A definition with its prices and tokenizer config fits well in 64 KiB. */
export const modelBodyLimit = limitedBody(64 * 1024, 'a model definition is a name, a pattern and its prices');

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** A model as Langfuse's Model object. */
export const langfuseModel = (m: Model) => ({
  id: m.id,
  modelName: m.modelName,
  matchPattern: m.matchPattern,
  startDate: iso(m.startMs),
  unit: m.unit,
  inputPrice: m.inputPrice,
  outputPrice: m.outputPrice,
  totalPrice: m.totalPrice,
  tokenizerId: m.tokenizerId,
  tokenizerConfig: m.tokenizerConfig,
  isLangfuseManaged: m.builtIn,
  createdAt: iso(m.createdAtMs),
  prices: Object.fromEntries(Object.entries(m.prices).map(([usageType, price]) => [usageType, { price }])),
  // Flat prices are Langfuse's single default tier.
  pricingTiers: Object.keys(m.prices).length === 0 ? [] : [{ id: `${m.id}:standard`, name: 'Standard', isDefault: true, priority: 0, conditions: [], prices: m.prices }],
});

const MAX_ID = 128;

/** A built-in model cannot be changed: its prices come with WatchLLM's catalog. */
function refuseBuiltIn(id: string, change: string): void {
  if (isBuiltInId(id)) throw new ApiError(405, `model ${id.slice(0, MAX_ID)} is built in (from the genai-prices catalog) and cannot be ${change}; create a model whose matchPattern matches the same names to price them your way`);
}

/** Runs a create, answering 400 when the project is at its limit. */
export async function creating(create: () => Promise<Model>): Promise<Model> {
  try {
    return await create();
  } catch (err) {
    if (err instanceof ModelLimitReached) throw new ApiError(400, err.message);
    throw err;
  }
}

/** Deletes the caller's model `id`: 405 for a built-in one, 404 for one the project does not have. */
export async function deleteModel(models: ModelStore, projectId: string, id: string): Promise<void> {
  refuseBuiltIn(id, 'deleted');
  if (!(await models.remove(projectId, id))) throw new ApiError(404, `model ${id.slice(0, MAX_ID)} not found`);
}

export const readModelInput = async (c: { req: { json(): Promise<unknown> } }): Promise<ModelInput> => modelInput(await jsonBody(c));

export function langfuseModelRoutes(models: ModelStore) {
  const app = new Hono<AppEnv>();

  app.get('/models', async (c) => {
    const page = pageOf(new Params(c.req.url, ['page', 'limit']), 100);
    const all = await models.list(c.var.projectId);
    return c.json({ data: all.slice(page.offset, page.offset + page.limit).map(langfuseModel), meta: meta(page, all.length) });
  });

  app.get('/models/:id', async (c) => {
    const id = c.req.param('id');
    const found = await models.get(c.var.projectId, id);
    if (!found) throw new ApiError(404, `model ${id.slice(0, MAX_ID)} not found`);
    return c.json(langfuseModel(found));
  });

  app.post('/models', modelBodyLimit, async (c) => {
    const input = await readModelInput(c);
    return c.json(langfuseModel(await creating(() => models.create(c.var.projectId, input))));
  });

  app.put('/models/:id', modelBodyLimit, async (c) => {
    const id = c.req.param('id');
    refuseBuiltIn(id, 'changed');
    if (id.length > MAX_ID) throw new ApiError(400, `model id: at most ${MAX_ID} characters`);
    const input = await readModelInput(c);
    return c.json(langfuseModel(await creating(() => models.put(c.var.projectId, id, input))));
  });

  app.delete('/models/:id', async (c) => {
    await deleteModel(models, c.var.projectId, c.req.param('id'));
    return c.json({ message: 'Model successfully deleted' });
  });
  return app;
}
