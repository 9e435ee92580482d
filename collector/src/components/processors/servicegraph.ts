import { durationMs, positiveInt, type Problems } from '../../config/validate.js';
import type { TracesBatch } from '../../model/types.js';
import { createServiceGraphProcessor } from '../../processors/service-graph.js';
import { traceMetrics } from '../../processors/trace-metrics.js';
import type { ProcessorFactory } from '../types.js';

export interface ServiceGraphYaml {
  wait: string | number;
  max_items: number;
  max_services: number;
}

/** `traces_service_graph_*` (Tempo's service graph metrics) on /metrics, for Grafana's Service Graph. */
export const serviceGraphProcessor: ProcessorFactory<ServiceGraphYaml> = {
  kind: 'processor',
  type: 'servicegraph',
  signals: ['traces'],
  createDefaultConfig: () => ({ wait: '10s', max_items: 10000, max_services: 1000 }),
  validate(c, path, problems: Problems) {
    const before = problems.length;
    if (durationMs(c.wait, `${path}.wait`, problems) <= 0 && problems.length === before) problems.push(`${path}.wait: must be longer than 0`);
    positiveInt(c.max_items, `${path}.max_items`, problems);
    positiveInt(c.max_services, `${path}.max_services`, problems);
  },
  create(settings, c) {
    const p = createServiceGraphProcessor(
      { waitMs: durationMs(c.wait, 'wait', []), maxItems: c.max_items, maxServices: c.max_services },
      traceMetrics(settings.telemetry.spanMetricsRegistry),
    );
    return { traces: (batch) => p.processTraces(batch as TracesBatch) };
  },
};
