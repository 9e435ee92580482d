import type { Problems } from '../../config/validate.js';
import type { LogsBatch } from '../../model/logs.js';
import type { TracesBatch } from '../../model/types.js';
import { createProbabilisticSampler } from '../../processors/probabilistic-sampler.js';
import type { ProcessorFactory } from '../types.js';

export interface ProbabilisticSamplerYaml {
  mode: string;
  sampling_percentage: number | null;
  hash_seed: number;
  fail_closed: boolean;
  attribute_source: string;
  from_attribute: string;
  sampling_priority: string;
}

/** The contrib probabilistic_sampler (hash_seed mode): keeps a consistent share of traces and log records. */
export const probabilisticSamplerProcessor: ProcessorFactory<ProbabilisticSamplerYaml> = {
  kind: 'processor',
  type: 'probabilistic_sampler',
  signals: ['traces', 'logs'],
  createDefaultConfig: () => ({ mode: 'hash_seed', sampling_percentage: null, hash_seed: 0, fail_closed: true, attribute_source: 'traceID', from_attribute: '', sampling_priority: '' }),
  validate(c, path, problems: Problems) {
    if (c.mode !== 'hash_seed') problems.push(`${path}.mode: "${c.mode}" is not offered here; hash_seed is (proportional and equalizing need W3C tracestate thresholds WatchLLM does not write)`);
    if (typeof c.sampling_percentage !== 'number' || !(c.sampling_percentage >= 0)) problems.push(`${path}.sampling_percentage: required, a number from 0 (drop all) to 100 (keep all)`);
    if (!Number.isInteger(c.hash_seed) || c.hash_seed < 0 || c.hash_seed > 0xffffffff) problems.push(`${path}.hash_seed: expected an unsigned 32-bit integer, got ${JSON.stringify(c.hash_seed)}`);
    if (typeof c.fail_closed !== 'boolean') problems.push(`${path}.fail_closed: expected true or false`);
    if (c.attribute_source !== 'traceID' && c.attribute_source !== 'record') problems.push(`${path}.attribute_source: "${c.attribute_source}" is not one of traceID, record`);
    if (c.attribute_source === 'record' && !c.from_attribute) problems.push(`${path}.from_attribute: required with attribute_source: record`);
  },
  create(settings, c) {
    const p = createProbabilisticSampler(
      {
        samplingPercentage: c.sampling_percentage ?? 0,
        hashSeed: c.hash_seed,
        failClosed: c.fail_closed,
        attributeSource: c.attribute_source as 'traceID' | 'record',
        fromAttribute: c.from_attribute,
        samplingPriority: c.sampling_priority,
      },
      (signal, n) => settings.telemetry.sampledOut.inc({ signal }, n),
    );
    return { traces: (batch) => p.processTraces(batch as TracesBatch), logs: (batch) => p.processLogs(batch as LogsBatch) };
  },
};
