import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { context, trace } from '@opentelemetry/api';
import { logs } from '@opentelemetry/api-logs';
import { InMemoryLogRecordExporter, LoggerProvider, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import { BasicTracerProvider } from '@opentelemetry/sdk-trace-base';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { recordEvaluation } from './evaluation.js';

const exporter = new InMemoryLogRecordExporter();
const provider = new LoggerProvider({ processors: [new SimpleLogRecordProcessor({ exporter })] });
beforeAll(() => {
  logs.setGlobalLoggerProvider(provider);
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
});
afterAll(() => {
  logs.disable();
  context.disable();
});

describe('recordEvaluation', () => {
  it('emits a gen_ai.evaluation.result log record tied to the scored span', () => {
    const span = new BasicTracerProvider().getTracer('t').startSpan('chat gpt-4o');
    recordEvaluation({ name: 'relevance', score: 0.4, label: 'partly', explanation: 'misses the date' }, span);
    // Later, from kept ids: a user's thumbs down.
    const { traceId, spanId } = span.spanContext();
    recordEvaluation({ name: 'user_feedback', label: 'thumbs_down', author: 'support-desk' }, { traceId, spanId });
    const [judged, feedback] = exporter.getFinishedLogRecords();
    expect(judged.eventName).toBe('gen_ai.evaluation.result');
    expect(judged.attributes).toEqual({ 'gen_ai.evaluation.name': 'relevance', 'gen_ai.evaluation.score.value': 0.4, 'gen_ai.evaluation.score.label': 'partly', 'gen_ai.evaluation.explanation': 'misses the date' });
    expect(judged.spanContext).toMatchObject({ traceId, spanId });
    expect(feedback.spanContext).toMatchObject({ traceId, spanId });
    expect(feedback.attributes).toEqual({ 'gen_ai.evaluation.name': 'user_feedback', 'gen_ai.evaluation.score.label': 'thumbs_down', 'watchllm.evaluation.author': 'support-desk' });
  });

  it('scores the active span by default, and refuses a nameless result', () => {
    exporter.reset();
    const span = new BasicTracerProvider().getTracer('t').startSpan('tool');
    context.with(trace.setSpan(context.active(), span), () => recordEvaluation({ name: 'correctness', score: 1, errorType: undefined }));
    expect(exporter.getFinishedLogRecords()[0].spanContext?.spanId).toBe(span.spanContext().spanId);
    expect(() => recordEvaluation({ name: '' })).toThrow(/needs a name/);
  });
});
