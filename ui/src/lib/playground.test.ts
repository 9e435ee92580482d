import { describe, expect, it } from 'vitest';
import { chatRequestBody, draftFromSpan, emptyDraft, moveMessage, promptBody, type PlaygroundDraft } from './playground.js';

const weatherCall = {
  traceId: 't1',
  spanId: 's2',
  genAi: {
    requestModel: 'gpt-4o',
    responseModel: 'gpt-4o-2024-08-06',
    systemInstructions: [{ type: 'text', content: 'You are a weather assistant.' }],
    inputMessages: [
      { role: 'user', parts: [{ type: 'text', content: 'Weather in Paris?' }] },
      { role: 'assistant', parts: [{ type: 'tool_call', id: 'c1', name: 'get_weather', arguments: { city: 'Paris' } }] },
      { role: 'tool', parts: [{ type: 'tool_call_response', id: 'c1', response: '{"temp":21}' }] },
      { role: 'assistant', parts: [] },
    ],
    requestParameters: { temperature: 0.2, max_completion_tokens: '256', top_p: 0.9, stop_sequences: ['END'], seed: 7 },
  },
} as Parameters<typeof draftFromSpan>[0];

describe('a span in the playground', () => {
  it('brings its request model, system instructions and input messages as text, tool calls and results included', () => {
    const draft = draftFromSpan(weatherCall);
    expect(draft.model).toBe('gpt-4o');
    expect(draft.messages).toEqual([
      { role: 'system', content: 'You are a weather assistant.' },
      { role: 'user', content: 'Weather in Paris?' },
      { role: 'assistant', content: '→ tool call get_weather [c1]\n{\n  "city": "Paris"\n}' },
      // A tool result without its structured call is a user message: an OpenAI-compatible API refuses a lone `tool` message.
      { role: 'user', content: '← tool result [c1]\n{\n  "temp": 21\n}' },
    ]);
    expect(draft.source).toEqual({ traceId: 't1', spanId: 's2' });
  });

  it('brings its sampling parameters, whatever name or type the convention gave them', () => {
    const draft = draftFromSpan(weatherCall);
    expect([draft.temperature, draft.maxTokens, draft.carried]).toEqual(['0.2', '256', { top_p: 0.9, stop: ['END'] }]);
    const bare = draftFromSpan({ ...weatherCall, genAi: { ...weatherCall.genAi, requestModel: null, systemInstructions: null, inputMessages: null, requestParameters: null } });
    expect(bare).toMatchObject({ model: 'gpt-4o-2024-08-06', temperature: '', maxTokens: '', carried: {}, messages: emptyDraft().messages });
  });
});

describe('the playground bodies', () => {
  const draft = (over: Partial<PlaygroundDraft> = {}): PlaygroundDraft => ({ ...draftFromSpan(weatherCall), connection: 'OPENAI', ...over });

  it('asks the API with the edited messages and parameters, empty messages left out', () => {
    const body = chatRequestBody(draft({ temperature: '1', maxTokens: '', messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: '  ' }, { role: 'user', content: 'Hi' }] }));
    expect(body).toEqual({ connection: 'OPENAI', model: 'gpt-4o', messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Hi' }], parameters: { top_p: 0.9, stop: ['END'], temperature: 1 } });
    expect(chatRequestBody(draft({ temperature: '', maxTokens: '', carried: {} }))).not.toHaveProperty('parameters');
  });

  it('says what to fix before asking', () => {
    expect(chatRequestBody(draft({ connection: '' }))).toBe('Pick a connection.');
    expect(chatRequestBody(draft({ model: ' ' }))).toBe('Name the model to call.');
    expect(chatRequestBody(draft({ messages: [{ role: 'user', content: '' }] }))).toBe('Write at least one message.');
    expect(chatRequestBody(draft({ temperature: 'hot' }))).toMatch(/^Temperature/);
    expect(chatRequestBody(draft({ maxTokens: '0.5' }))).toMatch(/^Max tokens/);
  });

  it('saves the messages as a chat prompt with the model and parameters as its config', () => {
    expect(promptBody(draft(), 'weather/system', 'staging')).toEqual({
      name: 'weather/system', type: 'chat', prompt: draft().messages, labels: ['staging'],
      config: { model: 'gpt-4o', top_p: 0.9, stop: ['END'], temperature: 0.2, max_tokens: 256 },
    });
    expect(promptBody(draft(), ' ', '')).toBe('Name the prompt.');
  });

  it('moves a message up or down, never past either end', () => {
    const m = draft().messages;
    expect(moveMessage(m, 1, -1).map((x) => x.content)).toEqual([m[1], m[0], m[2], m[3]].map((x) => x.content));
    expect(moveMessage(m, 0, -1)).toBe(m);
    expect(moveMessage(m, 3, 1)).toBe(m);
  });
});
