import { describe, expect, it } from 'vitest';
import { fromLangfuseScore } from '../evaluation-writer.js';
import type { ScoreConfig } from './score-config.js';
import { configuredValue, scoreByConfig, withScoreConfig } from './score-check.js';

const base = { minValue: null, maxValue: null, categories: null, description: null, isArchived: false, createdAtMs: 1, updatedAtMs: 1 };
const accuracy: ScoreConfig = { ...base, id: 'c-acc', name: 'accuracy', dataType: 'NUMERIC', minValue: 0, maxValue: 1 };
const tone: ScoreConfig = { ...base, id: 'c-tone', name: 'tone', dataType: 'CATEGORICAL', categories: [{ label: 'friendly', value: 1 }, { label: 'rude', value: -1 }] };
const correct: ScoreConfig = { ...base, id: 'c-ok', name: 'correct', dataType: 'BOOLEAN', categories: [{ label: 'True', value: 1 }, { label: 'False', value: 0 }] };
const notes: ScoreConfig = { ...base, id: 'c-notes', name: 'notes', dataType: 'TEXT' };
const T = '0af7651916cd43dd8448eb211c80319c';

describe('scoreByConfig', () => {
  it("reads a value by its config: a number within the bounds (inclusive), a category's number, a boolean's label", () => {
    expect(scoreByConfig(accuracy, 1, 'value')).toEqual({ name: 'accuracy', configId: 'c-acc', score: 1 });
    expect(scoreByConfig(accuracy, 0, 'value').score).toBe(0);
    expect(scoreByConfig(tone, 'rude', 'value')).toEqual({ name: 'tone', configId: 'c-tone', label: 'rude' });
    expect(configuredValue(tone, { value: 0, stringValue: 'rude' })).toBe(-1);
    expect(scoreByConfig(correct, 0, 'value')).toEqual({ name: 'correct', configId: 'c-ok', score: 0, label: 'False' });
    expect(scoreByConfig(correct, true, 'value')).toMatchObject({ score: 1, label: 'True' });
    expect(scoreByConfig({ ...accuracy, minValue: null, maxValue: null }, -1e9, 'value').score).toBe(-1e9);
  });

  it('refuses what does not fit, naming the field, the value and the config', () => {
    expect(() => scoreByConfig(accuracy, 1.5, 'value')).toThrow('field value: 1.5 is above the maximum 1 of score config "accuracy"');
    expect(() => scoreByConfig(accuracy, -0.1, 'score')).toThrow('field score: -0.1 is below the minimum 0 of score config "accuracy"');
    expect(() => scoreByConfig(accuracy, 'high', 'value')).toThrow('field value: score config "accuracy" is NUMERIC: expected a number');
    expect(() => scoreByConfig(tone, 'meh', 'value')).toThrow('field value: "meh" is not a category of score config "tone" (friendly, rude)');
    expect(() => scoreByConfig(tone, 1, 'value')).toThrow(/field value: 1 is not a category/);
    expect(() => scoreByConfig(correct, 2, 'value')).toThrow('field value: score config "correct" is BOOLEAN: expected 0 or 1, not 2');
    expect(() => scoreByConfig({ ...accuracy, isArchived: true }, 0.5, 'value')).toThrow(/field configId: score config "accuracy" is archived/);
  });
});

describe('withScoreConfig (WatchLLM scores)', () => {
  it("takes a categorical score's label and the others' score; the config names it", () => {
    expect(withScoreConfig(tone, { traceId: T, name: 'x', label: 'friendly', configId: 'c-tone' })).toEqual({ traceId: T, name: 'tone', label: 'friendly', configId: 'c-tone' });
    expect(withScoreConfig(correct, { sessionId: 's', name: 'correct', score: 1 })).toEqual({ sessionId: 's', name: 'correct', score: 1, label: 'True', configId: 'c-ok' });
    expect(() => withScoreConfig(accuracy, { traceId: T, name: 'accuracy', score: 0.5, label: 'good' })).toThrow('field label: score config "accuracy" is NUMERIC: give the score alone');
    expect(() => withScoreConfig(tone, { traceId: T, name: 'tone', score: 1 })).toThrow('field score: score config "tone" is CATEGORICAL: give the label alone');
  });
});

describe('TEXT configs', () => {
  it('take text of 1 to 500 characters as the label, marked TEXT, through either API', () => {
    expect(scoreByConfig(notes, 'Checks out.', 'value')).toEqual({ name: 'notes', configId: 'c-notes', label: 'Checks out.', dataType: 'TEXT' });
    expect(() => scoreByConfig(notes, ' ', 'value')).toThrow('field value: score config "notes" is TEXT: expected text of 1 to 500 characters');
    expect(() => scoreByConfig(notes, 'x'.repeat(501), 'value')).toThrow(/expected text of 1 to 500 characters/);
    expect(() => scoreByConfig(notes, 4, 'value')).toThrow(/is TEXT/);
    expect(withScoreConfig(notes, { traceId: T, name: 'x', label: 'Fine' })).toEqual({ traceId: T, name: 'notes', label: 'Fine', configId: 'c-notes', dataType: 'TEXT' });
    expect(() => withScoreConfig(notes, { traceId: T, name: 'x', label: 'Fine', dataType: 'CORRECTION' })).toThrow('field dataType: score config "notes" is TEXT, not CORRECTION');
    expect(fromLangfuseScore({ sessionId: 'chat', name: 'x', value: 'Fine', configId: 'c-notes' }, notes)).toMatchObject({ name: 'notes', label: 'Fine', dataType: 'TEXT' });
    expect(configuredValue(notes, { value: 0, stringValue: 'Fine' })).toBe(0);
  });
});

describe('fromLangfuseScore with a config', () => {
  it("takes the config's data type and name, and checks the value against it", () => {
    expect(fromLangfuseScore({ traceId: T, name: 'tone', value: 'rude', configId: 'c-tone' }, tone)).toMatchObject({ name: 'tone', label: 'rude', configId: 'c-tone' });
    // The config's name is the score's, whatever the body says (as Langfuse's).
    expect(fromLangfuseScore({ traceId: T, name: 'other', value: 0.25, configId: 'c-acc' }, accuracy)).toMatchObject({ name: 'accuracy', score: 0.25, configId: 'c-acc' });
    expect(fromLangfuseScore({ sessionId: 'chat', name: 'correct', value: 1, dataType: 'BOOLEAN', configId: 'c-ok' }, correct)).toMatchObject({ sessionId: 'chat', score: 1, label: 'True' });
    expect(() => fromLangfuseScore({ traceId: T, name: 'accuracy', value: 2, configId: 'c-acc' }, accuracy)).toThrow('field value: 2 is above the maximum 1 of score config "accuracy"');
    expect(() => fromLangfuseScore({ traceId: T, name: 'tone', value: 'rude', dataType: 'NUMERIC', configId: 'c-tone' }, tone)).toThrow('field dataType: NUMERIC does not match score config "tone", which is CATEGORICAL');
  });
});
