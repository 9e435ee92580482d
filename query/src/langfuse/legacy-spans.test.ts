import { describe, expect, it } from 'vitest';
import { stagedEvent } from './legacy-events.js';
import { isComplete, mergeEntities, otlpIdsOfScore, otlpRequest, otlpSpanId, otlpTraceId, rootSpanId } from './legacy-spans.js';

const T = '5b8efff7-9803-4103-a269-b633813fc60c';
const ev = (entityId: string, type: string, body: Record<string, unknown>, receivedMs = 1000) => ({ entityId, type, body, receivedMs });

describe('Langfuse ingestion events → spans', () => {
  it('checks events one by one', () => {
    expect(stagedEvent({ id: 'e', type: 'generation-create', timestamp: '2026-01-01T00:00:00Z', body: { id: 'g', traceId: T } }, 5)).toMatchObject({ traceId: T, entityId: 'g', eventId: 'e', timeMs: Date.parse('2026-01-01T00:00:00Z') });
    expect(stagedEvent({ type: 'trace-create', body: { id: T } }, 5)).toMatchObject({ traceId: T, entityId: T, timeMs: 5 });
    expect(stagedEvent({ type: 'span-create', body: { id: 's' } })).toBe('body.traceId: expected the id of the trace this observation belongs to');
    expect(stagedEvent({ type: 'span-create', body: [] })).toBe('body: expected an object');
    expect(stagedEvent({ type: 'nope', body: {} })).toBe('event type nope is not taken here');
  });

  it('merges creates and updates in order, later fields winning, and knows what has ended', () => {
    const entities = mergeEntities([
      ev('g', 'generation-create', { id: 'g', name: 'answer', model: 'gpt-4o', startTime: '2026-01-01T00:00:00Z' }),
      ev('g', 'generation-update', { id: 'g', endTime: '2026-01-01T00:00:02Z', output: 'hi', model: null }, 2000),
      ev('o', 'observation-create', { id: 'o', type: 'EVENT', name: 'tick' }),
    ]);
    expect(entities.get('g')).toMatchObject({ kind: 'generation', lastReceivedMs: 2000, fields: { name: 'answer', model: 'gpt-4o', output: 'hi' } });
    expect(isComplete(entities.get('g')!)).toBe(true);
    expect(entities.get('o')!.kind).toBe('event');
  });

  it('keeps a UUID trace id\'s digits, hashes other ids, and maps a score\'s ids alike', () => {
    expect(otlpTraceId(T)).toBe('5b8efff798034103a269b633813fc60c');
    expect(otlpTraceId('my-trace')).toMatch(/^[0-9a-f]{32}$/);
    expect(otlpTraceId('my-trace')).toBe(otlpTraceId('my-trace'));
    expect(otlpIdsOfScore({ traceId: T, observationId: 'g', name: 'x' })).toEqual({ traceId: otlpTraceId(T), observationId: otlpSpanId('g'), name: 'x' });
    expect(otlpIdsOfScore({ traceId: 'a'.repeat(32), observationId: 'b'.repeat(16) })).toEqual({ traceId: 'a'.repeat(32), observationId: 'b'.repeat(16) });
  });

  it('writes the trace as a root span, observations under it or their parent, with usage and cost as Langfuse attributes', () => {
    const all = mergeEntities([
      ev(T, 'trace-create', { id: T, name: 'chat', userId: 'u', sessionId: 's', tags: ['a'], timestamp: '2026-01-01T00:00:00Z', metadata: { plan: 'pro' } }),
      ev('p', 'span-create', { id: 'p', traceId: T, name: 'step', startTime: '2026-01-01T00:00:00.100Z', endTime: '2026-01-01T00:00:03Z' }),
      ev('g', 'generation-create', { id: 'g', traceId: T, parentObservationId: 'p', model: 'gpt-4o-mini', startTime: '2026-01-01T00:00:01Z', usage: { promptTokens: 10, completionTokens: 5, totalCost: 0.01 }, level: 'ERROR', statusMessage: 'boom' }),
      ev('g', 'generation-update', { id: 'g', endTime: '2026-01-01T00:00:02Z' }),
    ]);
    const req = otlpRequest(T, all, [...all.values()]) as { resourceSpans: { scopeSpans: { spans: Record<string, unknown>[] }[] }[] };
    const spans = req.resourceSpans[0].scopeSpans[0].spans;
    const attrs = (s: Record<string, unknown>) => Object.fromEntries((s.attributes as { key: string; value: Record<string, unknown> }[]).map((a) => [a.key, Object.values(a.value)[0]]));
    const root = spans.find((s) => s.spanId === rootSpanId(T))!;
    expect(root).toMatchObject({ name: 'chat', startTimeUnixNano: String(Date.parse('2026-01-01T00:00:00Z') * 1e6), endTimeUnixNano: String(Date.parse('2026-01-01T00:00:03Z') * 1e6) });
    expect(attrs(root)).toMatchObject({ 'user.id': 'u', 'session.id': 's', 'langfuse.trace.metadata.plan': 'pro' });
    const g = spans.find((s) => s.spanId === otlpSpanId('g'))!;
    expect(g).toMatchObject({ parentSpanId: otlpSpanId('p'), kind: 3, status: { code: 2, message: 'boom' } });
    expect(attrs(g)).toMatchObject({
      'langfuse.observation.type': 'generation', 'langfuse.observation.model.name': 'gpt-4o-mini', 'user.id': 'u',
      'langfuse.observation.usage_details': '{"input":10,"output":5}', 'langfuse.observation.cost_details': '{"total":0.01}',
    });
    expect(spans.find((s) => s.spanId === otlpSpanId('p'))!.parentSpanId).toBe(rootSpanId(T));
  });
});
