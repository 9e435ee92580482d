import { durationMs, type Problems } from '../../config/validate.js';
import { createMemoryLimiter, memoryLimits } from '../../processors/memory-limiter.js';
import type { ProcessorFactory } from '../types.js';

export interface MemoryLimiterYaml {
  check_interval: string | number;
  limit_mib: number;
  spike_limit_mib: number;
  limit_percentage: number;
  spike_limit_percentage: number;
}

/** The contrib memory_limiter processor: refuses data (retryable) while the process is over its soft memory limit. */
export const memoryLimiterProcessor: ProcessorFactory<MemoryLimiterYaml> = {
  kind: 'processor',
  type: 'memory_limiter',
  signals: ['traces', 'logs', 'metrics'],
  createDefaultConfig: () => ({ check_interval: '1s', limit_mib: 0, spike_limit_mib: 0, limit_percentage: 0, spike_limit_percentage: 0 }),
  validate(c, path, problems: Problems) {
    if (durationMs(c.check_interval, `${path}.check_interval`, problems) <= 0) problems.push(`${path}.check_interval: must be longer than 0`);
    for (const key of ['limit_mib', 'spike_limit_mib', 'limit_percentage', 'spike_limit_percentage'] as const) {
      if (typeof c[key] !== 'number' || !(c[key] >= 0)) problems.push(`${path}.${key}: expected a number of 0 or more, got ${JSON.stringify(c[key])}`);
    }
    if (!(c.limit_mib > 0) && !(c.limit_percentage > 0)) return void problems.push(`${path}: set limit_mib (or limit_percentage)`);
    if (c.limit_mib > 0 && c.limit_percentage > 0) problems.push(`${path}: set limit_mib or limit_percentage, not both`);
    if (c.limit_percentage > 100 || c.spike_limit_percentage > 100) problems.push(`${path}: percentages are at most 100`);
    const { limitBytes, spikeLimitBytes } = memoryLimits(c);
    if (spikeLimitBytes >= limitBytes) problems.push(`${path}: the spike limit must be below the limit`);
  },
  create(_settings, c) {
    const ignore: Problems = [];
    const limit = createMemoryLimiter({ checkIntervalMs: durationMs(c.check_interval, '', ignore), ...memoryLimits(c) });
    return { traces: limit, logs: limit, metrics: limit };
  },
};
