import { describe, expect, it } from 'vitest';
import { diffLines, diffStats, diffTokens, diffWords, MAX_LCS_CELLS, splitWords } from './diff.js';

const join = (chunks: ReturnType<typeof diffTokens>, keep: (op: string) => boolean, sep = '') =>
  chunks.filter((c) => keep(c.op)).flatMap((c) => c.tokens).join(sep);

describe('diff', () => {
  it('finds inserted, deleted and unchanged lines', () => {
    const a = 'You are helpful.\nAnswer briefly.\nUse metric units.';
    const b = 'You are helpful.\nAnswer in detail.\nUse metric units.\nCite sources.';
    const chunks = diffLines(a, b);
    expect(chunks).toEqual([
      { op: 'equal', tokens: ['You are helpful.'] },
      { op: 'delete', tokens: ['Answer briefly.'] },
      { op: 'insert', tokens: ['Answer in detail.'] },
      { op: 'equal', tokens: ['Use metric units.'] },
      { op: 'insert', tokens: ['Cite sources.'] },
    ]);
    expect(diffStats(chunks)).toEqual({ added: 2, removed: 1, unchanged: 2 });
  });

  it('word diff reconstructs both sides exactly', () => {
    const a = 'The quick brown fox jumps over the lazy dog';
    const b = 'The quick red fox leaps over the dog!';
    const chunks = diffWords(a, b);
    expect(join(chunks, (op) => op !== 'insert')).toBe(a);
    expect(join(chunks, (op) => op !== 'delete')).toBe(b);
    expect(join(chunks, (op) => op === 'delete')).toContain('brown');
    expect(join(chunks, (op) => op === 'insert')).toContain('red');
  });

  it('finds a minimal diff in the middle (LCS, not just prefix/suffix)', () => {
    const chunks = diffTokens(['a', 'b', 'c', 'd', 'e'], ['a', 'x', 'c', 'y', 'e']);
    expect(diffStats(chunks)).toEqual({ added: 2, removed: 2, unchanged: 3 });
  });

  it('handles empty sides', () => {
    expect(diffLines('', '')).toEqual([]);
    expect(diffLines('', 'a\nb')).toEqual([{ op: 'insert', tokens: ['a', 'b'] }]);
    expect(diffLines('a', '')).toEqual([{ op: 'delete', tokens: ['a'] }]);
  });

  it('falls back to delete+insert when the LCS table would be huge', () => {
    const size = Math.ceil(Math.sqrt(MAX_LCS_CELLS)) + 10;
    const a = Array.from({ length: size }, (_, i) => `a${i}`);
    const b = Array.from({ length: size }, (_, i) => `b${i}`);
    const chunks = diffTokens(['same', ...a], ['same', ...b]);
    expect(chunks.map((c) => c.op)).toEqual(['equal', 'delete', 'insert']);
  });

  it('keeps whitespace tokens so text joins back', () => {
    expect(splitWords('a  b\nc')).toEqual(['a', '  ', 'b', '\n', 'c']);
  });
});
