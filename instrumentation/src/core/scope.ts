// Conversation and user scope carried in the OTel context, so every span started inside gets them.
import { createContextKey, context, type Attributes, type Context } from '@opentelemetry/api';
import { ATTR_GEN_AI_CONVERSATION_ID, ATTR_USER_ID } from './attributes.js';

export interface ConversationScope {
  conversationId?: string;
  userId?: string;
}

const SCOPE_KEY = createContextKey('watchllm.conversation-scope');

export function scopeFrom(ctx: Context = context.active()): ConversationScope | undefined {
  return ctx.getValue(SCOPE_KEY) as ConversationScope | undefined;
}

/** Runs `fn` with the scope merged over any outer one (inner values win). */
export function withConversation<T>(scope: ConversationScope, fn: () => T): T {
  const merged = { ...scopeFrom(), ...definedOnly(scope) };
  return context.with(context.active().setValue(SCOPE_KEY, merged), fn);
}

export function scopeAttributes(ctx: Context = context.active()): Attributes | undefined {
  const scope = scopeFrom(ctx);
  if (!scope) return undefined;
  const attrs: Attributes = {};
  if (scope.conversationId) attrs[ATTR_GEN_AI_CONVERSATION_ID] = scope.conversationId;
  if (scope.userId) attrs[ATTR_USER_ID] = scope.userId;
  return attrs;
}

function definedOnly(scope: ConversationScope): ConversationScope {
  const out: ConversationScope = {};
  if (scope.conversationId) out.conversationId = scope.conversationId;
  if (scope.userId) out.userId = scope.userId;
  return out;
}
