import { describe, expect, it } from 'vitest';
import { stepParam, timeParam, windowParams } from './time-params.js';

const NS = 1_700_000_000_123_456_789n;

describe('timeParam', () => {
  it('reads nanoseconds, microseconds, milliseconds, seconds (whole or fractional) and RFC3339', () => {
    expect(timeParam(String(NS), 'start')).toBe(NS);
    expect(timeParam('1700000000123456', 'start')).toBe(1_700_000_000_123_456_000n);
    expect(timeParam('1700000000123', 'start')).toBe(1_700_000_000_123_000_000n);
    expect(timeParam('1700000000', 'start')).toBe(1_700_000_000_000_000_000n);
    expect(timeParam('1700000000.5', 'start')).toBe(1_700_000_000_500_000_000n);
    expect(timeParam('2023-11-14T22:13:20.123Z', 'start')).toBe(1_700_000_000_123_000_000n);
    expect(timeParam(undefined, 'start')).toBeUndefined();
  });

  it.each(['yesterday', '-5', '1e9', '99999999999999999999', '2023-13-45T00:00:00Z'])('refuses %s naming the parameter', (raw) => {
    expect(() => timeParam(raw, 'end')).toThrow(/^end must be a unix time/);
  });
});

describe('windowParams and steps', () => {
  const q = (params: Record<string, string>) => (name: string) => params[name];

  it('defaults to the hour before end, and refuses start after end', () => {
    expect(windowParams(q({ end: String(NS) }), 'p')).toEqual({ projectId: 'p', startNs: NS - 3_600_000_000_000n, endNs: NS });
    expect(() => windowParams(q({ start: String(NS + 1n), end: String(NS) }), 'p')).toThrow(/start must not be after end/);
    // `since`: a duration before end, when no start is given.
    expect(windowParams(q({ end: String(NS), since: '15m' }), 'p').startNs).toBe(NS - 900_000_000_000n);
    expect(windowParams(q({ start: String(NS - 1n), end: String(NS), since: '15m' }), 'p').startNs).toBe(NS - 1n);
    expect(() => windowParams(q({ since: 'yesterday' }), 'p')).toThrow(/since must be a duration/);
  });

  it('takes a step as a duration or seconds, and bounds the points', () => {
    const w = { projectId: 'p', startNs: 0n, endNs: 3_600_000_000_000n };
    expect(stepParam(w, '1m')).toBe(60_000_000_000n);
    expect(stepParam(w, '0.5')).toBe(500_000_000n);
    expect(stepParam(w, undefined)).toBe(14_400_000_000n);
    expect(() => stepParam(w, '0.1')).toThrow(/maximum resolution of 11000 points/);
    expect(() => stepParam(w, '0s')).toThrow(/step must be a positive duration/);
    expect(() => stepParam(w, 'soon')).toThrow(/step must be a positive duration/);
  });
});
