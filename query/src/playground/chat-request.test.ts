import { describe, expect, it } from 'vitest';
import { parseChatRequest } from './chat-request.js';

const valid = () => ({ connection: 'OPENAI', model: 'gpt-4o-mini', messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Hi' }] });
const refusal = (body: unknown) => {
  try {
    parseChatRequest(body);
  } catch (err) {
    return { status: (err as { status: number }).status, message: (err as Error).message };
  }
  return null;
};

describe('a playground call body', () => {
  it('takes the connection, model, messages and the parameters given', () => {
    expect(parseChatRequest(valid())).toEqual({ ...valid(), parameters: {} });
    const parameters = { temperature: 0.7, max_tokens: 256, top_p: 1, stop: ['\n\n'] };
    expect(parseChatRequest({ ...valid(), parameters }).parameters).toEqual(parameters);
    expect(parseChatRequest({ ...valid(), parameters: { temperature: null, stop: 'END' } }).parameters).toEqual({ stop: 'END' });
  });

  it('refuses what is wrong with a 400 naming the field', () => {
    const cases: [unknown, string][] = [
      [[], 'the body: expected a JSON object'],
      [{ ...valid(), url: 'http://attacker.example' }, 'unknown field "url"'],
      [{ ...valid(), connection: '' }, 'field connection: expected a non-empty string'],
      [{ ...valid(), model: 4 }, 'field model'],
      [{ ...valid(), messages: [] }, 'field messages: expected a non-empty array'],
      [{ ...valid(), messages: [{ role: 'developer', content: 'x' }] }, 'field messages[0].role: expected one of system, user, assistant, tool'],
      [{ ...valid(), messages: [{ role: 'user', content: 'x' }, { role: 'user', content: [{ text: 'x' }] }] }, 'field messages[1].content: expected a string'],
      [{ ...valid(), messages: [{ role: 'user', content: 'x', name: 'n' }] }, 'field messages[0]: unknown field "name"'],
      [{ ...valid(), parameters: { temperature: 3 } }, 'field parameters.temperature: expected a number from 0 to 2'],
      [{ ...valid(), parameters: { max_tokens: 1.5 } }, 'field parameters.max_tokens'],
      [{ ...valid(), parameters: { top_p: -1 } }, 'field parameters.top_p'],
      [{ ...valid(), parameters: { stop: [1] } }, 'field parameters.stop'],
      [{ ...valid(), parameters: { seed: 1 } }, 'field parameters: unknown field "seed"'],
    ];
    for (const [body, message] of cases) expect(refusal(body), message).toEqual({ status: 400, message: expect.stringContaining(message) });
  });
});
