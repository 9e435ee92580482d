// Conversation, user and tags scope carried in the OTel context, so every span started inside gets them.
import { createContextKey, context, type Attributes, type Context } from '@opentelemetry/api';
import { ATTR_GEN_AI_CONVERSATION_ID, ATTR_USER_ID } from './attributes.js';

export interface ConversationScope {
  conversationId?: string;
  userId?: string;
  /** Labels to filter traces by, recorded as `tag.tags` (the OpenInference attribute); an inner scope adds to the outer one's. */
  tags?: string[];
}

/** Where tags go: no GenAI convention names one; OpenInference's key is the one other tools read. */
export const ATTR_TAGS = 'tag.tags';

const SCOPE_KEY = createContextKey('watchllm.conversation-scope');

export function scopeFrom(ctx: Context = context.active()): ConversationScope | undefined {
  return ctx.getValue(SCOPE_KEY) as ConversationScope | undefined;
}

/** Runs `fn` with the scope merged over any outer one (inner values win). */
export function withConversation<T>(scope: ConversationScope, fn: () => T): T {
  const outer = scopeFrom();
  const merged = { ...outer, ...definedOnly(scope) };
  if (outer?.tags && merged.tags) merged.tags = [...new Set([...outer.tags, ...merged.tags])];
  return context.with(context.active().setValue(SCOPE_KEY, merged), fn);
}

export function scopeAttributes(ctx: Context = context.active()): Attributes | undefined {
  const scope = scopeFrom(ctx);
  if (!scope) return undefined;
  const attrs: Attributes = {};
  if (scope.conversationId) attrs[ATTR_GEN_AI_CONVERSATION_ID] = scope.conversationId;
  if (scope.userId) attrs[ATTR_USER_ID] = scope.userId;
  if (scope.tags) attrs[ATTR_TAGS] = scope.tags;
  return attrs;
}

function definedOnly(scope: ConversationScope): ConversationScope {
  const out: ConversationScope = {};
  if (scope.conversationId) out.conversationId = scope.conversationId;
  if (scope.userId) out.userId = scope.userId;
  const tags = scope.tags?.filter((t) => typeof t === 'string' && t !== '');
  if (tags && tags.length > 0) out.tags = tags;
  return out;
}
