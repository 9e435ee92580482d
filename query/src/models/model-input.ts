/**
 * A model definition from a request body: Langfuse's CreateModelRequest (what `api.models.create` sends, and
 * WatchLLM's own API takes the same). Every problem is a 400 naming its field.
 */
import { compileMatchPattern, InvalidCustomPriceError, MODEL_USAGE_UNITS } from '@watchllm/semconv';
import { ApiError } from '../routes/errors.js';

/** A definition as given, checked: its prices per unit by usage type, the flat ones folded in. */
export interface ModelInput {
  modelName: string;
  matchPattern: string;
  startMs: number | null;
  unit: string;
  inputPrice: number | null;
  outputPrice: number | null;
  totalPrice: number | null;
  prices: Record<string, number>;
  tokenizerId: string | null;
  tokenizerConfig: unknown;
}

const MAX_NAME = 256;
const MAX_USAGE_TYPE = 64;
const MAX_PRICES = 50;
const MAX_TOKENIZER_CONFIG = 16 * 1024;

const bad = (field: string, why: string) => new ApiError(400, `field ${field}: ${why}`);
const absent = (v: unknown) => v === undefined || v === null;

function price(v: unknown, field: string): number | null {
  if (absent(v)) return null;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw bad(field, 'expected a non-negative number (USD per unit)');
  return v;
}

/** `prices`: usage type → price, as a number or as Langfuse shows it back ({ price }), so a read model can be sent again. */
function priceMap(v: unknown, field: string): Record<string, number> {
  if (absent(v)) return {};
  if (typeof v !== 'object' || Array.isArray(v)) throw bad(field, 'expected an object of usage type → price per unit, e.g. {"input": 0.000003}');
  const entries = Object.entries(v as Record<string, unknown>);
  if (entries.length > MAX_PRICES) throw bad(field, `at most ${MAX_PRICES} usage types`);
  const out: Record<string, number> = {};
  for (const [key, value] of entries) {
    if (key === '' || key.length > MAX_USAGE_TYPE) throw bad(field, `usage types are 1 to ${MAX_USAGE_TYPE} characters`);
    const given = typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as { price?: unknown }).price : value;
    if (absent(given)) throw bad(`${field}.${key}`, 'expected a non-negative number (USD per unit)');
    out[key] = price(given, `${field}.${key}`)!;
  }
  return out;
}

/**
 * Langfuse's pricingTiers, as far as WatchLLM prices: one default tier (its prices are the model's). Conditional
 * tiers (by usage thresholds or attributes) are refused rather than ignored, so no span is priced by the wrong tier.
 */
function tierPrices(v: unknown): Record<string, number> | undefined {
  if (absent(v)) return undefined;
  if (!Array.isArray(v) || v.length === 0) throw bad('pricingTiers', 'expected a list with one default tier');
  const conditional = v.length > 1 || v.some((t) => typeof t !== 'object' || t === null || (t as { isDefault?: unknown }).isDefault === false || ((t as { conditions?: unknown[] }).conditions ?? []).length > 0);
  if (conditional) throw bad('pricingTiers', 'only one default tier (isDefault, no conditions) is supported; conditional tiers are not: use prices');
  return priceMap((v[0] as { prices?: unknown }).prices, 'pricingTiers[0].prices');
}

function text(v: unknown, field: string, max: number): string {
  if (typeof v !== 'string' || v.trim() === '' || v.length > max) throw bad(field, `expected text of 1 to ${max} characters`);
  return v;
}

function startDate(v: unknown): number | null {
  if (absent(v)) return null;
  const ms = typeof v === 'string' ? Date.parse(v) : NaN;
  if (Number.isNaN(ms)) throw bad('startDate', 'expected an ISO 8601 date, e.g. 2025-01-01T00:00:00Z');
  return ms;
}

export function modelInput(body: unknown): ModelInput {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new ApiError(400, 'expected a JSON object');
  const b = body as Record<string, unknown>;
  const modelName = text(b.modelName, 'modelName', MAX_NAME);
  const matchPattern = typeof b.matchPattern === 'string' ? b.matchPattern : '';
  try {
    compileMatchPattern(matchPattern);
  } catch (err) {
    if (err instanceof InvalidCustomPriceError) throw new ApiError(400, `field ${err.message}`);
    throw err;
  }
  const unit = absent(b.unit) ? 'TOKENS' : b.unit;
  if (typeof unit !== 'string' || !(MODEL_USAGE_UNITS as readonly string[]).includes(unit)) throw bad('unit', `expected one of ${MODEL_USAGE_UNITS.join(', ')}`);
  const flat = { input: price(b.inputPrice, 'inputPrice'), output: price(b.outputPrice, 'outputPrice'), total: price(b.totalPrice, 'totalPrice') };
  if (flat.total !== null && (flat.input !== null || flat.output !== null)) throw bad('totalPrice', 'cannot be set with inputPrice or outputPrice');
  const tiers = tierPrices(b.pricingTiers);
  const given = priceMap(b.prices, 'prices');
  if (tiers && (Object.keys(given).length > 0 || Object.values(flat).some((p) => p !== null))) throw bad('pricingTiers', 'cannot be set with prices, inputPrice, outputPrice or totalPrice');
  const prices = tiers ?? given;
  for (const [key, p] of Object.entries(flat)) {
    if (p === null) continue;
    if (prices[key] !== undefined && prices[key] !== p) throw bad(`prices.${key}`, `differs from ${key}Price`);
    prices[key] = p;
  }
  const tokenizerId = absent(b.tokenizerId) ? null : text(b.tokenizerId, 'tokenizerId', MAX_USAGE_TYPE);
  const tokenizerConfig = absent(b.tokenizerConfig) ? null : b.tokenizerConfig;
  if (tokenizerConfig !== null && JSON.stringify(tokenizerConfig).length > MAX_TOKENIZER_CONFIG) throw bad('tokenizerConfig', `at most ${MAX_TOKENIZER_CONFIG / 1024} KiB of JSON`);
  return {
    modelName,
    matchPattern,
    startMs: startDate(b.startDate),
    unit,
    // As Langfuse shows them: the flat prices are the map's input, output and total.
    inputPrice: prices.input ?? null,
    outputPrice: prices.output ?? null,
    totalPrice: prices.total ?? null,
    prices,
    tokenizerId,
    tokenizerConfig,
  };
}
