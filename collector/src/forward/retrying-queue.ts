/**
 * A bounded in-memory queue of encoded requests with a few senders working it, retrying with
 * exponential backoff (the OTel Collector exporterhelper's sending_queue + retry_on_failure).
 * Forwarding is best effort: a full queue drops the new request rather than slow or refuse the
 * ingest path, and every drop is reported with its reason.
 */
import type { SendResult } from './otlp-http-sender.js';

export interface QueuedRequest {
  signal: string;
  url: string;
  payload: Buffer;
  /** Spans, log records or data points in it. */
  items: number;
}

export interface RetryPolicy {
  enabled: boolean;
  initialIntervalMs: number;
  maxIntervalMs: number;
  /** Give up this long after the first attempt; 0 never gives up. */
  maxElapsedMs: number;
}

export type DropReason = 'queue_full' | 'rejected' | 'retries_exhausted' | 'shutdown';

export interface QueueEvents {
  sent(r: QueuedRequest, rejected: number, message: string): void;
  retried(r: QueuedRequest, message: string): void;
  dropped(r: QueuedRequest, reason: DropReason, items: number, message: string): void;
}

export interface QueueOptions {
  consumers: number;
  maxRequests: number;
  maxBytes: number;
  retry: RetryPolicy;
  send(r: QueuedRequest): Promise<SendResult>;
  events: QueueEvents;
}

/** The wait before retry `attempt` (0-based): doubling from the initial interval up to the max, ±50 % jitter. */
export function backoffMs(policy: RetryPolicy, attempt: number, random = Math.random): number {
  const base = Math.min(policy.initialIntervalMs * 2 ** attempt, policy.maxIntervalMs);
  return Math.round(base * (0.5 + random()));
}

export class RetryingQueue {
  private readonly waiting: QueuedRequest[] = [];
  private bytes = 0;
  private busy = 0;
  private closed = false;
  /** Set when shutdown's deadline passed: requests waiting to retry give up. */
  private givingUp = false;
  private readonly sleeps = new Set<{ timer: NodeJS.Timeout; wake: () => void }>();
  private idleWaiters: (() => void)[] = [];

  constructor(private readonly o: QueueOptions) {}

  /** Requests waiting or being sent. */
  get depth(): number {
    return this.waiting.length + this.busy;
  }

  get queuedBytes(): number {
    return this.bytes;
  }

  /** Queues a request; false (and reported as dropped) when the queue is full or closed. */
  offer(r: QueuedRequest): boolean {
    if (this.closed) return this.drop(r, 'shutdown', 'exporter shut down');
    if (this.waiting.length + this.busy >= this.o.maxRequests || (this.bytes + r.payload.length > this.o.maxBytes && this.depth > 0)) {
      return this.drop(r, 'queue_full', `sending queue full (${this.o.maxRequests} requests or ${this.o.maxBytes} bytes)`);
    }
    this.waiting.push(r);
    this.bytes += r.payload.length;
    this.pump();
    return true;
  }

  /** Sends what is queued for at most `deadlineMs`, then drops the rest (reported). */
  async shutdown(deadlineMs: number): Promise<void> {
    this.closed = true;
    const idle = new Promise<void>((resolve) => (this.depth === 0 ? resolve() : this.idleWaiters.push(resolve)));
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), deadlineMs)));
    if ((await Promise.race([idle, late])) === 'late') {
      this.givingUp = true;
      for (const r of this.waiting.splice(0)) {
        this.bytes -= r.payload.length;
        this.drop(r, 'shutdown', `not sent within ${deadlineMs} ms of shutdown`);
      }
      // Requests waiting to be retried give up now.
      for (const s of [...this.sleeps]) s.wake();
      await idle;
    }
    clearTimeout(timer);
  }

  private drop(r: QueuedRequest, reason: DropReason, message: string): false {
    this.o.events.dropped(r, reason, r.items, message);
    return false;
  }

  private pump(): void {
    while (this.busy < this.o.consumers && this.waiting.length > 0) {
      const r = this.waiting.shift()!;
      this.busy++;
      void this.deliver(r).finally(() => {
        this.busy--;
        this.bytes -= r.payload.length;
        this.pump();
        if (this.depth === 0) for (const resolve of this.idleWaiters.splice(0)) resolve();
      });
    }
  }

  private async deliver(r: QueuedRequest): Promise<void> {
    const started = Date.now();
    const { retry } = this.o;
    for (let attempt = 0; ; attempt++) {
      let result: SendResult;
      try {
        result = await this.o.send(r);
      } catch (err) {
        result = { kind: 'failed', message: (err as Error).message };
      }
      if (result.kind === 'delivered') {
        this.o.events.sent(r, result.rejected, result.message);
        return;
      }
      if (result.kind === 'failed') {
        this.o.events.dropped(r, 'rejected', r.items, result.message);
        return;
      }
      const wait = Math.max(backoffMs(retry, attempt), result.afterMs ?? 0);
      const elapsed = Date.now() - started;
      if (!retry.enabled || (retry.maxElapsedMs > 0 && elapsed + wait > retry.maxElapsedMs)) {
        this.o.events.dropped(r, 'retries_exhausted', r.items, result.message);
        return;
      }
      if (!this.givingUp) {
        this.o.events.retried(r, result.message);
        await this.sleep(wait);
      }
      if (this.givingUp) {
        this.o.events.dropped(r, 'shutdown', r.items, `not delivered before shutdown: ${result.message}`);
        return;
      }
    }
  }

  /** A wait that shutdown can cut short. */
  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const entry = {
        timer: setTimeout(() => entry.wake(), ms),
        wake: () => {
          clearTimeout(entry.timer);
          this.sleeps.delete(entry);
          resolve();
        },
      };
      this.sleeps.add(entry);
    });
  }
}
