import type { Problems } from '../../config/validate.js';
import type { LogsBatch } from '../../model/logs.js';
import type { MetricsBatch } from '../../model/metrics.js';
import type { TracesBatch } from '../../model/types.js';
import { compileActions, type ActionYaml } from '../../processors/attribute-actions.js';
import { createAttributesProcessor } from '../../processors/attributes.js';
import { compileSelection, type MatchPropertiesYaml } from '../../processors/match-properties.js';
import type { ProcessorFactory } from '../types.js';

export interface AttributesYaml {
  actions: ActionYaml[];
  include: MatchPropertiesYaml | null;
  exclude: MatchPropertiesYaml | null;
}

/** Runs a compiler given the key path, reporting what it throws (a line per problem, each starting with that path). */
export function report(problems: Problems, compile: () => void): void {
  try {
    compile();
  } catch (err) {
    problems.push(...(err as Error).message.split('\n'));
  }
}

/** The contrib attributes processor: insert / update / upsert / delete / hash / extract / convert on items' attributes. */
export const attributesProcessor: ProcessorFactory<AttributesYaml> = {
  kind: 'processor',
  type: 'attributes',
  signals: ['traces', 'logs', 'metrics'],
  createDefaultConfig: () => ({ actions: [], include: null, exclude: null }),
  validate(c, path, problems: Problems) {
    if (!Array.isArray(c.actions) || c.actions.length === 0) return void problems.push(`${path}.actions: give at least one action`);
    report(problems, () => compileActions(c.actions, `${path}.actions`));
    report(problems, () => compileSelection(c.include ?? undefined, c.exclude ?? undefined, path));
  },
  create(_settings, c) {
    const p = createAttributesProcessor(compileActions(c.actions), compileSelection(c.include ?? undefined, c.exclude ?? undefined, ''));
    return {
      traces: (batch) => p.processTraces(batch as TracesBatch),
      logs: (batch) => p.processLogs(batch as LogsBatch),
      metrics: (batch) => p.processMetrics(batch as MetricsBatch),
    };
  },
};
