import { describe, expect, it } from 'vitest';
import { fromLangfuseScore, parseEvaluationInput } from './evaluation-writer.js';

const T = '0af7651916cd43dd8448eb211c80319c';

describe('fromLangfuseScore', () => {
  it('keeps a numeric value as the score, a categorical one as the label, a boolean one as 0 / 1 with its label', () => {
    expect(fromLangfuseScore({ traceId: T, observationId: 'B7AD6B7169203331', name: 'quality', value: 0.75, comment: 'ok' })).toEqual({
      traceId: T, spanId: 'b7ad6b7169203331', name: 'quality', score: 0.75, label: undefined, explanation: 'ok', author: undefined,
    });
    expect(fromLangfuseScore({ traceId: T, name: 'tone', value: 'friendly' })).toMatchObject({ label: 'friendly' });
    expect(fromLangfuseScore({ traceId: T, name: 'correct', value: 1, dataType: 'BOOLEAN', id: 'x', environment: 'prod', metadata: {} })).toMatchObject({ score: 1, label: 'true' });
    expect(fromLangfuseScore({ traceId: T, name: 'correct', value: false, dataType: 'BOOLEAN' })).toMatchObject({ score: 0, label: 'false' });
  });

  it('keeps a score naming a session and no trace as a score on the session; one naming a trace stays on the trace', () => {
    expect(fromLangfuseScore({ id: 'c1', sessionId: 'chat-7', name: 'satisfaction', value: 1, dataType: 'BOOLEAN', comment: 'happy' })).toEqual({
      sessionId: 'chat-7', name: 'satisfaction', score: 1, label: 'true', explanation: 'happy', author: undefined,
    });
    expect(fromLangfuseScore({ traceId: T, sessionId: 'chat-7', name: 'n', value: 1 })).toMatchObject({ traceId: T });
  });

  it('names what is wrong', () => {
    const error = (body: unknown) => {
      try {
        fromLangfuseScore(body);
        return '';
      } catch (err) {
        return (err as Error).message;
      }
    };
    expect(error([])).toMatch(/must be a JSON object/);
    expect(error({ traceId: T, name: 'n', value: 1, bogus: 1 })).toMatch(/unknown field "bogus"/);
    expect(error({ sessionId: '', name: 'n', value: 1 })).toBe('field sessionId: expected a non-empty string');
    expect(error({ sessionId: 's'.repeat(513), name: 'n', value: 1 })).toBe('field sessionId: at most 512 characters');
    expect(error({ datasetRunId: 'r', name: 'n', value: 1 })).toBe('field traceId: required');
    expect(error({ traceId: T, name: 'n', value: 1, dataType: 'SCALE' })).toMatch(/field dataType: expected one of NUMERIC, CATEGORICAL, BOOLEAN, TEXT, CORRECTION/);
    expect(error({ traceId: T, name: 'n', value: 1, dataType: 'TEXT' })).toBe('field value: a TEXT score is a string');
    expect(error({ traceId: T, name: 'n', value: '', dataType: 'TEXT' })).toBe('field label: a TEXT score needs its text (1–500 characters)');
    expect(error({ traceId: T, name: 'n', value: 'x'.repeat(501), dataType: 'TEXT' })).toBe('field label: at most 500 characters');
    expect(error({ traceId: T, name: 'n', value: 'x', dataType: 'NUMERIC' })).toBe('field value: a NUMERIC score is a number');
    expect(error({ traceId: T, name: 'n', value: 2, dataType: 'BOOLEAN' })).toBe('field value: a BOOLEAN score is 0 or 1');
    expect(error({ traceId: 'nope', name: 'n', value: 1 })).toMatch(/field traceId: "nope" must be 16 or 32 hex characters/);
    expect(error({ traceId: T, value: 1 })).toMatch(/field name: required/);
  });
});

describe('TEXT and CORRECTION scores', () => {
  it('keep their text as the label, with the data type that tells it from a category', () => {
    expect(fromLangfuseScore({ traceId: T, name: 'feedback', value: 'Great answer', dataType: 'TEXT' })).toMatchObject({ label: 'Great answer', dataType: 'TEXT' });
    expect(fromLangfuseScore({ sessionId: 'chat-7', name: 'fix', value: 'x'.repeat(2000), dataType: 'CORRECTION' })).toMatchObject({ sessionId: 'chat-7', dataType: 'CORRECTION' });
    expect(fromLangfuseScore({ traceId: T, name: 'tone', value: 'friendly' })).not.toHaveProperty('dataType', expect.anything());
    // WatchLLM's own API takes the type with a label alone.
    expect(parseEvaluationInput({ traceId: T, name: 'note', label: 'check the date', dataType: 'TEXT' })).toMatchObject({ label: 'check the date', dataType: 'TEXT' });
    expect(() => parseEvaluationInput({ traceId: T, name: 'note', label: 'x', score: 1, dataType: 'TEXT' })).toThrow('field score: a TEXT score is its text (label) alone');
    expect(() => parseEvaluationInput({ traceId: T, name: 'note', score: 1, dataType: 'NUMERIC' })).toThrow(/field dataType: expected TEXT or CORRECTION/);
  });
});

describe('parseEvaluationInput', () => {
  it('takes a session instead of a trace, never both', () => {
    expect(parseEvaluationInput({ sessionId: 'chat-7', name: 'csat', score: 5, author: 'ana' })).toEqual({ sessionId: 'chat-7', name: 'csat', score: 5, label: undefined, explanation: undefined, author: 'ana' });
    expect(() => parseEvaluationInput({ sessionId: 'chat-7', traceId: T, name: 'csat', score: 5 })).toThrow('field sessionId: a score is on a session or on a trace (traceId, spanId), not both');
    expect(() => parseEvaluationInput({ sessionId: 'chat-7', spanId: 'b7ad6b7169203331', name: 'csat', score: 5 })).toThrow(/not both/);
    expect(() => parseEvaluationInput({ sessionId: 7, name: 'csat', score: 5 })).toThrow('field sessionId: expected a string');
    expect(() => parseEvaluationInput({ name: 'csat', score: 5 })).toThrow('field traceId: required');
  });
});
