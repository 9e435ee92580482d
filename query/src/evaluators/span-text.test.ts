import { describe, expect, it } from 'vitest';
import { MAX_VALUE_CHARS, messagesText, renderTemplate, valueText } from './span-text.js';

describe('renderTemplate', () => {
  it('fills input, output and expected, spaces inside the braces allowed, other braces kept', () => {
    const out = renderTemplate('Q: {{input}}\nA: {{ output }}\nWant: {{expected}}\nJSON like {"score": 1} and {{unknown}}', { input: 'hi', output: 'hello', expected: 'hey' });
    expect(out).toBe('Q: hi\nA: hello\nWant: hey\nJSON like {"score": 1} and {{unknown}}');
  });

  it('does not read placeholders inside the values it puts in', () => {
    expect(renderTemplate('{{input}} / {{output}}', { input: 'say {{output}}', output: 'ok', expected: '' })).toBe('say {{output}} / ok');
  });

  it('cuts a huge value, saying how much was left out', () => {
    const out = renderTemplate('{{input}}', { input: 'x'.repeat(MAX_VALUE_CHARS + 10), output: '', expected: '' });
    expect(out.length).toBeLessThan(MAX_VALUE_CHARS + 60);
    expect(out).toContain('[cut: 10 more characters]');
  });
});

describe('input and output as text', () => {
  it('shows messages as role lines, tool calls and results as JSON', () => {
    const text = messagesText([
      { role: 'user', parts: [{ type: 'text', content: 'Weather in Lisbon?' }] },
      { role: 'assistant', parts: [{ type: 'tool_call', id: 'c1', name: 'get_weather', arguments: { city: 'Lisbon' } }] },
      { role: 'tool', parts: [{ type: 'tool_call_response', id: 'c1', response: { forecast: 'sunny' } }] },
    ]);
    expect(text).toBe('user: Weather in Lisbon?\n\nassistant: [tool call get_weather({"city":"Lisbon"})]\n\ntool: [tool result: {"forecast":"sunny"}]');
  });

  it('reads JSON text of messages (as Langfuse attributes hold them), keeps plain text, and writes other values as JSON', () => {
    expect(valueText(JSON.stringify([{ role: 'assistant', parts: [{ type: 'text', content: 'Hi' }] }]))).toBe('assistant: Hi');
    expect(valueText('just text')).toBe('just text');
    expect(valueText({ answer: 42 })).toBe('{"answer":42}');
    expect(valueText(null)).toBe('');
  });
});
