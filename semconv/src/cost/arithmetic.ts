/** Token counts × per-million prices. Cached and cache-write tokens are parts of input; reasoning is part of output. */

/** A flat rate, or the catalog's tiers where the rate for *all* tokens is chosen by total input size. */
export type Rate = number | { base: number; tiers: { start: number; price: number }[] } | undefined;

export interface TokenCounts {
  input: number;
  output: number;
  cacheRead: number;
  cacheWrite: number;
  reasoning: number;
}

export interface Rates {
  input: Rate;
  output: Rate;
  cacheRead?: Rate;
  cacheWrite?: Rate;
  /** Only custom prices set it; catalogs bill reasoning as output. */
  reasoning?: Rate;
  /** Fee per 1000 requests. */
  requestsKcount?: number;
}

function rateAt(rate: Rate, totalInput: number): number | undefined {
  if (rate === undefined) return undefined;
  if (typeof rate === 'number') return rate;
  let r = rate.base;
  let best = -1;
  // Tiers may be unsorted in the data: the highest threshold crossed wins.
  for (const tier of rate.tiers) {
    if (totalInput > tier.start && tier.start > best) {
      best = tier.start;
      r = tier.price;
    }
  }
  return r;
}

export function priceTokens(t: TokenCounts, rates: Rates): number {
  const input = rateAt(rates.input, t.input) ?? 0;
  const cacheRead = rateAt(rates.cacheRead, t.input) ?? input;
  const cacheWrite = rateAt(rates.cacheWrite, t.input) ?? input;
  const output = rateAt(rates.output, t.input) ?? 0;
  const reasoning = rateAt(rates.reasoning, t.input) ?? output;
  // Never bill a cached token twice: only the uncached remainder pays the input rate.
  const uncached = Math.max(0, t.input - t.cacheRead - t.cacheWrite);
  const reasoningPart = Math.min(t.reasoning, t.output);
  const perMillion = uncached * input + t.cacheRead * cacheRead + t.cacheWrite * cacheWrite
    + (t.output - reasoningPart) * output + reasoningPart * reasoning;
  return perMillion / 1e6 + (rates.requestsKcount ?? 0) / 1000;
}
