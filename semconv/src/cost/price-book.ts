/** Cost of one GenAI record: reported cost first, then a project's models, then config custom prices, then the catalog; unknown → null, never 0. */
import type { GenAiRecord } from '../types.js';
import { priceTokens, type Rates, type TokenCounts } from './arithmetic.js';
import { CATALOG_PRICE_VERSION, matchCatalog, priceAt } from './catalog.js';
import { compileCustomPrice, findCustomPrice, type CompiledCustomPrice, type CustomPrice, type PriceOverrides } from './custom.js';

/** Opaque: build with createPriceBook, pass to computeCost. */
export interface PriceBook {
  readonly catalogVersion: string;
}

interface PriceBookImpl extends PriceBook {
  readonly custom: readonly CompiledCustomPrice[];
}

export interface CostResult {
  costUsd: number | null;
  source: 'reported' | 'catalog' | 'custom' | 'unpriced';
  /** 'genai-prices@0.1.8', 'custom', 'model:<id>' (a project's model), 'reported', or '' when unpriced. */
  priceVersion: string;
  modelMatched: string | null;
}

/** Throws InvalidCustomPriceError on bad config (called once at start-up). */
export function createPriceBook(opts?: { custom?: CustomPrice[] }): PriceBook {
  const book: PriceBookImpl = { catalogVersion: CATALOG_PRICE_VERSION, custom: (opts?.custom ?? []).map(compileCustomPrice) };
  return book;
}

function tokenCounts(r: GenAiRecord): TokenCounts | null {
  if (r.inputTokens === null && r.outputTokens === null) return null;
  const cacheRead = r.cacheReadTokens ?? 0;
  const cacheWrite = r.cacheWriteTokens ?? 0;
  return {
    // Input includes cached tokens by the normalizer's rule; guard against a source that broke it.
    input: Math.max(r.inputTokens ?? 0, cacheRead + cacheWrite),
    output: r.outputTokens ?? 0,
    cacheRead,
    cacheWrite,
    reasoning: r.reasoningTokens ?? 0,
  };
}

// Price tables are shared objects from the catalog: derive Rates once per table.
const ratesCache = new WeakMap<object, Rates>();

function catalogRates(price: Record<string, unknown>): Rates {
  let rates = ratesCache.get(price);
  if (!rates) ratesCache.set(price, (rates = ratesOf(price)));
  return rates;
}

function ratesOf(price: Record<string, unknown>): Rates {
  return {
    input: price.input_mtok as Rates['input'],
    output: price.output_mtok as Rates['output'],
    cacheRead: price.cache_read_mtok as Rates['input'],
    cacheWrite: price.cache_write_mtok as Rates['input'],
    requestsKcount: typeof price.requests_kcount === 'number' ? price.requests_kcount : undefined,
  };
}

const UNPRICED: CostResult = { costUsd: null, source: 'unpriced', priceVersion: '', modelMatched: null };

/** `overrides`: the record's project's own model prices, tried before the book's. */
export function computeCost(record: GenAiRecord, book: PriceBook, atUnixMs: number = Date.now(), overrides?: PriceOverrides): CostResult {
  if (record.reportedCostUsd !== null && Number.isFinite(record.reportedCostUsd) && record.reportedCostUsd >= 0) {
    return { costUsd: record.reportedCostUsd, source: 'reported', priceVersion: 'reported', modelMatched: null };
  }
  const models = candidateModels(record);
  if (models.length === 0) return UNPRICED;
  const tokens = tokenCounts(record);
  const { custom } = book as PriceBookImpl;
  // Every candidate name against the project's models first, then against config prices: a project's model overrides.
  const price = (overrides && firstFound(models, (m) => overrides.find(m, atUnixMs)))
    ?? firstFound(models, (m) => findCustomPrice(custom, record.provider, m, atUnixMs));
  if (price) return result(tokens, price.rates, 'custom', price.version ?? 'custom', price.label);
  for (const model of models) {
    const match = matchCatalog(record.provider, model);
    if (!match) continue;
    const rates = catalogRates(priceAt(match.model, atUnixMs) as Record<string, unknown>);
    return result(tokens, rates, 'catalog', book.catalogVersion, `${match.providerId}/${match.modelId}`);
  }
  return UNPRICED;
}

function result(tokens: TokenCounts | null, rates: Rates, source: 'custom' | 'catalog', version: string, matched: string): CostResult {
  // A known model without token counts (e.g. a streamed call that reported no usage) is still unpriced: null, not 0.
  if (tokens === null) return { costUsd: null, source: 'unpriced', priceVersion: '', modelMatched: matched };
  return { costUsd: priceTokens(tokens, rates), source, priceVersion: version, modelMatched: matched };
}

function firstFound(models: string[], find: (model: string) => CompiledCustomPrice | null): CompiledCustomPrice | null {
  for (const model of models) {
    const price = find(model);
    if (price) return price;
  }
  return null;
}

/** The response model is what was billed; the request model (often an alias) is the fallback. */
function candidateModels(r: GenAiRecord): string[] {
  const out: string[] = [];
  if (r.responseModel) out.push(r.responseModel);
  if (r.requestModel && r.requestModel !== r.responseModel) out.push(r.requestModel);
  return out;
}
