import { describe, expect, it } from 'vitest';
import { chatRequest } from './chat-request.js';

describe('chatRequest', () => {
  it('names a chat call to the provider at the endpoint, with the given attributes', () => {
    const content = () => ({ inputMessages: [] });
    const request = chatRequest('openai', { model: 'gpt-4o' }, { address: 'api.openai.com', port: 443 }, { attributes: { 'gen_ai.request.top_p': 1 }, content });
    expect(request).toEqual({
      operation: 'chat',
      provider: 'openai',
      model: 'gpt-4o',
      serverAddress: 'api.openai.com',
      serverPort: 443,
      attributes: { 'gen_ai.request.top_p': 1 },
      content,
    });
  });

  it('leaves the model out when the params carry no string model', () => {
    const parts = { attributes: {}, content: () => ({}) };
    expect(chatRequest('anthropic', { model: 42 }, {}, parts).model).toBeUndefined();
    expect(chatRequest('anthropic', {}, {}, parts).model).toBeUndefined();
  });

  it('does not build the content until asked', () => {
    let built = 0;
    const request = chatRequest('openai', {}, {}, { attributes: {}, content: () => (built++, {}) });
    expect(built).toBe(0);
    request.content?.();
    expect(built).toBe(1);
  });
});
