import { describe, expect, it } from 'vitest';
import { LogfmtError, parseLogfmt } from './logfmt.js';

describe('parseLogfmt', () => {
  it('reads bare and quoted values with escapes', () => {
    expect(parseLogfmt('service.name=api  name="GET /x" note="a \\"b\\" \\\\ c" empty=')).toEqual([
      ['service.name', 'api'],
      ['name', 'GET /x'],
      ['note', 'a "b" \\ c'],
      ['empty', ''],
    ]);
    expect(parseLogfmt('   ')).toEqual([]);
  });

  it('rejects keys without values and unterminated quotes', () => {
    expect(() => parseLogfmt('service.name')).toThrow(LogfmtError);
    expect(() => parseLogfmt('a="open')).toThrow(LogfmtError);
    expect(() => parseLogfmt('=x')).toThrow(LogfmtError);
  });
});
