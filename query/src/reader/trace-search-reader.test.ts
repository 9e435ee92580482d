import { describe, expect, it } from 'vitest';
import { containsPattern, searchTokens } from './trace-search-reader.js';

describe('full-text search terms', () => {
  it('splits a search into the words the token index holds', () => {
    expect(searchTokens('Capital of FRANCE?')).toEqual(['capital', 'of', 'france']);
    expect(searchTokens('gpt-4o')).toEqual(['gpt', '4o']);
    expect(searchTokens('Zürich straße')).toEqual(['zürich', 'straße']);
    expect(searchTokens("'; DROP TABLE x --")).toEqual(['drop', 'table', 'x']);
    expect(searchTokens('%%%')).toEqual([]);
  });

  it('escapes LIKE wildcards in a phrase', () => {
    expect(containsPattern('50%_off\\')).toBe('%50\\%\\_off\\\\%');
  });
});
