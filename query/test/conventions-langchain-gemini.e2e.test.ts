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
import { catalogPrice, inRootSpan, modelSpans, readTrace, withLlmTestBed, type LlmTestBed } from './llm-e2e.js';

let bed: LlmTestBed;
const calls: { model: string; traceId: string; usage: UsageMetadata }[] = [];

beforeAll(async () => {
  bed = await withLlmTestBed('langchain-gemini', async (b) => {
    new LangChainInstrumentation({ tracerProvider: b.otel.tracerProvider }).manuallyInstrument(CallbackManagerModule);
    for (const model of ['gemini-2.0-flash', 'gemini-2.5-pro']) {
      const llm = new ChatGoogleGenerativeAI({ model, apiKey: 'test-key', baseUrl: b.stub.geminiBaseURL, maxRetries: 0 });
      const call = { model, traceId: '', usage: undefined as unknown as UsageMetadata };
      call.traceId = await inRootSpan(b.otel.tracer, model, async () => {
        call.usage = (await llm.invoke('Weather in Lisbon tomorrow?')).usage_metadata!;
      });
      calls.push(call);
    }
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
      expect(span.genAi).toMatchObject({ provider: 'gcp.gemini', requestModel: call.model, inputTokens: call.usage.input_tokens, outputTokens: output, costSource: 'catalog' });
      expect(span.genAi!.reasoningTokens).toBe(thoughts > 0 ? thoughts : null);
      expect(span.genAi!.costUsd).toBeCloseTo(catalogPrice('google', call.model, { input_tokens: call.usage.input_tokens, output_tokens: output }), 10);
    }
  });
});
