/**
 * WatchLLM's own API of a project's model prices (`/api/v1/model-prices`), for the UI: its models and the
 * built-in ones with per-million-token rates worked out, create and delete. Same definitions as Langfuse's
 * Models API (routes/langfuse-models.ts). (`/api/v1/models` lists the model names spans used.)
 */
import { ratesOfUsagePrices } from '@watchllm/semconv';
import { Hono } from 'hono';
import type { AppEnv } from '../app.js';
import type { Model, ModelStore } from '../models/model-store.js';
import { Params } from '../params.js';
import { creating, deleteModel, modelBodyLimit, readModelInput } from './langfuse-models.js';

export interface ModelPriceDto {
  id: string;
  modelName: string;
  /** A regex on the model name of a span (response model, else request model); `(?i)` first: case-insensitive. */
  matchPattern: string;
  startDate: string | null;
  unit: string | null;
  /** USD per unit by usage type, as defined. */
  prices: Record<string, number>;
  /** What a span is billed, USD per million tokens; null when the model prices no tokens (another unit, or no token price). */
  perMillionTokens: { input: number | null; output: number | null; cacheRead: number | null; cacheWrite: number | null; reasoning: number | null } | null;
  builtIn: boolean;
  createdAt: string | null;
}

export interface ModelPriceListDto {
  /** The project's own first (newest change first), then the built-in ones. */
  models: ModelPriceDto[];
}

const rate = (r: unknown) => (typeof r === 'number' ? r : null);

function perMillionTokens(m: Model): ModelPriceDto['perMillionTokens'] {
  const rates = m.unit === null || m.unit === 'TOKENS' ? ratesOfUsagePrices(m.prices) : null;
  if (!rates) return null;
  return { input: rate(rates.input), output: rate(rates.output), cacheRead: rate(rates.cacheRead), cacheWrite: rate(rates.cacheWrite), reasoning: rate(rates.reasoning) };
}

const toDto = (m: Model): ModelPriceDto => ({
  id: m.id,
  modelName: m.modelName,
  matchPattern: m.matchPattern,
  startDate: m.startMs === null ? null : new Date(m.startMs).toISOString(),
  unit: m.unit,
  prices: m.prices,
  perMillionTokens: perMillionTokens(m),
  builtIn: m.builtIn,
  createdAt: m.createdAtMs === null ? null : new Date(m.createdAtMs).toISOString(),
});

export function modelPriceRoutes(models: ModelStore) {
  const app = new Hono<AppEnv>();

  app.get('/', async (c) => {
    const builtIn = new Params(c.req.url, ['builtIn']).oneOf('builtIn', ['true', 'false'] as const);
    const all = await models.list(c.var.projectId);
    const list: ModelPriceListDto = { models: all.filter((m) => builtIn === undefined || m.builtIn === (builtIn === 'true')).map(toDto) };
    return c.json(list);
  });

  app.post('/', modelBodyLimit, async (c) => {
    const input = await readModelInput(c);
    return c.json(toDto(await creating(() => models.create(c.var.projectId, input))), 201);
  });

  app.delete('/:id', async (c) => {
    await deleteModel(models, c.var.projectId, c.req.param('id'));
    return c.body(null, 204);
  });
  return app;
}
