import { LogQLError } from './logql-error.js';

/**
 * `| pattern "<ip> - <_> <method> <path>"` or `| regexp "(?P<method>\\w+) (?P<path>\\S+)"`: the named captures
 * become labels (lines it does not match get none).
 */
export interface ExtractFields {
  kind: 'extract';
  /** The named captures, in order. */
  names: string[];
  /** Each name's capturing group in `regex` (1-based). */
  groups: number[];
  /** An RE2 regular expression (a pattern's is anchored at the line's start). */
  regex: string;
}

const PATTERN_CAPTURE = /<(_|[A-Za-z_][A-Za-z0-9_]*)>/g;
const RE2_SPECIAL = /[\\.^$|?*+()[\]{}]/g;

/**
 * Loki's pattern expression: literals that must appear in turn from the start of the line, and
 * `<name>` (or `<_>`, skipped) capturing what lies between them — up to the next literal, or the
 * rest of the line for a last capture. Two captures need a literal between them.
 */
export function parsePattern(text: string, col: number): ExtractFields {
  const names: string[] = [];
  let regex = '^';
  let at = 0;
  let previousWasCapture = false;
  const captures = [...text.matchAll(PATTERN_CAPTURE)];
  captures.forEach((m, i) => {
    const literal = text.slice(at, m.index);
    if (literal === '' && previousWasCapture) throw new LogQLError(`parse error at col ${col}: pattern captures <…><…> need a literal between them`);
    regex += literal.replace(RE2_SPECIAL, (c) => `\\${c}`);
    const last = i === captures.length - 1 && m.index! + m[0].length === text.length;
    const group = last ? '(.*)' : '(.*?)';
    if (m[1] === '_') regex += last ? '.*' : '.*?';
    else {
      names.push(m[1]);
      regex += group;
    }
    at = m.index! + m[0].length;
    previousWasCapture = true;
  });
  regex += text.slice(at).replace(RE2_SPECIAL, (c) => `\\${c}`);
  if (names.length === 0) throw new LogQLError(`parse error at col ${col}: a pattern needs at least one named capture such as <status>`);
  if (new Set(names).size !== names.length) throw new LogQLError(`parse error at col ${col}: a pattern names each capture once`);
  return { kind: 'extract', names, groups: names.map((_, i) => i + 1), regex };
}

/**
 * Loki's regexp stage: the named groups (`(?P<name>…)` or `(?<name>…)`) of an RE2 expression, found
 * anywhere in the line; other groups capture nothing that is kept.
 */
export function parseRegexp(text: string, col: number): ExtractFields {
  const names: string[] = [];
  const groups: number[] = [];
  let group = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\\') i++;
    else if (c === '[') {
      // A character class: its brackets and parentheses are literal (`]` right after `[` or `[^` too).
      i += text[i + 1] === '^' ? 2 : 1;
      if (text[i] === ']') i++;
      while (i < text.length && text[i] !== ']') i += text[i] === '\\' ? 2 : 1;
    } else if (c === '(') {
      const named = /^\?P?<([A-Za-z_][A-Za-z0-9_]*)>/.exec(text.slice(i + 1));
      if (named) {
        group++;
        names.push(named[1]);
        groups.push(group);
      } else if (text[i + 1] !== '?') group++;
    }
  }
  if (names.length === 0) throw new LogQLError(`parse error at col ${col}: regexp needs at least one named group such as (?P<status>\\d+)`);
  if (new Set(names).size !== names.length) throw new LogQLError(`parse error at col ${col}: regexp names each group once`);
  // RE2 in older ClickHouse takes only the (?P<name>…) spelling.
  return { kind: 'extract', names, groups, regex: text.replace(/\(\?<([A-Za-z_])/g, '(?P<$1') };
}
