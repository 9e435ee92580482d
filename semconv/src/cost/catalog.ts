/**
 * Price matching against the @pydantic/genai-prices catalog. The library's `calcPrice` costs ~40 µs per call
 * (it rebuilds unit trees every time), too slow for the ingest path, so we use it only to *match* a
 * provider+model once (cached), then price tokens with the matched model's price table ourselves.
 * catalog.test.ts checks our arithmetic against `calcPrice` for many models.
 */
import { calcPrice, type ModelInfo, type ModelPrice } from '@pydantic/genai-prices';

export const CATALOG_NAME = 'genai-prices';
/** Version of the bundled catalog package; catalog.test.ts fails if node_modules holds another one. */
export const CATALOG_VERSION = '0.1.8';
export const CATALOG_PRICE_VERSION = `${CATALOG_NAME}@${CATALOG_VERSION}`;

export interface CatalogMatch {
  providerId: string;
  modelId: string;
  model: ModelInfo;
  /** `<providerId>/<modelId>`, made once per match rather than per priced span. */
  label: string;
}

/** semconv provider → catalog provider id. Providers not listed are tried by their own name, then by model alone. */
const CATALOG_PROVIDER: Record<string, string> = {
  openai: 'openai', anthropic: 'anthropic', 'aws.bedrock': 'aws', 'azure.ai.openai': 'azure', 'azure.ai.inference': 'azure',
  'gcp.gemini': 'google', 'gcp.vertex_ai': 'google', 'gcp.gen_ai': 'google', mistral_ai: 'mistral', x_ai: 'x-ai',
  deepseek: 'deepseek', groq: 'groq', cohere: 'cohere', perplexity: 'perplexity',
};

// provider → model → match. Nested maps: no key concatenation per lookup on the hot path.
const matchCache = new Map<string, Map<string, CatalogMatch | null>>();
let cachedEntries = 0;
const MATCH_CACHE_LIMIT = 10_000;
const PROBE_USAGE = { input_tokens: 1, output_tokens: 1 };

function probe(model: string, providerId: string | undefined): CatalogMatch | null {
  try {
    const r = calcPrice(PROBE_USAGE, model, providerId ? { providerId } : {});
    return r ? { providerId: r.provider.id, modelId: r.model.id, model: r.model, label: `${r.provider.id}/${r.model.id}` } : null;
  } catch {
    return null;
  }
}

function resolve(provider: string | null, model: string): CatalogMatch | null {
  const mapped = provider ? CATALOG_PROVIDER[provider] : undefined;
  if (mapped) return probe(model, mapped);
  // Unknown or missing provider: its own name may be a catalog id (e.g. 'fireworks'), else match on the model name.
  return (provider ? probe(model, provider) : null) ?? probe(model, undefined);
}

export function matchCatalog(provider: string | null, model: string): CatalogMatch | null {
  const providerKey = provider ?? '';
  let byModel = matchCache.get(providerKey);
  const hit = byModel?.get(model);
  if (hit !== undefined) return hit;
  const match = resolve(provider, model);
  if (cachedEntries >= MATCH_CACHE_LIMIT) {
    matchCache.clear(); // bounded: model ids come from untrusted spans
    cachedEntries = 0;
    byModel = undefined;
  }
  if (!byModel) matchCache.set(providerKey, (byModel = new Map()));
  byModel.set(model, match);
  cachedEntries++;
  return match;
}

/** Seconds since UTC midnight of 'HH:MM:SS[.fff](Z|±HH:MM)'; NaN when malformed. */
function secondsOfDay(t: string): number {
  const m = /^(\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(Z|([+-])(\d{2}):(\d{2}))$/.exec(t);
  if (!m) return NaN;
  const local = Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3]);
  const offset = m[4] === 'Z' ? 0 : (m[5] === '+' ? 1 : -1) * (Number(m[6]) * 3600 + Number(m[7]) * 60);
  return (((local - offset) % 86400) + 86400) % 86400;
}

/** The price in force at `at`: later entries win when their constraint holds (the catalog's own rule). */
export function priceAt(model: ModelInfo, atUnixMs: number): ModelPrice {
  if (!Array.isArray(model.prices)) return model.prices;
  const at = new Date(atUnixMs);
  const t = atUnixMs;
  const sod = at.getUTCHours() * 3600 + at.getUTCMinutes() * 60 + at.getUTCSeconds() + at.getUTCMilliseconds() / 1000;
  for (let i = model.prices.length - 1; i >= 0; i--) {
    const entry = model.prices[i];
    const c = entry.constraint;
    if (c === undefined) return entry.prices;
    if (c.type === 'start_date') {
      if (t >= Date.parse(c.start_date)) return entry.prices;
    } else if (c.type === 'time_of_date') {
      const start = secondsOfDay(c.start_time);
      const end = secondsOfDay(c.end_time);
      if (end < start ? sod >= start || sod < end : sod >= start && sod < end) return entry.prices;
    }
  }
  return model.prices[0].prices;
}
