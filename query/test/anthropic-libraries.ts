/**
 * Two Claude calls through the real `@anthropic-ai/sdk` against the stub, for the tests of third-party Anthropic
 * instrumentations: the first writes the cached system prompt, the second reads it with a user message longer
 * than the cached part — so a count that leaves cache out cannot be told from the numbers alone. What the SDK
 * returned (usage) is the ground truth the stored records must match.
 */
import Anthropic from '@anthropic-ai/sdk';
import type { Usage } from '@anthropic-ai/sdk/resources/messages';
import type { Tracer } from '@opentelemetry/api';
import { expect } from 'vitest';
import type { TestStack } from './helpers.js';
import { catalogPrice, eachInRootSpan, modelSpans, readTrace, withLlmTestBed, type OtelToStack } from './llm-e2e.js';

export const CLAUDE_MODEL = 'claude-3-5-haiku-20241022';
const SYSTEM = 'You are a careful assistant for a bookshop; answer in one short paragraph. '.repeat(12);
const PROMPTS = ['Do you stock poetry?', `Here is my whole reading list, please check each title: ${'The Odyssey; Middlemarch; Beloved; '.repeat(60)}`];

export interface ClaudeCall<U = Usage> {
  traceId: string;
  usage: U;
}

/**
 * The two calls (cache written, then read under a longer uncached prompt), each under its own root span, through
 * whatever SDK `ask` drives with the system prompt and the user's prompt; `ask` returns that SDK's usage.
 */
export async function twoClaudeCalls<U>(tracer: Tracer, ask: (system: string, prompt: string) => Promise<U>): Promise<ClaudeCall<U>[]> {
  return eachInRootSpan(tracer, PROMPTS, (prompt) => ask(SYSTEM, prompt));
}

export interface AnthropicLibraryRun {
  stack: TestStack;
  calls: ClaudeCall[];
  close(): Promise<void>;
}

export async function runAnthropicCalls(service: string, instrument: (otel: OtelToStack) => void): Promise<AnthropicLibraryRun> {
  return withLlmTestBed(service, async ({ stack, stub, otel, close }) => {
    instrument(otel);
    const client = new Anthropic({ baseURL: stub.anthropicBaseURL, apiKey: 'test-key', maxRetries: 0 });
    const calls = await twoClaudeCalls(otel.tracer, async (system, prompt) =>
      (await client.messages.create({ model: CLAUDE_MODEL, max_tokens: 200, system, messages: [{ role: 'user', content: prompt }] })).usage,
    );
    await otel.flush();
    return { stack, calls, close };
  });
}

/** Every call stored with input tokens counting cache reads and writes (the spec's rule), each apart too, and the catalog's price. */
export async function expectClaudeCallsPriced(run: AnthropicLibraryRun): Promise<void> {
  expect(run.calls[1].usage.input_tokens).toBeGreaterThan(run.calls[1].usage.cache_read_input_tokens ?? 0);
  for (const call of run.calls) {
    const [span] = modelSpans(await readTrace(run.stack.api, call.traceId));
    const u = call.usage;
    const cacheRead = u.cache_read_input_tokens ?? 0;
    const cacheWrite = u.cache_creation_input_tokens ?? 0;
    expect(span.genAi).toMatchObject({ provider: 'anthropic', requestModel: CLAUDE_MODEL, inputTokens: u.input_tokens + cacheRead + cacheWrite, outputTokens: u.output_tokens, costSource: 'catalog' });
    expect(span.genAi!.cacheReadTokens ?? 0).toBe(cacheRead);
    expect(span.genAi!.cacheWriteTokens ?? 0).toBe(cacheWrite);
    const price = catalogPrice('anthropic', CLAUDE_MODEL, { input_tokens: u.input_tokens + cacheRead + cacheWrite, output_tokens: u.output_tokens, cache_read_tokens: cacheRead, cache_write_tokens: cacheWrite });
    expect(span.genAi!.costUsd).toBeCloseTo(price, 10);
  }
}
