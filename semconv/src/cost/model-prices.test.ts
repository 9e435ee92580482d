import { describe, expect, it } from 'vitest';
import { emptyRecord } from '../record.js';
import type { GenAiRecord } from '../types.js';
import { listCatalogModels, matchLogicPattern } from './catalog-models.js';
import { InvalidCustomPriceError } from './custom.js';
import { compileMatchPattern, compileModelPrice, modelPriceLookup, ratesOfUsagePrices, type ModelPriceDefinition } from './model-prices.js';
import { computeCost, createPriceBook } from './price-book.js';

const AT = Date.parse('2025-06-01T12:00:00Z');
const record = (fields: Partial<GenAiRecord>): GenAiRecord => ({ ...emptyRecord(), ...fields });
const model = (fields: Partial<ModelPriceDefinition>): ModelPriceDefinition => ({
  id: 'm1', modelName: 'acme', matchPattern: '(?i)^(acme-llm)$', startMs: null, unit: 'TOKENS', prices: { input: 0.000001, output: 0.000002 }, ...fields,
});
const lookup = (...defs: ModelPriceDefinition[]) => modelPriceLookup(defs.map((d) => compileModelPrice(d)!));

describe('compileMatchPattern', () => {
  it("reads Langfuse's leading (?i) as case-insensitive, and is case-sensitive without it", () => {
    expect(compileMatchPattern('(?i)^(my-model)$').test('My-Model')).toBe(true);
    expect(compileMatchPattern('^(my-model)$').test('My-Model')).toBe(false);
    expect(compileMatchPattern('(?i)^(openai/)?(gpt-4o)$').test('openai/gpt-4o')).toBe(true);
  });

  it('refuses what is not a regex, naming the field', () => {
    expect(() => compileMatchPattern('(?i)^(my-model$')).toThrow(InvalidCustomPriceError);
    expect(() => compileMatchPattern('(?i)^(my-model$')).toThrow(/^matchPattern: not a valid regular expression/);
    expect(() => compileMatchPattern('')).toThrow(/matchPattern: expected a regular expression of 1 to 1000 characters/);
    expect(() => compileMatchPattern('(?=x)y')).toThrow(/matchPattern: not a valid regular expression/);
  });

  it('matches in linear time (RE2): a pattern that backtracks exponentially in a JS RegExp answers at once', () => {
    // In a JS RegExp the second would not return in this lifetime.
    expect(compileMatchPattern('(a+)+$').test('a'.repeat(200))).toBe(true);
    expect(compileMatchPattern('^(a+)+$').test(`${'a'.repeat(200)}!`)).toBe(false);
    for (const p of ['(?i)^(gpt-4o)(-\\d{4}-\\d{2}-\\d{2})?$', '^([a-z]+)?$', '(?:openai/)?gpt-.*']) expect(() => compileMatchPattern(p), p).not.toThrow();
  });
});

describe('ratesOfUsagePrices', () => {
  it('turns prices per token into per-million rates without float noise', () => {
    expect(ratesOfUsagePrices({ input: 0.000003, output: 0.000015, cache_read_input_tokens: 0.0000003, cache_creation_input_tokens: 0.00000375 })).toEqual({
      input: 3, output: 15, cacheRead: 0.3, cacheWrite: 3.75, reasoning: undefined,
    });
  });

  it("knows the usage types' other names (OpenAI's cached and reasoning tokens)", () => {
    expect(ratesOfUsagePrices({ input_tokens: 0.000002, output_tokens: 0.000008, input_cached_tokens: 0.0000005, output_reasoning_tokens: 0.00001 })).toEqual({
      input: 2, output: 8, cacheRead: 0.5, cacheWrite: undefined, reasoning: 10,
    });
  });

  it('bills input and output at a total price when neither has its own; null when nothing prices tokens', () => {
    expect(ratesOfUsagePrices({ total: 0.000001 })).toMatchObject({ input: 1, output: 1 });
    expect(ratesOfUsagePrices({ input: 0.000001, total: 0.000009 })).toMatchObject({ input: 1, output: undefined });
    expect(ratesOfUsagePrices({ image: 0.01 })).toBeNull();
    expect(ratesOfUsagePrices({})).toBeNull();
  });
});

describe('compileModelPrice', () => {
  it('prices only token units: a model in seconds or images applies to no span', () => {
    expect(compileModelPrice(model({ unit: null }))).not.toBeNull();
    expect(compileModelPrice(model({ unit: 'SECONDS' }))).toBeNull();
    expect(compileModelPrice(model({ prices: { request: 0.01 } }))).toBeNull();
    expect(compileModelPrice(model({}))).toMatchObject({ provider: null, label: 'acme', version: 'model:m1', effectiveFromMs: Number.NEGATIVE_INFINITY });
  });
});

describe('computeCost with a project’s models', () => {
  const tokens = { inputTokens: 1_000_000, outputTokens: 500_000 };

  it('prices a made-up model by its per-token prices and records which model priced it', () => {
    const cost = computeCost(record({ requestModel: 'ACME-LLM', ...tokens }), createPriceBook(), AT, lookup(model({})));
    expect(cost).toEqual({ costUsd: 1 + 1, source: 'custom', priceVersion: 'model:m1', modelMatched: 'acme' });
  });

  it("overrides config prices and the catalog; without a match they still apply", () => {
    const book = createPriceBook({ custom: [{ model: 'acme-llm', inputPerMTok: 9, outputPerMTok: 9 }] });
    const own = lookup(model({ matchPattern: '^gpt-4o-mini$', prices: { input: 0.000001, output: 0.000001 } }));
    expect(computeCost(record({ provider: 'openai', requestModel: 'gpt-4o-mini', ...tokens }), book, AT, own).costUsd).toBeCloseTo(1.5, 12);
    expect(computeCost(record({ requestModel: 'acme-llm', ...tokens }), book, AT, own)).toMatchObject({ costUsd: 13.5, priceVersion: 'custom' });
    expect(computeCost(record({ provider: 'openai', requestModel: 'gpt-4o', ...tokens }), book, AT, own).source).toBe('catalog');
  });

  it('matches the response model, else the request model', () => {
    const own = lookup(model({}));
    expect(computeCost(record({ requestModel: 'acme-llm', responseModel: 'acme-llm-0601', ...tokens }), createPriceBook(), AT, own).priceVersion).toBe('model:m1');
    const both = lookup(model({ id: 'req' }), model({ id: 'resp', matchPattern: '^acme-llm-0601$' }));
    expect(computeCost(record({ requestModel: 'acme-llm', responseModel: 'acme-llm-0601', ...tokens }), createPriceBook(), AT, both).priceVersion).toBe('model:resp');
  });

  it('takes the newest start date on or before the span; before any start, none applies', () => {
    const own = lookup(
      model({ id: 'old', prices: { input: 0.000001, output: 0 } }),
      model({ id: 'jan', startMs: Date.parse('2025-01-01'), prices: { input: 0.000002, output: 0 } }),
      model({ id: 'jul', startMs: Date.parse('2025-07-01'), prices: { input: 0.000004, output: 0 } }),
    );
    const r = record({ requestModel: 'acme-llm', ...tokens });
    expect(computeCost(r, createPriceBook(), Date.parse('2024-06-01'), own).priceVersion).toBe('model:old');
    expect(computeCost(r, createPriceBook(), AT, own)).toMatchObject({ priceVersion: 'model:jan', costUsd: 2 });
    expect(computeCost(r, createPriceBook(), Date.parse('2025-08-01'), own)).toMatchObject({ priceVersion: 'model:jul', costUsd: 4 });
    const later = lookup(model({ startMs: Date.parse('2025-07-01') }));
    expect(computeCost(r, createPriceBook(), AT, later).source).toBe('unpriced');
  });

  it('matches names of up to 256 characters', () => {
    const own = lookup(model({ matchPattern: '^x+$' }));
    expect(own.find('x'.repeat(256), AT)).not.toBeNull();
    expect(own.find('x'.repeat(257), AT)).toBeNull();
  });

  it('on equal start dates the first given wins (callers pass the newest definition first)', () => {
    const own = lookup(model({ id: 'newer' }), model({ id: 'older' }));
    expect(computeCost(record({ requestModel: 'acme-llm', ...tokens }), createPriceBook(), AT, own).priceVersion).toBe('model:newer');
  });

  it('bills cached and reasoning tokens at their own prices, each token once', () => {
    const own = lookup(model({ prices: { input: 0.000002, input_cached_tokens: 0.0000005, output: 0.000008, output_reasoning_tokens: 0.00001 } }));
    const cost = computeCost(record({ requestModel: 'acme-llm', inputTokens: 1000, cacheReadTokens: 400, outputTokens: 300, reasoningTokens: 100 }), createPriceBook(), AT, own);
    expect(cost.costUsd).toBeCloseTo(600 * 0.000002 + 400 * 0.0000005 + 200 * 0.000008 + 100 * 0.00001, 15);
  });
});

describe('listCatalogModels', () => {
  const models = listCatalogModels(AT);

  it('lists current models of the model makers, a few hundred, priced per token', () => {
    expect(models.length).toBeGreaterThan(150);
    expect(models.length).toBeLessThan(400);
    const mini = models.find((m) => m.providerId === 'openai' && m.modelId === 'gpt-4o-mini')!;
    expect(mini.prices).toEqual({ input: 0.00000015, output: 0.0000006, input_cache_read: 0.000000075 });
  });

  // Shown to Langfuse clients, never run at ingest (the catalog prices by its own rules): Postgres-style, lookaheads
  // included, as a JS RegExp reads them.
  const asRegExp = (pattern: string) => (pattern.startsWith('(?i)') ? new RegExp(pattern.slice(4), 'i') : new RegExp(pattern));

  it("turns each model's match rules into a regex that compiles and matches the names the catalog matches", () => {
    for (const m of models) expect(() => asRegExp(m.matchPattern), m.matchPattern).not.toThrow();
    const mini = asRegExp(models.find((m) => m.modelId === 'gpt-4o-mini')!.matchPattern);
    expect(['gpt-4o-mini', 'GPT-4o-mini', 'gpt-4o-mini-2024-07-18'].map((name) => mini.test(name))).toEqual([true, true, true]);
    expect(mini.test('gpt-4o')).toBe(false);
    // Most ids are matched by their own rules (a few are family names whose rules match only dated variants).
    expect(models.filter((m) => asRegExp(m.matchPattern).test(m.modelId)).length).toBeGreaterThan(models.length * 0.95);
    expect(matchLogicPattern({ and: [{ starts_with: 'a' }, { contains: 'b.c' }] })).toBe('^(?=.*?(?:^a))(?=.*?(?:b\\.c))');
  });
});
