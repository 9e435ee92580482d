import { describe, expect, it } from 'vitest';
import { RefusedError } from '../otlp/errors.js';
import { createMemoryLimiter, memoryLimits } from './memory-limiter.js';

const MIB = 2 ** 20;

describe('memory_limiter', () => {
  it('passes data under the soft limit and refuses it, retryably, above; reads memory at most once per interval', () => {
    let memory = 100 * MIB;
    let clock = 0;
    let reads = 0;
    const limit = createMemoryLimiter({ checkIntervalMs: 1000, limitBytes: 500 * MIB, spikeLimitBytes: 100 * MIB }, () => (reads++, memory), () => clock);
    const batch = { spans: 1 };
    expect(limit(batch)).toBe(batch);
    memory = 450 * MIB;
    clock = 500;
    expect(limit(batch)).toBe(batch); // not read again yet
    clock = 1000;
    let refusal: unknown;
    try {
      limit(batch);
    } catch (err) {
      refusal = err;
    }
    expect(refusal).toBeInstanceOf(RefusedError);
    expect(refusal).toMatchObject({ reason: 'overloaded', retryAfterSeconds: 1, message: expect.stringMatching(/memory use 450 MiB is over the memory_limiter's soft limit of 400 MiB/) });
    memory = 300 * MIB;
    clock = 2500;
    expect(limit(batch)).toBe(batch);
    expect(reads).toBe(3);
  });

  it('takes the limit in MiB or as a percentage of the machine, the spike 20 % of it unless given', () => {
    expect(memoryLimits({ limit_mib: 1000, spike_limit_mib: 0, limit_percentage: 0, spike_limit_percentage: 0 })).toEqual({ limitBytes: 1000 * MIB, spikeLimitBytes: 200 * MIB });
    expect(memoryLimits({ limit_mib: 1000, spike_limit_mib: 50, limit_percentage: 0, spike_limit_percentage: 0 })).toEqual({ limitBytes: 1000 * MIB, spikeLimitBytes: 50 * MIB });
    expect(memoryLimits({ limit_mib: 0, spike_limit_mib: 0, limit_percentage: 50, spike_limit_percentage: 10 }, 8000 * MIB)).toEqual({ limitBytes: 4000 * MIB, spikeLimitBytes: 800 * MIB });
  });
});
