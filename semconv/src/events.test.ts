import { describe, expect, it } from 'vitest';
import { mergeLogRecords, normalizeSpan } from './normalize.js';
import { makeLog, makeSpan } from './testing.js';

// As @opentelemetry/instrumentation-openai 0.21 emits them: span without content, content in log records.
const span = makeSpan({
  'gen_ai.operation.name': 'chat', 'gen_ai.system': 'openai', 'gen_ai.request.model': 'gpt-4o-mini',
  'gen_ai.usage.input_tokens': 20, 'gen_ai.usage.output_tokens': 6,
}, { name: 'chat gpt-4o-mini' });

const logs = [
  makeLog('gen_ai.system.message', { content: 'Be brief.' }, { 'gen_ai.system': 'openai' }),
  makeLog('gen_ai.user.message', { content: 'Weather in Paris?' }),
  makeLog('gen_ai.assistant.message', {
    content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }],
  }),
  makeLog('gen_ai.tool.message', { content: '{"temp":20}', id: 'call_1' }),
  makeLog('gen_ai.choice', { index: 0, finish_reason: 'stop', message: { content: 'It is 20°C.' } }),
];

const expectedInput = [
  { role: 'system', parts: [{ type: 'text', content: 'Be brief.' }] },
  { role: 'user', parts: [{ type: 'text', content: 'Weather in Paris?' }] },
  { role: 'assistant', parts: [{ type: 'tool_call', id: 'call_1', name: 'get_weather', arguments: { city: 'Paris' } }] },
  { role: 'tool', parts: [{ type: 'tool_call_response', id: 'call_1', response: '{"temp":20}' }] },
];
const expectedOutput = [{ role: 'assistant', parts: [{ type: 'text', content: 'It is 20°C.' }], finish_reason: 'stop' }];

describe('content from events and log records', () => {
  it('joins v1.28–1.36 message log records to the span', () => {
    const record = normalizeSpan(span, logs)!;
    expect(record.inputMessages).toEqual(expectedInput);
    expect(record.outputMessages).toEqual(expectedOutput);
    expect(record.diagnostics.conventions).toContain('otel-genai-events');
    expect(record.diagnostics.mapped).toContain('event:gen_ai.choice');
  });

  it('reads the event name from the event.name attribute and JSON-string bodies', () => {
    const record = normalizeSpan(span, [makeLog('', JSON.stringify({ content: 'Hi' }), { 'event.name': 'gen_ai.user.message' })])!;
    expect(record.inputMessages).toEqual([{ role: 'user', parts: [{ type: 'text', content: 'Hi' }] }]);
  });

  it('completes a stored record when the logs arrive later (read-time merge)', () => {
    const stored = normalizeSpan(span)!;
    expect(stored.inputMessages).toBeNull();
    const merged = mergeLogRecords(stored, span, logs)!;
    expect(merged.inputMessages).toEqual(expectedInput);
    expect(merged.outputMessages).toEqual(expectedOutput);
    expect(merged.inputTokens).toBe(20);
    expect(stored.inputMessages).toBeNull(); // the stored record is not mutated
  });

  it('the merge decodes span content that an ingest record (decodeContent=false) left empty', () => {
    const withContent = makeSpan({ 'gen_ai.operation.name': 'chat', 'gen_ai.output.messages': JSON.stringify([{ role: 'assistant', parts: [{ type: 'text', content: 'ok' }] }]) });
    const stored = normalizeSpan(withContent, undefined, { decodeContent: false })!;
    expect(stored.outputMessages).toBeNull();
    const merged = mergeLogRecords(stored, withContent, [makeLog('gen_ai.user.message', { content: 'Hi' })])!;
    expect(merged.outputMessages).toEqual([{ role: 'assistant', parts: [{ type: 'text', content: 'ok' }] }]);
    expect(merged.inputMessages).toEqual([{ role: 'user', parts: [{ type: 'text', content: 'Hi' }] }]);
  });

  it('builds a record from logs alone for a span that had no GenAI attributes', () => {
    const plain = makeSpan({ 'http.method': 'POST' });
    expect(mergeLogRecords(null, plain, [])).toBeNull();
    const record = mergeLogRecords(null, plain, [makeLog('gen_ai.user.message', { content: 'Hi' })])!;
    expect(record.inputMessages).toEqual([{ role: 'user', parts: [{ type: 'text', content: 'Hi' }] }]);
  });

  it('reads gen_ai.client.inference.operation.details (current spec event)', () => {
    const record = normalizeSpan(makeSpan({ 'gen_ai.operation.name': 'chat', 'gen_ai.provider.name': 'openai' }), [
      makeLog('gen_ai.client.inference.operation.details', null, {
        'gen_ai.input.messages': JSON.stringify([{ role: 'user', parts: [{ type: 'text', content: 'Hi' }] }]),
        'gen_ai.output.messages': [{ role: 'assistant', parts: [{ type: 'text', content: 'Hello' }], finish_reason: 'stop' }],
        'gen_ai.system_instructions': JSON.stringify([{ type: 'text', content: 'Be brief.' }]),
      }),
    ])!;
    expect(record.inputMessages).toEqual([{ role: 'user', parts: [{ type: 'text', content: 'Hi' }] }]);
    expect(record.outputMessages).toEqual([{ role: 'assistant', parts: [{ type: 'text', content: 'Hello' }], finish_reason: 'stop' }]);
    expect(record.systemInstructions).toEqual([{ type: 'text', content: 'Be brief.' }]);
    // As stored, a log record sent without a body has '' for one: its attributes carry the content, and nothing is amiss.
    const stored = normalizeSpan(makeSpan({ 'gen_ai.operation.name': 'chat', 'gen_ai.provider.name': 'openai' }), [
      makeLog('gen_ai.client.inference.operation.details', '', { 'gen_ai.input.messages': JSON.stringify([{ role: 'user', parts: [{ type: 'text', content: 'Hi' }] }]) }),
    ])!;
    expect(stored.inputMessages).toEqual([{ role: 'user', parts: [{ type: 'text', content: 'Hi' }] }]);
    expect(stored.diagnostics.notes).toEqual([]);
  });

  it('reads span events: message events with attributes, and the oldest gen_ai.content.* events', () => {
    const record = normalizeSpan(makeSpan({ 'gen_ai.system': 'openai' }, {
      events: [
        { name: 'gen_ai.content.prompt', timeUnixNano: '1', attributes: { 'gen_ai.prompt': JSON.stringify([{ role: 'user', content: 'Hi' }]) } },
        { name: 'gen_ai.content.completion', timeUnixNano: '2', attributes: { 'gen_ai.completion': JSON.stringify([{ role: 'assistant', content: 'Yo' }]) } },
      ],
    }))!;
    expect(record.inputMessages).toEqual([{ role: 'user', parts: [{ type: 'text', content: 'Hi' }] }]);
    expect(record.outputMessages).toEqual([{ role: 'assistant', parts: [{ type: 'text', content: 'Yo' }] }]);
    const viaAttrs = normalizeSpan(makeSpan({}, {
      events: [{ name: 'gen_ai.user.message', timeUnixNano: '1', attributes: { content: 'Hello', 'gen_ai.system': 'anthropic' } }],
    }))!;
    expect(viaAttrs.inputMessages).toEqual([{ role: 'user', parts: [{ type: 'text', content: 'Hello' }] }]);
    expect(viaAttrs.provider).toBe('anthropic');
  });

  it('orders choices by index', () => {
    const record = normalizeSpan(span, [
      makeLog('gen_ai.choice', { index: 1, finish_reason: 'length', message: { content: 'B' } }),
      makeLog('gen_ai.choice', { index: 0, finish_reason: 'stop', message: { content: 'A' } }),
    ])!;
    expect(record.outputMessages!.map((m) => m.parts[0].content)).toEqual(['A', 'B']);
    expect(record.outputMessages![1].finish_reason).toBe('length');
  });

  it('span attributes win over events for the same field', () => {
    const withContent = makeSpan({ 'gen_ai.operation.name': 'chat', 'gen_ai.input.messages': JSON.stringify([{ role: 'user', parts: [{ type: 'text', content: 'attr' }] }]) });
    const record = normalizeSpan(withContent, [makeLog('gen_ai.user.message', { content: 'event' })])!;
    expect(record.inputMessages![0].parts[0].content).toBe('attr');
  });
});
