/**
 * Claude through the Vercel AI SDK v6 (`ai` with `@ai-sdk/anthropic`, telemetry on) against the stub, with a cached
 * system prompt: v6's `ai.usage.inputTokens` already counts cache reads and writes (its `inputTokenDetails` say so),
 * so it must be stored as it is — not converted as the older SDKs' cache-exclusive counts are — and priced with the
 * cache write apart.
 */
import { createAnthropic } from '@ai-sdk/anthropic';
import { generateText, type LanguageModelUsage } from 'ai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLAUDE_MODEL, expectClaudeRecords, twoClaudeCalls, type ClaudeCall } from './anthropic-libraries.js';
import { modelSpans, readTrace, withLlmTestBed, type LlmTestBed } from './llm-e2e.js';

const MODEL = CLAUDE_MODEL;
let bed: LlmTestBed;
let calls: ClaudeCall<LanguageModelUsage>[] = [];

beforeAll(async () => {
  bed = await withLlmTestBed('vercel-anthropic', async (b) => {
    const anthropic = createAnthropic({ baseURL: `${b.stub.anthropicBaseURL}/v1`, apiKey: 'test-key' });
    calls = await twoClaudeCalls(b.otel.tracer, async (system, prompt) =>
      (await generateText({ model: anthropic(MODEL), system, prompt, experimental_telemetry: { isEnabled: true }, maxRetries: 0 })).usage,
    );
    await b.otel.flush();
    return b;
  });
});
afterAll(() => bed?.close());

describe('Claude through the Vercel AI SDK v6 → collector → canonical records', () => {
  it('input tokens as the SDK counted them (cache included, no second conversion), the cache write apart, catalog cost', async () => {
    const asSpec = (u: LanguageModelUsage) => ({ input: u.inputTokens!, output: u.outputTokens!, cacheRead: u.inputTokenDetails?.cacheReadTokens ?? 0, cacheWrite: u.inputTokenDetails?.cacheWriteTokens ?? 0 });
    await expectClaudeRecords(bed.stack.api, calls.map((c) => ({ ...c, usage: asSpec(c.usage) })), { provider: 'anthropic', model: MODEL, priceProvider: 'anthropic' });
    for (const call of calls) expect(modelSpans(await readTrace(bed.stack.api, call.traceId))[0].genAi!.diagnostics.notes).toEqual([]);
  });
});
