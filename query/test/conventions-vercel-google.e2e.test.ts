/**
 * Gemini through the Vercel AI SDK v6 (`@ai-sdk/google`, telemetry on) against the stub: v6 counts a thinking model's
 * reasoning in its output (and says so in `outputTokenDetails`); stored as it is — the gap rules for sources that
 * leave thoughts out must not add them a second time — and priced from the catalog.
 */
import { createGoogleGenerativeAI } from '@ai-sdk/google';
import { generateText, type LanguageModelUsage } from 'ai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalogPrice, eachInRootSpan, GEMINI_MODELS, modelSpans, readTrace, withLlmTestBed, type CallUnderRoot, type LlmTestBed } from './llm-e2e.js';

let bed: LlmTestBed;
let calls: CallUnderRoot<string, LanguageModelUsage>[] = [];

beforeAll(async () => {
  bed = await withLlmTestBed('vercel-google', async (b) => {
    const google = createGoogleGenerativeAI({ baseURL: `${b.stub.geminiBaseURL}/v1beta`, apiKey: 'test-key' });
    calls = await eachInRootSpan(b.otel.tracer, GEMINI_MODELS, async (model) =>
      (await generateText({ model: google(model), prompt: 'Weather in Lisbon tomorrow?', experimental_telemetry: { isEnabled: true }, maxRetries: 0 })).usage,
    );
    await b.otel.flush();
    return b;
  });
});
afterAll(() => bed?.close());

describe('Gemini through the Vercel AI SDK v6 → collector → canonical records', () => {
  it('output with the reasoning once, as the SDK counted it; catalog cost', async () => {
    expect(calls[1].usage.outputTokenDetails?.reasoningTokens).toBeGreaterThan(0);
    for (const call of calls) {
      const [span] = modelSpans(await readTrace(bed.stack.api, call.traceId));
      const u = call.usage;
      expect(span.genAi).toMatchObject({ provider: 'gcp.gemini', inputTokens: u.inputTokens, outputTokens: u.outputTokens, reasoningTokens: u.outputTokenDetails?.reasoningTokens, costSource: 'catalog' });
      expect(span.genAi!.diagnostics.notes).toEqual([]);
      expect(span.genAi!.costUsd).toBeCloseTo(catalogPrice('google', call.item, { input_tokens: u.inputTokens!, output_tokens: u.outputTokens! }), 10);
    }
  });
});
