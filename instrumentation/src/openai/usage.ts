import type { TokenUsage } from '../core/telemetry.js';

/** How an OpenAI API names its usage counts: Chat Completions says prompt/completion, Responses input/output. */
export interface UsageNaming {
  input: 'prompt' | 'input';
  output: 'completion' | 'output';
}

export const CHAT_USAGE: UsageNaming = { input: 'prompt', output: 'completion' };
export const RESPONSES_USAGE: UsageNaming = { input: 'input', output: 'output' };

interface Details {
  cached_tokens?: number;
  reasoning_tokens?: number;
}

/** An OpenAI usage object as token counts; cached and reasoning counts only when non-zero. */
export function openAiUsage(usage: unknown, naming: UsageNaming): TokenUsage | undefined {
  if (!usage || typeof usage !== 'object') return undefined;
  const u = usage as Record<string, number | Details | undefined>;
  const count = (key: string) => (typeof u[key] === 'number' ? (u[key] as number) : undefined);
  const details = (key: string) => (u[key] && typeof u[key] === 'object' ? (u[key] as Details) : undefined);
  return {
    inputTokens: count(`${naming.input}_tokens`),
    outputTokens: count(`${naming.output}_tokens`),
    cacheReadInputTokens: details(`${naming.input}_tokens_details`)?.cached_tokens || undefined,
    reasoningOutputTokens: details(`${naming.output}_tokens_details`)?.reasoning_tokens || undefined,
  };
}
