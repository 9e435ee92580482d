import { describe, expect, it, vi } from 'vitest';
import { Admission, isLoopback } from './admission.js';
import { RefusedError } from './otlp/errors.js';

const limits = { memoryLimitBytes: 1e12, maxConcurrentRequests: 2, maxQueueItems: 100, rateLimitPerSecond: 10, rateLimitBurst: 20 };

/** The refusal `take` throws, or undefined when it lets the spans through. */
function refusalOf(take: () => void): RefusedError | undefined {
  try {
    take();
    return undefined;
  } catch (err) {
    return err as RefusedError;
  }
}

describe('Admission', () => {
  it('rate-limits per project with a token bucket and says when to retry', () => {
    vi.useFakeTimers();
    const a = new Admission(limits, () => 0);
    a.takeTokens('p1', 20);
    const refusal = refusalOf(() => a.takeTokens('p1', 5));
    expect(refusal?.reason).toBe('rate_limited');
    expect(refusal?.retryAfterSeconds).toBeCloseTo(0.5);
    a.takeTokens('p2', 20); // other projects are unaffected
    vi.advanceTimersByTime(1000);
    a.takeTokens('p1', 10);
    vi.useRealTimers();
  });

  it('lets a request bigger than the bucket through once the bucket is full, then holds the project to its rate', () => {
    vi.useFakeTimers();
    const a = new Admission(limits, () => 0);
    a.takeTokens('p1', 15);
    // More than the burst of 20: waits for a full bucket, not forever.
    const refusal = refusalOf(() => a.takeTokens('p1', 50));
    expect(refusal?.retryAfterSeconds).toBeCloseTo(1.5);
    vi.advanceTimersByTime(1500);
    a.takeTokens('p1', 50);
    // 30 tokens of debt: the next 10 spans wait 4 s, so the average stays at 10 spans/s.
    expect(() => a.takeTokens('p1', 10)).toThrow(RefusedError);
    vi.advanceTimersByTime(3900);
    expect(() => a.takeTokens('p1', 10)).toThrow(RefusedError);
    vi.advanceTimersByTime(100);
    a.takeTokens('p1', 10);
    vi.useRealTimers();
  });

  it('refuses with a retryable overload when the queue or spool is full', () => {
    let depth = 0;
    let spoolFull = false;
    const a = new Admission(limits, () => depth, () => spoolFull);
    a.checkCapacity();
    depth = 101;
    expect(() => a.checkCapacity()).toThrow(/write queue holds 101 items/);
    depth = 0;
    spoolFull = true;
    expect(() => a.checkCapacity()).toThrow(RefusedError);
  });

  it('knows loopback hosts', () => {
    expect(['127.0.0.1', '::1', 'localhost'].every(isLoopback)).toBe(true);
    expect(['0.0.0.0', '10.0.0.1', '::'].some(isLoopback)).toBe(false);
  });
});

describe('Admission concurrency', () => {
  it('bounds requests in progress and frees a slot once, when the request is done', () => {
    const a = new Admission({ memoryLimitBytes: 1e12, maxConcurrentRequests: 2, maxQueueItems: 100, rateLimitPerSecond: 0, rateLimitBurst: 0 }, () => 0);
    const r1 = a.admit();
    const r2 = a.admit();
    expect(() => a.admit()).toThrow(/2 requests in progress/);
    r1();
    r1(); // idempotent
    const r3 = a.admit();
    expect(() => a.admit()).toThrow(RefusedError);
    r2();
    r3();
  });

  it('tells its traffic pause when each request starts and ends (once, however often it is released)', () => {
    const a = new Admission({ memoryLimitBytes: 1e12, maxConcurrentRequests: 2, maxQueueItems: 100, rateLimitPerSecond: 0, rateLimitBurst: 0 }, () => 0);
    const started = vi.spyOn(a.traffic, 'started');
    const ended = vi.spyOn(a.traffic, 'ended');
    const release = a.admit();
    expect(a.traffic.stopped()).toBe(false);
    release();
    release();
    expect([started.mock.calls.length, ended.mock.calls.length]).toEqual([1, 1]);
  });
});
