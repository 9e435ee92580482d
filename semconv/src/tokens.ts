/**
 * Token semantics: input includes cache read + write, output includes reasoning (the spec's rule).
 * Sources that report them exclusive are converted exactly once, and the conversion is noted.
 */
import { note, type MapContext } from './context.js';
import { isAnthropicModel, isGeminiModel } from './provider.js';

export function applyTokenSemantics(ctx: MapContext): void {
  const r = ctx.record;
  const cache = (r.cacheReadTokens ?? 0) + (r.cacheWriteTokens ?? 0);
  if (r.inputTokens !== null && cache > 0) {
    const anthropic = isAnthropicModel(r.provider, r.responseModel ?? r.requestModel);
    if (anthropic && ctx.inputExcludesCache) {
      r.inputTokens += cache;
      note(ctx, `anthropic input tokens were exclusive of cache (${ctx.inputExcludesCache}); added cache read+write`);
    } else if (cache > r.inputTokens) {
      // An inclusive count can never be smaller than its cached part: the source reported it exclusive.
      r.inputTokens += cache;
      note(ctx, 'input tokens were smaller than cache read+write, so they were exclusive of cache; added cache read+write');
    }
  }
  // A total of exactly input + output + reasoning says the output count left the reasoning out (Gemini's thoughts, as
  // some instrumentations pass candidatesTokenCount through).
  if (r.inputTokens !== null && r.outputTokens !== null && r.reasoningTokens !== null && r.reasoningTokens > 0 && ctx.totalTokens !== null
    && ctx.totalTokens === r.inputTokens + r.outputTokens + r.reasoningTokens) {
    r.outputTokens += r.reasoningTokens;
    note(ctx, 'total tokens were input + output + reasoning, so output was exclusive of reasoning; added reasoning');
  }
  // What a total over input + output holds depends on the model family: for Claude (whose usage has no other part)
  // cached input the source did not report apart; for Gemini the thoughts (its prompt count already holds the cache).
  const gap = r.inputTokens !== null && r.outputTokens !== null && ctx.totalTokens !== null ? ctx.totalTokens - r.inputTokens - r.outputTokens : 0;
  const model = r.responseModel ?? r.requestModel;
  if (gap > 0 && r.cacheReadTokens === null && r.cacheWriteTokens === null && isAnthropicModel(r.provider, model)) {
    r.inputTokens! += gap;
    note(ctx, `total tokens exceeded input + output by ${gap}: cached input the source did not report apart, added to input (its read/write split unknown, so priced as input)`);
  } else if (gap > 0 && r.reasoningTokens === null && isGeminiModel(r.provider, model)) {
    r.outputTokens! += gap;
    r.reasoningTokens = gap;
    note(ctx, `total tokens exceeded input + output by ${gap}: Gemini thoughts the source did not count, added to output as reasoning`);
  }
  if (r.outputTokens !== null && r.reasoningTokens !== null && r.reasoningTokens > r.outputTokens) {
    r.outputTokens += r.reasoningTokens;
    note(ctx, 'output tokens were smaller than reasoning tokens, so they were exclusive of reasoning; added reasoning');
  }
}
