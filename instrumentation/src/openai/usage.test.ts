import { describe, expect, it } from 'vitest';
import { CHAT_USAGE, openAiUsage, RESPONSES_USAGE } from './usage.js';

describe('openAiUsage', () => {
  it('reads Chat Completions and Responses usage by their own names', () => {
    const chat = { prompt_tokens: 120, completion_tokens: 30, prompt_tokens_details: { cached_tokens: 100 }, completion_tokens_details: { reasoning_tokens: 8 } };
    const responses = { input_tokens: 120, output_tokens: 30, input_tokens_details: { cached_tokens: 100 }, output_tokens_details: { reasoning_tokens: 8 } };
    const expected = { inputTokens: 120, outputTokens: 30, cacheReadInputTokens: 100, reasoningOutputTokens: 8 };
    expect(openAiUsage(chat, CHAT_USAGE)).toEqual(expected);
    expect(openAiUsage(responses, RESPONSES_USAGE)).toEqual(expected);
    // The other API's names are not read.
    expect(openAiUsage(chat, RESPONSES_USAGE)).toEqual({ inputTokens: undefined, outputTokens: undefined, cacheReadInputTokens: undefined, reasoningOutputTokens: undefined });
  });

  it('leaves zero cached / reasoning counts out, and answers undefined for no usage', () => {
    expect(openAiUsage({ prompt_tokens: 5, completion_tokens: 1, prompt_tokens_details: { cached_tokens: 0 } }, CHAT_USAGE)).toEqual({
      inputTokens: 5,
      outputTokens: 1,
      cacheReadInputTokens: undefined,
      reasoningOutputTokens: undefined,
    });
    expect(openAiUsage(undefined, CHAT_USAGE)).toBeUndefined();
    expect(openAiUsage('n/a', RESPONSES_USAGE)).toBeUndefined();
  });
});
