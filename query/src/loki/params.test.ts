import { describe, expect, it } from 'vitest';
import { lokiWindow, rangeSteps, timeParam } from './params.js';

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

describe('lokiWindow and rangeSteps', () => {
  const q = (params: Record<string, string>) => (name: string) => params[name];

  it('defaults to the hour before end, and refuses start after end', () => {
    expect(lokiWindow(q({ end: String(NS) }), 'p')).toEqual({ projectId: 'p', startNs: NS - 3_600_000_000_000n, endNs: NS });
    expect(() => lokiWindow(q({ start: String(NS + 1n), end: String(NS) }), 'p')).toThrow(/start must not be after end/);
  });

  it('takes a step as a duration or seconds, and bounds the points', () => {
    const w = { projectId: 'p', startNs: 0n, endNs: 3_600_000_000_000n };
    expect(rangeSteps(w, '1m')).toEqual({ startNs: 0n, stepNs: 60_000_000_000n, points: 61 });
    expect(rangeSteps(w, '0.5')).toMatchObject({ stepNs: 500_000_000n, points: 7201 });
    expect(rangeSteps(w, undefined)).toMatchObject({ stepNs: 14_400_000_000n, points: 251 });
    expect(() => rangeSteps(w, '0.1')).toThrow(/maximum resolution of 11000 points/);
    expect(() => rangeSteps(w, '0s')).toThrow(/step must be a positive duration/);
    expect(() => rangeSteps(w, 'soon')).toThrow(/step must be a positive duration/);
  });
});
