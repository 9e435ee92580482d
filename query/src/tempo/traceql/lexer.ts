import { parseDuration } from '../../compat/duration.js';

/** A TraceQL query the subset refuses; the message names the position. */
export class TraceQLError extends Error {
  override name = 'TraceQLError';
}

export type Token =
  | { t: 'punct'; v: '{' | '}' | '(' | ')' | '|' | ','; pos: number }
  | { t: 'logic'; v: '&&' | '||'; pos: number }
  | { t: 'op'; v: string; pos: number }
  | { t: 'string'; v: string; pos: number }
  /** `raw`: the digits as written (a nanosecond timestamp is past a double's exact range). */
  | { t: 'number'; v: number; raw: string; pos: number }
  | { t: 'duration'; v: bigint; pos: number }
  /** An identifier or attribute path; `quotedKey` holds a key written as `span."a b"`. */
  | { t: 'word'; v: string; quotedKey?: string; pos: number };

export const MAX_QUERY_LENGTH = 4096;

const UNION_STRUCTURAL = ['&>>', '&<<', '&>', '&<', '&~'];
// `~` alone is the sibling operator between span sets; `!>`, `!<` (and `!~`) negate structural operators.
const OPERATORS = ['=~', '!~', '!=', '!>', '!<', '>=', '<=', '=', '>', '<', '~'];
// Characters that end a word: whitespace and TraceQL's syntax characters.
const WORD_END = /[\s{}()=!<>~&|"`,]/;
const NUMBER = /-?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?/y;
const UNIT = /(?:ns|us|µs|μs|ms|s|m|h)+(?:\d+(?:\.\d*)?(?:ns|us|µs|μs|ms|s|m|h))*/y;

export function tokenize(text: string): Token[] {
  if (text.length > MAX_QUERY_LENGTH) throw new TraceQLError(`query longer than ${MAX_QUERY_LENGTH} characters`);
  const out: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (/\s/.test(c)) {
      i++;
    } else if (c === '{' || c === '}' || c === '(' || c === ')') {
      out.push({ t: 'punct', v: c, pos: i++ });
    } else if (UNION_STRUCTURAL.some((op) => text.startsWith(op, i))) {
      // `&>>`, `&>`, `&<<`, `&<`, `&~`: a structural relation keeping both sides' spans.
      const op = UNION_STRUCTURAL.find((o) => text.startsWith(o, i))!;
      out.push({ t: 'op', v: op, pos: i });
      i += op.length;
    } else if (text.startsWith('&&', i) || text.startsWith('||', i)) {
      out.push({ t: 'logic', v: text.slice(i, i + 2) as '&&' | '||', pos: i });
      i += 2;
    } else if (c === '|' || c === ',') {
      // A pipeline stage (`| rate()`) or an argument separator.
      out.push({ t: 'punct', v: c, pos: i++ });
    } else if (OPERATORS.some((op) => text.startsWith(op, i))) {
      const op = OPERATORS.find((o) => text.startsWith(o, i))!;
      out.push({ t: 'op', v: op, pos: i });
      i += op.length;
    } else if (c === '"' || c === '`') {
      const { value, end } = readString(text, i);
      out.push({ t: 'string', v: value, pos: i });
      i = end;
    } else if (/[-\d]/.test(c) || (c === '.' && /\d/.test(text[i + 1] ?? ''))) {
      i = readNumberOrDuration(text, i, out);
    } else {
      const start = i;
      while (i < text.length && !WORD_END.test(text[i])) i++;
      if (i === start) throw new TraceQLError(`unexpected character "${c}" at ${start}`);
      const word = text.slice(start, i);
      if (word.endsWith('.') && text[i] === '"') {
        const { value, end } = readString(text, i);
        out.push({ t: 'word', v: word, quotedKey: value, pos: start });
        i = end;
      } else {
        out.push({ t: 'word', v: word, pos: start });
      }
    }
  }
  return out;
}

function readString(text: string, start: number): { value: string; end: number } {
  const quote = text[start];
  let value = '';
  let i = start + 1;
  while (i < text.length) {
    const c = text[i];
    if (c === quote) return { value, end: i + 1 };
    if (c === '\\' && quote === '"') {
      const n = text[i + 1];
      if (n === undefined) break;
      value += n === 'n' ? '\n' : n === 't' ? '\t' : n === 'r' ? '\r' : n;
      i += 2;
    } else {
      value += c;
      i++;
    }
  }
  throw new TraceQLError(`unterminated string starting at ${start}`);
}

function readNumberOrDuration(text: string, start: number, out: Token[]): number {
  NUMBER.lastIndex = start;
  const m = NUMBER.exec(text);
  if (!m || m[0] === '-') throw new TraceQLError(`expected a number at ${start}`);
  let end = start + m[0].length;
  UNIT.lastIndex = end;
  const unit = UNIT.exec(text);
  if (unit) {
    end += unit[0].length;
    const nanos = text[start] === '-' ? undefined : parseDuration(text.slice(start, end));
    if (nanos === undefined) throw new TraceQLError(`invalid duration "${text.slice(start, end)}" at ${start}`);
    out.push({ t: 'duration', v: nanos, pos: start });
  } else {
    const v = Number(m[0]);
    if (!Number.isFinite(v)) throw new TraceQLError(`invalid number "${m[0]}" at ${start}`);
    out.push({ t: 'number', v, raw: m[0], pos: start });
  }
  if (end < text.length && !WORD_END.test(text[end])) throw new TraceQLError(`unexpected "${text[end]}" after number at ${end}`);
  return end;
}
