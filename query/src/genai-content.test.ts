import { describe, expect, it } from 'vitest';
import { toSpanDto } from './dto/span.js';
import type { SpanLog } from './reader/log-reader.js';
import { toStoredSpan, type SpanRecordRow } from './reader/trace-rows.js';
import { withGenAiContent } from './genai-content.js';

function row(spanId: string, extra: Partial<SpanRecordRow> = {}): SpanRecordRow {
  return {
    TraceId: 'a'.repeat(32), SpanId: spanId, ParentSpanId: '', TraceState: '', SpanName: 'chat gpt-4o', SpanKind: 'Client', ServiceName: 'svc',
    StartNs: '1700000000000000000', DurationNs: '1000000', StatusCode: 'Unset', StatusMessage: '', ScopeName: '', ScopeVersion: '',
    SpanAttributes: { 'gen_ai.operation.name': 'chat', 'gen_ai.system': 'openai', 'gen_ai.request.model': 'gpt-4o', 'gen_ai.usage.input_tokens': '12' },
    ResourceAttributes: {}, AttributeTypes: { 's.gen_ai.usage.input_tokens': 'int' }, EventTimes: ['1700000000000000500'], EventNames: ['span-event'], EventAttributes: [{}], LinkTraceIds: [], LinkSpanIds: [],
    LinkTraceStates: [], LinkAttributes: [], CostUsd: 0.0001, CostSource: 'catalog', PriceVersion: 'v1',
    GenAiRecord: JSON.stringify({ operation: 'chat', provider: 'openai', requestModel: 'gpt-4o', inputTokens: 12, inputMessages: null, outputMessages: null, stepType: 'llm', diagnostics: { conventions: ['otel-genai'], mapped: [], unmapped: [], notes: [] }, requestParameters: {} }),
    GenAiDiagnostics: '', ...extra,
  };
}

const log = (spanId: string, eventName: string, t: string, body: SpanLog['body']): SpanLog => ({
  traceId: 'a'.repeat(32), spanId, eventName, timeUnixNano: t, attributes: { 'gen_ai.system': 'openai' }, body,
});

describe('withGenAiContent', () => {
  it('appends log records as events in time order and completes the GenAI record from them', () => {
    const spans = [toStoredSpan(row('s1')), toStoredSpan(row('s2'))];
    const logs = [
      log('s1', 'gen_ai.user.message', '1700000000000000100', { content: 'What is OTLP?' }),
      log('s1', 'gen_ai.choice', '1700000000000000900', { index: 0, finish_reason: 'stop', message: { content: 'A protocol.' } }),
      log('elsewhere', 'gen_ai.user.message', '1700000000000000100', { content: 'not ours' }),
    ];
    const [s1, s2] = withGenAiContent(spans, logs).map((s) => toSpanDto(s, 0, false));
    expect(s1.events.map((e) => e.name)).toEqual(['gen_ai.user.message', 'span-event', 'gen_ai.choice']);
    expect(s1.events[0].attributes).toEqual({ 'gen_ai.system': 'openai', body: { content: 'What is OTLP?' } });
    const g = s1.genAi as Record<string, any>;
    expect(g.inputMessages[0]).toMatchObject({ role: 'user', parts: [{ type: 'text', content: 'What is OTLP?' }] });
    expect(g.outputMessages[0].parts[0].content).toBe('A protocol.');
    // What ingest stored wins where set (cost from its columns); a count the span did not report stays null.
    expect(g).toMatchObject({ requestModel: 'gpt-4o', inputTokens: 12, outputTokens: null, costUsd: 0.0001 });
    expect(s2.events.map((e) => e.name)).toEqual(['span-event']);
    expect((s2.genAi as Record<string, any>).inputMessages).toBeNull();
  });

  it('builds a record for a span stored without one when its logs carry GenAI content', () => {
    const bare = row('s1', { GenAiRecord: '', CostUsd: null, CostSource: '' });
    const [s] = withGenAiContent([toStoredSpan(bare)], [log('s1', 'gen_ai.user.message', '1700000000000000100', { content: 'hi' })]).map((x) => toSpanDto(x, 0, false));
    expect(s.genAi).not.toBeNull();
    expect((s.genAi as Record<string, any>).inputMessages[0].parts[0].content).toBe('hi');
    expect(s.genAi!.operation).toBe('chat');
  });

  it('decodes message content the ingest path left out of the stored record', () => {
    const messages = JSON.stringify([{ role: 'user', parts: [{ type: 'text', content: 'from the span' }] }]);
    const span = toStoredSpan(row('s1', { SpanAttributes: { 'gen_ai.operation.name': 'chat', 'gen_ai.input.messages': messages } }));
    const [s] = withGenAiContent([span]).map((x) => toSpanDto(x, 0, false));
    expect((s.genAi as Record<string, any>).inputMessages[0].parts[0].content).toBe('from the span');
  });

  it('leaves spans with no GenAI meaning and no logs untouched', () => {
    const plain = toStoredSpan(row('s1', { GenAiRecord: '', SpanAttributes: { 'http.method': 'GET' } }));
    const [out] = withGenAiContent([plain]);
    expect(out).toBe(plain);
    expect(toSpanDto(out, 0, false).genAi).toBeNull();
  });
});
