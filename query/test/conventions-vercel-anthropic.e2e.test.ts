/**
 * Claude through the Vercel AI SDK v6 (`ai` with `@ai-sdk/anthropic`, telemetry on) against the stub, with a cached
 * system prompt: v6's `ai.usage.inputTokens` already counts cache reads and writes (its `inputTokenDetails` say so),
 * so it must be stored as it is — not converted as the older SDKs' cache-exclusive counts are — and priced with the
 * cache write apart.
 */
import { createAnthropic } from '@ai-sdk/anthropic';
import { generateText, type LanguageModelUsage } from 'ai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLAUDE_MODEL, twoClaudeCalls, type ClaudeCall } from './anthropic-libraries.js';
import { catalogPrice, modelSpans, readTrace, withLlmTestBed, type LlmTestBed } from './llm-e2e.js';

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
    for (const call of calls) {
      const [span] = modelSpans(await readTrace(bed.stack.api, call.traceId));
      const u = call.usage;
      const write = u.inputTokenDetails?.cacheWriteTokens ?? 0;
      const read = u.inputTokenDetails?.cacheReadTokens ?? 0;
      expect(write + read).toBeGreaterThan(0);
      expect(span.genAi).toMatchObject({ provider: 'anthropic', inputTokens: u.inputTokens, outputTokens: u.outputTokens, cacheWriteTokens: write, costSource: 'catalog' });
      expect(span.genAi!.diagnostics.notes).toEqual([]);
      expect(span.genAi!.costUsd).toBeCloseTo(catalogPrice('anthropic', MODEL, { input_tokens: u.inputTokens!, output_tokens: u.outputTokens!, cache_read_tokens: read, cache_write_tokens: write }), 10);
    }
  });
});
