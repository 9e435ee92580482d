import { describe, expect, it } from 'vitest';
import { messageLine, PREVIEW_CHARS } from './trace-preview.js';

describe('messageLine', () => {
  it('joins text parts on one line, collapsing whitespace', () => {
    expect(messageLine({ role: 'user', parts: [{ type: 'text', content: 'Plan a\n weekend' }, { type: 'text', content: 'in  Lisbon' }] })).toBe('Plan a weekend in Lisbon');
  });

  it('names the tools a message only calls', () => {
    expect(messageLine({ role: 'assistant', parts: [{ type: 'tool_call', name: 'get_weather', arguments: {} }, { type: 'tool_call', name: 'search' }] })).toBe('→ get_weather(), search()');
  });

  it('cuts long text and says nothing for empty or malformed messages', () => {
    const line = messageLine({ role: 'user', parts: [{ type: 'text', content: 'x'.repeat(1000) }] })!;
    expect(line).toHaveLength(PREVIEW_CHARS);
    expect(line.endsWith('…')).toBe(true);
    expect(messageLine(undefined)).toBeNull();
    expect(messageLine({ role: 'user', parts: [{ type: 'blob' }] })).toBeNull();
    expect(messageLine({ role: 'user' } as never)).toBeNull();
  });
});
