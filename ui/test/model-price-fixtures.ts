// Model prices for the fake API: one project model and a few built-in ones; POST /api/v1/model-prices adds one (a 400
// naming the field for a bad name or pattern, as the query service words it), DELETE /{id} removes a project model.
import type { ModelPriceDto } from '../src/api/types.js';

const json = (status: number, body: unknown) => ({ status, type: 'application/json', body: JSON.stringify(body) });

export const PROJECT_MODEL = { id: '0f3c9a52-model-1', name: 'acme-support-ft' };

/** Per-million rates from per-token prices by the usage types the UI sends (the query service reads more names). */
function rates(prices: Record<string, number>): ModelPriceDto['perMillionTokens'] {
  const rate = (k: string) => (typeof prices[k] === 'number' ? Number((prices[k] * 1e6).toPrecision(12)) : null);
  return { input: rate('input'), output: rate('output'), cacheRead: rate('input_cache_read'), cacheWrite: rate('input_cache_creation'), reasoning: rate('output_reasoning') };
}

const builtIn = (provider: string, name: string, pattern: string, prices: Record<string, number>): ModelPriceDto => ({
  id: `genai-prices:${provider}:${name}`, modelName: name, matchPattern: pattern, startDate: null, unit: 'TOKENS', prices, perMillionTokens: rates(prices), builtIn: true, createdAt: null,
});

export const BUILT_IN_MODELS = [
  builtIn('openai', 'gpt-4o', '(?i)^(openai/)?gpt-4o(-2024-\\d\\d-\\d\\d)?$', { input: 0.0000025, output: 0.00001, input_cache_read: 0.00000125 }),
  builtIn('openai', 'gpt-4o-mini', '(?i)^(openai/)?gpt-4o-mini$', { input: 1.5e-7, output: 6e-7, input_cache_read: 7.5e-8 }),
  builtIn('anthropic', 'claude-3-haiku', '(?i)^claude-3-haiku', { input: 2.5e-7, output: 0.00000125, input_cache_read: 3e-8, input_cache_creation: 3e-7 }),
  builtIn('google', 'claude-3-haiku', '(?i)claude-3-haiku', { input: 2.5e-7, output: 0.00000125, input_cache_read: 3e-8, input_cache_creation: 3e-7 }),
  builtIn('mistral', 'mistral-large', '(?i)^mistral-large', { input: 0.000002, output: 0.000006 }),
];

export function createModelPricesApi() {
  const prices = { input: 0.000001, output: 0.000004 };
  let own: ModelPriceDto[] = [{
    id: PROJECT_MODEL.id, modelName: PROJECT_MODEL.name, matchPattern: `(?i)^(${PROJECT_MODEL.name})$`, startDate: '2025-01-01T00:00:00.000Z', unit: 'TOKENS', prices,
    perMillionTokens: rates(prices), builtIn: false, createdAt: '2025-01-02T09:30:00.000Z',
  }];
  /** The bodies the UI posted, in order. */
  const posts: Record<string, unknown>[] = [];
  let next = 2;
  return {
    posts,
    handle(method: string, url: URL, body: Record<string, unknown>) {
      const p = url.pathname;
      if (p === '/api/v1/model-prices' && method === 'GET') return json(200, { models: [...own, ...BUILT_IN_MODELS] });
      if (p === '/api/v1/model-prices' && method === 'POST') {
        posts.push(body);
        if (typeof body.modelName !== 'string' || !body.modelName.trim()) return json(400, { error: 'field modelName: expected text of 1 to 256 characters' });
        try {
          new RegExp(String(body.matchPattern).replace(/^\(\?i\)/, ''));
        } catch (err) {
          return json(400, { error: `field matchPattern: not a valid regular expression (${(err as Error).message})` });
        }
        const given = body.prices as Record<string, number>;
        const created: ModelPriceDto = {
          id: `0f3c9a52-model-${next++}`, modelName: body.modelName, matchPattern: String(body.matchPattern), startDate: typeof body.startDate === 'string' ? new Date(body.startDate).toISOString() : null,
          unit: 'TOKENS', prices: given, perMillionTokens: rates(given), builtIn: false, createdAt: new Date().toISOString(),
        };
        own = [created, ...own];
        return json(201, created);
      }
      const m = p.match(/^\/api\/v1\/model-prices\/([^/]+)$/);
      if (m && method === 'DELETE') {
        const id = decodeURIComponent(m[1]);
        if (id.startsWith('genai-prices:')) return json(405, { error: `model ${id} is built in (from the genai-prices catalog) and cannot be deleted` });
        if (!own.some((x) => x.id === id)) return json(404, { error: `model ${id} not found` });
        own = own.filter((x) => x.id !== id);
        return { status: 204, type: 'application/json', body: '' };
      }
      return undefined;
    },
  };
}
