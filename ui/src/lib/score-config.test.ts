import { describe, expect, it } from 'vitest';
import type { ScoreConfigDto } from '../api/types.js';
import { configBody, configRange, configuredScore, configValues, emptyConfigFields, parseCategories, scoredByLabel, shownLabel } from './score-config.js';

const base = { minValue: null, maxValue: null, categories: null, description: null, isArchived: false, createdAt: '', updatedAt: '' };
const rating: ScoreConfigDto = { ...base, id: 'c-rating', name: 'rating', dataType: 'NUMERIC', minValue: 1, maxValue: 5 };
const tone: ScoreConfigDto = { ...base, id: 'c-tone', name: 'tone', dataType: 'CATEGORICAL', categories: [{ label: 'friendly', value: 1 }, { label: 'rude', value: -1 }] };
const answered: ScoreConfigDto = { ...base, id: 'c-ok', name: 'answered', dataType: 'BOOLEAN', categories: [{ label: 'True', value: 1 }, { label: 'False', value: 0 }] };
const note: ScoreConfigDto = { ...base, id: 'c-note', name: 'note', dataType: 'TEXT' };

describe('configRange / configValues', () => {
  it("says a numeric config's bounds, and the others' categories with their numbers", () => {
    expect(configRange(rating)).toBe('1 – 5');
    expect(configRange({ minValue: 0, maxValue: null })).toBe('≥ 0');
    expect(configRange({ minValue: null, maxValue: 10 })).toBe('≤ 10');
    expect(configRange({ minValue: null, maxValue: null })).toBe('any number');
    expect(configValues(rating)).toBe('1 – 5');
    expect(configValues(tone)).toBe('friendly = 1, rude = -1');
    expect(configValues(answered)).toBe('True = 1, False = 0');
    expect(configValues(note)).toBe('free text (up to 500 characters)');
  });
});

describe('configuredScore', () => {
  it("gives a categorical score its label alone, the others a number, and each the config's name and id", () => {
    expect(configuredScore(tone, 'rude')).toEqual({ name: 'tone', configId: 'c-tone', label: 'rude' });
    expect(configuredScore(rating, ' 4.5 ')).toEqual({ name: 'rating', configId: 'c-rating', score: 4.5 });
    expect(configuredScore(answered, '0')).toEqual({ name: 'answered', configId: 'c-ok', score: 0 });
    // Out of range is the API's to refuse (its message names the bounds).
    expect(configuredScore(rating, '7')).toMatchObject({ score: 7 });
  });

  it('says what is missing instead', () => {
    expect(configuredScore(tone, '')).toBe('Pick a label.');
    expect(configuredScore(answered, '')).toBe('Pick true or false.');
    expect(configuredScore(rating, '')).toBe('Give a score.');
    expect(configuredScore(rating, 'lots')).toBe('The score must be a number.');
  });

  it('gives a text score its text alone, trimmed, of 1 to 500 characters', () => {
    expect(configuredScore(note, '  Too formal for a chat.\n')).toEqual({ name: 'note', configId: 'c-note', label: 'Too formal for a chat.' });
    expect(configuredScore(note, 'x'.repeat(500))).toEqual({ name: 'note', configId: 'c-note', label: 'x'.repeat(500) });
    expect(configuredScore(note, '')).toBe('Write the text.');
    expect(configuredScore(note, ' \n ')).toBe('Write the text.');
    expect(configuredScore(note, 'x'.repeat(501))).toBe('At most 500 characters.');
  });

  it('takes a label from categorical and text configs, a number from the others', () => {
    expect([tone, note, rating, answered].map(scoredByLabel)).toEqual([true, true, false, false]);
  });
});

describe('shownLabel', () => {
  it('quotes a text score, prefixes a correction, and shows a category as it is', () => {
    expect(shownLabel({ label: 'Too formal.', dataType: 'TEXT' })).toBe('“Too formal.”');
    expect(shownLabel({ label: 'The capital is Canberra.', dataType: 'CORRECTION' })).toBe('correction: The capital is Canberra.');
    expect(shownLabel({ label: 'friendly' })).toBe('friendly');
    expect(shownLabel({ label: null })).toBeNull();
  });
});

describe('parseCategories', () => {
  it('reads "label = value" items, a label without a number taking its position', () => {
    expect(parseCategories('friendly = 1, rude = -1')).toEqual([{ label: 'friendly', value: 1 }, { label: 'rude', value: -1 }]);
    expect(parseCategories('good, ok,\nbad')).toEqual([{ label: 'good', value: 0 }, { label: 'ok', value: 1 }, { label: 'bad', value: 2 }]);
    expect(parseCategories('a=b, x = 0.5')).toEqual([{ label: 'a=b', value: 0 }, { label: 'x', value: 0.5 }]);
    expect(parseCategories(' , ')).toEqual([]);
  });
});

describe('configBody', () => {
  it("sends a type's own fields only, numbers as numbers, and an empty description not at all", () => {
    const f = { ...emptyConfigFields(), name: ' rating ', minValue: '1', maxValue: '5', categories: 'ignored', description: ' Stars ' };
    expect(configBody(f)).toEqual({ name: 'rating', dataType: 'NUMERIC', minValue: 1, maxValue: 5, description: 'Stars' });
    expect(configBody({ ...f, maxValue: '' })).toEqual({ name: 'rating', dataType: 'NUMERIC', minValue: 1, description: 'Stars' });
    expect(configBody({ ...f, dataType: 'CATEGORICAL', categories: 'friendly = 1, rude = -1', description: '' })).toEqual({
      name: 'rating', dataType: 'CATEGORICAL', categories: [{ label: 'friendly', value: 1 }, { label: 'rude', value: -1 }],
    });
    expect(configBody({ ...f, dataType: 'BOOLEAN' })).toEqual({ name: 'rating', dataType: 'BOOLEAN', description: 'Stars' });
    expect(configBody({ ...f, dataType: 'TEXT' })).toEqual({ name: 'rating', dataType: 'TEXT', description: 'Stars' });
  });

  it('says which bound is not a number', () => {
    expect(configBody({ ...emptyConfigFields(), name: 'x', minValue: 'low' })).toBe('The minimum must be a number.');
    expect(configBody({ ...emptyConfigFields(), name: 'x', maxValue: '1..2' })).toBe('The maximum must be a number.');
  });
});
