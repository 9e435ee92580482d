/** Custom and private-model prices from config: they override the catalog from their effective date on. */
import { normalizeProvider } from '../provider.js';
import type { Rates } from './arithmetic.js';

export interface CustomPrice {
  provider?: string;
  /** Exact model id (case-insensitive), or a regex source when `matchRegex`. */
  model: string;
  matchRegex?: boolean;
  inputPerMTok: number;
  outputPerMTok: number;
  cacheReadPerMTok?: number;
  cacheWritePerMTok?: number;
  reasoningPerMTok?: number;
  /** ISO date; absent means "always". */
  effectiveFrom?: string;
}

export interface CompiledCustomPrice {
  provider: string | null;
  matches(model: string): boolean;
  effectiveFromMs: number;
  rates: Rates;
  label: string;
  /** What the cost records as its price version; 'custom' when absent. */
  version?: string;
}

/** Prices looked up before the price book's own: a project's models (model-prices.ts). */
export interface PriceOverrides {
  /** The price in force at `atMs` for a model name, or null when none matches. */
  find(model: string, atMs: number): CompiledCustomPrice | null;
}

export class InvalidCustomPriceError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'InvalidCustomPriceError';
  }
}

function nonNegative(v: number | undefined, field: string, label: string): void {
  if (v !== undefined && !(typeof v === 'number' && Number.isFinite(v) && v >= 0)) {
    throw new InvalidCustomPriceError(`custom price ${label}: ${field} must be a non-negative number`);
  }
}

/** Validated once at start-up; bad config fails loudly here rather than mis-pricing later. */
export function compileCustomPrice(p: CustomPrice): CompiledCustomPrice {
  const label = `${p.provider ? `${p.provider}/` : ''}${p.model}`;
  if (typeof p.model !== 'string' || p.model === '') throw new InvalidCustomPriceError('custom price: model is required');
  for (const f of ['inputPerMTok', 'outputPerMTok', 'cacheReadPerMTok', 'cacheWritePerMTok', 'reasoningPerMTok'] as const) nonNegative(p[f], f, label);
  if (p.inputPerMTok === undefined || p.outputPerMTok === undefined) {
    throw new InvalidCustomPriceError(`custom price ${label}: inputPerMTok and outputPerMTok are required`);
  }
  const effectiveFromMs = p.effectiveFrom ? Date.parse(p.effectiveFrom) : Number.NEGATIVE_INFINITY;
  if (Number.isNaN(effectiveFromMs)) throw new InvalidCustomPriceError(`custom price ${label}: effectiveFrom is not a date`);
  let matches: (model: string) => boolean;
  if (p.matchRegex) {
    let re: RegExp;
    try {
      re = new RegExp(p.model, 'i');
    } catch (err) {
      throw new InvalidCustomPriceError(`custom price ${label}: invalid regex`, { cause: err });
    }
    matches = (m) => re.test(m);
  } else {
    const wanted = p.model.toLowerCase();
    matches = (m) => m.toLowerCase() === wanted;
  }
  return {
    provider: p.provider ? normalizeProvider(p.provider) : null,
    matches,
    effectiveFromMs,
    label,
    rates: {
      input: p.inputPerMTok, output: p.outputPerMTok, cacheRead: p.cacheReadPerMTok, cacheWrite: p.cacheWritePerMTok,
      reasoning: p.reasoningPerMTok,
    },
  };
}

/** The custom price in force at `atMs` for provider+model: the latest effective date wins, then declaration order. */
export function findCustomPrice(
  prices: readonly CompiledCustomPrice[], provider: string | null, model: string, atMs: number,
): CompiledCustomPrice | null {
  return latestInForce(prices, atMs, (p) => (p.provider === null || p.provider === provider) && p.matches(model));
}

/** Of the prices that `apply`, the one in force at `atMs`: the latest effective date wins, then declaration order. */
export function latestInForce(
  prices: readonly CompiledCustomPrice[], atMs: number, apply: (p: CompiledCustomPrice) => boolean = () => true,
): CompiledCustomPrice | null {
  let best: CompiledCustomPrice | null = null;
  for (const p of prices) {
    if (p.effectiveFromMs > atMs || !apply(p)) continue;
    if (best === null || p.effectiveFromMs > best.effectiveFromMs) best = p;
  }
  return best;
}
