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
  const billed = billedModel(record);
  if (billed === null) return UNPRICED;
  const alias = aliasModel(record);
  const tokens = tokenCounts(record);
  // Both names against the project's models first, then against config prices: a project's model overrides.
  const price = (overrides ? overridePrice(overrides, billed, alias, atUnixMs) : null)
    ?? configPrice((book as PriceBookImpl).custom, record.provider, billed, alias, atUnixMs);
  if (price) return result(tokens, price.rates, 'custom', price.version ?? 'custom', price.label);
  const match = matchCatalog(record.provider, billed) ?? (alias !== null ? matchCatalog(record.provider, alias) : null);
  if (!match) return UNPRICED;
  const rates = catalogRates(priceAt(match.model, atUnixMs) as Record<string, unknown>);
  return result(tokens, rates, 'catalog', book.catalogVersion, match.label);
}

function result(tokens: TokenCounts | null, rates: Rates, source: 'custom' | 'catalog', version: string, matched: string): CostResult {
  // A known model without token counts (e.g. a streamed call that reported no usage) is still unpriced: null, not 0.
  if (tokens === null) return { costUsd: null, source: 'unpriced', priceVersion: '', modelMatched: matched };
  return { costUsd: priceTokens(tokens, rates), source, priceVersion: version, modelMatched: matched };
}

function overridePrice(overrides: PriceOverrides, billed: string, alias: string | null, atMs: number): CompiledCustomPrice | null {
  return overrides.find(billed, atMs) ?? (alias !== null ? overrides.find(alias, atMs) : null);
}

function configPrice(
  custom: readonly CompiledCustomPrice[], provider: string | null, billed: string, alias: string | null, atMs: number,
): CompiledCustomPrice | null {
  if (custom.length === 0) return null;
  return findCustomPrice(custom, provider, billed, atMs) ?? (alias !== null ? findCustomPrice(custom, provider, alias, atMs) : null);
}

/*
 * The response model is what was billed; the request model (often an alias) is the fallback. Two names at most, so
 * they are passed as two values: the candidate array and lookup closures were most of computeCost's garbage (~4% of
 * the ingest GenAI stage with the per-span label string, A/B).
 */
function billedModel(r: GenAiRecord): string | null {
  return r.responseModel || r.requestModel || null;
}

/** The request model when it is another name than the billed response model. */
function aliasModel(r: GenAiRecord): string | null {
  return r.responseModel && r.requestModel && r.requestModel !== r.responseModel ? r.requestModel : null;
}
