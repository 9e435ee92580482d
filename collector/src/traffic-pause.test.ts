import { describe, expect, it } from 'vitest';
import { TrafficPause } from './traffic-pause.js';

/** A TrafficPause on a clock the test moves. */
function pauseAt() {
  const clock = { ms: 0 };
  return { clock, traffic: new TrafficPause(50, 2000, () => clock.ms) };
}

/** One request taking `ms`, started after `gapMs` of idle. */
function request(p: ReturnType<typeof pauseAt>, gapMs: number, ms = 10): void {
  p.clock.ms += gapMs;
  p.traffic.started();
  p.clock.ms += ms;
  p.traffic.ended();
}

describe('TrafficPause', () => {
  it('is not stopped while a request is in progress, and is once none has been for the minimum pause', () => {
    const p = pauseAt();
    p.traffic.started();
    p.traffic.started();
    p.clock.ms += 500;
    p.traffic.ended();
    expect(p.traffic.stopped()).toBe(false);
    p.traffic.ended();
    p.clock.ms += 49;
    expect(p.traffic.stopped()).toBe(false);
    p.clock.ms += 1;
    expect(p.traffic.stopped()).toBe(true);
  });

  it('waits out twice the gaps a lone sequential sender leaves between its exports', () => {
    const p = pauseAt();
    request(p, 0);
    // A sender 120 ms of round trip away: each export comes 120 ms after the last one ended.
    for (let i = 0; i < 5; i++) request(p, 120);
    p.clock.ms += 200;
    expect(p.traffic.stopped()).toBe(false);
    p.clock.ms += 40;
    expect(p.traffic.stopped()).toBe(true);
  });

  it('forgets gaps older than its window, and takes a pause longer than any round trip for no gap at all', () => {
    const p = pauseAt();
    request(p, 0);
    request(p, 200);
    p.clock.ms += 2100;
    // A burst after a quiet spell: its requests overlap, and it ends.
    request(p, 0);
    p.clock.ms += 50;
    expect(p.traffic.stopped()).toBe(true);
  });
});
