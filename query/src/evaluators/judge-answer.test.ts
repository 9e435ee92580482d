import { describe, expect, it } from 'vitest';
import { parseJudgeAnswer } from './judge-answer.js';

const numeric = { type: 'numeric' } as const;
const categorical = { type: 'categorical', labels: ['correct', 'incorrect'] } as const;

describe('parseJudgeAnswer', () => {
  it('reads a plain JSON answer', () => {
    expect(parseJudgeAnswer('{"score": 0.8, "reasoning": "mostly right"}', numeric)).toEqual({ ok: true, verdict: { score: 0.8, reasoning: 'mostly right' } });
  });

  it('reads JSON in a code fence or among prose, braces inside strings included', () => {
    expect(parseJudgeAnswer('Sure!\n```json\n{"score": 1, "reasoning": "uses {braces}"}\n```\nHope it helps.', numeric)).toEqual({ ok: true, verdict: { score: 1, reasoning: 'uses {braces}' } });
    expect(parseJudgeAnswer('I think {not json} but then {"score": "0.25", "reasoning": "weak"} done', numeric)).toEqual({ ok: true, verdict: { score: 0.25, reasoning: 'weak' } });
  });

  it('refuses a score outside 0..1 or missing, and an answer with no JSON, saying so', () => {
    expect(parseJudgeAnswer('{"score": 7}', numeric)).toMatchObject({ ok: false, error: expect.stringContaining('from 0 to 1') });
    expect(parseJudgeAnswer('{"reasoning": "hm"}', numeric)).toMatchObject({ ok: false, error: expect.stringContaining('missing') });
    expect(parseJudgeAnswer('great answer', numeric)).toMatchObject({ ok: false, error: expect.stringContaining('no JSON object') });
  });

  it('reads a label as one of the labels, whatever its case; refuses others', () => {
    expect(parseJudgeAnswer('{"label": "Correct ", "reasoning": "matches"}', categorical)).toEqual({ ok: true, verdict: { label: 'correct', reasoning: 'matches' } });
    expect(parseJudgeAnswer('{"label": "maybe"}', categorical)).toMatchObject({ ok: false, error: expect.stringContaining('correct, incorrect') });
  });
});
