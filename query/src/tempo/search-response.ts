import type { MatchedAttribute, MatchedSpan, MatchedTrace, TraceSummary } from '../compat/trace-search.js';
import { fieldText, type Field } from './traceql/ast.js';
import { anyValueOf, type AnyValue } from './otlp-trace.js';

// Tempo's placeholders while a trace's root span has not arrived.
const ROOT_NOT_RECEIVED = '<root span not yet received>';

function matchedValue(a: MatchedAttribute): AnyValue {
  if (a.type === 'double' && typeof a.value === 'number') return { doubleValue: a.value };
  if (a.type === 'bytes' && typeof a.value === 'string') return { bytesValue: a.value };
  return anyValueOf(a.value);
}

/** A span's value of the `by` field, as text ('' when it has none). */
function splitValue(span: MatchedSpan, by: Field): string {
  if (by.kind === 'intrinsic' && by.name === 'name') return span.name;
  const key = by.kind === 'intrinsic' ? by.name : by.key;
  const a = span.attributes.find((x) => x.key === key);
  return a === undefined ? '' : String(a.value);
}

/** Tempo's search response for matched traces, newest first: one span set each, or one per value of `splitBy`. */
export function tempoSearchResponse(matched: MatchedTrace[], summaries: Map<string, TraceSummary>, splitBy?: Field) {
  const toSpan = (span: MatchedSpan) => ({
    spanID: span.spanId,
    name: span.name,
    startTimeUnixNano: span.startTimeUnixNano,
    durationNanos: span.durationNanos,
    attributes: span.attributes.map((a) => ({ key: a.key, value: matchedValue(a) })),
  });
  const spanSetsOf = (m: MatchedTrace) => {
    if (!splitBy) return [{ spans: m.spans.map(toSpan), matched: m.matched }];
    const groups = new Map<string, MatchedSpan[]>();
    for (const span of m.spans) {
      const v = splitValue(span, splitBy);
      groups.set(v, [...(groups.get(v) ?? []), span]);
    }
    return [...groups].map(([value, spans]) => ({
      spans: spans.map(toSpan),
      matched: spans.length,
      attributes: [{ key: `by(${fieldText(splitBy)})`, value: value === '' ? { stringValue: 'nil' } : { stringValue: value } }],
    }));
  };
  const traces = matched
    .filter((m) => summaries.has(m.traceId))
    .map((m) => {
      const s = summaries.get(m.traceId)!;
      const spanSets = spanSetsOf(m);
      return {
        traceID: m.traceId,
        rootServiceName: s.rootServiceName ?? ROOT_NOT_RECEIVED,
        rootTraceName: s.rootName ?? ROOT_NOT_RECEIVED,
        startTimeUnixNano: s.startTimeUnixNano,
        durationMs: Number(BigInt(s.durationNanos) / 1_000_000n),
        spanSet: spanSets[0],
        spanSets,
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
