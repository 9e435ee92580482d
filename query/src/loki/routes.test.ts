import { describe, expect, it } from 'vitest';
import { fieldType } from './routes.js';

describe('fieldType', () => {
  it('guesses a detected field\'s type from its values, as Loki does', () => {
    expect(fieldType(['1', '-20'])).toBe('int');
    expect(fieldType(['1', '2.5', '1e3'])).toBe('float');
    expect(fieldType(['true', 'FALSE'])).toBe('boolean');
    expect(fieldType(['150ms', '2s'])).toBe('duration');
    expect(fieldType(['1', 'x'])).toBe('string');
    expect(fieldType([])).toBe('string');
  });
});
