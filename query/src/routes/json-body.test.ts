import { describe, expect, it } from 'vitest';
import { jsonBody, nestsDeeperThan } from './json-body.js';

const deep = (n: number) => JSON.parse(`${'['.repeat(n)}1${']'.repeat(n)}`) as unknown;

describe('jsonBody', () => {
  it('measures nesting without recursion, past what would overflow the stack', () => {
    expect(nestsDeeperThan({ a: [1, { b: 2 }] }, 3)).toBe(false);
    expect(nestsDeeperThan({ a: [1, { b: [] }] }, 3)).toBe(true);
    expect(nestsDeeperThan(deep(5000), 64)).toBe(true);
    expect(nestsDeeperThan('text', 0)).toBe(false);
  });

  it('answers 400 for a body that is not JSON or nests too deep', async () => {
    const req = (text: string) => ({ req: { json: async () => JSON.parse(text) as unknown } });
    await expect(jsonBody(req('{"a":1}'))).resolves.toEqual({ a: 1 });
    await expect(jsonBody(req('{'))).rejects.toMatchObject({ status: 400 });
    await expect(jsonBody(req(`${'['.repeat(100)}${']'.repeat(100)}`))).rejects.toThrow(/more than 64 levels/);
  });
});
