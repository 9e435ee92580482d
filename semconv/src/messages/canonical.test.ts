import { describe, expect, it } from 'vitest';
import { toMessages } from './canonical.js';
import { normalizeFinishReason } from './finish-reason.js';

describe('message canonicalization', () => {
  it('keeps canonical messages untouched (same objects)', () => {
    const input = [{ role: 'user', parts: [{ type: 'text', content: 'hi' }] }];
    const out = toMessages(input)!;
    expect(out).toBe(input);
  });

  it.each([
    ['OpenAI chat with image and tool calls', {
      role: 'assistant',
      content: [{ type: 'text', text: 'Look' }, { type: 'image_url', image_url: { url: 'https://x/cat.png' } }],
      tool_calls: [{ id: 'c1', type: 'function', function: { name: 'f', arguments: '{"a":1}' } }],
    }, {
      role: 'assistant',
      parts: [{ type: 'text', content: 'Look' }, { type: 'uri', modality: 'image', uri: 'https://x/cat.png' }, { type: 'tool_call', id: 'c1', name: 'f', arguments: { a: 1 } }],
    }],
    ['Anthropic blocks with thinking and tool_result', {
      role: 'user',
      content: [{ type: 'thinking', thinking: 'hmm' }, { type: 'tool_result', tool_use_id: 't1', content: [{ type: 'text', text: '42' }] }],
    }, { role: 'user', parts: [{ type: 'reasoning', content: 'hmm' }, { type: 'tool_call_response', id: 't1', response: '42' }] }],
    ['Gemini parts with role model', { role: 'model', parts: [{ text: 'Hi' }, { functionCall: { name: 'f', args: { x: 1 } } }] },
      { role: 'assistant', parts: [{ type: 'text', content: 'Hi' }, { type: 'tool_call', name: 'f', arguments: { x: 1 } }] }],
    ['Vercel file part', { role: 'user', content: [{ type: 'file', data: 'QUJD', mediaType: 'application/pdf' }] },
      { role: 'user', parts: [{ type: 'blob', modality: 'file', content: 'QUJD', mime_type: 'application/pdf' }] }],
    ['text parts spelled with text instead of content', { role: 'user', parts: [{ type: 'text', text: 'x' }] },
      { role: 'user', parts: [{ type: 'text', content: 'x' }] }],
  ])('%s', (_name, raw, expected) => {
    expect(toMessages([raw])).toEqual([expected]);
  });

  it('normalizes finish reasons to the spec values', () => {
    expect(['stop', 'end_turn', 'tool_calls', 'tool-calls', 'tool_use', 'max_tokens', 'length', 'content-filter', 'SAFETY', 'weird']
      .map(normalizeFinishReason)).toEqual(['stop', 'stop', 'tool_call', 'tool_call', 'tool_call', 'length', 'length', 'content_filter', 'content_filter', 'weird']);
  });
});
