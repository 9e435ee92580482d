import { describe, expect, it } from 'vitest';
import type { SpanDto } from '../dto/span.js';
import { langfuseScore, langfuseScoreV3, toLangfuseObservation, toLangfuseTrace } from './views.js';

const NS = 1_767_225_600_000_000_000n; // 2026-01-01T00:00:00Z

function span(over: Partial<SpanDto> & { genAi?: Record<string, unknown> | null }): SpanDto {
  return {
    traceId: 'a'.repeat(32),
    spanId: '1'.repeat(16),
    parentSpanId: '',
    name: 'root',
    kind: 'INTERNAL',
    serviceName: 'svc',
    startTimeUnixNano: NS.toString(),
    endTimeUnixNano: (NS + 2_500_000_000n).toString(),
    durationMs: 2500,
    status: { code: 'UNSET', message: '' },
    attributes: {},
    resourceAttributes: {},
    events: [],
    links: [],
    scope: { name: 's', version: '1' },
    depth: 0,
    evaluations: [],
    ...over,
    genAi: (over.genAi ?? null) as SpanDto['genAi'],
  };
}

describe('spans as Langfuse observations', () => {
  it('maps a model call: type, usage with cache and reasoning details, cost, first-token time, environment from the resource', () => {
    const o = toLangfuseObservation(
      span({
        parentSpanId: '2'.repeat(16),
        name: 'chat gpt-4o',
        resourceAttributes: { 'deployment.environment.name': 'staging', 'service.version': '1.4.0' },
        genAi: {
          stepType: 'llm',
          requestModel: 'gpt-4o',
          responseModel: 'gpt-4o-2024-08-06',
          inputTokens: 1000,
          outputTokens: 200,
          cacheReadTokens: 600,
          reasoningTokens: 50,
          costUsd: 0.01,
          timeToFirstChunkMs: 300,
          requestParameters: { temperature: 0 },
          inputMessages: [{ role: 'user', parts: [{ type: 'text', content: 'hi' }] }],
          conversationId: 'c1',
          userId: 'u1',
        },
      }),
    );
    expect(o).toMatchObject({
      type: 'GENERATION',
      model: 'gpt-4o-2024-08-06',
      modelParameters: { temperature: 0 },
      usage: { input: 1000, output: 200, total: 1200, unit: 'TOKENS' },
      usageDetails: { input: 1000, output: 200, total: 1200, input_cache_read: 600, output_reasoning: 50 },
      costDetails: { total: 0.01 },
      completionStartTime: '2026-01-01T00:00:00.300Z',
      timeToFirstToken: 0.3,
      latency: 2.5,
      environment: 'staging',
      version: '1.4.0',
      sessionId: 'c1',
      userId: 'u1',
      isRootObservation: false,
      input: [{ role: 'user', parts: [{ type: 'text', content: 'hi' }] }],
    });
  });

  it("prefers Langfuse's own attributes (type, level, input as JSON text), and an error status is level ERROR", () => {
    const own = toLangfuseObservation(span({ attributes: { 'langfuse.observation.type': 'guardrail', 'langfuse.observation.input': '{"q":1}', 'langfuse.observation.level': 'warning' } }));
    expect(own).toMatchObject({ type: 'GUARDRAIL', level: 'WARNING', input: { q: 1 }, output: null, model: null, modelParameters: null, usageDetails: {}, totalCost: null });
    const failed = toLangfuseObservation(span({ status: { code: 'ERROR', message: 'timeout' }, genAi: { stepType: 'tool', toolArguments: { id: 3 } } }));
    expect(failed).toMatchObject({ type: 'TOOL', level: 'ERROR', statusMessage: 'timeout', input: { id: 3 }, environment: 'default' });
  });

  it('adds a trace up from its spans: root name and I/O, wrapper-free cost, latency over every span, trace-level scores without an observation id', () => {
    const root = span({ attributes: { 'langfuse.trace.input': '"question"' }, evaluations: [{ name: 'resolved', score: null, label: 'yes', explanation: null, author: 'ann', id: 'e1', errorType: null, timeUnixNano: NS.toString() }] });
    const call = span({ spanId: '3'.repeat(16), parentSpanId: root.spanId, endTimeUnixNano: (NS + 4_000_000_000n).toString(), genAi: { stepType: 'llm', costUsd: 0.02, tags: ['b', 'a'] } });
    const wrapper = span({ spanId: '4'.repeat(16), parentSpanId: root.spanId, genAi: { stepType: 'agent', costUsd: 0.02 } });
    const trace = toLangfuseTrace([root, call, wrapper], '/traces/x');
    expect(trace).toMatchObject({ name: 'root', input: 'question', totalCost: 0.02, latency: 4, tags: ['a', 'b'], htmlPath: '/traces/x' });
    expect(trace.scores).toEqual([expect.objectContaining({ id: 'e1', name: 'resolved', stringValue: 'yes', dataType: 'CATEGORICAL', observationId: null, authorUserId: 'ann' })]);
  });
});

describe('scores as Langfuse v3 shows them', () => {
  const base = { id: 's1', traceId: 'ab'.repeat(16), spanId: 'cd'.repeat(8), onRoot: false, name: 'n', comment: 'why', author: 'ana', timeUnixNano: '1764806400000000000', environment: 'default' };
  const v3 = (parts: Partial<Parameters<typeof langfuseScore>[0]>, fields: string[] = []) => langfuseScoreV3(langfuseScore({ ...base, score: null, label: null, ...parts }), 'p', new Set(fields));

  it('types the value by the data type', () => {
    expect(v3({ score: 0.5 }).value).toBe(0.5);
    expect(v3({ score: 1, label: 'true' })).toMatchObject({ value: true, dataType: 'BOOLEAN' });
    expect(v3({ score: 0, label: 'False' })).toMatchObject({ value: false, dataType: 'BOOLEAN' });
    expect(v3({ label: 'friendly' })).toMatchObject({ value: 'friendly', dataType: 'CATEGORICAL' });
    expect(v3({ label: 'A note.', dataType: 'TEXT' })).toMatchObject({ value: 'A note.', dataType: 'TEXT' });
  });

  it('names its subject, and adds the field groups asked for alone', () => {
    expect(v3({ score: 1 }, ['subject']).subject).toEqual({ kind: 'observation', id: 'cd'.repeat(8), traceId: 'ab'.repeat(16) });
    expect(v3({ score: 1, onRoot: true }, ['subject']).subject).toEqual({ kind: 'trace', id: 'ab'.repeat(16) });
    expect(v3({ score: 1, traceId: '', spanId: '', sessionId: 'chat-1' }, ['subject']).subject).toEqual({ kind: 'session', id: 'chat-1' });
    const core = v3({ score: 1 });
    expect(Object.keys(core).sort()).toEqual(['createdAt', 'dataType', 'environment', 'id', 'name', 'projectId', 'source', 'timestamp', 'updatedAt', 'value']);
    expect(v3({ score: 1 }, ['details', 'annotation'])).toMatchObject({ comment: 'why', configId: null, metadata: {}, authorUserId: 'ana', queueId: null });
  });
});
