import { describe, expect, it } from 'vitest';
import { ProjectBuckets } from './project-buckets.js';

describe('ProjectBuckets', () => {
  it('lets a burst through, then the rate, per project, and says how long to wait', () => {
    const b = new ProjectBuckets(2, 4);
    const t = 1_000_000;
    expect([1, 2, 3, 4].map(() => b.take('p', 1, t))).toEqual([0, 0, 0, 0]);
    expect(b.take('p', 1, t)).toBeCloseTo(0.5);
    expect(b.take('other', 1, t)).toBe(0);
    expect(b.take('p', 1, t + 500)).toBe(0);
    // Bigger than the bucket: through once it is full, in debt after.
    expect(b.take('q', 10, t)).toBe(0);
    expect(b.take('q', 1, t)).toBeGreaterThan(0);
    expect(new ProjectBuckets(0, 0).take('p', 1e9, t)).toBe(0);
  });
});
