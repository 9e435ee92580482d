import { describe, expect, it } from 'vitest';
import type { ModelPriceDto } from '../api/types.js';
import { emptyModelPriceFields, filterModels, formatPerMillion, formatStartDate, matchPatternOf, modelPriceBody, patternOfFields, perToken, projectModelOf, providerOf } from './model-prices.js';

describe('matchPatternOf', () => {
  it('matches the exact name in any case, its regex characters escaped', () => {
    expect(matchPatternOf(' gpt-4o ')).toBe('(?i)^(gpt-4o)$');
    const pattern = matchPatternOf('acme/llama-3.1+ft (v2)');
    expect(pattern).toBe('(?i)^(acme/llama-3\\.1\\+ft \\(v2\\))$');
    // As the server reads a leading (?i): the i flag.
    const re = new RegExp(pattern.slice(4), 'i');
    expect(re.test('ACME/Llama-3.1+FT (v2)')).toBe(true);
    expect(re.test('acme/llama-301+ft (v2)')).toBe(false);
    expect(re.test('acme/llama-3.1+ft (v2)-mini')).toBe(false);
  });

  it('is the form\'s pattern until one is typed, and nothing while there is no name', () => {
    expect(patternOfFields(emptyModelPriceFields())).toBe('');
    expect(patternOfFields({ ...emptyModelPriceFields(), modelName: 'x' })).toBe('(?i)^(x)$');
    expect(patternOfFields({ ...emptyModelPriceFields(), modelName: 'x', matchPattern: '' })).toBe('');
  });
});

describe('modelPriceBody', () => {
  const fields = { ...emptyModelPriceFields(), modelName: ' my-ft ', input: '0.15', output: '0.6' };

  it('sends per-token prices by the usage types WatchLLM writes, the pattern from the name until one is typed', () => {
    expect(modelPriceBody(fields)).toEqual({ modelName: 'my-ft', matchPattern: '(?i)^(my-ft)$', unit: 'TOKENS', prices: { input: 1.5e-7, output: 6e-7 } });
    const all = modelPriceBody({ ...fields, matchPattern: '(?i)^my-ft', startDate: '2025-03-01', cacheRead: '0.075', cacheWrite: '0.3', reasoning: '2.4' });
    expect(all).toEqual({
      modelName: 'my-ft',
      matchPattern: '(?i)^my-ft',
      startDate: '2025-03-01T00:00:00Z',
      unit: 'TOKENS',
      prices: { input: 1.5e-7, output: 6e-7, input_cache_read: 7.5e-8, input_cache_creation: 3e-7, output_reasoning: 0.0000024 },
    });
  });

  it('says what is wrong with a price instead of a body; a blank optional price is left out', () => {
    expect(modelPriceBody({ ...fields, output: '' })).toBe('Output price must be a number of US dollars per 1M tokens, 0 or more.');
    expect(modelPriceBody({ ...fields, cacheRead: '-1' })).toContain('Cache read price');
    expect(modelPriceBody({ ...fields, input: '0', cacheWrite: ' ' })).toMatchObject({ prices: { input: 0, output: 6e-7 } });
  });

  it('converts per million to per token without float noise', () => {
    expect(perToken(3)).toBe(0.000003);
    expect(perToken(0.15)).toBe(1.5e-7);
    expect(perToken(1.1) * 1e6).toBeCloseTo(1.1, 12);
  });
});

const model = (m: Partial<ModelPriceDto>): ModelPriceDto => ({
  id: 'x', modelName: 'x', matchPattern: '(?i)^x$', startDate: null, unit: 'TOKENS', prices: {}, perMillionTokens: null, builtIn: false, createdAt: null, ...m,
});

describe('catalog helpers', () => {
  const haiku = model({ id: 'genai-prices:google:claude-3-haiku', modelName: 'claude-3-haiku', matchPattern: '(?i)claude-3-haiku', builtIn: true });
  const gpt = model({ id: 'genai-prices:openai:gpt-4o', modelName: 'gpt-4o', matchPattern: '(?i)^gpt-4o', builtIn: true });

  it("reads a built-in model's provider from its id; a project model has none", () => {
    expect(providerOf(haiku)).toBe('google');
    expect(providerOf(model({ id: 'genai-prices:openai:x' }))).toBeNull();
  });

  it('filters by name, provider or pattern, any case', () => {
    expect(filterModels([haiku, gpt], ' GOOGLE ')).toEqual([haiku]);
    expect(filterModels([haiku, gpt], '^gpt')).toEqual([gpt]);
    expect(filterModels([haiku, gpt], '')).toEqual([haiku, gpt]);
    expect(filterModels([haiku, gpt], 'mistral')).toEqual([]);
  });
});

describe('display', () => {
  it("finds the project model in a custom cost's price version, and nothing in other sources", () => {
    expect(projectModelOf('custom', 'model:3f1c')).toBe('3f1c');
    expect(projectModelOf('custom', 'config:2025-01-01')).toBeNull();
    expect(projectModelOf('genai-prices', 'model:3f1c')).toBeNull();
    expect(projectModelOf('custom', undefined)).toBeNull();
  });

  it('shows prices per 1M tokens with cents, and start dates in UTC', () => {
    expect([formatPerMillion(2.5), formatPerMillion(0.075), formatPerMillion(15), formatPerMillion(null)]).toEqual(['$2.50', '$0.075', '$15.00', '—']);
    expect(formatStartDate(null)).toBe('always');
    expect(formatStartDate('2025-03-01T00:00:00.000Z')).toBe('2025-03-01');
    expect(formatStartDate('2025-03-01T14:30:00.000Z')).toBe('2025-03-01 14:30 UTC');
  });
});
