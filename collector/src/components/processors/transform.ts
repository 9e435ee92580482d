import type { Problems } from '../../config/validate.js';
import type { LogsBatch } from '../../model/logs.js';
import type { MetricsBatch } from '../../model/metrics.js';
import type { TracesBatch } from '../../model/types.js';
import { createTransformProcessor, type StatementEntry } from '../../processors/transform.js';
import type { ProcessorFactory } from '../types.js';
import { report } from './attributes.js';
import { ERROR_MODES } from '../../processors/ottl.js';

export interface TransformYaml {
  /** Accepted as in the contrib processor; statements here never fail at run time (a missing value is nil, a wrong type is not written). */
  error_mode: string;
  /** Statements (their context inferred from the paths' prefixes) or groups ({ context?, conditions?, statements }). */
  trace_statements: StatementEntry[];
  log_statements: StatementEntry[];
  metric_statements: StatementEntry[];
}

/** The contrib transform processor: OTTL statements (set, delete_key, keep_keys, replace_pattern, …), per context given or inferred. */
export const transformProcessor: ProcessorFactory<TransformYaml> = {
  kind: 'processor',
  type: 'transform',
  signals: ['traces', 'logs', 'metrics'],
  createDefaultConfig: () => ({ error_mode: 'propagate', trace_statements: [], log_statements: [], metric_statements: [] }),
  validate(c, path, problems: Problems) {
    if (!ERROR_MODES.includes(c.error_mode)) problems.push(`${path}.error_mode: "${c.error_mode}" is not one of ${ERROR_MODES.join(', ')}`);
    const groups = [c.trace_statements, c.log_statements, c.metric_statements];
    if (groups.every((g) => Array.isArray(g) && g.length === 0)) problems.push(`${path}: give at least one statement group (trace_statements, log_statements or metric_statements)`);
    report(problems, () => createTransformProcessor(c, path));
  },
  create(_settings, c) {
    const p = createTransformProcessor(c, 'processors.transform');
    return {
      traces: (batch) => p.processTraces(batch as TracesBatch),
      logs: (batch) => p.processLogs(batch as LogsBatch),
      metrics: (batch) => p.processMetrics(batch as MetricsBatch),
    };
  },
};
