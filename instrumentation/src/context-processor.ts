// Stamps `gen_ai.conversation.id` and `user.id` from `withConversation()` onto every span started
// in that scope — including spans from other instrumentations (HTTP, DB, other GenAI libraries).
import type { Context } from '@opentelemetry/api';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { scopeAttributes } from './core/scope.js';

export class WatchLLMContextSpanProcessor implements SpanProcessor {
  onStart(span: Span, parentContext: Context): void {
    const attrs = scopeAttributes(parentContext);
    if (!attrs) return;
    for (const [key, value] of Object.entries(attrs)) {
      // An explicit attribute set by the span's creator wins over the ambient scope.
      if (span.attributes[key] === undefined && value !== undefined) span.setAttribute(key, value);
    }
  }
  onEnd(_span: ReadableSpan): void {}
  forceFlush(): Promise<void> {
    return Promise.resolve();
  }
  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}
