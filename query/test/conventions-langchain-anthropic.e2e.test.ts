/**
 * Claude through LangChain.js (`@langchain/anthropic`) traced by `@arizeai/openinference-instrumentation-langchain`,
 * with a cached system prompt. The library's token counts are LangChain's cache-inclusive totals without the cache
 * split; the split is in the run's output (`usage_metadata.input_token_details`) and prices the cached part apart.
 */
import { LangChainInstrumentation } from '@arizeai/openinference-instrumentation-langchain';
import { ChatAnthropic } from '@langchain/anthropic';
import * as CallbackManagerModule from '@langchain/core/callbacks/manager';
import { HumanMessage, SystemMessage, type UsageMetadata } from '@langchain/core/messages';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { CLAUDE_MODEL, expectClaudeRecords, fromLangChainUsage, twoClaudeCalls, type ClaudeCall } from './anthropic-libraries.js';
import { withLlmTestBed, type LlmTestBed } from './llm-e2e.js';

const MODEL = CLAUDE_MODEL;
let bed: LlmTestBed;
let calls: ClaudeCall<UsageMetadata>[] = [];

beforeAll(async () => {
  bed = await withLlmTestBed('langchain-anthropic', async (b) => {
    new LangChainInstrumentation({ tracerProvider: b.otel.tracerProvider }).manuallyInstrument(CallbackManagerModule);
    const model = new ChatAnthropic({ model: MODEL, apiKey: 'test-key', anthropicApiUrl: b.stub.anthropicBaseURL, maxRetries: 0 });
    calls = await twoClaudeCalls(b.otel.tracer, async (system, prompt) => (await model.invoke([new SystemMessage(system), new HumanMessage(prompt)])).usage_metadata!);
    await b.otel.flush();
    return b;
  });
});
afterAll(() => bed?.close());

describe('Claude through LangChain.js (OpenInference) → collector → canonical records', () => {
  it('input with the cache (as LangChain counts it), the cache write and read from the run, catalog cost', async () => {
    await expectClaudeRecords(bed.stack.api, calls.map((c) => ({ ...c, usage: fromLangChainUsage(c.usage) })), { provider: 'anthropic', model: MODEL, priceProvider: 'anthropic' });
  });
});
