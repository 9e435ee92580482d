import { describe, expect, it } from 'vitest';
import { evaluationOf, evaluationsOf } from './evaluation.js';

const event = (attributes: Record<string, unknown>, name = 'gen_ai.evaluation.result') => ({ name, timeUnixNano: '1700000000000000000', attributes: attributes as never });

describe('evaluationOf', () => {
  it('reads name, score, label, explanation, author and error type', () => {
    expect(
      evaluationOf(event({ 'gen_ai.evaluation.name': 'relevance', 'gen_ai.evaluation.score.value': 0.25, 'gen_ai.evaluation.score.label': 'irrelevant', 'gen_ai.evaluation.explanation': 'talks about cats', 'watchllm.evaluation.author': 'ana' })),
    ).toEqual({ name: 'relevance', score: 0.25, label: 'irrelevant', explanation: 'talks about cats', author: 'ana', errorType: null, timeUnixNano: '1700000000000000000' });
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
});
