import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { calcPrice } from '@pydantic/genai-prices';
import { describe, expect, it } from 'vitest';
import { normalizeSpan } from '../normalize.js';
import { emptyRecord } from '../record.js';
import { makeSpan } from '../testing.js';
import type { GenAiRecord } from '../types.js';
import { CATALOG_PRICE_VERSION, CATALOG_VERSION } from './catalog.js';
import { InvalidCustomPriceError } from './custom.js';
import { computeCost, createPriceBook } from './price-book.js';

const AT = Date.parse('2025-06-01T12:00:00Z');

function record(fields: Partial<GenAiRecord>): GenAiRecord {
  return { ...emptyRecord(), ...fields };
}

describe('computeCost against the catalog', () => {
  const book = createPriceBook();

  it('gpt-4o-mini costs what the catalog computes for the same tokens, cached input included', () => {
    const r = normalizeSpan(makeSpan({
      'gen_ai.operation.name': 'chat', 'gen_ai.provider.name': 'openai', 'gen_ai.request.model': 'gpt-4o-mini',
      'gen_ai.response.model': 'gpt-4o-mini-2024-07-18', 'gen_ai.usage.input_tokens': 2000,
      'gen_ai.usage.cache_read.input_tokens': 1024, 'gen_ai.usage.output_tokens': 300,
    }))!;
    const cost = computeCost(r, book, AT);
    const catalog = calcPrice({ input_tokens: 2000, cache_read_tokens: 1024, output_tokens: 300 }, 'gpt-4o-mini-2024-07-18', {
      providerId: 'openai', timestamp: new Date(AT),
    })!;
    expect(cost).toMatchObject({ source: 'catalog', priceVersion: CATALOG_PRICE_VERSION, modelMatched: 'openai/gpt-4o-mini' });
    expect(cost.costUsd).toBeCloseTo(catalog.total_price, 12);
    // and by hand: 976 uncached × 0.15 + 1024 cached × 0.075 + 300 × 0.6 per million
    expect(cost.costUsd).toBeCloseTo((976 * 0.15 + 1024 * 0.075 + 300 * 0.6) / 1e6, 12);
  });

  it('an Anthropic model sent as raw gen_ai.* spans with cache read and cache write tokens', () => {
    const r = normalizeSpan(makeSpan({
      'gen_ai.operation.name': 'chat', 'gen_ai.provider.name': 'anthropic', 'gen_ai.request.model': 'claude-3-5-sonnet-20241022',
      'gen_ai.usage.input_tokens': 1000, 'gen_ai.usage.cache_read.input_tokens': 600, 'gen_ai.usage.cache_creation.input_tokens': 100,
      'gen_ai.usage.output_tokens': 50,
    }))!;
    const cost = computeCost(r, book, AT);
    expect(cost.source).toBe('catalog');
    expect(cost.costUsd).toBeCloseTo((300 * 3 + 600 * 0.3 + 100 * 3.75 + 50 * 15) / 1e6, 12);
    const catalog = calcPrice({ input_tokens: 1000, cache_read_tokens: 600, cache_write_tokens: 100, output_tokens: 50 },
      'claude-3-5-sonnet-20241022', { providerId: 'anthropic', timestamp: new Date(AT) })!;
    expect(cost.costUsd).toBeCloseTo(catalog.total_price, 12);
  });

  it.each([
    ['openai', 'gpt-4o-2024-08-06'],
    ['openai', 'o3-mini'],
    ['openai', 'text-embedding-3-small'],
    ['anthropic', 'claude-sonnet-4-5'],
    ['anthropic', 'claude-opus-4-6'],
    ['aws.bedrock', 'anthropic.claude-3-5-sonnet-20241022-v2:0'],
    ['aws.bedrock', 'us.anthropic.claude-3-7-sonnet-20250219-v1:0'],
    ['gcp.vertex_ai', 'claude-3-5-sonnet-v2@20241022'],
    ['gcp.gemini', 'gemini-1.5-pro'],
    ['gcp.gemini', 'models/gemini-1.5-flash'],
    ['azure.ai.openai', 'gpt-4o-mini'],
    ['mistral_ai', 'mistral-large-latest'],
    ['x_ai', 'grok-2'],
    ['deepseek', 'deepseek-chat'],
    ['groq', 'llama-3.1-8b-instant'],
  ])('%s %s matches calcPrice (dated ids, aliases, tiers, cache prices)', (provider, model) => {
    for (const [input, cacheRead, cacheWrite, output, at] of [
      [1200, 0, 0, 80, AT],
      [250_000, 100_000, 20_000, 4000, AT], // above the 200k tier where the model has one
      [5000, 1000, 0, 500, Date.parse('2026-09-01T02:30:00Z')], // later dated / time-of-day prices
    ]) {
      const r = record({ provider, requestModel: model, inputTokens: input, cacheReadTokens: cacheRead, cacheWriteTokens: cacheWrite, outputTokens: output });
      const cost = computeCost(r, book, at);
      expect(cost.source, `${model} should be in the catalog`).toBe('catalog');
      const catalogProvider = cost.modelMatched!.split('/')[0];
      const usage: Record<string, number> = { input_tokens: input, output_tokens: output };
      // the catalog rejects cache keys on models without a cache price only when nonzero; pass what it prices
      if (cacheRead) usage.cache_read_tokens = cacheRead;
      if (cacheWrite) usage.cache_write_tokens = cacheWrite;
      const expected = calcPrice(usage, model, { providerId: catalogProvider, timestamp: new Date(at) })!;
      expect(cost.costUsd!).toBeCloseTo(expected.total_price, 10);
    }
  });

  it('unknown model → null and unpriced, never 0', () => {
    const cost = computeCost(record({ provider: 'openai', requestModel: 'my-finetune-xyz', inputTokens: 10, outputTokens: 10 }), book, AT);
    expect(cost).toEqual({ costUsd: null, source: 'unpriced', priceVersion: '', modelMatched: null });
    expect(computeCost(record({ inputTokens: 10 }), book, AT).costUsd).toBeNull();
  });

  it('known model without token counts stays unpriced (null)', () => {
    const cost = computeCost(record({ provider: 'openai', requestModel: 'gpt-4o-mini' }), book, AT);
    expect(cost.costUsd).toBeNull();
    expect(cost.source).toBe('unpriced');
    expect(cost.modelMatched).toBe('openai/gpt-4o-mini');
  });

  it('keeps a cost reported on the span', () => {
    const r = normalizeSpan(makeSpan({ 'gen_ai.request.model': 'gpt-4o-mini', 'gen_ai.usage.input_tokens': 10, 'gen_ai.usage.cost': 0.5 }))!;
    expect(computeCost(r, book, AT)).toEqual({ costUsd: 0.5, source: 'reported', priceVersion: 'reported', modelMatched: null });
  });

  it('the catalog version constant matches the installed package', () => {
    const require = createRequire(import.meta.url);
    const main = require.resolve('@pydantic/genai-prices');
    let dir = dirname(main);
    while (!dir.endsWith('genai-prices')) dir = dirname(dir);
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string };
    expect(CATALOG_VERSION).toBe(pkg.version);
  });
});

describe('custom prices', () => {
  it('prices a private model', () => {
    const book = createPriceBook({ custom: [{ model: 'acme-llm-1', inputPerMTok: 1, outputPerMTok: 2, cacheReadPerMTok: 0.5 }] });
    const cost = computeCost(record({ requestModel: 'acme-llm-1', inputTokens: 1_000_000, cacheReadTokens: 200_000, outputTokens: 500_000 }), book, AT);
    expect(cost).toEqual({ costUsd: 0.8 + 0.1 + 1, source: 'custom', priceVersion: 'custom', modelMatched: 'acme-llm-1' });
  });

  it('overrides the catalog from its effective date on, not before', () => {
    const book = createPriceBook({ custom: [{ provider: 'openai', model: 'gpt-4o-mini', inputPerMTok: 10, outputPerMTok: 10, effectiveFrom: '2025-01-01' }] });
    const r = record({ provider: 'openai', requestModel: 'gpt-4o-mini', inputTokens: 1000, outputTokens: 1000 });
    expect(computeCost(r, book, Date.parse('2025-03-01')).costUsd).toBeCloseTo(0.02, 12);
    expect(computeCost(r, book, Date.parse('2024-12-31')).source).toBe('catalog');
  });

  it('latest effective entry wins; regex entries match families; provider must match when given', () => {
    const book = createPriceBook({
      custom: [
        { model: '^acme-.*', matchRegex: true, inputPerMTok: 1, outputPerMTok: 1 },
        { model: 'acme-big', inputPerMTok: 5, outputPerMTok: 5, effectiveFrom: '2025-01-01' },
        { provider: 'anthropic', model: 'other', inputPerMTok: 9, outputPerMTok: 9 },
      ],
    });
    const tokens = { inputTokens: 1_000_000, outputTokens: 0 };
    expect(computeCost(record({ requestModel: 'acme-small', ...tokens }), book, AT).costUsd).toBe(1);
    expect(computeCost(record({ requestModel: 'acme-big', ...tokens }), book, AT).costUsd).toBe(5);
    expect(computeCost(record({ provider: 'openai', requestModel: 'other', ...tokens }), book, AT).source).toBe('unpriced');
  });

  it('bills reasoning at its own rate when one is configured, without counting it twice', () => {
    const book = createPriceBook({ custom: [{ model: 'thinker', inputPerMTok: 0, outputPerMTok: 1, reasoningPerMTok: 3 }] });
    const cost = computeCost(record({ requestModel: 'thinker', inputTokens: 0, outputTokens: 1_000_000, reasoningTokens: 400_000 }), book, AT);
    expect(cost.costUsd).toBeCloseTo(0.6 + 1.2, 12);
  });

  it('rejects bad config at start-up', () => {
    expect(() => createPriceBook({ custom: [{ model: '', inputPerMTok: 1, outputPerMTok: 1 }] })).toThrow(InvalidCustomPriceError);
    expect(() => createPriceBook({ custom: [{ model: 'x', inputPerMTok: -1, outputPerMTok: 1 }] })).toThrow(InvalidCustomPriceError);
    expect(() => createPriceBook({ custom: [{ model: '(', matchRegex: true, inputPerMTok: 1, outputPerMTok: 1 }] })).toThrow(InvalidCustomPriceError);
    expect(() => createPriceBook({ custom: [{ model: 'x', inputPerMTok: 1, outputPerMTok: 1, effectiveFrom: 'soon' }] })).toThrow(InvalidCustomPriceError);
  });
});
