import type { TracesBatch } from '../model/types.js';
import { BoundedLabel } from '../telemetry.js';
import type { HistogramSeries } from './tally-histogram.js';
import { durationSeconds, serviceOf, spanKindName, STATUS_CODES, type TraceMetrics } from './trace-metrics.js';

const MAX_PAIRS = 10_000;
const OTHER = 'other';

export interface SpanMetricsConfig {
  /** Distinct span names counted per process; the rest count as "other" (names carrying ids would grow the registry forever). */
  maxSpanNames: number;
  maxServices: number;
}

/**
 * Counts every span and observes its duration, labelled by service, name, kind and status —
 * Tempo's span metrics. Spans of one batch are grouped first, so each label set is looked up once
 * per batch.
 */
export function createSpanMetricsProcessor(config: SpanMetricsConfig, metrics: TraceMetrics) {
  const names = new BoundedLabel(config.maxSpanNames);
  const services = new BoundedLabel(config.maxServices);
  // Names and services are each bounded, but not their pairs: past MAX_PAIRS, a new pair's name counts as "other".
  const pairs = new BoundedLabel(MAX_PAIRS);
  return {
    processTraces(batch: TracesBatch): TracesBatch {
      type Group = { labels: Record<'service' | 'span_name' | 'span_kind' | 'status_code', string>; series: HistogramSeries; spans: number };
      const groups: Group[] = [];
      for (const rs of batch.resourceSpans) {
        const service = services.of(serviceOf(rs));
        // By name, then by kind and status (a slot each): no key string is built per span.
        const byName = new Map<string, (Group | undefined)[]>();
        for (const ss of rs.scopeSpans) {
          for (const span of ss.spans) {
            let slots = byName.get(span.name);
            if (!slots) byName.set(span.name, (slots = []));
            const slot = span.kind * STATUS_CODES.length + span.statusCode;
            let group = slots[slot];
            if (!group) {
              const name = pairs.of(`${service}\u0000${span.name}`) === OTHER ? OTHER : names.of(span.name);
              const labels = { service, span_name: name, span_kind: spanKindName(span), status_code: STATUS_CODES[span.statusCode] ?? STATUS_CODES[0] };
              // Names past the bound share "other": one series for all of them.
              const series = metrics.latency.of(Object.values(labels).join('\u0000'), () => labels);
              groups.push((slots[slot] = group = { labels, series, spans: 0 }));
            }
            group.spans++;
            group.series.observe(durationSeconds(span));
          }
        }
      }
      for (const { labels, spans } of groups) metrics.calls.inc(labels, spans);
      return batch;
    },
  };
}
