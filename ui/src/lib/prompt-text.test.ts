import { describe, expect, it } from 'vitest';
import { newVersionBody, promptOfSpan, promptText } from './prompt-text.js';
import { parseRoute, paths } from './routes.js';

describe('promptText', () => {
  it('keeps a text prompt, writes a chat prompt one block per message with placeholders marked', () => {
    expect(promptText('Hello {{name}}')).toBe('Hello {{name}}');
    expect(
      promptText([
        { type: 'chatmessage', role: 'system', content: 'You triage.' },
        { type: 'placeholder', name: 'history' },
        { role: 'user', content: 'Hi' },
      ]),
    ).toBe('system:\nYou triage.\n\n[placeholder: history]\n\nuser:\nHi');
    expect(promptText({ odd: true })).toBe('{\n  "odd": true\n}');
  });

  it('builds a path that keeps folder slashes and escapes the rest, and parses back to the name', () => {
    expect(paths.prompt('support/greeting')).toBe('/prompts/support/greeting');
    expect(paths.prompt('a b?', 3)).toBe('/prompts/a%20b%3F?version=3');
    expect(parseRoute('/prompts/support/a%20b%3F')).toEqual({ page: 'prompt', name: 'support/a b?' });
  });
});

describe('promptOfSpan', () => {
  it("reads the prompt Langfuse's SDKs name on a generation, its version when it is one", () => {
    expect(promptOfSpan({ 'langfuse.observation.prompt.name': 'support/greeting', 'langfuse.observation.prompt.version': 3 })).toEqual({ name: 'support/greeting', version: 3 });
    expect(promptOfSpan({ 'langfuse.observation.prompt.name': 'x', 'langfuse.observation.prompt.version': 'abc' })).toEqual({ name: 'x', version: undefined });
    expect(promptOfSpan({ 'gen_ai.request.model': 'gpt-4o' })).toBeNull();
    expect(promptOfSpan(undefined)).toBeNull();
  });
});

describe('newVersionBody', () => {
  it('keeps the base\'s name, type and config; reads a chat prompt\'s JSON and comma-separated labels', () => {
    expect(newVersionBody({ name: 'a', type: 'text', config: { model: 'm' } }, 'Hi', ' staging, production ,', ' tweak ')).toEqual({
      name: 'a', type: 'text', prompt: 'Hi', config: { model: 'm' }, labels: ['staging', 'production'], commitMessage: 'tweak',
    });
    expect(newVersionBody({ name: 'c', type: 'chat' }, '[{"role":"system","content":"x"}]', '', '')).toEqual({ name: 'c', type: 'chat', prompt: [{ role: 'system', content: 'x' }], config: {}, labels: [] });
    expect(newVersionBody({ name: 'c', type: 'chat' }, 'not json', '', '')).toMatch(/as JSON/);
  });
});
