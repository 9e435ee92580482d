import { describe, expect, it } from 'vitest';
import { parseDuration, parsePromDuration } from './duration.js';

describe('parseDuration', () => {
  it('reads Go-style durations exactly', () => {
    expect(parseDuration('100ms')).toBe(100_000_000n);
    expect(parseDuration('1.5s')).toBe(1_500_000_000n);
    expect(parseDuration('1h30m')).toBe(5_400_000_000_000n);
    expect(parseDuration('250us')).toBe(250_000n);
    expect(parseDuration('250µs')).toBe(250_000n);
    expect(parseDuration('7ns')).toBe(7n);
    expect(parseDuration('0.000000001s')).toBe(1n);
    expect(parseDuration('0')).toBe(0n);
  });

  it.each(['', '100', 'ms', '1.5', '-1s', '1d', '1s ', 's1', '1e3s', '9'.repeat(30) + 'h'])('rejects %j', (text) => {
    expect(parseDuration(text)).toBeUndefined();
  });
});

describe('parsePromDuration', () => {
  it('reads Prometheus durations, days and weeks included', () => {
    expect(parsePromDuration('90s')).toBe(90_000_000_000n);
    expect(parsePromDuration('1h30m')).toBe(5_400_000_000_000n);
    expect(parsePromDuration('2d')).toBe(172_800_000_000_000n);
    expect(parsePromDuration('1w1d12h')).toBe(734_400_000_000_000n);
    expect(parsePromDuration('')).toBeUndefined();
    expect(parsePromDuration('5x')).toBeUndefined();
    expect(parsePromDuration('99999999y')).toBeUndefined();
  });
});
