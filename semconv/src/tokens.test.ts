import { describe, expect, it } from 'vitest';
import { normalizeSpan } from './normalize.js';
import { makeSpan } from './testing.js';

describe('token semantics: input includes cache, output includes reasoning', () => {
  it('keeps spec-compliant counts as they are (no double counting)', () => {
    const r = normalizeSpan(makeSpan({
      'gen_ai.provider.name': 'anthropic', 'gen_ai.request.model': 'claude-3-5-sonnet-20241022',
      'gen_ai.usage.input_tokens': 1000, 'gen_ai.usage.cache_read.input_tokens': 600, 'gen_ai.usage.cache_creation.input_tokens': 100,
      'gen_ai.usage.output_tokens': 50,
    }))!;
    expect(r.inputTokens).toBe(1000);
    expect(r.diagnostics.notes).toEqual([]);
  });

  it('converts Vercel AI SDK < 6 Anthropic counts (exclusive of cache) once, with a note', () => {
    const r = normalizeSpan(makeSpan({
      'ai.operationId': 'ai.generateText.doGenerate', 'ai.model.provider': 'anthropic.messages', 'ai.model.id': 'claude-3-5-sonnet-20241022',
      'ai.usage.inputTokens': 50, 'ai.usage.cachedInputTokens': 800, 'ai.usage.outputTokens': 20,
      'ai.response.providerMetadata': JSON.stringify({ anthropic: { cacheCreationInputTokens: 100, cacheReadInputTokens: 800 } }),
      'gen_ai.usage.input_tokens': 50,
    }))!;
    expect(r).toMatchObject({ inputTokens: 950, cacheReadTokens: 800, cacheWriteTokens: 100 });
    expect(r.diagnostics.notes.join()).toMatch(/anthropic input tokens were exclusive of cache/);
  });

  it('converts counts from an instrumentation known to pass Anthropic input_tokens through, by scope and version', () => {
    const attrs = {
      'gen_ai.provider.name': 'anthropic', 'gen_ai.request.model': 'claude-3-5-haiku-20241022',
      'gen_ai.usage.input_tokens': 500, 'gen_ai.usage.cache_read.input_tokens': 346, 'gen_ai.usage.cache_creation.input_tokens': 0, 'gen_ai.usage.output_tokens': 40,
    };
    const from = (scopeName: string, scopeVersion?: string) => normalizeSpan({ ...makeSpan(attrs, { scopeName }), scopeVersion })!;
    // 500 > 346, so the counts alone look inclusive: only the source says otherwise.
    expect(from('@traceloop/instrumentation-anthropic', '0.27.0').inputTokens).toBe(846);
    expect(from('@traceloop/instrumentation-anthropic', '0.27.0').diagnostics.notes).toEqual([
      'anthropic input tokens were exclusive of cache (@traceloop/instrumentation-anthropic passes Anthropic input_tokens through); added cache read+write',
    ]);
    expect(from('@traceloop/instrumentation-anthropic', '0.26.4').inputTokens).toBe(846);
    expect(from('@traceloop/instrumentation-anthropic').inputTokens).toBe(846);
    expect(from('@traceloop/instrumentation-anthropic', '0.28.0').inputTokens).toBe(500);
    expect(from('@traceloop/instrumentation-openai', '0.27.0').inputTokens).toBe(500);
  });

  it("adds to a Claude call's input what its total says the source left out, when no cache counts were reported", () => {
    const claude = (extra: Record<string, number>) => normalizeSpan(makeSpan({
      'openinference.span.kind': 'LLM', 'llm.provider': 'aws', 'llm.system': 'anthropic', 'llm.model_name': 'claude-3-5-sonnet-20241022',
      'llm.token_count.prompt': 18, 'llm.token_count.completion': 38, ...extra,
    }))!;
    const r = claude({ 'llm.token_count.total': 405 });
    expect(r).toMatchObject({ inputTokens: 367, outputTokens: 38, cacheReadTokens: null, cacheWriteTokens: null });
    expect(r.diagnostics.notes).toEqual([expect.stringMatching(/^total tokens exceeded input \+ output by 349: cached input/)]);
    expect(claude({ 'llm.token_count.total': 56 }).inputTokens).toBe(18);
    expect(claude({ 'llm.token_count.total': 405, 'llm.token_count.prompt_details.cache_write': 349 }).inputTokens).toBe(367);
    // Gemini's totals hold the thoughts: a gap goes to the output, as reasoning (below); other models' are left alone.
    const other = normalizeSpan(makeSpan({ 'gen_ai.provider.name': 'mistral_ai', 'gen_ai.request.model': 'mistral-large', 'gen_ai.usage.input_tokens': 10, 'gen_ai.usage.output_tokens': 5, 'gen_ai.usage.total_tokens': 90 }))!;
    expect([other.inputTokens, other.outputTokens]).toEqual([10, 5]);
  });

  it("adds to a Gemini call's output the thoughts its total shows the source did not count (LangChain's Gemini usage)", () => {
    const gemini = (extra: Record<string, number>) => normalizeSpan(makeSpan({
      'openinference.span.kind': 'LLM', 'llm.model_name': 'gemini-2.5-pro', 'llm.token_count.prompt': 17, 'llm.token_count.completion': 40, ...extra,
    }))!;
    expect(gemini({ 'llm.token_count.total': 81 })).toMatchObject({ inputTokens: 17, outputTokens: 64, reasoningTokens: 24 });
    expect(gemini({ 'llm.token_count.total': 81 }).diagnostics.notes).toEqual([expect.stringMatching(/^total tokens exceeded input \+ output by 24: Gemini thoughts/)]);
    expect(gemini({ 'llm.token_count.total': 57 })).toMatchObject({ outputTokens: 40, reasoningTokens: null });
    // Reasoning already counted (and the total proving the output left it out) is handled once, by that rule.
    expect(gemini({ 'llm.token_count.total': 81, 'llm.token_count.completion_details.reasoning': 24 })).toMatchObject({ outputTokens: 64, reasoningTokens: 24 });
  });

  it('adds reasoning to an output count the total shows left it out (Gemini thoughts), and only then', () => {
    const gemini = (total: number) => normalizeSpan(makeSpan({
      'gen_ai.provider.name': 'gcp.gen_ai', 'gen_ai.request.model': 'gemini-2.5-pro',
      'gen_ai.usage.input_tokens': 317, 'gen_ai.usage.output_tokens': 55, 'gen_ai.usage.reasoning_tokens': 24, 'gen_ai.usage.total_tokens': total,
    }))!;
    expect(gemini(396)).toMatchObject({ outputTokens: 79, reasoningTokens: 24 });
    expect(gemini(396).diagnostics.notes).toEqual(['total tokens were input + output + reasoning, so output was exclusive of reasoning; added reasoning']);
    // A total of input + output: the output already counts the reasoning.
    expect(gemini(372)).toMatchObject({ outputTokens: 55 });
  });

  it('does not convert Vercel v6 counts, which carry inputTokenDetails and are inclusive', () => {
    const r = normalizeSpan(makeSpan({
      'ai.operationId': 'ai.generateText.doGenerate', 'ai.model.provider': 'anthropic.messages', 'ai.model.id': 'claude-sonnet-4-5',
      'ai.usage.inputTokens': 950, 'ai.usage.inputTokenDetails.noCacheTokens': 50, 'ai.usage.inputTokenDetails.cacheReadTokens': 800,
      'ai.usage.inputTokenDetails.cacheWriteTokens': 100, 'ai.usage.outputTokens': 20,
    }))!;
    expect(r.inputTokens).toBe(950);
    expect(r.cacheWriteTokens).toBe(100);
  });

  it('does not convert OpenAI counts through Vercel < 6 (OpenAI reports inclusive)', () => {
    const r = normalizeSpan(makeSpan({
      'ai.operationId': 'ai.generateText.doGenerate', 'ai.model.provider': 'openai.chat', 'ai.model.id': 'gpt-4o',
      'ai.usage.inputTokens': 2000, 'ai.usage.cachedInputTokens': 1024, 'ai.usage.outputTokens': 20,
    }))!;
    expect(r.inputTokens).toBe(2000);
  });

  it('infers exclusive counts when cache exceeds input (raw Anthropic usage copied unchanged, e.g. Bedrock Claude)', () => {
    const r = normalizeSpan(makeSpan({
      'gen_ai.system': 'aws.bedrock', 'gen_ai.request.model': 'anthropic.claude-3-5-sonnet-20241022-v2:0',
      'gen_ai.usage.input_tokens': 10, 'gen_ai.usage.cache_read_input_tokens': 3000, 'gen_ai.usage.output_tokens': 5,
    }))!;
    expect(r.inputTokens).toBe(3010);
    expect(r.diagnostics.notes.join()).toMatch(/exclusive of cache/);
  });

  it('adds reasoning when a source reported output exclusive of it', () => {
    const r = normalizeSpan(makeSpan({ 'gen_ai.usage.output_tokens': 10, 'gen_ai.usage.reasoning.output_tokens': 300 }))!;
    expect(r.outputTokens).toBe(310);
    expect(r.diagnostics.notes.join()).toMatch(/exclusive of reasoning/);
  });

  it('keeps inclusive reasoning as is', () => {
    const r = normalizeSpan(makeSpan({ 'gen_ai.usage.output_tokens': 500, 'gen_ai.usage.reasoning.output_tokens': 300 }))!;
    expect(r.outputTokens).toBe(500);
  });
});
