/** Parses Tempo's legacy `tags` parameter: logfmt pairs such as `service.name=api name="GET /x"`. */
export class LogfmtError extends Error {
  override name = 'LogfmtError';
}

export function parseLogfmt(text: string): [string, string][] {
  const pairs: [string, string][] = [];
  let i = 0;
  const n = text.length;
  while (i < n) {
    while (i < n && /\s/.test(text[i])) i++;
    if (i >= n) break;
    const keyStart = i;
    while (i < n && text[i] !== '=' && !/\s/.test(text[i])) i++;
    const key = text.slice(keyStart, i);
    if (!key) throw new LogfmtError(`empty tag name at ${keyStart}`);
    if (text[i] !== '=') throw new LogfmtError(`tag "${key}" has no value; write ${key}=value`);
    i++;
    let value = '';
    if (text[i] === '"') {
      i++;
      let closed = false;
      while (i < n) {
        const c = text[i];
        if (c === '\\' && i + 1 < n) {
          value += text[i + 1];
          i += 2;
        } else if (c === '"') {
          i++;
          closed = true;
          break;
        } else {
          value += c;
          i++;
        }
      }
      if (!closed) throw new LogfmtError(`unterminated quoted value for tag "${key}"`);
    } else {
      const start = i;
      while (i < n && !/\s/.test(text[i])) i++;
      value = text.slice(start, i);
    }
    pairs.push([key, value]);
  }
  return pairs;
}
