import type { Problems } from '../../config/validate.js';
import type { LogsBatch } from '../../model/logs.js';
import type { MetricsBatch } from '../../model/metrics.js';
import type { TracesBatch } from '../../model/types.js';
import { compileActions, type ActionYaml } from '../../processors/attribute-actions.js';
import { createResourceProcessor } from '../../processors/attributes.js';
import type { ProcessorFactory } from '../types.js';
import { report } from './attributes.js';

export interface ResourceYaml {
  attributes: ActionYaml[];
}

/** The contrib resource processor: the attribute actions on each resource (e.g. add deployment.environment). */
export const resourceProcessor: ProcessorFactory<ResourceYaml> = {
  kind: 'processor',
  type: 'resource',
  signals: ['traces', 'logs', 'metrics'],
  createDefaultConfig: () => ({ attributes: [] }),
  validate(c, path, problems: Problems) {
    if (!Array.isArray(c.attributes) || c.attributes.length === 0) return void problems.push(`${path}.attributes: give at least one action`);
    report(problems, () => compileActions(c.attributes, `${path}.attributes`));
  },
  create(_settings, c) {
    const p = createResourceProcessor(compileActions(c.attributes));
    return {
      traces: (batch) => p.processTraces(batch as TracesBatch),
      logs: (batch) => p.processLogs(batch as LogsBatch),
      metrics: (batch) => p.processMetrics(batch as MetricsBatch),
    };
  },
};
