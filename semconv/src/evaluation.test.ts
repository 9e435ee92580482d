import { describe, expect, it } from 'vitest';
import { evaluationOf, evaluationsOf, withoutRetracted } from './evaluation.js';

const event = (attributes: Record<string, unknown>, name = 'gen_ai.evaluation.result') => ({ name, timeUnixNano: '1700000000000000000', attributes: attributes as never });

describe('evaluationOf', () => {
  it('reads name, score, label, explanation, author and error type', () => {
    expect(
      evaluationOf(event({ 'gen_ai.evaluation.name': 'relevance', 'gen_ai.evaluation.score.value': 0.25, 'gen_ai.evaluation.score.label': 'irrelevant', 'gen_ai.evaluation.explanation': 'talks about cats', 'watchllm.evaluation.author': 'ana' })),
    ).toEqual({ name: 'relevance', score: 0.25, label: 'irrelevant', explanation: 'talks about cats', author: 'ana', id: null, errorType: null, timeUnixNano: '1700000000000000000' });
  });

  it('reads the score config a score was checked against, when it names one', () => {
    expect(evaluationOf(event({ 'gen_ai.evaluation.name': 'tone', 'gen_ai.evaluation.score.label': 'rude', 'watchllm.evaluation.config_id': 'c-tone' }))?.configId).toBe('c-tone');
    expect(evaluationOf(event({ 'gen_ai.evaluation.name': 'tone' }))).not.toHaveProperty('configId');
  });

  it('takes the event name from the event.name attribute too, and numbers sent as text', () => {
    expect(evaluationOf(event({ 'event.name': 'gen_ai.evaluation.result', 'gen_ai.evaluation.name': 'thumbs', 'gen_ai.evaluation.score.value': '1', 'gen_ai.evaluation.score.label': true }, 'log'))).toMatchObject({ name: 'thumbs', score: 1, label: 'true' });
  });

  it('ignores other events, nameless results and scores that are not numbers', () => {
    expect(evaluationOf(event({ 'gen_ai.evaluation.name': 'x' }, 'gen_ai.choice'))).toBeNull();
    expect(evaluationOf(event({ 'gen_ai.evaluation.score.value': 1 }))).toBeNull();
    expect(evaluationOf(event({ 'gen_ai.evaluation.name': 'x', 'gen_ai.evaluation.score.value': 'high' }))?.score).toBeNull();
    expect(evaluationsOf([event({ 'gen_ai.evaluation.name': 'a' }), event({}, 'other'), event({ 'gen_ai.evaluation.name': 'b', 'error.type': 'timeout' })]).map((e) => [e.name, e.errorType])).toEqual([
      ['a', null],
      ['b', 'timeout'],
    ]);
  });

  it('leaves out withdrawn scores and the events withdrawing them, keeping the rest in order', () => {
    const given = event({ 'gen_ai.evaluation.name': 'review', 'gen_ai.evaluation.score.label': 'oops', 'watchllm.evaluation.id': 'aaaaaaaaaaaaaaaa' });
    const kept = event({ 'gen_ai.evaluation.name': 'review', 'gen_ai.evaluation.score.label': 'fine', 'watchllm.evaluation.id': 'bbbbbbbbbbbbbbbb' });
    const judge = event({ 'gen_ai.evaluation.name': 'relevance', 'gen_ai.evaluation.score.value': 1 });
    const withdrawal = event({ 'watchllm.evaluation.id': 'aaaaaaaaaaaaaaaa' }, 'watchllm.evaluation.retracted');
    const other = event({ x: 1 }, 'exception');
    expect(withoutRetracted([given, kept, other, withdrawal, judge])).toEqual([kept, other, judge]);
    expect(evaluationsOf([given, kept, withdrawal, judge]).map((e) => [e.label ?? e.score, e.id])).toEqual([['fine', 'bbbbbbbbbbbbbbbb'], [1, null]]);
    const events = [given, judge];
    expect(withoutRetracted(events)).toBe(events);
  });
});
