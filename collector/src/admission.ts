import { RefusedError } from './otlp/errors.js';
import { ProjectBuckets } from './project-buckets.js';
import { TrafficPause } from './traffic-pause.js';

export interface AdmissionLimits {
  memoryLimitBytes: number;
  /** Requests being read, decoded or written at once; each holds its decoded batch in memory. */
  maxConcurrentRequests: number;
  maxQueueItems: number;
  rateLimitPerSecond: number;
  rateLimitBurst: number;
}

/**
 * Decides, before a request is decoded, whether the process can take it: memory
 * and queue bounds protect the process; a per-project token bucket protects others.
 * Refusals are retryable so OTel exporters back off instead of dropping data.
 */
export class Admission {
  private readonly buckets: ProjectBuckets;
  private rssCheckedMs = 0;
  private rss = 0;
  /** Requests in progress (the concurrency bound) and the gaps between them (whether traffic has stopped). */
  readonly traffic = new TrafficPause();

  constructor(
    private readonly limits: AdmissionLimits,
    private readonly queueDepth: () => number,
    private readonly spoolFull: () => boolean = () => false,
  ) {
    this.buckets = new ProjectBuckets(limits.rateLimitPerSecond, limits.rateLimitBurst);
  }

  /** Admits one request or throws a retryable RefusedError; call the returned function when it is done. */
  admit(): () => void {
    this.checkCapacity();
    const inProgress = this.traffic.inProgress;
    if (inProgress >= this.limits.maxConcurrentRequests) {
      throw new RefusedError('overloaded', `${inProgress} requests in progress (limit ${this.limits.maxConcurrentRequests}); retry later`, 1);
    }
    this.traffic.started();
    let released = false;
    return () => {
      if (!released) this.traffic.ended();
      released = true;
    };
  }

  /** Throws a retryable RefusedError when the process is over a limit. */
  checkCapacity(): void {
    if (this.spoolFull()) throw new RefusedError('overloaded', 'spool is full while the store is unavailable; retry later', 5);
    const depth = this.queueDepth();
    if (depth > this.limits.maxQueueItems) {
      throw new RefusedError('overloaded', `write queue holds ${depth} items (limit ${this.limits.maxQueueItems}); retry later`, 1);
    }
    const now = Date.now();
    // process.memoryUsage.rss() is a syscall: sample it at most every 100 ms.
    if (now - this.rssCheckedMs > 100) {
      this.rss = process.memoryUsage.rss();
      this.rssCheckedMs = now;
    }
    if (this.rss > this.limits.memoryLimitBytes) {
      throw new RefusedError('overloaded', `memory use ${Math.round(this.rss / 2 ** 20)} MiB is over the limit of ${Math.round(this.limits.memoryLimitBytes / 2 ** 20)} MiB; retry later`, 2);
    }
  }

  /** Takes `items` tokens from the project's bucket or refuses with the wait until they refill. */
  takeTokens(projectId: string, items: number): void {
    const waitSeconds = this.buckets.take(projectId, items);
    if (waitSeconds === 0) return;
    throw new RefusedError('rate_limited', `project "${projectId}" is over its rate limit of ${this.buckets.rate} spans/s; retry in ${Math.ceil(waitSeconds)} s`, waitSeconds);
  }
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|localhost|\[::1\])$/i;

export function isLoopback(host: string): boolean {
  return LOOPBACK.test(host);
}
