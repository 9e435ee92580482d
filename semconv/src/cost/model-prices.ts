/**
 * Model prices defined the way Langfuse defines them (a project's models, created through its Models API): a
 * regex on the model name, an optional start date, and USD per unit by usage type ("input", "output",
 * "cache_read_input_tokens", …). They compile to custom prices, so ingest prices with them as with config ones.
 */
import { RE2JS } from 're2js';
import type { Rates } from './arithmetic.js';
import { InvalidCustomPriceError, latestInForce, type CompiledCustomPrice, type PriceOverrides } from './custom.js';

export interface ModelPriceDefinition {
  id: string;
  modelName: string;
  /** A regex on the model name; a leading `(?i)` (Langfuse's, from Postgres) makes it case-insensitive. */
  matchPattern: string;
  /** Unix ms from which it applies; null: always. */
  startMs: number | null;
  /** Langfuse's ModelUsageUnit (null: unset). */
  unit: string | null;
  /** USD per unit, by usage type. */
  prices: Readonly<Record<string, number>>;
}

/** Langfuse's ModelUsageUnit values. */
export const MODEL_USAGE_UNITS = ['TOKENS', 'CHARACTERS', 'MILLISECONDS', 'SECONDS', 'IMAGES', 'REQUESTS'] as const;

/**
 * Usage types of Langfuse models by the token count each prices (the names its SDKs, integrations and built-in
 * models use); the first a model has wins. The first of each is the name WatchLLM writes.
 */
export const USAGE_TYPES = {
  input: ['input', 'input_tokens', 'prompt_tokens'],
  output: ['output', 'output_tokens', 'completion_tokens'],
  cacheRead: ['input_cache_read', 'cache_read_input_tokens', 'input_cached_tokens', 'cached_tokens'],
  cacheWrite: ['input_cache_creation', 'cache_creation_input_tokens', 'input_cache_write', 'cache_write_input_tokens'],
  reasoning: ['output_reasoning', 'output_reasoning_tokens', 'reasoning_tokens'],
  total: ['total', 'total_tokens'],
} as const;

export const MAX_MATCH_PATTERN_LENGTH = 1000;

/** A compiled matchPattern: whether it is found in a model name. */
export interface MatchPattern {
  test(model: string): boolean;
}

/**
 * Langfuse's matchPattern (a Postgres regex, found anywhere in the name; `(?i)` for case-insensitive) compiled with
 * RE2: patterns run on the ingest path and come from API callers, so they must match in linear time — a backtracking
 * engine would let `(a+)+$` stall the collector. Throws InvalidCustomPriceError saying what is wrong.
 */
export function compileMatchPattern(pattern: string): MatchPattern {
  if (pattern.length === 0 || pattern.length > MAX_MATCH_PATTERN_LENGTH) {
    throw new InvalidCustomPriceError(`matchPattern: expected a regular expression of 1 to ${MAX_MATCH_PATTERN_LENGTH} characters`);
  }
  let re: RE2JS;
  try {
    re = RE2JS.compile(pattern);
  } catch (err) {
    throw new InvalidCustomPriceError(`matchPattern: not a valid regular expression (${(err as Error).message})`, { cause: err });
  }
  return { test: (model) => re.matcher(model).find() };
}

/** USD per token → per million, rounded to 12 digits so $3/MTok entered as 0.000003 reads back as 3, not 2.9999999999999996. */
export const perMillion = (perToken: number): number => Number((perToken * 1e6).toPrecision(12));
/** The inverse, for showing per-million rates per token. */
export const perToken = (perMTok: number): number => Number((perMTok / 1e6).toPrecision(12));

/**
 * Per-token usage prices as our per-million rates; null when none prices tokens. A usage type without a price
 * bills as its parent (cached input as input, reasoning as output), as config custom prices do; a `total` price
 * bills input and output alike when neither has its own.
 */
export function ratesOfUsagePrices(prices: Readonly<Record<string, number>>): Rates | null {
  const rate = (keys: readonly string[]) => {
    for (const k of keys) if (typeof prices[k] === 'number') return perMillion(prices[k]);
    return undefined;
  };
  const total = rate(USAGE_TYPES.total);
  let input = rate(USAGE_TYPES.input);
  let output = rate(USAGE_TYPES.output);
  if (input === undefined && output === undefined) input = output = total;
  const rates = { input, output, cacheRead: rate(USAGE_TYPES.cacheRead), cacheWrite: rate(USAGE_TYPES.cacheWrite), reasoning: rate(USAGE_TYPES.reasoning) };
  return Object.values(rates).every((r) => r === undefined) ? null : rates;
}

/**
 * A definition as a custom price, or null when it cannot price a span: spans count tokens only, so a model
 * priced in another unit (characters, seconds, images) applies to none. Throws on a bad matchPattern.
 */
export function compileModelPrice(def: ModelPriceDefinition): CompiledCustomPrice | null {
  if (def.unit !== null && def.unit !== 'TOKENS') return null;
  const rates = ratesOfUsagePrices(def.prices);
  if (!rates) return null;
  const re = compileMatchPattern(def.matchPattern);
  return {
    provider: null,
    matches: (model) => re.test(model),
    effectiveFromMs: def.startMs ?? Number.NEGATIVE_INFINITY,
    rates,
    label: def.modelName,
    version: `model:${def.id}`,
  };
}

/** Distinct model names remembered per lookup: they come from untrusted spans. */
const MATCH_MEMO_LIMIT = 1000;
/** Longer names match no pattern: model ids are short, and it bounds what a name new to the memo costs. */
const MAX_MATCHED_NAME = 256;

/**
 * Looks up compiled model prices by model name. Which patterns match a name is remembered, so a span runs no
 * regex once its model was seen; which of those is in force still depends on the span's time. On ties (same
 * start) the earlier in `prices` wins: pass them newest definition first.
 */
export function modelPriceLookup(prices: readonly CompiledCustomPrice[]): PriceOverrides {
  const matching = new Map<string, CompiledCustomPrice[]>();
  return {
    find(model, atMs) {
      if (prices.length === 0 || model.length > MAX_MATCHED_NAME) return null;
      let found = matching.get(model);
      if (!found) {
        if (matching.size >= MATCH_MEMO_LIMIT) matching.clear();
        matching.set(model, (found = prices.filter((p) => p.matches(model))));
      }
      return latestInForce(found, atMs);
    },
  };
}
