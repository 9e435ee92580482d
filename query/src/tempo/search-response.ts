import type { MatchedAttribute, MatchedTrace, TraceSummary } from '../compat/trace-search.js';
import { anyValueOf, type AnyValue } from './otlp-trace.js';

// Tempo's placeholders while a trace's root span has not arrived.
const ROOT_NOT_RECEIVED = '<root span not yet received>';

function matchedValue(a: MatchedAttribute): AnyValue {
  if (a.type === 'double' && typeof a.value === 'number') return { doubleValue: a.value };
  if (a.type === 'bytes' && typeof a.value === 'string') return { bytesValue: a.value };
  return anyValueOf(a.value);
}

/** Tempo's search response for matched traces, newest first, with one span set each. */
export function tempoSearchResponse(matched: MatchedTrace[], summaries: Map<string, TraceSummary>) {
  const traces = matched
    .filter((m) => summaries.has(m.traceId))
    .map((m) => {
      const s = summaries.get(m.traceId)!;
      const spanSet = {
        spans: m.spans.map((span) => ({
          spanID: span.spanId,
          name: span.name,
          startTimeUnixNano: span.startTimeUnixNano,
          durationNanos: span.durationNanos,
          attributes: span.attributes.map((a) => ({ key: a.key, value: matchedValue(a) })),
        })),
        matched: m.matched,
      };
      return {
        traceID: m.traceId,
        rootServiceName: s.rootServiceName ?? ROOT_NOT_RECEIVED,
        rootTraceName: s.rootName ?? ROOT_NOT_RECEIVED,
        startTimeUnixNano: s.startTimeUnixNano,
        durationMs: Number(BigInt(s.durationNanos) / 1_000_000n),
        spanSet,
        spanSets: [spanSet],
      };
    })
    .sort((a, b) => compareDesc(a.startTimeUnixNano, b.startTimeUnixNano));
  return {
    traces,
    metrics: {
      inspectedTraces: matched.length,
      inspectedSpans: String(matched.reduce((n, m) => n + m.matched, 0)),
      completedJobs: 1,
      totalJobs: 1,
    },
  };
}

// Decimal nanosecond strings without leading zeros: longer is larger.
function compareDesc(a: string, b: string): number {
  return b.length - a.length || (b < a ? -1 : b > a ? 1 : 0);
}
