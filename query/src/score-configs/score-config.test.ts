import { describe, expect, it } from 'vitest';
import { changedScoreConfig, newScoreConfig, type ScoreConfig } from './score-config.js';

const config = (fields: Partial<ScoreConfig>): ScoreConfig => ({
  id: 'c1',
  name: 'accuracy',
  dataType: 'NUMERIC',
  minValue: 0,
  maxValue: 10,
  categories: null,
  description: null,
  isArchived: false,
  createdAtMs: 1,
  updatedAtMs: 1,
  ...fields,
});

describe('newScoreConfig', () => {
  it('takes a numeric config with bounds, a categorical one with its categories, and gives a boolean one True = 1 and False = 0', () => {
    expect(newScoreConfig({ name: 'accuracy', dataType: 'NUMERIC', minValue: 0, maxValue: 10, description: 'How right' })).toEqual({
      name: 'accuracy', dataType: 'NUMERIC', minValue: 0, maxValue: 10, categories: null, description: 'How right',
    });
    expect(newScoreConfig({ name: 'open (v2)', dataType: 'NUMERIC', minValue: null, categories: null })).toMatchObject({ minValue: null, maxValue: null, categories: null, description: null });
    const tone = [{ label: 'friendly', value: 1 }, { label: 'rude', value: -1 }];
    expect(newScoreConfig({ name: 'tone', dataType: 'CATEGORICAL', categories: tone })).toMatchObject({ categories: tone });
    expect(newScoreConfig({ name: 'correct', dataType: 'BOOLEAN' }).categories).toEqual([{ label: 'True', value: 1 }, { label: 'False', value: 0 }]);
  });

  it('refuses a config naming the field and what is wrong', () => {
    const numeric = { name: 'accuracy', dataType: 'NUMERIC' };
    expect(() => newScoreConfig({ dataType: 'NUMERIC' })).toThrow('field name: required: a non-empty string');
    expect(() => newScoreConfig({ ...numeric, name: 'x'.repeat(36) })).toThrow('field name: at most 35 characters');
    expect(() => newScoreConfig({ ...numeric, name: 'a/b' })).toThrow(/field name: only letters, numbers/);
    expect(() => newScoreConfig({ name: 'a' })).toThrow('field dataType: required: one of NUMERIC, CATEGORICAL, BOOLEAN, TEXT');
    expect(() => newScoreConfig({ name: 'a', dataType: 'SCALE' })).toThrow(/field dataType/);
    expect(newScoreConfig({ name: 'notes', dataType: 'TEXT' })).toMatchObject({ dataType: 'TEXT', categories: null, minValue: null, maxValue: null });
    expect(() => newScoreConfig({ name: 'notes', dataType: 'TEXT', minValue: 1 })).toThrow('field minValue: a TEXT config has no bounds (NUMERIC configs do)');
    expect(() => newScoreConfig({ name: 'notes', dataType: 'TEXT', categories: [{ label: 'a', value: 1 }] })).toThrow(/a TEXT config has no categories/);
    expect(() => newScoreConfig({ ...numeric, minValue: 5, maxValue: 1 })).toThrow('field maxValue: must be greater than minValue (5)');
    expect(() => newScoreConfig({ ...numeric, minValue: 5, maxValue: 5 })).toThrow(/field maxValue/);
    expect(() => newScoreConfig({ ...numeric, minValue: '0' })).toThrow('field minValue: expected a finite number');
    expect(() => newScoreConfig({ ...numeric, categories: [{ label: 'a', value: 1 }] })).toThrow(/field categories: a NUMERIC config has no categories/);
    expect(() => newScoreConfig({ name: 'tone', dataType: 'CATEGORICAL' })).toThrow('field categories: a CATEGORICAL config needs at least one category');
    expect(() => newScoreConfig({ name: 'tone', dataType: 'CATEGORICAL', categories: [] })).toThrow(/at least one category/);
    expect(() => newScoreConfig({ name: 'tone', dataType: 'CATEGORICAL', categories: [{ label: 'a', value: 1 }, { label: 'a', value: 2 }] })).toThrow('field categories: duplicate label "a": labels must be unique');
    expect(() => newScoreConfig({ name: 'tone', dataType: 'CATEGORICAL', categories: [{ label: 'a', value: 1 }, { label: 'b', value: 1 }] })).toThrow('field categories: duplicate value 1: values must be unique');
    expect(() => newScoreConfig({ name: 'tone', dataType: 'CATEGORICAL', categories: [{ label: '', value: 1 }] })).toThrow(/field categories\[0\]\.label/);
    expect(() => newScoreConfig({ name: 'tone', dataType: 'CATEGORICAL', categories: [{ label: 'a', value: '1' }] })).toThrow(/field categories\[0\]\.value/);
    expect(() => newScoreConfig({ name: 'tone', dataType: 'CATEGORICAL', categories: [{ label: 'a', value: 1 }], maxValue: 3 })).toThrow('field maxValue: a CATEGORICAL config has no bounds (NUMERIC configs do)');
    expect(() => newScoreConfig({ name: 'ok', dataType: 'BOOLEAN', categories: [{ label: 'Yes', value: 1 }] })).toThrow(/field categories: a BOOLEAN config gets True = 1/);
    expect(() => newScoreConfig({ ...numeric, isArchived: true })).toThrow('unknown field "isArchived"');
    expect(() => newScoreConfig([])).toThrow(/the body must be a JSON object/);
  });
});

describe('changedScoreConfig', () => {
  it('replaces the fields given and keeps the rest', () => {
    const current = config({ description: 'old' });
    expect(changedScoreConfig(current, { isArchived: true })).toEqual({ ...current, isArchived: true });
    expect(changedScoreConfig(current, { maxValue: 5, description: 'new', name: 'accuracy v2' })).toEqual({ ...current, maxValue: 5, description: 'new', name: 'accuracy v2' });
    const tone = config({ dataType: 'CATEGORICAL', minValue: null, maxValue: null, categories: [{ label: 'a', value: 1 }] });
    expect(changedScoreConfig(tone, { categories: [{ label: 'a', value: 1 }, { label: 'b', value: 2 }] }).categories).toHaveLength(2);
  });

  it('checks the config it makes, refuses a change of data type and a change of nothing', () => {
    expect(() => changedScoreConfig(config({}), { minValue: 10 })).toThrow('field maxValue: must be greater than minValue (10)');
    expect(() => changedScoreConfig(config({}), { dataType: 'BOOLEAN' })).toThrow(/field dataType: a score config's data type cannot change/);
    expect(() => changedScoreConfig(config({}), {})).toThrow(/the body changes nothing/);
    expect(() => changedScoreConfig(config({}), { isArchived: 'yes' })).toThrow('field isArchived: expected true or false');
    // WatchLLM's own API changes only these two.
    expect(() => changedScoreConfig(config({}), { maxValue: 5 }, ['isArchived', 'description'])).toThrow('unknown field "maxValue" (fields: isArchived, description)');
    expect(changedScoreConfig(config({}), { description: 'why' }, ['isArchived', 'description']).description).toBe('why');
    const tone = config({ dataType: 'CATEGORICAL', minValue: null, maxValue: null, categories: [{ label: 'a', value: 1 }] });
    expect(() => changedScoreConfig(tone, { categories: [] })).toThrow(/at least one category/);
    expect(() => changedScoreConfig(tone, { minValue: 1 })).toThrow(/field minValue: a CATEGORICAL config has no bounds/);
    const yesNo = config({ dataType: 'BOOLEAN', minValue: null, maxValue: null, categories: [{ label: 'True', value: 1 }, { label: 'False', value: 0 }] });
    expect(() => changedScoreConfig(yesNo, { categories: [{ label: 'Yes', value: 1 }, { label: 'No', value: 0 }] })).toThrow(/True = 1 and False = 0/);
  });
});
