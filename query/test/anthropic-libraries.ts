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

/** A Claude call's usage as the spec counts it: input with the cache, and the cache's parts. */
export interface ClaudeUsage {
  input: number;
  output: number;
  cacheRead: number;
  cacheWrite: number;
}

/** Where the calls went: the stored provider and model, and the catalog's provider id for the price. */
export interface ClaudeRoute {
  provider: string;
  model: string;
  priceProvider: string;
}

/**
 * Every call stored with `usage` (input counting cache reads and writes, each apart too), at the catalog's price;
 * and the cache was really used (the second call's cached prefix is smaller than its uncached part).
 */
export async function expectClaudeRecords(api: string, calls: ClaudeCall<ClaudeUsage>[], route: ClaudeRoute): Promise<void> {
  expect(calls.some((c) => c.usage.cacheRead + c.usage.cacheWrite > 0)).toBe(true);
  for (const call of calls) {
    const [span] = modelSpans(await readTrace(api, call.traceId));
    const u = call.usage;
    expect(span.genAi).toMatchObject({ provider: route.provider, requestModel: route.model, inputTokens: u.input, outputTokens: u.output, costSource: 'catalog' });
    expect(span.genAi!.cacheReadTokens ?? 0).toBe(u.cacheRead);
    expect(span.genAi!.cacheWriteTokens ?? 0).toBe(u.cacheWrite);
    const price = catalogPrice(route.priceProvider, route.model, { input_tokens: u.input, output_tokens: u.output, cache_read_tokens: u.cacheRead, cache_write_tokens: u.cacheWrite });
    expect(span.genAi!.costUsd).toBeCloseTo(price, 10);
  }
}

/** The Anthropic API's usage (input exclusive of the cache) as the spec counts it. */
export function fromAnthropicUsage(u: Usage): ClaudeUsage {
  const cacheRead = u.cache_read_input_tokens ?? 0;
  const cacheWrite = u.cache_creation_input_tokens ?? 0;
  return { input: u.input_tokens + cacheRead + cacheWrite, output: u.output_tokens, cacheRead, cacheWrite };
}

/** LangChain's `usage_metadata` (input already counting the cache). */
export function fromLangChainUsage(u: { input_tokens: number; output_tokens: number; input_token_details?: { cache_read?: number; cache_creation?: number } }): ClaudeUsage {
  return { input: u.input_tokens, output: u.output_tokens, cacheRead: u.input_token_details?.cache_read ?? 0, cacheWrite: u.input_token_details?.cache_creation ?? 0 };
}

/** Every call of a run through the Anthropic SDK, as `expectClaudeRecords` checks them; the second call's uncached part is the larger. */
export async function expectClaudeCallsPriced(run: AnthropicLibraryRun): Promise<void> {
  expect(run.calls[1].usage.input_tokens).toBeGreaterThan(run.calls[1].usage.cache_read_input_tokens ?? 0);
  await expectClaudeRecords(run.stack.api, run.calls.map((c) => ({ ...c, usage: fromAnthropicUsage(c.usage) })), { provider: 'anthropic', model: CLAUDE_MODEL, priceProvider: 'anthropic' });
}
