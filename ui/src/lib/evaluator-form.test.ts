import { describe, expect, it } from 'vitest';
import { emptyFields, evaluatorBody, fieldsOf } from './evaluator-form.js';

describe('evaluatorBody', () => {
  it('makes a create body from the fields: a rate from the percentage, filters given only, labels split', () => {
    const body = evaluatorBody({ ...emptyFields(), name: ' tone ', samplingPercent: '25', model: 'gpt-4o', outputType: 'categorical', labels: 'polite, rude,' }, true);
    expect(body).toMatchObject({ name: 'tone', samplingRate: 0.25, filters: { model: 'gpt-4o' }, output: { type: 'categorical', labels: ['polite', 'rude'] } });
  });

  it('says what is wrong instead of a body', () => {
    expect(evaluatorBody({ ...emptyFields(), samplingPercent: '150' }, true)).toContain('percentage');
    expect(evaluatorBody({ ...emptyFields(), outputType: 'categorical', labels: 'one' }, true)).toContain('two labels');
  });

  it('reads an evaluator back into the same fields', () => {
    const body = evaluatorBody({ ...emptyFields(), name: 'x', samplingPercent: '12.5' }, true) as Record<string, any>;
    const fields = fieldsOf({ ...body, judge: { ...body.judge, apiKeySet: true }, createdAt: '', updatedAt: '' } as any);
    expect(evaluatorBody(fields, true)).toEqual(body);
  });
});
