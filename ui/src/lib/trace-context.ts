// Who and where a trace ran for: its session, user and deployment environment, from its spans.

import type { Span } from '../api/types.js';

export interface TraceContext {
  sessionId: string | null;
  userId: string | null;
  /** Only when a span names one (langfuse.environment, else deployment.environment.name); null means Langfuse's "default". */
  environment: string | null;
}

const text = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

/** The first session, user and environment any span of the trace names, in span order. */
export function traceContext(spans: Span[]): TraceContext {
  const first = (pick: (s: Span) => string | null) => spans.map(pick).find((v) => v !== null) ?? null;
  return {
    sessionId: first((s) => text(s.genAi?.conversationId)),
    userId: first((s) => text(s.genAi?.userId)),
    environment: first(
      (s) =>
        text(s.attributes['langfuse.environment']) ??
        text(s.resourceAttributes['deployment.environment.name']) ??
        text(s.resourceAttributes['deployment.environment']),
    ),
  };
}
