import type { Problems } from '../../config/validate.js';
import type { LogsBatch } from '../../model/logs.js';
import type { MetricsBatch } from '../../model/metrics.js';
import type { TracesBatch } from '../../model/types.js';
import { createFilterProcessor, type FilterConditions } from '../../processors/filter.js';
import type { ProcessorFactory } from '../types.js';
import { report } from './attributes.js';

export interface FilterYaml {
  /** Accepted as in the contrib processor; conditions here never fail at run time (a missing value is nil). */
  error_mode: string;
  traces: Required<Pick<FilterConditions, 'span' | 'spanevent'>>;
  logs: Required<Pick<FilterConditions, 'log_record'>>;
  metrics: Required<Pick<FilterConditions, 'metric' | 'datapoint'>>;
}

export const ERROR_MODES = ['ignore', 'silent', 'propagate'];

/** The contrib filter processor (OTTL conditions): drops the spans, events, log records, metrics or points a condition matches. */
export const filterProcessor: ProcessorFactory<FilterYaml> = {
  kind: 'processor',
  type: 'filter',
  signals: ['traces', 'logs', 'metrics'],
  createDefaultConfig: () => ({ error_mode: 'propagate', traces: { span: [], spanevent: [] }, logs: { log_record: [] }, metrics: { metric: [], datapoint: [] } }),
  validate(c, path, problems: Problems) {
    if (!ERROR_MODES.includes(c.error_mode)) problems.push(`${path}.error_mode: "${c.error_mode}" is not one of ${ERROR_MODES.join(', ')}`);
    const lists: [string, unknown][] = [['traces.span', c.traces.span], ['traces.spanevent', c.traces.spanevent], ['logs.log_record', c.logs.log_record], ['metrics.metric', c.metrics.metric], ['metrics.datapoint', c.metrics.datapoint]];
    const notLists = lists.filter(([, list]) => !Array.isArray(list));
    for (const [key] of notLists) problems.push(`${path}.${key}: expected a list of conditions`);
    if (notLists.length) return;
    if (lists.every(([, list]) => (list as unknown[]).length === 0)) problems.push(`${path}: give at least one condition (traces.span, traces.spanevent, logs.log_record, metrics.metric or metrics.datapoint)`);
    // Each context compiled on its own, so every bad condition is reported, not only the first context's.
    for (const [key, list] of lists) {
      const [signal, context] = key.split('.');
      report(problems, () => createFilterProcessor({ [signal]: { [context]: list } }, path));
    }
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
