import type { Problems } from '../../config/validate.js';
import type { LogsBatch } from '../../model/logs.js';
import type { MetricsBatch } from '../../model/metrics.js';
import type { TracesBatch } from '../../model/types.js';
import { createFilterProcessor, type ConditionEntry, type FilterConditions } from '../../processors/filter.js';
import { ERROR_MODES } from '../../processors/ottl.js';
import type { ProcessorFactory } from '../types.js';
import { report } from './attributes.js';

export interface FilterYaml {
  /** Accepted as in the contrib processor; conditions here never fail at run time (a missing value is nil). */
  error_mode: string;
  traces: Required<Pick<FilterConditions, 'span' | 'spanevent'>>;
  logs: Required<Pick<FilterConditions, 'log_record'>>;
  metrics: Required<Pick<FilterConditions, 'metric' | 'datapoint'>>;
  /** Contrib 0.146+: flat lists, each condition's context inferred from its path prefixes (`span.name`, `resource.attributes[…]`). */
  trace_conditions: ConditionEntry[];
  log_conditions: ConditionEntry[];
  metric_conditions: ConditionEntry[];
}


/** The contrib filter processor (OTTL conditions): drops the spans, events, log records, metrics or points a condition matches. */
export const filterProcessor: ProcessorFactory<FilterYaml> = {
  kind: 'processor',
  type: 'filter',
  signals: ['traces', 'logs', 'metrics'],
  createDefaultConfig: () => ({
    error_mode: 'propagate',
    traces: { span: [], spanevent: [] },
    logs: { log_record: [] },
    metrics: { metric: [], datapoint: [] },
    trace_conditions: [],
    log_conditions: [],
    metric_conditions: [],
  }),
  validate(c, path, problems: Problems) {
    if (!ERROR_MODES.includes(c.error_mode)) problems.push(`${path}.error_mode: "${c.error_mode}" is not one of ${ERROR_MODES.join(', ')}`);
    const lists = [c.traces.span, c.traces.spanevent, c.logs.log_record, c.metrics.metric, c.metrics.datapoint, c.trace_conditions, c.log_conditions, c.metric_conditions];
    if (lists.every((list) => Array.isArray(list) && list.length === 0)) {
      problems.push(`${path}: give at least one condition (trace_conditions, log_conditions, metric_conditions, or per context: traces.span, traces.spanevent, logs.log_record, metrics.metric, metrics.datapoint)`);
    }
    // Every bad condition of every list is reported, not only the first.
    report(problems, () => createFilterProcessor(c, path));
  },
  create(settings, c) {
    const p = createFilterProcessor(c, 'processors.filter', (signal, n) => settings.telemetry.filtered.inc({ signal }, n));
    return {
      traces: (batch) => p.processTraces(batch as TracesBatch),
      logs: (batch) => p.processLogs(batch as LogsBatch),
      metrics: (batch) => p.processMetrics(batch as MetricsBatch),
    };
  },
};
