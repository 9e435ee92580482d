import { positiveInt, type Problems } from '../../config/validate.js';
import type { TracesBatch } from '../../model/types.js';
import { createSpanMetricsProcessor } from '../../processors/span-metrics.js';
import { traceMetrics } from '../../processors/trace-metrics.js';
import type { ProcessorFactory } from '../types.js';

export interface SpanMetricsYaml {
  max_span_names: number;
  max_services: number;
}

/** `traces_spanmetrics_*` (Tempo's span metrics) on /metrics, for Grafana's APM table. */
export const spanMetricsProcessor: ProcessorFactory<SpanMetricsYaml> = {
  kind: 'processor',
  type: 'spanmetrics',
  signals: ['traces'],
  createDefaultConfig: () => ({ max_span_names: 1000, max_services: 1000 }),
  validate(c, path, problems: Problems) {
    positiveInt(c.max_span_names, `${path}.max_span_names`, problems);
    positiveInt(c.max_services, `${path}.max_services`, problems);
  },
  create(settings, c) {
    const p = createSpanMetricsProcessor({ maxSpanNames: c.max_span_names, maxServices: c.max_services }, traceMetrics(settings.telemetry.spanMetricsRegistry));
    return { traces: (batch) => p.processTraces(batch as TracesBatch) };
  },
};
