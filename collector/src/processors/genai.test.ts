import { describe, expect, it } from 'vitest';
import { compileModelPrice, modelPriceLookup } from '@watchllm/semconv';
import { encodeGenAiRequest } from '../bench/genai-request.js';
import { setAttribute } from '../otlp/any-value.js';
import { readTraces } from '../otlp/signals.js';
import { Telemetry } from '../telemetry.js';
import { createGenAiProcessor } from './genai.js';

describe('genai processor telemetry', () => {
  it('counts the spans of a batch by convention and step type, and unpriced models', async () => {
    const telemetry = new Telemetry();
    const processor = createGenAiProcessor({ customPrices: [] }, telemetry);
    const batch = readTraces(encodeGenAiRequest(12, 0), 'protobuf', 'p');
    const unknown = batch.resourceSpans[0].scopeSpans[0].spans[0].attributes;
    setAttribute(unknown, 'gen_ai.request.model', 'no-such-model-xyz', undefined);
    setAttribute(unknown, 'gen_ai.response.model', 'no-such-model-xyz', undefined);
    processor.processTraces(batch);
    const spans = (await telemetry.genaiSpans.get()).values;
    expect(spans).toEqual([{ labels: { convention: 'otel-genai', step_type: 'llm' }, value: 12 }]);
    const unpriced = (await telemetry.genaiUnpriced.get()).values;
    expect(unpriced).toEqual([{ labels: { model: 'no-such-model-xyz' }, value: 1 }]);
  });

  it('keeps at most 100 unpriced model names as labels: senders choose them', async () => {
    const telemetry = new Telemetry();
    const processor = createGenAiProcessor({ customPrices: [] }, telemetry);
    const batch = readTraces(encodeGenAiRequest(250, 0), 'protobuf', 'p');
    batch.resourceSpans[0].scopeSpans[0].spans.forEach((span, i) => {
      setAttribute(span.attributes, 'gen_ai.request.model', `made-up-${i}`, undefined);
      setAttribute(span.attributes, 'gen_ai.response.model', `made-up-${i}`, undefined);
    });
    processor.processTraces(batch);
    processor.processTraces(batch);
    const unpriced = (await telemetry.genaiUnpriced.get()).values;
    expect(unpriced).toHaveLength(101);
    expect(unpriced.find((v) => v.labels.model === 'made-up-0')?.value).toBe(2);
    expect(unpriced.find((v) => v.labels.model === 'other')?.value).toBe(300);
  });
});

describe('genai processor prices', () => {
  it("prices a batch by its project's own models first, then config prices, then the catalog", () => {
    const own = modelPriceLookup([compileModelPrice({ id: 'm1', modelName: 'mini', matchPattern: '(?i)^gpt-4o-mini$', startMs: null, unit: 'TOKENS', prices: { input: 0.000001, output: 0.000001 } })!]);
    const processor = createGenAiProcessor(
      { customPrices: [{ model: 'gpt-4o', inputPerMTok: 0, outputPerMTok: 0 }] },
      undefined,
      { of: (projectId) => (projectId === 'p' ? own : undefined) },
    );
    const costs = (projectId: string) => {
      const batch = processor.processTraces(readTraces(encodeGenAiRequest(3, 0), 'protobuf', projectId));
      return batch.resourceSpans[0].scopeSpans[0].spans.map((s) => [s.enrichment!.requestModel, s.enrichment!.costSource, s.enrichment!.priceVersion, s.enrichment!.costUsd]);
    };
    // Span 0: 420 input (128 cached), 120 output tokens; span 1: 421 input, 121 output.
    expect(costs('p')).toEqual([
      ['gpt-4o-mini', 'custom', 'model:m1', (420 + 120) / 1e6],
      ['gpt-4o', 'custom', 'custom', 0],
      ['claude-3-5-sonnet-20241022', 'catalog', expect.stringMatching(/^genai-prices@/), expect.any(Number)],
    ]);
    expect(costs('other')[0]!.slice(1, 3)).toEqual(['catalog', expect.stringMatching(/^genai-prices@/)]);
  });
});
