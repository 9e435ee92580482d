import { describe, expect, it } from 'vitest';
import { ArrivalRate } from './arrival-rate.js';

describe('ArrivalRate', () => {
  it('counts what arrived within the window, per second', () => {
    let now = 0;
    const rate = new ArrivalRate(1000, () => now);
    expect(rate.perSecond()).toBe(0);
    rate.add(500);
    now = 400;
    rate.add(300);
    expect(rate.perSecond()).toBe(800);
    now = 1000; // the first sample is a full window old
    expect(rate.perSecond()).toBe(300);
    now = 5000;
    expect(rate.perSecond()).toBe(0);
  });

  it('scales to the window and stays exact over many samples', () => {
    let now = 0;
    const rate = new ArrivalRate(500, () => now);
    for (let i = 0; i < 10_000; i++) {
      now = i;
      rate.add(1);
    }
    // The last 500 ms held 500 samples of 1 byte: 1,000 bytes/s.
    expect(rate.perSecond()).toBe(1000);
  });
});
