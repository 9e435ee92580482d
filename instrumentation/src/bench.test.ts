import { expect, it } from 'vitest';
import { benchInstrumentationOverhead } from './bench.js';

it('measures per-call instrumentation overhead of a non-streaming chat call', async () => {
  const result = await benchInstrumentationOverhead(1_500);
  expect(Number.isFinite(result.baselineNsPerCall) && result.baselineNsPerCall > 0).toBe(true);
  expect(Number.isFinite(result.instrumentedNsPerCall) && result.instrumentedNsPerCall > 0).toBe(true);
  expect(result.overheadUs).toBeCloseTo((result.instrumentedNsPerCall - result.baselineNsPerCall) / 1000, 6);
  // Test files run in parallel on shared CPUs, so only a pathological regression is caught here;
  // `node instrumentation/dist/bench.js` reports the number held to the < 50 µs target.
  expect(result.overheadUs).toBeLessThan(1_000);
});
