import { totalmem } from 'node:os';
import { RefusedError } from '../otlp/errors.js';

/**
 * The contrib `memory_limiter` processor's rule on this process: above the soft limit (the limit minus
 * the spike allowance) data is refused with a retryable error — exporters back off and retry — until
 * memory falls back under it. Memory is the process's RSS, read at most every `checkIntervalMs`.
 * (The admission extension's `memory_limit` does the same before a request is even decoded.)
 */
export interface MemoryLimiterConfig {
  checkIntervalMs: number;
  limitBytes: number;
  spikeLimitBytes: number;
}

const MIB = 2 ** 20;

/** Limits from the contrib keys: MiB, or percentages of the machine's memory; the spike defaults to 20 % of the limit. */
export function memoryLimits(c: { limit_mib: number; spike_limit_mib: number; limit_percentage: number; spike_limit_percentage: number }, total = totalmem()): { limitBytes: number; spikeLimitBytes: number } {
  const limitBytes = c.limit_mib > 0 ? c.limit_mib * MIB : (total * c.limit_percentage) / 100;
  const spike = c.limit_mib > 0 ? c.spike_limit_mib * MIB : (total * c.spike_limit_percentage) / 100;
  return { limitBytes, spikeLimitBytes: spike > 0 ? spike : limitBytes / 5 };
}

export function createMemoryLimiter(config: MemoryLimiterConfig, readMemory: () => number = () => process.memoryUsage.rss(), now: () => number = Date.now) {
  const soft = config.limitBytes - config.spikeLimitBytes;
  let checkedAt = -Infinity;
  let used = 0;
  /** Passes the batch on, or throws a retryable refusal while memory is over the soft limit. */
  return <B>(batch: B): B => {
    const t = now();
    if (t - checkedAt >= config.checkIntervalMs) {
      used = readMemory();
      checkedAt = t;
    }
    if (used > soft) {
      throw new RefusedError('overloaded', `memory use ${Math.round(used / MIB)} MiB is over the memory_limiter's soft limit of ${Math.round(soft / MIB)} MiB (limit ${Math.round(config.limitBytes / MIB)} MiB minus spike ${Math.round(config.spikeLimitBytes / MIB)} MiB); retry later`, 1);
    }
    return batch;
  };
}
