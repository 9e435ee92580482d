// Pretty-printing of attribute values and tool arguments that may be JSON encoded as strings.

/** Parses a string that holds a JSON object or array; anything else returns undefined. */
export function parseJsonish(value: unknown): unknown {
  if (typeof value !== 'string') return undefined;
  const s = value.trim();
  if (!(s.startsWith('{') && s.endsWith('}')) && !(s.startsWith('[') && s.endsWith(']'))) return undefined;
  try {
    return JSON.parse(s);
  } catch {
    return undefined;
  }
}

/** Human-readable text: JSON (also JSON inside strings) indented, plain strings as they are. */
export function prettyValue(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') {
    const parsed = parseJsonish(value);
    return parsed === undefined ? value : JSON.stringify(parsed, null, 2);
  }
  if (typeof value === 'object') {
    try {
      return JSON.stringify(value, null, 2);
    } catch {
      return String(value);
    }
  }
  return String(value);
}

/** True when the value renders as a structured (multi-line) block. */
export function isStructured(value: unknown): boolean {
  return (value !== null && typeof value === 'object') || parseJsonish(value) !== undefined;
}
