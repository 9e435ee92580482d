/** Bytes that arrived over the last `windowMs` (a sliding window of timestamped samples). */
export class ArrivalRate {
  private at: number[] = [];
  private bytes: number[] = [];
  private head = 0;
  private total = 0;

  constructor(
    private readonly windowMs = 1000,
    private readonly now: () => number = () => performance.now(),
  ) {}

  add(bytes: number): void {
    this.prune();
    this.at.push(this.now());
    this.bytes.push(bytes);
    this.total += bytes;
  }

  /** Bytes per second over the window. */
  perSecond(): number {
    this.prune();
    return (this.total * 1000) / this.windowMs;
  }

  private prune(): void {
    const cutoff = this.now() - this.windowMs;
    while (this.head < this.at.length && this.at[this.head] <= cutoff) this.total -= this.bytes[this.head++];
    // Compact now and then rather than shifting per sample.
    if (this.head > 1024 && this.head * 2 > this.at.length) {
      this.at = this.at.slice(this.head);
      this.bytes = this.bytes.slice(this.head);
      this.head = 0;
    }
  }
}
