/**
 * Deprecated OTel GenAI forms still emitted by instrumentations: gen_ai.system, prompt/completion token names,
 * gen_ai.openai.*, indexed gen_ai.prompt.N.* / gen_ai.completion.N.* (OpenLLMetry), gen_ai.prompt/completion JSON.
 */
import * as A from '../attributes.js';
import { acknowledgePrefix, fillMessages, wantContent, readJson, setCount, setNumber, setParam, setString, type MapContext } from '../context.js';
import { LEGACY_COST, LEGACY_TOKEN_COUNTS } from './otel-genai-legacy-keys.js';
import { toMessage, toMessages } from '../messages/canonical.js';
import { collectIndexed, hasIndexed } from '../messages/indexed.js';
import { normalizeProvider } from '../provider.js';
import type { Message } from '../types.js';
import type { ConventionMapper } from './mapper.js';

const OPENAI_REQUEST_PREFIX = 'gen_ai.openai.request.';

export const otelGenAiLegacy: ConventionMapper = {
  name: 'otel-genai-legacy',
  applies: (ctx) => ctx.summary.genAi,
  map(ctx) {
    const named = ctx.summary.genAiLegacyNamed;
    if (named) mapNamedKeys(ctx);
    if (ctx.summary.genAiOpenAi) {
      for (const key of ctx.summary.keys) {
        if (key.startsWith(OPENAI_REQUEST_PREFIX)) setParam(ctx, key.slice(OPENAI_REQUEST_PREFIX.length), key);
      }
      acknowledgePrefix(ctx, 'gen_ai.openai.response.');
    }
    // Without named keys there is no gen_ai.prompt/completion to ask about: only whether content is decoded matters.
    if (!(named ? wantContent(ctx, A.ATTR_GEN_AI_PROMPT, A.ATTR_GEN_AI_COMPLETION) : ctx.decodeContent)) {
      if (ctx.summary.genAiIndexed) acknowledgeIndexed(ctx);
      return;
    }
    if (ctx.summary.genAiIndexed) mapIndexedMessages(ctx);
    if (ctx.attrs[A.ATTR_GEN_AI_PROMPT] !== undefined) fillMessages(ctx, 'inputMessages', toMessages(readJson(ctx, A.ATTR_GEN_AI_PROMPT), 'user'));
    if (ctx.attrs[A.ATTR_GEN_AI_COMPLETION] !== undefined) {
      fillMessages(ctx, 'outputMessages', toMessages(readJson(ctx, A.ATTR_GEN_AI_COMPLETION), 'assistant'));
    }
  },
};

function mapNamedKeys(ctx: MapContext): void {
  setString(ctx, 'provider', A.ATTR_GEN_AI_SYSTEM, normalizeProvider);
  for (const [field, key] of LEGACY_TOKEN_COUNTS) setCount(ctx, field, key);
  setNumber(ctx, 'reportedCostUsd', LEGACY_COST);
}

function acknowledgeIndexed(ctx: MapContext): void {
  for (const prefix of ['gen_ai.prompt.', 'gen_ai.completion.']) if (hasIndexed(ctx, prefix)) collectIndexed(ctx, prefix);
}

function mapIndexedMessages(ctx: MapContext): void {
  if (hasIndexed(ctx, 'gen_ai.prompt.')) fillMessages(ctx, 'inputMessages', indexedMessages(ctx, 'gen_ai.prompt.', 'user'));
  if (hasIndexed(ctx, 'gen_ai.completion.')) fillMessages(ctx, 'outputMessages', indexedMessages(ctx, 'gen_ai.completion.', 'assistant'));
}

function indexedMessages(ctx: MapContext, prefix: string, role: string): Message[] {
  const out: Message[] = [];
  for (const item of collectIndexed(ctx, prefix)) {
    const msg = toMessage(item, role);
    if (!msg) continue;
    // OpenLLMetry puts a completion's reasoning text beside its content.
    if (typeof item.reasoning === 'string' && item.reasoning !== '') msg.parts.unshift({ type: 'reasoning', content: item.reasoning });
    out.push(msg);
  }
  return out;
}
