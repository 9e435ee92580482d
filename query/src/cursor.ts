/**
 * Opaque keyset cursors: the sort key of the last row a page returned, so the next page starts
 * strictly after it and concurrent inserts of older rows never shift a page (no skips, no repeats).
 */

export function encodeCursor(key: readonly string[]): string {
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

/** The key inside a cursor, or undefined when `raw` is not a cursor of `arity` strings. */
export function decodeCursor(raw: string, arity: number): string[] | undefined {
  if (raw.length > 2048 || !/^[A-Za-z0-9_-]+$/.test(raw)) return undefined;
  try {
    const key = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as unknown;
    if (!Array.isArray(key) || key.length !== arity || !key.every((k) => typeof k === 'string')) return undefined;
    return key as string[];
  } catch {
    return undefined;
  }
}

/** Position after a row sorted by (time desc, id desc). */
export interface TimeIdKey {
  /** Unix nanoseconds as a decimal string. */
  timeNs: string;
  id: string;
}

const NANOS = /^\d{1,19}$/;

export function encodeTimeIdCursor(k: TimeIdKey): string {
  return encodeCursor([k.timeNs, k.id]);
}

/** Decodes a (time, id) cursor; `validId` rejects ids this resource could never return. */
export function decodeTimeIdCursor(raw: string, validId: (id: string) => boolean): TimeIdKey | undefined {
  const key = decodeCursor(raw, 2);
  if (!key) return undefined;
  const [timeNs, id] = key;
  if (!NANOS.test(timeNs) || BigInt(timeNs) > 9_223_372_036_854_775_807n || !validId(id)) return undefined;
  return { timeNs, id };
}
