import { describe, expect, it } from 'vitest';
import { modelInput } from './model-input.js';

const ok = { modelName: 'acme-llm', matchPattern: '(?i)^(acme-llm)$', unit: 'TOKENS' };

describe('modelInput', () => {
  it("takes Langfuse's CreateModelRequest: flat prices folded into prices, unit TOKENS by default", () => {
    expect(modelInput({ ...ok, unit: undefined, startDate: '2025-01-01T00:00:00Z', inputPrice: 0.000001, outputPrice: 0.000002, tokenizerId: 'openai', tokenizerConfig: { tokensPerMessage: 3 } })).toEqual({
      modelName: 'acme-llm', matchPattern: '(?i)^(acme-llm)$', startMs: Date.parse('2025-01-01'), unit: 'TOKENS',
      inputPrice: 0.000001, outputPrice: 0.000002, totalPrice: null, prices: { input: 0.000001, output: 0.000002 },
      tokenizerId: 'openai', tokenizerConfig: { tokensPerMessage: 3 },
    });
  });

  it('takes prices by usage type, as numbers or as Langfuse shows them back ({ price }), with a flat price that agrees', () => {
    const m = modelInput({ ...ok, inputPrice: 0.000003, prices: { input: { price: 0.000003 }, output: 0.000015, cache_read_input_tokens: 0.0000003 } });
    expect(m.prices).toEqual({ input: 0.000003, output: 0.000015, cache_read_input_tokens: 0.0000003 });
    expect([m.inputPrice, m.outputPrice, m.totalPrice]).toEqual([0.000003, 0.000015, null]);
  });

  it("takes a single default pricing tier as the model's prices", () => {
    expect(modelInput({ ...ok, pricingTiers: [{ name: 'Standard', isDefault: true, priority: 0, conditions: [], prices: { input: 0.000001 } }] }).prices).toEqual({ input: 0.000001 });
  });

  it.each([
    [{ ...ok, matchPattern: '(?i)^(acme-llm$' }, /^field matchPattern: not a valid regular expression/],
    [{ ...ok, matchPattern: undefined }, /^field matchPattern: expected a regular expression of 1 to 1000 characters/],
    [{ ...ok, modelName: ' ' }, /^field modelName: expected text/],
    [{ ...ok, unit: 'TOKEN' }, /^field unit: expected one of TOKENS, CHARACTERS/],
    [{ ...ok, inputPrice: -1 }, /^field inputPrice: expected a non-negative number/],
    [{ ...ok, outputPrice: '0.1' }, /^field outputPrice: expected a non-negative number/],
    [{ ...ok, totalPrice: 0.1, inputPrice: 0.1 }, /^field totalPrice: cannot be set with inputPrice or outputPrice/],
    [{ ...ok, prices: { input: -0.1 } }, /^field prices\.input: expected a non-negative number/],
    [{ ...ok, prices: { output: { price: 'x' } } }, /^field prices\.output: expected a non-negative number/],
    [{ ...ok, prices: [1] }, /^field prices: expected an object of usage type/],
    [{ ...ok, inputPrice: 0.1, prices: { input: 0.2 } }, /^field prices\.input: differs from inputPrice/],
    [{ ...ok, startDate: 'soon' }, /^field startDate: expected an ISO 8601 date/],
    [{ ...ok, pricingTiers: [{ isDefault: true, conditions: [], prices: {} }, { isDefault: false, conditions: [{}], prices: {} }] }, /^field pricingTiers: only one default tier/],
    [{ ...ok, inputPrice: 0.1, pricingTiers: [{ isDefault: true, conditions: [], prices: { input: 0.1 } }] }, /^field pricingTiers: cannot be set with prices/],
    [[ok], /^expected a JSON object/],
  ])('refuses %j naming the field', (body, message) => {
    expect(() => modelInput(body)).toThrow(message);
  });
});
