import { describe, expect, it } from 'vitest';
import { migratedTestStore } from '../../test/migrated-store.js';
import { createQueryApp } from '../app.js';

const store = migratedTestStore('models');

describe('the Models APIs', () => {
  let changes = 0;
  const app = () => createQueryApp({ store: store(), isReady: () => true, modelsChanged: async () => void changes++ });
  const call = async (path: string, init: { method?: string; body?: unknown } = {}) => {
    const res = await app().request(path, { method: init.method ?? 'GET', headers: { 'content-type': 'application/json' }, body: init.body === undefined ? undefined : JSON.stringify(init.body) });
    return { status: res.status, body: res.status === 204 ? null : await res.json() };
  };

  it("creates a model as Langfuse's Model, lists it before the built-in ones, reads and deletes it", async () => {
    const created = await call('/api/public/models', { method: 'POST', body: { modelName: 'acme-llm', matchPattern: '(?i)^(acme-llm)$', unit: 'TOKENS', inputPrice: 0.000001, outputPrice: 0.000002 } });
    expect(created).toEqual({
      status: 200,
      body: {
        id: expect.any(String), modelName: 'acme-llm', matchPattern: '(?i)^(acme-llm)$', startDate: null, unit: 'TOKENS', inputPrice: 0.000001, outputPrice: 0.000002, totalPrice: null,
        tokenizerId: null, tokenizerConfig: null, isLangfuseManaged: false, createdAt: expect.any(String), prices: { input: { price: 0.000001 }, output: { price: 0.000002 } },
        pricingTiers: [{ id: expect.any(String), name: 'Standard', isDefault: true, priority: 0, conditions: [], prices: { input: 0.000001, output: 0.000002 } }],
      },
    });
    expect(changes).toBe(1);
    const id = created.body.id;
    const first = await call('/api/public/models?limit=2');
    expect(first.body.data.map((m: { id: string; isLangfuseManaged: boolean }) => [m.id === id, m.isLangfuseManaged])).toEqual([[true, false], [false, true]]);
    expect(first.body.meta).toMatchObject({ page: 1, limit: 2, totalItems: expect.any(Number) });
    expect(first.body.meta.totalItems).toBeGreaterThan(150);
    expect((await call(`/api/public/models/${id}`)).body).toEqual(created.body);

    expect(await call(`/api/public/models/${id}`, { method: 'DELETE' })).toEqual({ status: 200, body: { message: 'Model successfully deleted' } });
    expect(changes).toBe(2);
    expect((await call(`/api/public/models/${id}`)).status).toBe(404);
    expect(await call(`/api/public/models/${id}`, { method: 'DELETE' })).toEqual({ status: 404, body: { error: `model ${id} not found` } });
  });

  it('shows built-in models read-only, and refuses bad input naming the field', async () => {
    const { body } = await call('/api/public/models?page=1&limit=100');
    const mini = body.data.find((m: { modelName: string }) => m.modelName === 'gpt-4o-mini');
    expect(mini).toMatchObject({ id: 'genai-prices:openai:gpt-4o-mini', isLangfuseManaged: true, unit: 'TOKENS', inputPrice: 1.5e-7, prices: { input: { price: 1.5e-7 } } });
    expect((await call(`/api/public/models/${mini.id}`)).body).toEqual(mini);
    const refused = await call(`/api/public/models/${mini.id}`, { method: 'DELETE' });
    expect(refused.status).toBe(405);
    expect(refused.body.error).toMatch(/is built in .* cannot be deleted/);
    expect((await call(`/api/public/models/${mini.id}`, { method: 'PUT', body: { modelName: 'x', matchPattern: 'x' } })).status).toBe(405);
    const bad = await call('/api/public/models', { method: 'POST', body: { modelName: 'x', matchPattern: '(?i)^(x$' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatch(/^field matchPattern: not a valid regular expression/);
    expect((await call('/api/public/models', { method: 'POST', body: { modelName: 'x', matchPattern: 'x', prices: { input: -1 } } })).body.error).toMatch(/^field prices\.input/);
    expect((await call('/api/public/models?page=0')).status).toBe(400);
  });

  it("upserts a model by id (Langfuse's PUT): replaced in place, its creation time kept", async () => {
    const put = (inputPrice: number) => call('/api/public/models/my-acme', { method: 'PUT', body: { modelName: 'acme', matchPattern: '^acme$', inputPrice } });
    const first = await put(0.000001);
    const second = await put(0.000002);
    expect([first.body.id, second.body.inputPrice, second.body.createdAt]).toEqual(['my-acme', 0.000002, first.body.createdAt]);
    expect((await call('/api/public/models/my-acme')).body.inputPrice).toBe(0.000002);
    await call('/api/public/models/my-acme', { method: 'DELETE' });
  });

  it("serves WatchLLM's own API: per-million rates worked out, create (201), delete (204), built-in filter", async () => {
    const created = await call('/api/v1/model-prices', { method: 'POST', body: { modelName: 'thinker', matchPattern: '^thinker$', prices: { input: 0.000002, output: 0.000008, output_reasoning_tokens: 0.00001 } } });
    expect(created).toEqual({
      status: 201,
      body: {
        id: expect.any(String), modelName: 'thinker', matchPattern: '^thinker$', startDate: null, unit: 'TOKENS', prices: { input: 0.000002, output: 0.000008, output_reasoning_tokens: 0.00001 },
        perMillionTokens: { input: 2, output: 8, cacheRead: null, cacheWrite: null, reasoning: 10 }, builtIn: false, createdAt: expect.any(String),
      },
    });
    expect((await call('/api/v1/model-prices?builtIn=false')).body.models.map((m: { id: string }) => m.id)).toEqual([created.body.id]);
    const builtIn = (await call('/api/v1/model-prices?builtIn=true')).body.models;
    expect(builtIn.find((m: { modelName: string }) => m.modelName === 'gpt-4o-mini').perMillionTokens).toEqual({ input: 0.15, output: 0.6, cacheRead: 0.075, cacheWrite: null, reasoning: null });
    expect((await call(`/api/v1/model-prices/${created.body.id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await call(`/api/v1/model-prices/${created.body.id}`, { method: 'DELETE' })).status).toBe(404);
    expect((await call('/api/v1/model-prices', { method: 'POST', body: { modelName: 'x', matchPattern: 'x', unit: 'tokens' } })).body.error).toMatch(/^field unit/);
  });
});
