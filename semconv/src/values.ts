/** Lenient readers for attribute values: they never throw; `undefined` means "absent or unusable". */
import type { AttrValue } from './types.js';

/** A decoded JSON field that should be a non-empty string. */
export function textOf(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

export function asString(v: AttrValue | undefined): string | undefined {
  if (typeof v === 'string') return v.length > 0 ? v : undefined;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  if (typeof v === 'boolean') return String(v);
  return undefined;
}

const DIGITS = /^\d+$/;

/** A token count: finite, non-negative; int64 beyond 2^53 may arrive as a decimal string. */
export function asCount(v: AttrValue | undefined): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) && v >= 0 ? Math.round(v) : undefined;
  if (typeof v === 'string' && DIGITS.test(v)) return Number(v);
  return undefined;
}

export function asNumber(v: AttrValue | undefined): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v === 'string' && v.trim() !== '') {
    const n = Number(v);
    return Number.isFinite(n) ? n : undefined;
  }
  return undefined;
}

export function asBoolean(v: AttrValue | undefined): boolean | undefined {
  if (typeof v === 'boolean') return v;
  if (v === 'true') return true;
  if (v === 'false') return false;
  return undefined;
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export type JsonResult = { ok: true; value: unknown } | { ok: false };

/** Values that may arrive as a JSON string or already decoded (kvlist/array). Parse failure is reported, not thrown. */
export function parseMaybeJson(v: AttrValue | undefined): JsonResult {
  if (v === undefined || v === null) return { ok: false };
  if (typeof v !== 'string') return { ok: true, value: v };
  try {
    return { ok: true, value: JSON.parse(v) };
  } catch {
    return { ok: false };
  }
}

/** Tool arguments/results: JSON when they look like JSON, the raw string otherwise. */
export function jsonOrString(v: AttrValue | undefined): unknown {
  if (typeof v !== 'string') return v ?? null;
  const c = v.charCodeAt(0);
  // '{' or '[' only: cheap check before paying for a parse attempt
  if (c === 123 || c === 91) {
    try {
      return JSON.parse(v);
    } catch {
      return v;
    }
  }
  return v;
}

export function asStringArray(v: AttrValue | undefined): string[] | undefined {
  if (Array.isArray(v)) {
    const out: string[] = [];
    for (const item of v) if (typeof item === 'string' && item !== '') out.push(item);
    return out.length > 0 ? out : undefined;
  }
  if (typeof v === 'string' && v !== '') {
    if (v.charCodeAt(0) === 91) {
      const parsed = parseMaybeJson(v);
      if (parsed.ok && Array.isArray(parsed.value)) return asStringArray(parsed.value as AttrValue);
    }
    return [v];
  }
  return undefined;
}

/** At most this many tags per span, each at most this long: tags are labels, and a hostile list must not grow every row. */
export const MAX_TAGS = 50;
export const MAX_TAG_LENGTH = 200;

/**
 * Tags as sources send them: a string array, a JSON array in a string, a comma-separated string or one tag
 * (the forms Langfuse's OTel ingestion accepts). Trimmed, empty ones dropped, non-strings stringified.
 */
export function asTagList(v: AttrValue | undefined): string[] | undefined {
  let items: unknown[];
  if (Array.isArray(v)) items = v;
  else if (typeof v === 'string') {
    const parsed = v.trimStart().charCodeAt(0) === 91 ? parseMaybeJson(v.trim()) : undefined;
    items = parsed?.ok && Array.isArray(parsed.value) ? parsed.value : v.split(',');
  } else return undefined;
  const out: string[] = [];
  for (const item of items) {
    if (item === null || item === undefined || typeof item === 'object') continue;
    const tag = String(item).trim().slice(0, MAX_TAG_LENGTH);
    if (tag !== '' && !out.includes(tag)) out.push(tag);
  }
  return out;
}

/** Short printable form of a bad value for diagnostics notes. */
export function preview(v: unknown): string {
  let s: string;
  try {
    s = typeof v === 'string' ? JSON.stringify(v) : String(JSON.stringify(v));
  } catch {
    s = String(v);
  }
  return s.length > 40 ? `${s.slice(0, 37)}...` : s;
}

/** Cheap shape check (no parse): JSON array/object text. Used when content is not decoded, to still flag junk. */
export function looksLikeJson(s: string): boolean {
  let i = 0;
  while (i < s.length && s.charCodeAt(i) <= 32) i++;
  let j = s.length - 1;
  while (j > i && s.charCodeAt(j) <= 32) j--;
  const a = s.charCodeAt(i);
  const b = s.charCodeAt(j);
  return (a === 91 && b === 93) || (a === 123 && b === 125);
}
