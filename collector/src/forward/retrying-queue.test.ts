import { describe, expect, it } from 'vitest';
import type { SendResult } from './otlp-http-sender.js';
import { backoffMs, RetryingQueue, type DropReason, type QueueOptions, type QueuedRequest } from './retrying-queue.js';

const req = (n: number, bytes = 10): QueuedRequest => ({ signal: 'traces', url: `http://x/${n}`, payload: Buffer.alloc(bytes), items: n });
const fast = { enabled: true, initialIntervalMs: 5, maxIntervalMs: 20, maxElapsedMs: 2000 };

function harness(send: (r: QueuedRequest, attempt: number) => SendResult | Promise<SendResult>, o: Partial<QueueOptions> = {}) {
  const log = { sent: [] as number[], retried: [] as number[], dropped: [] as [number, DropReason][] };
  const attempts = new Map<number, number>();
  const queue = new RetryingQueue({
    consumers: 2,
    maxRequests: 100,
    maxBytes: 1 << 20,
    retry: fast,
    send: async (r) => {
      const a = attempts.get(r.items) ?? 0;
      attempts.set(r.items, a + 1);
      return send(r, a);
    },
    events: {
      sent: (r) => log.sent.push(r.items),
      retried: (r) => log.retried.push(r.items),
      dropped: (r, reason) => log.dropped.push([r.items, reason]),
    },
    ...o,
  });
  return { queue, log, attempts };
}
const idle = (q: RetryingQueue) => q.shutdown(5000);

describe('RetryingQueue', () => {
  it('delivers, retrying retryable answers until one gets through', async () => {
    const { queue, log, attempts } = harness((r, a) => (r.items === 2 && a < 2 ? { kind: 'retry', afterMs: undefined, message: '503' } : { kind: 'delivered', rejected: 0, message: '' }));
    queue.offer(req(1));
    queue.offer(req(2));
    await idle(queue);
    expect(log.sent.sort()).toEqual([1, 2]);
    expect(log.retried).toEqual([2, 2]);
    expect(attempts.get(2)).toBe(3);
    expect(queue.queuedBytes).toBe(0);
  });

  it('drops on a final answer, and when retries take longer than max_elapsed_time', async () => {
    const { queue, log } = harness((r) => (r.items === 1 ? { kind: 'failed', message: '400' } : { kind: 'retry', afterMs: undefined, message: 'down' }), {
      retry: { ...fast, maxElapsedMs: 30 },
    });
    queue.offer(req(1));
    queue.offer(req(2));
    await idle(queue);
    expect(log.dropped.sort()).toEqual([[1, 'rejected'], [2, 'retries_exhausted']]);
  });

  it('waits as long as Retry-After says', async () => {
    const started = Date.now();
    const { queue, log } = harness((_, a) => (a === 0 ? { kind: 'retry', afterMs: 150, message: '429' } : { kind: 'delivered', rejected: 0, message: '' }));
    queue.offer(req(1));
    await idle(queue);
    expect(log.sent).toEqual([1]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });

  it('sends once without retry_on_failure', async () => {
    const { queue, log, attempts } = harness(() => ({ kind: 'retry', afterMs: undefined, message: 'down' }), { retry: { ...fast, enabled: false } });
    queue.offer(req(1));
    await idle(queue);
    expect(attempts.get(1)).toBe(1);
    expect(log.dropped).toEqual([[1, 'retries_exhausted']]);
  });

  it('refuses past queue_size or max_bytes, reporting the drop', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const { queue, log } = harness(async () => (await gate, { kind: 'delivered', rejected: 0, message: '' }), { consumers: 1, maxRequests: 2, maxBytes: 100 });
    expect(queue.offer(req(1))).toBe(true);
    expect(queue.offer(req(2))).toBe(true);
    expect(queue.offer(req(3))).toBe(false);
    expect(queue.depth).toBe(2);
    release();
    await idle(queue);
    expect(log.dropped).toEqual([[3, 'queue_full']]);

    const small = harness(async () => (await new Promise((r) => setTimeout(r, 20)), { kind: 'delivered', rejected: 0, message: '' }), { consumers: 1, maxBytes: 100 });
    expect(small.queue.offer(req(1, 60))).toBe(true);
    expect(small.queue.offer(req(2, 60))).toBe(false);
    // One request bigger than max_bytes still goes when nothing else waits.
    await idle(small.queue);
    const big = harness(() => ({ kind: 'delivered', rejected: 0, message: '' }), { maxBytes: 100 });
    expect(big.queue.offer(req(1, 500))).toBe(true);
    await idle(big.queue);
    expect(big.log.sent).toEqual([1]);
  });

  it('gives up at shutdown’s deadline on what is still queued or retrying', async () => {
    const { queue, log } = harness(() => ({ kind: 'retry', afterMs: 10_000, message: 'down' }), { consumers: 1, retry: { ...fast, maxElapsedMs: 0 } });
    queue.offer(req(1));
    queue.offer(req(2));
    const started = Date.now();
    await queue.shutdown(100);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(log.dropped.sort()).toEqual([[1, 'shutdown'], [2, 'shutdown']]);
    expect(queue.offer(req(3))).toBe(false);
    expect(queue.queuedBytes).toBe(0);
  });

  it('backs off exponentially up to the max, with jitter', () => {
    expect([0, 1, 2, 3, 9].map((a) => backoffMs(fast, a, () => 0.5))).toEqual([5, 10, 20, 20, 20]);
    expect(backoffMs(fast, 0, () => 0)).toBe(3);
    expect(backoffMs(fast, 0, () => 0.999)).toBe(7);
  });
});
