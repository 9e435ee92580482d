import { describe, expect, it } from 'vitest';
import { compareFacts, relativeChange } from './span-facts.js';
import { makeSpan } from './test-spans.js';

describe('compare facts', () => {
  it('marks changed model, params, tokens and cost', () => {
    const a = makeSpan('a', '', 0, 1000, 0, { type: 'llm', genAi: { requestModel: 'gpt-4o', requestParameters: { temperature: 0.2 }, inputTokens: 100, outputTokens: 10, costUsd: 0.001 } });
    const b = makeSpan('b', '', 0, 1500, 0, { type: 'llm', genAi: { requestModel: 'gpt-4o-mini', requestParameters: { temperature: 0.2, max_tokens: 50 }, inputTokens: 100, outputTokens: 20, costUsd: 0.0002 } });
    const facts = Object.fromEntries(compareFacts(a, b).map((f) => [f.label, f]));
    expect(facts.Model).toMatchObject({ a: 'gpt-4o', b: 'gpt-4o-mini', changed: true });
    expect(facts['param temperature'].changed).toBe(false);
    expect(facts['param max_tokens']).toMatchObject({ a: '—', b: '50', changed: true });
    expect(facts['Input tokens'].changed).toBe(false);
    expect(facts['Output tokens'].changed).toBe(true);
    expect(facts.Cost.changed).toBe(true);
    expect(facts.Duration).toMatchObject({ a: '1.00 s', b: '1.50 s' });
  });

  it('works with a missing side and computes relative change', () => {
    expect(compareFacts(null, null)).toEqual([]);
    expect(compareFacts(makeSpan('a', '', 0, 1, 0), null).every((f) => f.b === '—')).toBe(true);
    expect(relativeChange(100, 125)).toBe('+25%');
    expect(relativeChange(0, 5)).toBe('');
    expect(relativeChange(null, 5)).toBe('');
  });
});
