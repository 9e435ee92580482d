/**
 * The keys the legacy GenAI mapper (otel-genai-legacy.ts) reads by name, apart from it so the key summary
 * (context.ts) can flag a span holding any: the many spans that hold none skip those reads, each of which was a
 * megamorphic keyed miss (~4% of the ingest GenAI stage together, A/B measured).
 */
import * as A from '../attributes.js';
import type { CountField } from '../context.js';

export const LEGACY_TOKEN_COUNTS: readonly (readonly [CountField, string])[] = [
  ['inputTokens', A.ATTR_GEN_AI_USAGE_PROMPT_TOKENS],
  ['outputTokens', A.ATTR_GEN_AI_USAGE_COMPLETION_TOKENS],
  // OpenLLMetry's spellings (underscores), never in the spec.
  ['cacheReadTokens', 'gen_ai.usage.cache_read_input_tokens'],
  ['cacheWriteTokens', 'gen_ai.usage.cache_creation_input_tokens'],
  ['reasoningTokens', 'gen_ai.usage.reasoning_tokens'],
];

/** Not in the spec, but the attribute Langfuse and several SDKs put a provider-reported cost in. */
export const LEGACY_COST = 'gen_ai.usage.cost';

const NAMED = new Set([
  A.ATTR_GEN_AI_SYSTEM, ...LEGACY_TOKEN_COUNTS.map(([, key]) => key), LEGACY_COST, A.ATTR_GEN_AI_PROMPT, A.ATTR_GEN_AI_COMPLETION,
]);
/** Bit `(code - 97) % 32` of each name's 8th character (after `gen_ai.`): most keys are ruled out without the set. */
const LETTERS = [...NAMED].reduce((bits, key) => bits | (1 << (key.charCodeAt(7) - 97)), 0);

/** Whether a `gen_ai.*` key is one the legacy mapper reads by name. */
export function isLegacyNamedKey(key: string): boolean {
  return (LETTERS & (1 << (key.charCodeAt(7) - 97))) !== 0 && NAMED.has(key);
}
