/**
 * Gemini through LangChain.js (`@langchain/google-genai`) traced by `@arizeai/openinference-instrumentation-langchain`.
 * For a thinking model LangChain's usage leaves the thoughts out of its output count while its total keeps them:
 * stored output must count them (the spec's rule) and the call be priced so.
 */
import { LangChainInstrumentation } from '@arizeai/openinference-instrumentation-langchain';
import * as CallbackManagerModule from '@langchain/core/callbacks/manager';
import type { UsageMetadata } from '@langchain/core/messages';
import { ChatGoogleGenerativeAI } from '@langchain/google-genai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalogPrice, eachInRootSpan, GEMINI_MODELS, modelSpans, readTrace, withLlmTestBed, type CallUnderRoot, type LlmTestBed } from './llm-e2e.js';

let bed: LlmTestBed;
let calls: CallUnderRoot<string, UsageMetadata>[] = [];

beforeAll(async () => {
  bed = await withLlmTestBed('langchain-gemini', async (b) => {
    new LangChainInstrumentation({ tracerProvider: b.otel.tracerProvider }).manuallyInstrument(CallbackManagerModule);
    calls = await eachInRootSpan(b.otel.tracer, GEMINI_MODELS, async (model) =>
      (await new ChatGoogleGenerativeAI({ model, apiKey: 'test-key', baseUrl: b.stub.geminiBaseURL, maxRetries: 0 }).invoke('Weather in Lisbon tomorrow?')).usage_metadata!,
    );
    await b.otel.flush();
    return b;
  });
});
afterAll(() => bed?.close());

describe('Gemini through LangChain.js (OpenInference) → collector → canonical records', () => {
  it("output with the thoughts LangChain's count left out (its total has them), priced from the catalog", async () => {
    const [flash, pro] = calls;
    expect(pro.usage.total_tokens).toBeGreaterThan(pro.usage.input_tokens + pro.usage.output_tokens);
    for (const call of [flash, pro]) {
      const [span] = modelSpans(await readTrace(bed.stack.api, call.traceId));
      const thoughts = call.usage.total_tokens - call.usage.input_tokens - call.usage.output_tokens;
      const output = call.usage.output_tokens + thoughts;
      expect(span.genAi).toMatchObject({ provider: 'gcp.gemini', requestModel: call.item, inputTokens: call.usage.input_tokens, outputTokens: output, costSource: 'catalog' });
      expect(span.genAi!.reasoningTokens).toBe(thoughts > 0 ? thoughts : null);
      expect(span.genAi!.costUsd).toBeCloseTo(catalogPrice('google', call.item, { input_tokens: call.usage.input_tokens, output_tokens: output }), 10);
    }
  });
});
