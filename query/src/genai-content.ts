/**
 * Read-time completion of GenAI records. Ingest stores the record without decoded message content
 * (decoding kilobytes of JSON per span would dominate ingest cost), and content log records may
 * arrive after their span: a trace read re-normalizes its GenAI spans with content and merges
 * their log records, which also appear as span events.
 */
import { mergeLogRecords, normalizeSpan, withoutRetracted, type GenAiRecord, type LogRecordInput, type SpanInput } from '@watchllm/semconv';
import { parseGenAiRecord } from './dto/genai.js';
import type { SpanLog } from './reader/log-reader.js';
import type { StoredSpan } from './reader/trace-rows.js';

function spanInput(s: StoredSpan): SpanInput {
  return {
    name: s.name,
    kind: `SPAN_KIND_${s.kind}`,
    scopeName: s.scopeName,
    scopeVersion: s.scopeVersion,
    attributes: s.attributes,
    resourceAttributes: s.resourceAttributes,
    events: s.events,
    startTimeUnixNano: s.startTimeUnixNano,
    endTimeUnixNano: s.endTimeUnixNano,
    statusCode: s.statusCode,
    statusMessage: s.statusMessage,
  };
}

function logInput(l: SpanLog): LogRecordInput {
  return { eventName: l.eventName, timeUnixNano: l.timeUnixNano, attributes: l.attributes, body: l.body, traceId: l.traceId, spanId: l.spanId };
}

function logEvent(l: SpanLog): StoredSpan['events'][number] {
  const name = l.eventName || (typeof l.attributes['event.name'] === 'string' ? (l.attributes['event.name'] as string) : 'log');
  return { name, timeUnixNano: l.timeUnixNano, attributes: l.body === '' ? l.attributes : { ...l.attributes, body: l.body } };
}

const byTime = (a: { timeUnixNano: string }, b: { timeUnixNano: string }) => {
  const x = BigInt(a.timeUnixNano);
  const y = BigInt(b.timeUnixNano);
  return x < y ? -1 : x > y ? 1 : 0;
};

// Ingest stores a record for every span with GenAI meaning (its step type at least).
const isGenAi = (s: StoredSpan) => s.row.GenAiRecord !== '';

/** One span's record with content decoded and its log records merged; null when it has no GenAI meaning. */
export function completeRecord(span: StoredSpan, logs: SpanLog[] = []): GenAiRecord | null {
  const input = spanInput(span);
  const decoded = normalizeSpan(input) ?? ((parseGenAiRecord(span.row.GenAiRecord) as GenAiRecord | undefined) ?? null);
  return logs.length ? mergeLogRecords(decoded, input, logs.map(logInput)) : decoded;
}

/** Spans with their GenAI records completed, and their log records appended as events in time order. */
export function withGenAiContent(spans: StoredSpan[], logs: SpanLog[] = []): StoredSpan[] {
  const bySpan = new Map<string, SpanLog[]>();
  for (const l of logs) {
    const list = bySpan.get(l.spanId);
    if (list) list.push(l);
    else bySpan.set(l.spanId, [l]);
  }
  return spans.map((span) => {
    const own = bySpan.get(span.spanId);
    if (!own && !isGenAi(span)) return span;
    const genAiRecord = completeRecord(span, own);
    // Withdrawn scores and their withdrawals are left out of the span's events (and so of its evaluations).
    return own ? { ...span, events: withoutRetracted([...span.events, ...own.map(logEvent)].sort(byTime)), genAiRecord } : { ...span, genAiRecord };
  });
}
