/**
 * Token buckets per project: `rate` tokens a second, up to `burst` saved. The collector's per-project
 * span rate limit and the query service's limits on calls it pays for (the playground) take from them.
 */
interface Bucket {
  tokens: number;
  updatedMs: number;
}

export class ProjectBuckets {
  private readonly buckets = new Map<string, Bucket>();
  readonly burst: number;

  constructor(
    readonly rate: number,
    burst: number,
  ) {
    this.burst = Math.max(burst, rate);
  }

  /**
   * Takes `items` tokens from the project's bucket: 0 when taken, else the seconds until they would be (at most 60).
   * A take bigger than the whole bucket goes through once the bucket is full, leaving it in debt that the rate pays
   * back; otherwise it could never pass, however long its caller waited.
   */
  take(projectId: string, items: number, now = Date.now()): number {
    if (this.rate <= 0 || items <= 0) return 0;
    const b = this.buckets.get(projectId) ?? { tokens: this.burst, updatedMs: now };
    b.tokens = Math.min(this.burst, b.tokens + ((now - b.updatedMs) / 1000) * this.rate);
    b.updatedMs = now;
    this.buckets.set(projectId, b);
    if (b.tokens >= Math.min(items, this.burst)) {
      b.tokens -= items;
      return 0;
    }
    return Math.min(60, (Math.min(items, this.burst) - b.tokens) / this.rate);
  }
}
