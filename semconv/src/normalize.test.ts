import { describe, expect, it } from 'vitest';
import { benchNormalize } from './bench.js';
import { normalizeSpan } from './normalize.js';
import { makeLog, makeSpan } from './testing.js';

describe('normalizeSpan', () => {
  it('returns null for spans with nothing GenAI-ish', () => {
    expect(normalizeSpan(makeSpan({ 'http.request.method': 'GET', 'url.full': 'https://x' }))).toBeNull();
    expect(normalizeSpan(makeSpan({}, { events: [{ name: 'exception', timeUnixNano: '1', attributes: {} }] }))).toBeNull();
  });

  it('recognises GenAI content arriving only as events or logs', () => {
    expect(normalizeSpan(makeSpan({}, { events: [{ name: 'gen_ai.user.message', timeUnixNano: '1', attributes: { content: 'x' } }] }))).not.toBeNull();
    expect(normalizeSpan(makeSpan({}), [makeLog('gen_ai.choice', { message: { content: 'x' } })])).not.toBeNull();
  });

  it("reads the operation from the span name when no attribute says it, OpenLLMetry's `bedrock.completion` included", () => {
    const op = (name: string, attrs: Record<string, string>) => normalizeSpan(makeSpan(attrs, { name }))!;
    expect(op('chat gpt-4o', { 'gen_ai.request.model': 'gpt-4o' })).toMatchObject({ operation: 'chat', stepType: 'llm' });
    expect(op('bedrock.completion', { 'gen_ai.provider.name': 'aws.bedrock', 'gen_ai.request.model': 'claude-3-5-sonnet-20241022-v2:0' })).toMatchObject({ operation: 'chat', stepType: 'llm' });
    expect(op('bedrock.completion', { 'gen_ai.provider.name': 'aws.bedrock' })).toMatchObject({ operation: null, stepType: 'other' });
    expect(op('my.service.completion', { 'gen_ai.request.model': 'x' }).operation).toBeNull();
  });

  it('marks failed spans with error.type, falling back to _OTHER', () => {
    const explicit = normalizeSpan(makeSpan({ 'gen_ai.operation.name': 'chat', 'error.type': 'RateLimitError' }, { statusCode: 'ERROR' }))!;
    expect(explicit.errorType).toBe('RateLimitError');
    const fromEvent = normalizeSpan(makeSpan({ 'gen_ai.operation.name': 'chat' }, {
      statusCode: 'ERROR', events: [{ name: 'exception', timeUnixNano: '1', attributes: { 'exception.type': 'APIConnectionError' } }],
    }))!;
    expect(fromEvent.errorType).toBe('APIConnectionError');
    expect(normalizeSpan(makeSpan({ 'gen_ai.operation.name': 'chat' }, { statusCode: 'ERROR' }))!.errorType).toBe('_OTHER');
    expect(normalizeSpan(makeSpan({ 'gen_ai.operation.name': 'chat' }))!.errorType).toBeNull();
  });

  it('with decodeContent=false fills every scalar field the same and leaves content empty', () => {
    const span = makeSpan({
      'gen_ai.operation.name': 'chat', 'gen_ai.provider.name': 'openai', 'gen_ai.request.model': 'gpt-4o-mini',
      'gen_ai.usage.input_tokens': 10, 'gen_ai.usage.output_tokens': 2,
      'gen_ai.input.messages': JSON.stringify([{ role: 'user', parts: [{ type: 'text', content: 'hi' }] }]),
      'gen_ai.prompt.0.role': 'user', 'gen_ai.prompt.0.content': 'hi',
    });
    const full = normalizeSpan(span)!;
    const lean = normalizeSpan(span, undefined, { decodeContent: false })!;
    expect(lean.inputMessages).toBeNull();
    expect({ ...lean, inputMessages: full.inputMessages }).toEqual(full);
  });

  it('with decodeContent=false still notes content that is not JSON at all', () => {
    const lean = normalizeSpan(makeSpan({ 'gen_ai.input.messages': 'plain text' }), undefined, { decodeContent: false })!;
    expect(lean.diagnostics.notes.join()).toMatch(/dropped gen_ai.input.messages/);
  });

  it('benchNormalize returns a positive ns/span figure', () => {
    const ns = benchNormalize(2000);
    expect(ns).toBeGreaterThan(0);
    expect(Number.isFinite(ns)).toBe(true);
  });
});
