/**
 * The catalog's models as a list: what Langfuse's Models API shows as its built-in ("Langfuse managed") models.
 * Ingest never reads this list (it matches with the catalog's own rules, catalog.ts); it is for showing.
 */
import { findProvider, type MatchLogic } from '@pydantic/genai-prices';
import { priceAt } from './catalog.js';
import { USAGE_TYPES, perToken } from './model-prices.js';

/**
 * The model makers listed (about 240 current models, near Langfuse's own built-in list): resellers such as
 * Bedrock, Azure or Groq repeat the same models under other ids and would triple the list.
 */
const LISTED_PROVIDERS = ['openai', 'anthropic', 'google', 'mistral', 'x-ai', 'deepseek'];

export interface CatalogModel {
  providerId: string;
  modelId: string;
  /** The catalog's match rules as one regex, in Langfuse's spelling (`(?i)` for case-insensitive). */
  matchPattern: string;
  /** USD per token by usage type (Langfuse's unit), as of the time asked. */
  prices: Record<string, number>;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The catalog's match rules as a regex source (equals, prefixes, suffixes and substrings are case-insensitive there). */
export function matchLogicPattern(m: MatchLogic): string {
  if ('equals' in m) return `^${escape(m.equals)}$`;
  if ('starts_with' in m) return `^${escape(m.starts_with)}`;
  if ('ends_with' in m) return `${escape(m.ends_with)}$`;
  if ('contains' in m) return escape(m.contains);
  if ('regex' in m) return m.regex;
  if ('or' in m) return `(?:${m.or.map(matchLogicPattern).join('|')})`;
  // Every part must match somewhere: one lookahead each.
  return `^${m.and.map((part) => `(?=.*?(?:${matchLogicPattern(part)}))`).join('')}`;
}

/** The catalog's per-million keys by the usage type each prices. Tiered rates show their base rate. */
const CATALOG_KEYS: [string, string][] = [
  ['input_mtok', USAGE_TYPES.input[0]],
  ['output_mtok', USAGE_TYPES.output[0]],
  ['cache_read_mtok', USAGE_TYPES.cacheRead[0]],
  ['cache_write_mtok', USAGE_TYPES.cacheWrite[0]],
];

/** The listed makers' current (not deprecated) models, with their prices in force at `atMs`. */
export function listCatalogModels(atMs: number = Date.now()): CatalogModel[] {
  const out: CatalogModel[] = [];
  for (const providerId of LISTED_PROVIDERS) {
    for (const model of findProvider({ providerId })?.models ?? []) {
      if (model.deprecated) continue;
      const price = priceAt(model, atMs);
      const prices: Record<string, number> = {};
      for (const [key, usageType] of CATALOG_KEYS) {
        const rate = price[key];
        const perMTok = typeof rate === 'number' ? rate : rate?.base;
        if (perMTok !== undefined) prices[usageType] = perToken(perMTok);
      }
      out.push({ providerId, modelId: model.id, matchPattern: `(?i)${matchLogicPattern(model.match)}`, prices });
    }
  }
  return out;
}
