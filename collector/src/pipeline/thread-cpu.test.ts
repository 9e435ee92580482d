import { describe, expect, it } from 'vitest';
import { callingThreadCpuSeconds, cpuSecondsOfStat } from './thread-cpu.js';

describe('thread CPU', () => {
  it('reads utime + stime from a stat line, a name with spaces and parentheses included', () => {
    const stat = '4242 (node (worker) x) R 1 2 3 4 5 6 7 8 9 10 250 130 0 0 20 0 1 0';
    expect(cpuSecondsOfStat(stat)).toBe(3.8);
  });

  it('counts the calling thread only, rising as it works', () => {
    const before = callingThreadCpuSeconds();
    if (before === undefined) return; // no /proc/thread-self here
    let x = 0;
    const until = Date.now() + 150;
    while (Date.now() < until) x += Math.sqrt(x + 1);
    expect(callingThreadCpuSeconds()!).toBeGreaterThan(before);
  });
});
