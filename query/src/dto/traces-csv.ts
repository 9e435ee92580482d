import { nanosToIso } from './span.js';
import type { TraceListItemDto } from './trace-summary.js';

const COLUMNS: [string, (t: TraceListItemDto) => string | number | null][] = [
  ['traceId', (t) => t.traceId],
  ['start', (t) => nanosToIso(t.startTimeUnixNano)],
  ['rootName', (t) => t.rootName],
  ['service', (t) => t.serviceName],
  ['durationMs', (t) => t.durationMs],
  ['spans', (t) => t.spanCount],
  ['errors', (t) => t.errorCount],
  ['llmCalls', (t) => t.llmCallCount],
  ['inputTokens', (t) => t.inputTokens],
  ['outputTokens', (t) => t.outputTokens],
  ['costUsd', (t) => t.costUsd],
  ['models', (t) => t.models.join(' ')],
  ['sessionId', (t) => t.sessionId],
  ['userId', (t) => t.userId],
  ['scores', (t) => t.scores.map((s) => `${s.name}=${s.avgScore ?? s.label ?? ''}`).join(' ')],
  // Last: a column added later goes after those a spreadsheet or script may read by position.
  ['tags', (t) => t.tags.join('; ')],
];

/**
 * One CSV field (RFC 4180): quoted when it holds a comma, quote or line break. Text a spreadsheet
 * would run as a formula (= + - @ at the start) gets a leading apostrophe: span names and user ids
 * come from senders.
 */
export function csvField(value: string | number | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Traces as CSV: a header row, then one row per trace (CRLF line ends, as RFC 4180). */
export function tracesCsv(traces: TraceListItemDto[]): string {
  const lines = [COLUMNS.map(([name]) => name).join(','), ...traces.map((t) => COLUMNS.map(([, get]) => csvField(get(t))).join(','))];
  return `${lines.join('\r\n')}\r\n`;
}
