import type { CustomPrice } from '@watchllm/semconv';
import type { Problems } from '../../config/validate.js';
import type { TracesBatch } from '../../model/types.js';
import { createGenAiProcessor } from '../../processors/genai.js';
import type { ProcessorFactory } from '../types.js';

export interface GenAiProcessorYaml {
  /** Prices per million tokens overriding the catalog, e.g. for private or fine-tuned models. */
  custom_prices: {
    model: string;
    provider?: string;
    match_regex?: boolean;
    input_per_mtok: number;
    output_per_mtok: number;
    cache_read_per_mtok?: number;
    cache_write_per_mtok?: number;
    reasoning_per_mtok?: number;
    effective_from?: string;
  }[];
}

export function toCustomPrices(c: GenAiProcessorYaml): CustomPrice[] {
  return (c.custom_prices ?? []).map((p) => ({
    model: p.model,
    provider: p.provider,
    matchRegex: p.match_regex,
    inputPerMTok: p.input_per_mtok,
    outputPerMTok: p.output_per_mtok,
    cacheReadPerMTok: p.cache_read_per_mtok,
    cacheWritePerMTok: p.cache_write_per_mtok,
    reasoningPerMTok: p.reasoning_per_mtok,
    effectiveFrom: p.effective_from,
  }));
}

export const genaiProcessor: ProcessorFactory<GenAiProcessorYaml> = {
  kind: 'processor',
  type: 'genai',
  signals: ['traces'],
  createDefaultConfig: () => ({ custom_prices: [] }),
  validate(c, path, problems: Problems) {
    if (!Array.isArray(c.custom_prices)) return void problems.push(`${path}.custom_prices: expected a list`);
    c.custom_prices.forEach((p, i) => {
      const at = `${path}.custom_prices[${i}]`;
      if (!p || typeof p.model !== 'string' || p.model === '') problems.push(`${at}.model: required`);
      for (const k of ['input_per_mtok', 'output_per_mtok'] as const) {
        if (typeof p?.[k] !== 'number' || p[k] < 0) problems.push(`${at}.${k}: expected a non-negative number`);
      }
    });
    try {
      createGenAiProcessor({ customPrices: toCustomPrices(c) });
    } catch (err) {
      problems.push(`${path}.custom_prices: ${(err as Error).message}`);
    }
  },
  create(settings, c) {
    const p = createGenAiProcessor({ customPrices: toCustomPrices(c) }, settings.telemetry, settings.projectPrices);
    return { traces: (batch) => p.processTraces(batch as TracesBatch) };
  },
};
