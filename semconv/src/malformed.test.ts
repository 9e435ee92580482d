import { describe, expect, it } from 'vitest';
import { normalizeSpan } from './normalize.js';
import { makeLog, makeSpan } from './testing.js';

describe('malformed values never throw', () => {
  it.each([
    ['negative tokens', { 'gen_ai.usage.input_tokens': -5 }],
    ['NaN tokens', { 'gen_ai.usage.input_tokens': Number.NaN }],
    ['string tokens', { 'gen_ai.usage.input_tokens': 'lots' }],
    ['object tokens', { 'gen_ai.usage.output_tokens': { a: 1 } }],
    ['non-JSON input messages', { 'gen_ai.input.messages': 'Hello there, not JSON' }],
    ['truncated JSON messages', { 'gen_ai.input.messages': '[{"role":"user","parts":[' }],
    ['negative cost', { 'gen_ai.usage.cost': -1 }],
    ['non-JSON invocation parameters', { 'openinference.span.kind': 'LLM', 'llm.invocation_parameters': '{oops' }],
    ['non-JSON Vercel prompt', { 'ai.operationId': 'ai.generateText', 'ai.prompt.messages': 'nope' }],
    ['non-JSON langfuse usage', { 'langfuse.observation.usage_details': '{' }],
  ])('%s: dropped with a note', (_name, attrs) => {
    const record = normalizeSpan(makeSpan(attrs as never))!;
    expect(record).not.toBeNull();
    expect(record.inputTokens).toBeNull();
    expect(record.inputMessages).toBeNull();
    expect(record.diagnostics.notes.length).toBeGreaterThan(0);
    expect(record.diagnostics.notes.join('\n')).toMatch(/^dropped /);
  });

  it('accepts int64 token counts that arrive as decimal strings', () => {
    expect(normalizeSpan(makeSpan({ 'gen_ai.usage.input_tokens': '9007199254740993' }))!.inputTokens).toBe(9007199254740993);
    expect(normalizeSpan(makeSpan({ 'gen_ai.usage.input_tokens': '42' }))!.inputTokens).toBe(42);
  });

  it('survives wrong shapes everywhere', () => {
    const weird = makeSpan({
      'gen_ai.input.messages': JSON.stringify([null, 3, 'plain', { role: 5, parts: 'x' }, { content: [{ type: 'image_url', image_url: { url: 'https://x/y.png' } }] }]),
      'gen_ai.output.messages': JSON.stringify({ not: 'a list' }),
      'gen_ai.response.finish_reasons': 7,
      'gen_ai.system_instructions': JSON.stringify(42),
      'gen_ai.tool.definitions': JSON.stringify({}),
      'gen_ai.prompt.0.content': null,
      'gen_ai.prompt.x.role': 'user',
      'llm.input_messages.0.message': 'flat',
      'ai.prompt.tools': [3, '{bad'],
      'ai.response.toolCalls': '{"x":1}',
    });
    const record = normalizeSpan(weird)!;
    expect(record.inputMessages).toEqual([
      { role: 'user', parts: [{ type: 'text', content: 'plain' }] },
      { role: 'user', parts: [{ type: 'text', content: 'x' }] },
      { role: 'user', parts: [{ type: 'uri', modality: 'image', uri: 'https://x/y.png' }] },
    ]);
    expect(record.finishReasons).toBeNull();
  });

  it('survives malformed log records and events', () => {
    const record = normalizeSpan(makeSpan({ 'gen_ai.operation.name': 'chat' }, {
      events: [{ name: 'gen_ai.choice', timeUnixNano: 'x', attributes: {} }],
    }), [
      makeLog('gen_ai.user.message', '{not json'),
      makeLog('gen_ai.choice', 12),
      { eventName: 'gen_ai.assistant.message', timeUnixNano: '', attributes: null as never, body: null, traceId: '', spanId: '' },
    ]);
    expect(record).not.toBeNull();
  });
});
