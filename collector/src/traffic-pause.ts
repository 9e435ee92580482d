/**
 * Whether requests have stopped coming: none in progress for longer than the gaps between the
 * recent ones. A lone sequential sender (an OTel BatchSpanProcessor, one export at a time) leaves
 * a gap of one round trip between its exports — a few ms on a LAN, 100 ms and more across regions —
 * so only a pause well past the gaps just seen means nothing more is on its way.
 */
export class TrafficPause {
  private requests = 0;
  /** When the last request in progress ended; undefined before the first. */
  private idleSinceMs: number | undefined;
  /** Idle gaps that a new request ended: [ended at, length] in ms, the latest few. */
  private readonly gaps: [number, number][] = [];

  constructor(
    private readonly minPauseMs = 50,
    private readonly windowMs = 2000,
    private readonly now: () => number = Date.now,
  ) {}

  /** Requests started and not yet ended. */
  get inProgress(): number {
    return this.requests;
  }

  started(): void {
    if (this.requests++ > 0 || this.idleSinceMs === undefined) return;
    const t = this.now();
    const gap = t - this.idleSinceMs;
    // Longer than any round trip: that was a pause, not a sender's rhythm.
    if (gap > MAX_ROUND_TRIP_MS) return;
    this.gaps.push([t, gap]);
    if (this.gaps.length > MAX_GAPS) this.gaps.shift();
  }

  ended(): void {
    if (--this.requests === 0) this.idleSinceMs = this.now();
  }

  /** Nothing in progress for `minPauseMs` and for twice the longest gap between requests within `windowMs`. */
  stopped(): boolean {
    if (this.requests > 0) return false;
    if (this.idleSinceMs === undefined) return true;
    const t = this.now();
    let longest = 0;
    for (const [at, ms] of this.gaps) if (t - at <= this.windowMs && ms > longest) longest = ms;
    return t - this.idleSinceMs >= Math.max(this.minPauseMs, 2 * longest);
  }
}

const MAX_GAPS = 32;
const MAX_ROUND_TRIP_MS = 250;
