// Display formatting for durations, tokens, money and timestamps. Missing values show as an em dash.

import type { NanoTime, TraceListItem } from '../api/types.js';

export const DASH = '—';

type Num = number | string | null | undefined;

/** Numbers may arrive as strings (ClickHouse quotes 64-bit integers in JSON); anything else is NaN. */
export function toNumber(value: Num): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && value.trim() !== '') return Number(value);
  return NaN;
}

/** Nanosecond timestamp (string or number) → milliseconds since the epoch, without losing precision to 2^53. */
export function nanoToMs(value: NanoTime | null | undefined): number {
  if (value === null || value === undefined || value === '') return NaN;
  if (typeof value === 'number') return value / 1e6;
  const s = value.trim();
  if (!/^\d+$/.test(s)) return Number(s) / 1e6;
  if (s.length <= 6) return Number(s) / 1e6;
  return Number(s.slice(0, -6)) + Number(s.slice(-6)) / 1e6;
}

export function formatDuration(value: Num): string {
  const ms = toNumber(value);
  if (!Number.isFinite(ms)) return DASH;
  if (ms < 0) return `-${formatDuration(-ms)}`;
  if (ms === 0) return '0 ms';
  if (ms < 1) return `${(ms * 1000).toFixed(0)} µs`;
  if (ms < 1000) return `${ms < 10 ? ms.toFixed(1) : Math.round(ms)} ms`;
  const s = ms / 1000;
  if (s < 60) return `${s < 10 ? s.toFixed(2) : s.toFixed(1)} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${Math.round(s - m * 60)}s`;
  const h = Math.floor(m / 60);
  return `${h}h ${m - h * 60}m`;
}

export function formatInt(value: Num): string {
  const n = toNumber(value);
  if (!Number.isFinite(n)) return DASH;
  return Math.round(n).toLocaleString('en-US');
}

/** Compact token count: 950, 12.3k, 4.5M. */
export function formatTokens(value: Num): string {
  const n = toNumber(value);
  if (!Number.isFinite(n)) return DASH;
  const abs = Math.abs(n);
  if (abs < 10_000) return formatInt(n);
  if (abs < 1_000_000) return `${(n / 1000).toFixed(abs < 100_000 ? 1 : 0)}k`;
  return `${(n / 1_000_000).toFixed(abs < 10_000_000 ? 2 : 1)}M`;
}

/** US dollars with enough digits to show small per-call costs; null (unpriced) → dash. */
export function formatCost(value: Num): string {
  const usd = toNumber(value);
  if (!Number.isFinite(usd)) return DASH;
  if (usd === 0) return '$0';
  const abs = Math.abs(usd);
  if (abs >= 100) return `$${usd.toFixed(0)}`;
  if (abs >= 1) return `$${usd.toFixed(2)}`;
  if (abs >= 0.01) return `$${usd.toFixed(4)}`;
  return `$${usd.toPrecision(2)}`;
}

export function formatPercent(ratio: number | null | undefined): string {
  if (ratio === null || ratio === undefined || !Number.isFinite(ratio)) return DASH;
  return `${(ratio * 100).toFixed(ratio < 0.1 ? 1 : 0)}%`;
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** Local date-time `YYYY-MM-DD HH:MM:SS`. */
export function formatTimestamp(ms: number): string {
  if (!Number.isFinite(ms)) return DASH;
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** `5s ago`, `3m ago`, `2h ago`, else the timestamp. */
export function formatRelative(ms: number, now = Date.now()): string {
  if (!Number.isFinite(ms)) return DASH;
  const diff = (now - ms) / 1000;
  if (diff < 0) return formatTimestamp(ms);
  if (diff < 60) return `${Math.floor(diff)}s ago`;
  if (diff < 3600) return `${Math.floor(diff / 60)}m ago`;
  if (diff < 86400) return `${Math.floor(diff / 3600)}h ago`;
  return formatTimestamp(ms);
}

export function shortId(id: string, n = 8): string {
  return id.length > n ? id.slice(0, n) : id;
}

/** A trace's evaluation scores, compact: `relevance 0.85, user_feedback thumbs_down` (average score, else the most frequent label). */
export function formatScores(scores: TraceListItem['scores'] | undefined): string {
  return (scores ?? []).map((s) => `${s.name} ${s.avgScore !== null ? s.avgScore.toFixed(2) : (s.label ?? s.count)}`).join(', ') || DASH;
}

/** The start of a long text, cut at `maxLines` lines or `maxChars` characters, whichever comes first. */
export function clipText(text: string, maxChars: number, maxLines: number): { shown: string; clipped: boolean } {
  const lines = text.split('\n');
  let shown = lines.length > maxLines ? lines.slice(0, maxLines).join('\n') : text;
  if (shown.length > maxChars) shown = shown.slice(0, maxChars);
  return shown.length < text.length ? { shown: `${shown.trimEnd()}…`, clipped: true } : { shown: text, clipped: false };
}
