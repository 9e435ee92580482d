import { describe, expect, it } from 'vitest';
import { migratedTestStore } from '../../test/migrated-store.js';
import { LEASE_PERIOD_MS, WorkerLease } from './worker-lease.js';

const testStore = migratedTestStore('worker-lease');

describe('WorkerLease', () => {
  it('gives each period to one of the services asking, and keeps its answer for the period', async () => {
    const services = [0, 1, 2].map(() => new WorkerLease(testStore(), 'evaluators'));
    const t0 = Math.floor(Date.now() / LEASE_PERIOD_MS) * LEASE_PERIOD_MS;
    for (const now of [t0, t0 + LEASE_PERIOD_MS, t0 + 2 * LEASE_PERIOD_MS]) {
      const held = await Promise.all(services.map((s) => s.holds(now)));
      expect(held.filter(Boolean)).toHaveLength(1);
      // Asked again within the period: the same answer, no new claim.
      expect(await Promise.all(services.map((s) => s.holds(now + 1000)))).toEqual(held);
    }
    // Another lease is another question.
    expect(await new WorkerLease(testStore(), 'other-job').holds(t0)).toBe(true);
  });
});
