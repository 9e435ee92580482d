import { describe, expect, it } from 'vitest';
import { chatItems, hasToolCallParts, isMessageList, valueText, lastMessagePreview, messagesToText, newTurnMessages, normalizeParts, promptTexts } from './messages.js';
import { isStructured, prettyValue } from './json.js';
import type { ChatMessage } from '../api/types.js';

const user = (text: string): ChatMessage => ({ role: 'user', parts: [{ type: 'text', content: text }] });
const assistant = (text: string): ChatMessage => ({ role: 'assistant', parts: [{ type: 'text', content: text }] });

describe('messages', () => {
  it('orders system, input, output and keeps tool calls', () => {
    const items = chatItems({
      systemInstructions: [{ type: 'text', content: 'Be brief.' }],
      inputMessages: [user('Weather in Paris?')],
      outputMessages: [
        { role: 'assistant', parts: [{ type: 'tool_call', id: 'c1', name: 'get_weather', arguments: { city: 'Paris' } }], finish_reason: 'tool_call' },
      ],
    });
    expect(items.map((i) => [i.role, i.source])).toEqual([
      ['system', 'system'],
      ['user', 'input'],
      ['assistant', 'output'],
    ]);
    expect(items[2].finishReason).toBe('tool_call');
  });

  it('renders messages as text with tool calls pretty-printed', () => {
    const text = messagesToText([
      { role: 'assistant', parts: [{ type: 'tool_call', id: 'c1', name: 'get_weather', arguments: '{"city":"Paris"}' }] },
      { role: 'tool', parts: [{ type: 'tool_call_response', id: 'c1', response: { temp: 21 } }] },
    ]);
    expect(text).toContain('[assistant]\n→ tool call get_weather [c1]\n{\n  "city": "Paris"\n}');
    expect(text).toContain('[tool]\n← tool result [c1]\n{\n  "temp": 21\n}');
  });

  it('tolerates malformed input', () => {
    expect(chatItems({ systemInstructions: null, inputMessages: null, outputMessages: null })).toEqual([]);
    expect(messagesToText('not an array')).toBe('');
    expect(messagesToText([null, { role: 'user', content: 'legacy string content' }])).toBe('[user]\nlegacy string content');
    expect(normalizeParts('hi')).toEqual([{ type: 'text', content: 'hi' }]);
    expect(lastMessagePreview([user('a'.repeat(300))], 20)).toHaveLength(20);
  });

  it('shows only the new messages of a session turn', () => {
    const turn1 = [user('Hi')];
    const shown = [user('Hi'), assistant('Hello!')];
    expect(newTurnMessages([...shown, user('Tell me a joke')], shown)).toEqual([user('Tell me a joke')]);
    // Not a continuation: show all but system.
    expect(newTurnMessages([{ role: 'system', parts: [{ type: 'text', content: 'sys' }] }, user('Other')], shown)).toEqual([user('Other')]);
    expect(newTurnMessages(turn1, [])).toEqual(turn1);
  });

  it('pretty-prints JSON strings and objects', () => {
    expect(prettyValue('{"a":1}')).toBe('{\n  "a": 1\n}');
    expect(prettyValue('plain {')).toBe('plain {');
    expect(prettyValue(42)).toBe('42');
    expect(isStructured('[1,2]')).toBe(true);
    expect(isStructured('hello')).toBe(false);
  });

  it('finds the system prompt wherever the provider put it, so prompts compare alike', () => {
    const anthropic = promptTexts({ systemInstructions: [{ type: 'text', content: 'Be brief.' }], inputMessages: [user('Hi')] });
    const openai = promptTexts({ systemInstructions: null, inputMessages: [{ role: 'system', parts: [{ type: 'text', content: 'Be brief.' }] }, user('Hi')] });
    expect(openai).toEqual(anthropic);
    expect(anthropic).toEqual({ system: 'Be brief.', input: '[user]\nHi' });
    expect(promptTexts(null)).toEqual({ system: '', input: '' });
  });

  it('tells whether messages carry tool calls', () => {
    expect(hasToolCallParts([{ role: 'assistant', parts: [{ type: 'tool_call', name: 'f', arguments: {} }] }])).toBe(true);
    expect(hasToolCallParts([assistant('no tools')])).toBe(false);
    expect(hasToolCallParts(null)).toBe(false);
  });
});

describe('valueText', () => {
  it('writes messages (semconv parts or Langfuse content) as role blocks, anything else as pretty JSON or text', () => {
    expect(valueText([{ role: 'user', content: 'Hi' }, { role: 'assistant', parts: [{ type: 'text', content: 'Hello' }] }])).toBe('[user]\nHi\n\n[assistant]\nHello');
    expect(valueText({ question: 'Hi' })).toBe('{\n  "question": "Hi"\n}');
    expect(valueText([1, 2])).toBe('[\n  1,\n  2\n]');
    expect(valueText('plain')).toBe('plain');
    expect(valueText(null)).toBe('');
    expect(isMessageList([])).toBe(false);
  });
});
