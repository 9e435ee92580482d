/**
 * Gemini through `@traceloop/instrumentation-google-generativeai` (OpenLLMetry; the `@google/genai` SDK against the
 * stub). For a thinking model it passes candidatesTokenCount through as the output count and the thoughts apart, with
 * a total of all three: stored output must count the thoughts (the spec's rule) and be priced so.
 */
import { GoogleGenAI, type GenerateContentResponseUsageMetadata } from '@google/genai';
import { GenAIInstrumentation } from '@traceloop/instrumentation-google-generativeai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalogPrice, eachInRootSpan, GEMINI_MODELS, modelSpans, readTrace, withLlmTestBed, type CallUnderRoot, type LlmTestBed } from './llm-e2e.js';

let bed: LlmTestBed;
let calls: CallUnderRoot<string, GenerateContentResponseUsageMetadata>[] = [];

beforeAll(async () => {
  bed = await withLlmTestBed('gemini-traceloop', async (b) => {
    const instrumentation = new GenAIInstrumentation();
    instrumentation.setTracerProvider(b.otel.tracerProvider);
    // It wraps the module's GoogleGenAI export: hand it a plain object (an ESM namespace cannot be patched).
    const genai = { GoogleGenAI };
    instrumentation.manuallyInstrument(genai as never);
    const client = new genai.GoogleGenAI({ apiKey: 'test-key', httpOptions: { baseUrl: b.stub.geminiBaseURL } });
    calls = await eachInRootSpan(b.otel.tracer, GEMINI_MODELS, async (model) => (await client.models.generateContent({ model, contents: 'Weather in Lisbon tomorrow?' })).usageMetadata!);
    await b.otel.flush();
    return b;
  });
});
afterAll(() => bed?.close());

describe('Gemini (OpenLLMetry) → collector → canonical records', () => {
  it('tokens as the spec counts them (thoughts in the output) and the catalog price of them', async () => {
    expect(calls[1].usage.thoughtsTokenCount).toBeGreaterThan(0);
    for (const call of calls) {
      const [span] = modelSpans(await readTrace(bed.stack.api, call.traceId));
      const u = call.usage;
      const output = u.candidatesTokenCount! + (u.thoughtsTokenCount ?? 0);
      expect(span.genAi).toMatchObject({ operation: 'generate_content', requestModel: call.item, inputTokens: u.promptTokenCount, outputTokens: output, costSource: 'catalog' });
      expect(span.genAi!.costUsd).toBeCloseTo(catalogPrice('google', call.item, { input_tokens: u.promptTokenCount!, output_tokens: output }), 10);
    }
  });
});
