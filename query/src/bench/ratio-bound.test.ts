import { describe, expect, it } from 'vitest';
import { ratioBound } from './ratio-bound.js';

describe('ratioBound', () => {
  // 100k spans: collector 2.5 s, engine 1.5 s, senders 0.25 s → 42.5 µs per span of the machine's CPU.
  const run = { spans: 100_000, cpu: { main: 0.7, worker: 1.5, helpers: 0.3, engineQueries: 1.4, engineMerges: 0.1 }, senderCpuSeconds: 0.25 };

  it('bounds the stored rate by the cores over the CPU per span', () => {
    const b = ratioBound(run, 80_000, 2, 0.7);
    expect(b.collectorUs).toBeCloseTo(25, 6);
    expect(b.engineUs).toBeCloseTo(15, 6);
    expect(b.senderUs).toBeCloseTo(2.5, 6);
    expect(b.fullMachineSpansPerSec).toBeCloseTo(2e6 / 42.5, 6);
    expect(b.ratio).toBeCloseTo(2e6 / 42.5 / 80_000, 6);
  });

  it('gives the collector what the cores have left per span at the target rate', () => {
    // At 0.7 × 80k = 56k spans/s two cores have 35.71 µs per span; the engine and senders take 17.5 of it.
    expect(ratioBound(run, 80_000, 2, 0.7).collectorBudgetUs).toBeCloseTo(2e6 / 56_000 - 17.5, 6);
  });

  it('says the target is in reach once the collector is within its budget', () => {
    const lean = { ...run, cpu: { ...run.cpu, main: 0.3, worker: 0.8, helpers: 0.1 } };
    const b = ratioBound(lean, 80_000, 2, 0.7);
    expect(b.collectorUs).toBeLessThan(b.collectorBudgetUs);
    expect(b.ratio).toBeGreaterThan(0.7);
  });
});
