import { describe, expect, it } from 'vitest';
import { Histogram, Registry } from 'prom-client';
import { TallyHistogram } from './tally-histogram.js';

describe('TallyHistogram', () => {
  it("exposes the same text as prom-client's Histogram for the same observations", async () => {
    const bounds = [0.1, 0.5, 2];
    const ours = new Registry();
    const theirs = new Registry();
    const tally = TallyHistogram.in(ours, 'x_seconds', 'help text', bounds);
    const reference = new Histogram({ name: 'x_seconds', help: 'help text', labelNames: ['a', 'b'], buckets: bounds, registers: [theirs] });
    const observations: [Record<'a' | 'b', string>, number][] = [
      [{ a: '1', b: 'q"uote' }, 0.05],
      [{ a: '1', b: 'q"uote' }, 0.5],
      [{ a: '1', b: 'q"uote' }, 7],
      [{ a: '2', b: '' }, 0.3],
    ];
    for (const [labels, v] of observations) {
      tally.of(`${labels.a}/${labels.b}`, () => labels).observe(v);
      reference.observe(labels, v);
    }
    expect(await ours.metrics()).toBe(await theirs.metrics());
    // Registered once: a second lookup returns the same histogram.
    expect(TallyHistogram.in(ours, 'x_seconds', 'help text', bounds)).toBe(tally);
  });
});
