import { randomUUID } from 'node:crypto';
import { Batcher, type BatcherOptions } from '../pipeline/batcher.js';
import { RefusedError } from '../otlp/errors.js';
import { entryHolds, spoolBodyBytes, type Spool, type SpoolBody, type SpoolEntry } from '../spool/spool.js';
import type { Telemetry } from '../telemetry.js';
import { ArrivalRate } from './arrival-rate.js';
import { isPermanentStoreError, isRejectedDataError, type InsertSource } from './insert-batch.js';
import { formatOfExt, JSON_LINES, type EncodedRows, type RowEncoding } from './row-encoding.js';

export type InsertFn = (table: string, source: InsertSource, token: string) => Promise<void>;

/** An ack or a read waiting until the drainer has inserted a spooled batch. */
interface InsertWaiter {
  table: string;
  seq: number;
  resolve: () => void;
  /** An ack waiting for the insert: refused when the store refuses the batch's rows (a read just goes on). */
  reject?: (err: Error) => void;
}

export interface DurableWriterOptions {
  /** The batches' limits; with a spool, `maxDelayMs` is also how long the drainer waits for more after the last batch came (see `gather`). */
  batch: BatcherOptions;
  /** An insert slower than this is spooled instead (the store is "slow"); the late insert is deduplicated on replay. */
  insertTimeoutMs: number;
  /** Spool for batches the store could not take yet; undefined → errors go back to the client as retryable. */
  spool?: Spool;
  /** Most bytes the drainer combines from consecutive spooled batches into one insert. */
  maxInsertBytes?: number;
  /** Longest the drainer lets a backlog grow into one insert after the last one began (see `gather`). */
  gatherMs?: number;
  /** The gather window at the start of a run of traffic, growing to `gatherMs` (default MIN_GATHER_MS; `gatherMs` itself: no ramp). */
  gatherStartMs?: number;
  /** Spool backlog (or batch size) above which a spooled batch is acknowledged before it is inserted. */
  writeAheadAboveBytes?: number;
  /** Arrival rate (bytes/s over the last second) from which every batch is acknowledged once spooled. */
  writeAheadFromBytesPerSecond?: number;
  /** No request in progress upstream for longer than the gaps between recent ones: the drainer stops gathering. */
  trafficStopped?: () => boolean;
  signal: string;
  telemetry?: Telemetry;
  log?: (msg: string) => void;
}

/**
 * ~900 GenAI spans (a few OTel SDK exports): less than that drains within an insert, so light
 * traffic keeps read-after-ack. Above it senders no longer wait for inserts: 4 senders of 500
 * spans went from 7.3k to 22k stored spans/s when this fell from 8 MiB (measured).
 */
const DEFAULT_WRITE_AHEAD_ABOVE_BYTES = 2 * 2 ** 20;

/**
 * ~1,000 GenAI spans a second (one request up to the backlog bound still counts as light). Below
 * it, acks wait for inserts: every reader — the API, Grafana, a query service in another process —
 * sees a span once its export returns. From it on no ack waits for an insert: one sequential
 * sender (an OTel BatchSpanProcessor, one export at a time) was held to the batch delay plus an
 * insert per export, 1.9k stored spans/s; acked from the spool it reached 16k (16 senders ~+6%,
 * paired runs). Reads through the API then wait on `readBarrier()`.
 */
const DEFAULT_WRITE_AHEAD_FROM_BYTES_PER_SECOND = 2 * 2 ** 20;

/**
 * Batch delay while batches are spooled: the next turn of the event loop, so requests decoded in
 * this one still join the batch. 5 ms held every export of a sequential sender (an OTel
 * BatchSpanProcessor) that long for nothing: 0 took one sender from ~29k to ~43k acknowledged
 * spans/s, with 16 senders no change (paired runs, docs/benchmarks.md).
 */
const WRITE_AHEAD_DELAY_MS = 0;

/**
 * Longest the drainer lets a backlog grow into a bigger insert by default (see `gather`). Under
 * steady heavy load merges are the engine's biggest cost; inserts gathered over 2 s (up to 128 MiB)
 * halved them against 1 s / 64 MiB: 1M GenAI spans stored at 32.2k/s instead of 25.6k/s, for ~130–200
 * MiB more peak RSS and API reads under load waiting ~1 s instead of ~0.4 s (docs/benchmarks.md).
 */
export const DEFAULT_GATHER_MS = 2000;
const GATHER_STEP_MS = 10;

/** The gather window at the start of a run of traffic by default (see `gatherWindowMs`). */
export const MIN_GATHER_MS = 250;

/**
 * How long the drainer lets a backlog grow, `loadMs` into a run of traffic: a quarter of the run so
 * far, between `startMs` and `gatherMs`. Big inserts pay off under steady load (merges), where the
 * window reaches `gatherMs` after a few seconds; a burst of a few seconds is over before that. With
 * `gatherMs` from its start, the engine idled while a burst came, then inserted most of it alone after
 * the last ack with one core idle. Against that, 100k-span bursts from 16 senders stored a median
 * 41.7k vs 36.0k spans/s (six runs each, alternating); 1M sustained 38.9k vs 37.5k (five each, merges
 * ~10% more CPU). A fixed 250 ms window did as well on bursts but cost sustained runs up to 30%
 * (docs/benchmarks.md).
 */
export function gatherWindowMs(loadMs: number, startMs: number, gatherMs: number): number {
  return Math.min(gatherMs, Math.max(startMs, loadMs / 4));
}

/** Longest a read waits for the inserts of what was acknowledged before it (see `readBarrier`). */
const READ_BARRIER_TIMEOUT_MS = 5000;

/** Big inserts amortize the engine's per-insert and per-part cost (20k rows insert ~2× faster than 2k, measured). */
export const DEFAULT_MAX_INSERT_BYTES = 128 * 2 ** 20;

/**
 * Batches rows per table; a batch is acknowledged once inserted or fsynced to the spool.
 *
 * When the store is idle a batch is inserted right away and acknowledged after the insert.
 * While an insert runs, the next batches are fsynced to the spool and a background drainer
 * inserts them in order, combined into big inserts, each with a dedup token kept in its file
 * name (or its group manifest's) so a replay is dropped by the store. Their acks wait for that
 * insert while the backlog is small (light traffic reads back as soon as its export returns);
 * once the store is behind, or a single batch is as big as a backlog, they are acknowledged as
 * soon as they are fsynced (write-ahead), so clients don't wait for it. So is every batch while
 * traffic arrives faster than `writeAheadFromBytesPerSecond`; reads through the API then wait on
 * `readBarrier()` for what was acknowledged before them.
 */

export class DurableWriter {
  private readonly batchers = new Map<string, Batcher<EncodedRows>>();
  private draining: Promise<void> | undefined;
  /** The insert of a batch written through (not spooled); spooled batches drain after it. */
  private direct: Promise<unknown> | undefined;
  private stopped = false;
  private backoffTimer: NodeJS.Timeout | undefined;
  private wake: (() => void) | undefined;
  private drainWaiters: (() => void)[] = [];
  /** Acks (light traffic, small backlogs) and reads held until the drainer has inserted their spooled batch. */
  private insertWaiters: InsertWaiter[] = [];
  private readonly arrivals = new ArrivalRate();
  /** The last insert failed: acks come from the spool until one succeeds. */
  private storeFailing = false;
  /** Flushes waiting for the spool: the drainer inserts without gathering. */
  private flushing = 0;
  // The first insert does not wait: nothing was inserted within the last `gatherMs`.
  private lastInsertStart = -Infinity;
  /** When the current run of traffic began: the first batch spooled since the drainer last saw traffic pause. */
  private loadSince: number | undefined;

  constructor(
    private readonly insert: InsertFn,
    private readonly options: DurableWriterOptions,
    private readonly encodingFor: (table: string) => RowEncoding = () => JSON_LINES,
  ) {
    if (options.spool) options.telemetry?.watchSpool(options.spool);
    if (options.spool?.size) this.kickDrain();
  }

  private get maxInsertBytes(): number {
    return this.options.maxInsertBytes ?? DEFAULT_MAX_INSERT_BYTES;
  }

  /** An insert is running (a batch written through, or the drainer): new batches go to the spool. */
  private get storeBusy(): boolean {
    return this.direct !== undefined || this.draining !== undefined;
  }

  /** Traffic arrives faster than acks waiting for inserts could keep up with: write-ahead for all of it. */
  private get heavyTraffic(): boolean {
    return this.arrivals.perSecond() >= (this.options.writeAheadFromBytesPerSecond ?? DEFAULT_WRITE_AHEAD_FROM_BYTES_PER_SECOND);
  }

  get queueDepth(): number {
    let n = 0;
    for (const b of this.batchers.values()) n += b.depth;
    return n;
  }

  /** Resolves once every row is written or spooled. */
  write(encoded: EncodedRows): Promise<void> {
    const table = encoded.table;
    let b = this.batchers.get(table);
    if (!b) {
      // With a spool, a second batch can be spooled while the first is being inserted; and while
      // batches go to the spool there is no point holding them back: the drainer combines them.
      const spooling = () => (this.options.spool && (this.storeBusy || this.heavyTraffic) ? WRITE_AHEAD_DELAY_MS : undefined);
      b = new Batcher(
        // Rows the store refused: each request's rows are tried alone, so only the bad request's sender gets the 400.
        { maxConcurrent: this.options.spool ? 2 : 1, delayNowMs: spooling, ...this.options.batch, retryAlone: isBadRequest },
        (batch) => this.deliver(table, batch),
      );
      this.batchers.set(table, b);
    }
    if (encoded.rows === 0) return Promise.resolve();
    this.arrivals.add(spoolBodyBytes(encoded.body));
    return b.add([encoded], encoded.rows);
  }

  /** Writes pending batches and, while the store takes them, waits until the spool has drained. */
  async flush(): Promise<void> {
    this.flushing++;
    try {
      await Promise.all([...this.batchers.values()].map((b) => b.flush()));
      await this.direct?.catch(() => {});
      if (this.options.spool?.size && !this.stopped) await new Promise<void>((resolve) => this.drainWaiters.push(resolve));
    } finally {
      this.flushing--;
    }
  }

  /** Flushes batches and drains the spool while the store takes it; what remains replays on next start. */
  async shutdown(): Promise<void> {
    await this.flush();
    this.stopped = true;
    this.releaseAllInsertWaiters();
    if (this.backoffTimer) clearTimeout(this.backoffTimer);
    this.wake?.();
    await this.draining;
    this.releaseDrainWaiters();
  }

  private async deliver(table: string, parts: EncodedRows[]): Promise<void> {
    // Inserts tried with these bodies: one that timed out may still be reading them.
    const attempts: Promise<unknown>[] = [];
    let writtenAgain = false;
    try {
      await this.deliverParts(table, parts, attempts);
    } catch (err) {
      // The batcher writes each part again alone (`retryAlone`): those writes release them.
      writtenAgain = parts.length > 1 && isBadRequest(err);
      throw err;
    } finally {
      // Released once no insert can read them any more — without holding up the acknowledgement.
      if (!writtenAgain) {
        void Promise.allSettled(attempts).then(() => {
          for (const p of parts) p.release?.();
        });
      }
    }
  }

  private async deliverParts(table: string, parts: EncodedRows[], attempts: Promise<unknown>[]): Promise<void> {
    const encoding = this.encodingFor(table);
    const body = encoding.join(parts.map((p) => p.body));
    const token = randomUUID();
    let rows = 0;
    for (const p of parts) rows += p.rows;
    this.options.telemetry?.batchSize.observe({ signal: this.options.signal }, rows);
    const spool = this.options.spool;
    if (!spool) return this.insertNow(table, { body, format: encoding.format }, token, attempts);
    // A batch as big as a backlog is treated as one: spooled and acknowledged once fsynced, so
    // senders go on while the store inserts it. Waiting for its insert instead kept senders and
    // store in lock-step (the store idle while requests decode, and the reverse) and capped
    // inserts at what clients hold in flight (~70% of two cores busy vs ~86%, measured).
    if (this.storeBusy || spool.size > 0 || this.heavyTraffic || this.isBacklog(spool.bytes + spoolBodyBytes(body))) return this.toSpool(table, token, body, { ext: encoding.ext });
    const seq = spool.reserveSeq();
    const inserting = this.insertNow(table, { body, format: encoding.format }, token, attempts);
    this.direct = inserting;
    try {
      await inserting;
    } catch (err) {
      if (!(err instanceof RefusedError) || !err.retryable) throw err;
      this.options.log?.(`insert into ${table} failed (${(err as Error).message}); spooling to disk`);
      await this.toSpool(table, token, body, { ext: encoding.ext, seq, sealed: true });
    } finally {
      if (this.direct === inserting) this.direct = undefined;
    }
  }

  /** Inserts one batch; an outage or a timeout becomes a retryable refusal. The insert itself is added to `attempts`. */
  private async insertNow(table: string, source: InsertSource, token: string, attempts: Promise<unknown>[]): Promise<void> {
    try {
      await this.timedInsert(table, source, token, attempts);
    } catch (err) {
      if (isRejectedDataError(err)) throw rowsRefused(err as Error);
      // An outage, or a schema not what it should be (a table dropped on a server): the rows are
      // fine, so they wait in the spool until the store takes them, as in an outage.
      throw new RefusedError('store_unavailable', `store unavailable: ${(err as Error).message}`, 2, { cause: err });
    }
  }

  /** One insert within the timeout, written through or drained from the spool alike, timed in the insert-duration histogram. */
  private async timedInsert(table: string, source: InsertSource, token: string, attempts?: Promise<unknown>[]): Promise<void> {
    const started = performance.now();
    let outcome = 'error';
    try {
      const attempt = this.insert(table, source, token);
      attempts?.push(attempt);
      await withTimeout(attempt, this.options.insertTimeoutMs);
      outcome = 'ok';
    } finally {
      this.options.telemetry?.exportSeconds.observe({ signal: this.options.signal, outcome }, (performance.now() - started) / 1000);
    }
  }

  private async toSpool(table: string, token: string, body: SpoolBody, options: Parameters<Spool['append']>[3]): Promise<void> {
    const spool = this.options.spool!;
    const paused = !this.appendedLately(spool);
    const entry = await spool.append(table, token, body, options);
    if (paused || this.loadSince === undefined) this.loadSince = performance.now();
    this.kickDrain();
    // A small backlog of light traffic drains in a moment: acknowledge after the insert, so what
    // a client sent reads back once its export returns. A bigger one means the store is behind,
    // heavy traffic would wait on inserts: ack now. (A drain already running may have inserted
    // the batch before this continuation ran.)
    if (!this.stopped && !this.storeFailing && !this.heavyTraffic && !this.isBacklog(spool.bytes) && spool.holds(table, entry.first)) {
      await new Promise<void>((resolve, reject) => this.insertWaiters.push({ table, seq: entry.first, resolve, reject }));
    }
  }

  /**
   * Resolves once what was acknowledged before the call can be read from the store: once the
   * spooled batches are inserted (the drainer no longer gathering), or after `timeoutMs`. At once
   * when nothing waits in the spool, and when the store is failing or behind by more than one
   * insert (after an outage): a read can't be current then, and waiting would only slow it.
   */
  readBarrier(timeoutMs = READ_BARRIER_TIMEOUT_MS): Promise<void> {
    const spool = this.options.spool;
    if (!spool?.size || spool.bytes > this.maxInsertBytes || this.storeFailing || this.stopped) return Promise.resolve();
    const waiters: InsertWaiter[] = [];
    const inserted = Promise.all(
      [...spool.newestByTable()].map(([table, seq]) => new Promise<void>((resolve) => waiters.push({ table, seq, resolve }))),
    );
    this.insertWaiters.push(...waiters);
    this.kickDrain();
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)));
    return Promise.race([inserted, timedOut]).then(() => {
      clearTimeout(timer);
      // Waiters left after a timeout would keep the drainer from gathering.
      this.insertWaiters = this.insertWaiters.filter((w) => !waiters.includes(w));
    });
  }

  /** The store is behind (or about to be) by this many bytes: acknowledge from the spool. */
  private isBacklog(bytes: number): boolean {
    return bytes > (this.options.writeAheadAboveBytes ?? DEFAULT_WRITE_AHEAD_ABOVE_BYTES);
  }

  /** Resolves the acks waiting for spooled batches that `entry` held (or refuses them with `refusal`). */
  private releaseInserted(entry: SpoolEntry, refusal?: Error): void {
    this.insertWaiters = this.insertWaiters.filter((w) => {
      const held = entryHolds(entry, w.table, w.seq);
      if (held) {
        if (refusal && w.reject) w.reject(refusal);
        else w.resolve();
      }
      return !held;
    });
  }

  /** The spooled data is durable: when the store can't take it now, acknowledge from the spool (and reads go on). */
  private releaseAllInsertWaiters(): void {
    for (const w of this.insertWaiters.splice(0)) w.resolve();
  }

  private kickDrain(): void {
    this.draining ??= this.drain().finally(() => {
      this.draining = undefined;
      if (!this.stopped && this.options.spool?.size) this.kickDrain();
      else this.releaseDrainWaiters();
    });
  }

  private releaseDrainWaiters(): void {
    for (const resolve of this.drainWaiters.splice(0)) resolve();
  }

  /**
   * While batches keep arriving and no ack or read waits for its insert, lets the backlog grow
   * into one insert of up to `maxInsertBytes` for at most the gather window (`gatherWindowMs`: from
   * `gatherStartMs` at the start of a run of traffic up to `gatherMs`) after the last one began:
   * a few big inserts under load, as ClickHouse advises, rather than one of whatever had
   * arrived after each insert (many small parts: merges were the engine's biggest cost). No batch
   * for `max_delay`, or no request in progress upstream for longer than the gaps between recent
   * ones (`trafficStopped`): traffic paused, insert what there is. (Under load on two busy cores, appends
   * paused for more than 50 ms while traffic went on, which cut gathering short: ~3 inserts a
   * second instead of one; 200 ms, the default, was +18% in 2 of 3 paired runs, measured.)
   */
  /** A batch was spooled within `max_delay`: traffic is still coming (longer without one is a pause). */
  private appendedLately(spool: Spool): boolean {
    return Date.now() - spool.lastAppendMs < this.options.batch.maxDelayMs;
  }

  private async gather(spool: Spool): Promise<void> {
    const maxGatherMs = this.options.gatherMs ?? DEFAULT_GATHER_MS;
    const startGatherMs = this.options.gatherStartMs ?? MIN_GATHER_MS;
    for (;;) {
      const now = performance.now();
      const windowMs = gatherWindowMs(now - (this.loadSince ?? now), startGatherMs, maxGatherMs);
      const left = windowMs - (now - this.lastInsertStart);
      const arriving = this.appendedLately(spool) && !this.options.trafficStopped?.();
      // Traffic paused: the next batch begins a new run, whose first inserts gather briefly again.
      if (!arriving) this.loadSince = undefined;
      if (left <= 0 || !arriving || spool.bytes >= this.maxInsertBytes || this.stopped || this.flushing > 0 || this.insertWaiters.length > 0) break;
      await new Promise((resolve) => setTimeout(resolve, Math.min(GATHER_STEP_MS, left)));
    }
    this.lastInsertStart = performance.now();
  }

  /**
   * The store refused an entry's rows (it inserted none of them). A group is split into its
   * batches, tried one by one next; a single batch is moved to the spool's `rejected/`
   * directory with the store's message, counted and logged, and the drain goes on — one bad
   * batch must not hold up everything acknowledged after it. Requests of that batch still
   * waiting for its insert (light traffic: not acknowledged yet) are refused with 400.
   */
  private async setAside(spool: Spool, entry: SpoolEntry, err: Error): Promise<void> {
    if (entry.files.length > 1 && spool.split(entry).length > 1) {
      this.options.log?.(`store refused the rows of spooled batches ${entry.first}-${entry.last} for ${entry.table} (${err.message}); inserting them one by one`);
      return;
    }
    const kept = await spool.reject(entry, err.message);
    this.options.telemetry?.rejectedBatches.inc({ table: entry.table });
    this.options.log?.(`store refused the rows of spooled batch ${entry.first}-${entry.last} for ${entry.table} (${err.message}); set aside in ${kept.join(', ')}`);
    // A light-traffic request still waiting for this insert was not acknowledged yet: it is refused instead.
    this.releaseInserted(entry, rowsRefused(err));
  }

  private async drain(): Promise<void> {
    const spool = this.options.spool!;
    let backoff = 250;
    for (;;) {
      // A batch written through holds an earlier place in the order: let it land (or be spooled) first.
      await this.direct?.catch(() => {});
      if (!spool.size) return;
      let entry: SpoolEntry | undefined;
      try {
        await this.gather(spool);
        entry = await spool.seal(spool.head(this.maxInsertBytes), randomUUID());
        await this.timedInsert(entry.table, { files: entry.files, format: formatOfExt(entry.ext) }, entry.token);
        await spool.remove(entry);
        this.storeFailing = false;
        this.releaseInserted(entry);
        backoff = 250;
      } catch (err) {
        if (entry && isRejectedDataError(err)) {
          try {
            await this.setAside(spool, entry, err as Error);
            continue;
          } catch (asideErr) {
            // E.g. a full disk: retried after the backoff below, like an outage.
            this.options.log?.(`could not set aside spooled batch ${entry.first}-${entry.last} for ${entry.table}: ${(asideErr as Error).message}`);
          }
        }
        if (isPermanentStoreError(err)) {
          this.options.log?.(`spooled batch ${entry?.first}-${entry?.last} for ${entry?.table} cannot be inserted (${(err as Error).message}); keeping it in the spool`);
        }
        // Whoever waits for the drain (a flush, an ack) gets an answer now rather than after the outage.
        this.storeFailing = true;
        this.releaseDrainWaiters();
        this.releaseAllInsertWaiters();
        if (this.stopped) return;
        await new Promise<void>((resolve) => {
          this.wake = resolve;
          this.backoffTimer = setTimeout(resolve, backoff);
        });
        backoff = Math.min(backoff * 2, 10_000);
        if (this.stopped) return;
      }
    }
  }
}

const isBadRequest = (err: unknown) => err instanceof RefusedError && err.reason === 'bad_request';

/** What a sender whose rows the store refused is answered (400: sending them again cannot help). */
function rowsRefused(err: Error): RefusedError {
  return new RefusedError('bad_request', `the store refused the rows: ${err.message}`, undefined, { cause: err });
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  if (!Number.isFinite(ms) || ms <= 0) return p;
  let timer: NodeJS.Timeout;
  return Promise.race([
    p,
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`insert took longer than ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}
