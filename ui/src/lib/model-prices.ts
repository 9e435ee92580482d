// A project's model prices (/api/v1/model-prices): the new-model form's fields and the request body made of them,
// and how the Models page names, filters and links its models.

import type { ModelPriceDto } from '../api/types.js';
import { DASH } from './format.js';

/** The form's fields as inputs hold them; prices in USD per 1M tokens, as people quote them. */
export interface ModelPriceFields {
  modelName: string;
  /** null: not edited, so it follows the name (`matchPatternOf`). */
  matchPattern: string | null;
  /** `YYYY-MM-DD` (a date input's value), or '' for always. */
  startDate: string;
  input: string;
  output: string;
  cacheRead: string;
  cacheWrite: string;
  reasoning: string;
}

export const emptyModelPriceFields = (): ModelPriceFields => ({ modelName: '', matchPattern: null, startDate: '', input: '', output: '', cacheRead: '', cacheWrite: '', reasoning: '' });

const REGEX_SPECIAL = /[.*+?^${}()|[\]\\]/g;

/** The pattern matching exactly this name, any case (Langfuse's `(?i)` prefix), its regex characters escaped. */
export const matchPatternOf = (modelName: string): string => `(?i)^(${modelName.trim().replace(REGEX_SPECIAL, '\\$&')})$`;

/** The pattern the form sends: the one typed, else the name's (none while there is no name). */
export const patternOfFields = (f: ModelPriceFields): string => f.matchPattern ?? (f.modelName.trim() ? matchPatternOf(f.modelName) : '');

/** USD per 1M tokens → per token, rounded to 12 digits so 0.15 sends 1.5e-7, not 1.4999999999999999e-7. */
export const perToken = (perMillionTokens: number): number => Number((perMillionTokens / 1e6).toPrecision(12));

/**
 * The prices the form asks for, each sent as a usage type by the name WatchLLM writes (the first of semconv's
 * USAGE_TYPES); `unset` is how ingest bills those tokens when the model has no price for them (semconv's priceTokens).
 */
export const PRICE_FIELDS = [
  { field: 'input', usageType: 'input', label: 'Input', required: true, unset: 'at $0' },
  { field: 'output', usageType: 'output', label: 'Output', required: true, unset: 'at $0' },
  { field: 'cacheRead', usageType: 'input_cache_read', label: 'Cache read', required: false, unset: 'as input' },
  { field: 'cacheWrite', usageType: 'input_cache_creation', label: 'Cache write', required: false, unset: 'as input' },
  { field: 'reasoning', usageType: 'output_reasoning', label: 'Reasoning', required: false, unset: 'as output' },
] as const;

export type PriceField = (typeof PRICE_FIELDS)[number]['field'];

/** The body of a create (Langfuse's CreateModelRequest, prices per token), or what is wrong with the fields. */
export function modelPriceBody(f: ModelPriceFields): Record<string, unknown> | string {
  const prices: Record<string, number> = {};
  for (const { field, usageType, label, required } of PRICE_FIELDS) {
    const text = f[field].trim();
    if (text === '' && !required) continue;
    const n = Number(text);
    if (text === '' || !Number.isFinite(n) || n < 0) return `${label} price must be a number of US dollars per 1M tokens, 0 or more.`;
    prices[usageType] = perToken(n);
  }
  return {
    modelName: f.modelName.trim(),
    matchPattern: patternOfFields(f),
    ...(f.startDate ? { startDate: `${f.startDate}T00:00:00Z` } : {}),
    unit: 'TOKENS',
    prices,
  };
}

/** A built-in model's provider: its id is `genai-prices:<provider>:<model>` (the API's OpenAPI says so). */
export function providerOf(m: Pick<ModelPriceDto, 'id' | 'builtIn'>): string | null {
  const [source, provider] = m.id.split(':');
  return m.builtIn && source === 'genai-prices' && provider ? provider : null;
}

/** Models whose name, provider or pattern holds `text`, any case; all of them for blank text. */
export function filterModels<T extends Pick<ModelPriceDto, 'id' | 'builtIn' | 'modelName' | 'matchPattern'>>(models: readonly T[], text: string): readonly T[] {
  const q = text.trim().toLowerCase();
  if (!q) return models;
  return models.filter((m) => [m.modelName, m.matchPattern, providerOf(m) ?? ''].some((s) => s.toLowerCase().includes(q)));
}

/** The project model that priced a span, from its price version (`model:<id>`); null for any other price. */
export function projectModelOf(costSource: string | null, priceVersion: string | null | undefined): string | null {
  return costSource === 'custom' && priceVersion?.startsWith('model:') ? priceVersion.slice('model:'.length) || null : null;
}

/** A start date as the API sends it (ISO, UTC): the day alone when it starts at midnight UTC, as the form sets it. */
export function formatStartDate(iso: string | null): string {
  if (!iso) return 'always';
  const [day, time = ''] = iso.split('T');
  return /^00:00(:00(\.0+)?)?Z$/.test(time) ? day : `${day} ${time.slice(0, 5)} UTC`;
}

/** A per-1M-token price: `$2.50`, `$0.075`; a dash when the model does not price it. */
export function formatPerMillion(usd: number | null | undefined): string {
  if (usd === null || usd === undefined || !Number.isFinite(usd)) return DASH;
  return `$${usd.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 6 })}`;
}
