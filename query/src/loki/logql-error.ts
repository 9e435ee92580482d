/** A LogQL query this API refuses; the message names the position and the problem. */
export class LogQLError extends Error {
  override name = 'LogQLError';
}

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', '"': '"', '\\': '\\', '`': '`', "'": "'" };

/** A Go-style "…" string (escapes) or a `…` raw string; returns the value and the index after it. */
export function readString(text: string, start: number): [string, number] {
  const quote = text[start];
  let value = '';
  for (let i = start + 1; i < text.length; i++) {
    const c = text[i];
    if (c === quote) return [value, i + 1];
    if (c === '\\' && quote === '"') {
      const e = text[++i];
      if (e === undefined || !(e in ESCAPES)) throw new LogQLError(`parse error at col ${i}: unknown escape \\${e ?? ''} in string`);
      value += ESCAPES[e];
    } else value += c;
  }
  throw new LogQLError(`parse error at col ${start + 1}: string not closed`);
}
