import { describe, expect, it } from 'vitest';
import type { Span } from '../api/types.js';
import { traceContext } from './trace-context.js';

const span = (over: { attributes?: Record<string, unknown>; resourceAttributes?: Record<string, unknown>; genAi?: Record<string, unknown> | null }) =>
  ({ attributes: {}, resourceAttributes: {}, genAi: null, ...over }) as unknown as Span;

describe('trace context', () => {
  it("takes the first session, user and environment any span names; Langfuse's environment before OTel's", () => {
    const ctx = traceContext([
      span({ resourceAttributes: { 'deployment.environment.name': 'staging' } }),
      span({ genAi: { conversationId: 'c1', userId: '' } }),
      span({ genAi: { userId: 'u1' }, attributes: { 'langfuse.environment': 'prod' } }),
    ]);
    expect(ctx).toEqual({ sessionId: 'c1', userId: 'u1', environment: 'staging' });
    expect(traceContext([span({ attributes: { 'langfuse.environment': 'prod' }, resourceAttributes: { 'deployment.environment.name': 'staging' } })]).environment).toBe('prod');
    expect(traceContext([span({})])).toEqual({ sessionId: null, userId: null, environment: null });
  });
});
