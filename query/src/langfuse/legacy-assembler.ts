/**
 * Writes staged Langfuse ingestion events (legacy-events.ts) as spans once their trace is quiet:
 * Langfuse's SDKs send an observation's create and its update (end time, output, usage) apart,
 * seconds or minutes apart, and a span is written once. An observation that has not ended waits
 * (up to `openMaxMs`); the trace's own span waits for them. Spans go through the genai processor,
 * as the collector's would, and into otel_traces with a dedup token per set of entities, so a
 * crash between the insert and its record writes nothing twice.
 */
import { createHash } from 'node:crypto';
import {
  createGenAiProcessor, insertRows, LANGFUSE_EMITTED_TABLE, LANGFUSE_EVENTS_TABLE, readTraces, TABLES, traceRows, type ProjectPriceSource, type Store,
} from '@watchllm/collector';
import { readRows } from '../reader/query.js';
import { isComplete, mergeEntities, otlpRequest, type LangfuseEntity, type StoredEvent } from './legacy-spans.js';

export interface LegacyAssemblerOptions {
  /** No event for this long: the trace's finished observations are written. */
  quietMs?: number;
  /** An observation that never ended is written after this long anyway (with its start as end). */
  openMaxMs?: number;
  log?: (msg: string) => void;
  /** Each project's model prices (the runtime's); omitted → the catalog's alone. */
  projectPrices?: ProjectPriceSource;
}

interface PendingTrace {
  ProjectId: string;
  TraceId: string;
  FirstMs: string;
  LastMs: string;
}

/**
 * How far before the last run's watermark a run looks again: events whose insert was still under way
 * during that run, and another query service's clock running behind this one's.
 */
const SCAN_MARGIN_MS = 10 * 60_000;

export class LegacyAssembler {
  private readonly genai: ReturnType<typeof createGenAiProcessor>;
  private readonly quietMs: number;
  private readonly openMaxMs: number;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;
  /**
   * Events received before this were all written when the last run ended (or wait in a trace found
   * after it): a run reads only the staging table's recent rows, not the week it keeps.
   * 0 until the first run has read everything staged (a restart).
   */
  private scanFromMs = 0;
  /** Late events already reported (trace, entity, their newest time), so a trace looked at again is not reported again. */
  private readonly reportedLate = new Set<string>();

  constructor(
    private readonly store: Store,
    private readonly options: LegacyAssemblerOptions = {},
  ) {
    this.genai = createGenAiProcessor({ customPrices: [] }, undefined, options.projectPrices);
    this.quietMs = options.quietMs ?? 15_000;
    this.openMaxMs = options.openMaxMs ?? 600_000;
  }

  /** Events arrived (or the process started): look at the staged traces after the quiet time. */
  kick(delayMs = this.quietMs): void {
    if (this.stopped || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      // Events kept while a run was under way: look again once it is done.
      if (this.running) {
        void this.running.then(() => this.kick(0));
        return;
      }
      this.running = this.runOnce()
        .then((pending) => {
          if (pending > 0) this.kick();
        })
        .catch((err: unknown) => {
          this.options.log?.(`writing Langfuse ingestion events as spans failed (${(err as Error).message}); retrying`);
          this.kick();
        })
        .finally(() => (this.running = undefined));
    }, delayMs);
    this.timer.unref();
  }

  stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    return this.running ?? Promise.resolve();
  }

  /** Writes what is ready; how many traces still wait. */
  async runOnce(now = Date.now()): Promise<number> {
    // Events received after their entity was written (never written: 1970, the join default or null): new entities, and
    // late events reported by writeTrace. An entity is written after its events came, so older writes are not asked for.
    const pending = await readRows<PendingTrace>(
      this.store,
      `SELECT ev.ProjectId AS ProjectId, ev.TraceId AS TraceId,
              toString(toUnixTimestamp64Milli(min(ev.ReceivedAt))) AS FirstMs, toString(toUnixTimestamp64Milli(max(ev.ReceivedAt))) AS LastMs
       FROM ${this.store.table(LANGFUSE_EVENTS_TABLE)} AS ev
       LEFT JOIN (
         SELECT ProjectId, TraceId, EntityId, max(EmittedAt) AS LastEmittedAt FROM ${this.store.table(LANGFUSE_EMITTED_TABLE)}
         WHERE EmittedAt >= fromUnixTimestamp64Milli({since:Int64}) GROUP BY ProjectId, TraceId, EntityId
       ) AS em ON ev.ProjectId = em.ProjectId AND ev.TraceId = em.TraceId AND ev.EntityId = em.EntityId
       WHERE ev.ReceivedAt >= fromUnixTimestamp64Milli({since:Int64}) AND ev.ReceivedAt > coalesce(em.LastEmittedAt, toDateTime64(0, 3))
       GROUP BY ev.ProjectId, ev.TraceId`,
      { since: this.scanFromMs },
    );
    let waiting = 0;
    let failure: unknown;
    let oldestWaitingMs = now;
    for (const t of pending) {
      // One trace the store refuses does not hold up the others; the run fails (and is tried again) after them.
      const written = now - Number(t.LastMs) >= this.quietMs && (await this.writeTrace(t.ProjectId, t.TraceId, now).catch((err: unknown) => ((failure ??= err), false)));
      if (!written) {
        waiting++;
        oldestWaitingMs = Math.min(oldestWaitingMs, Number(t.FirstMs));
      }
    }
    if (failure) throw failure;
    this.scanFromMs = Math.max(this.scanFromMs, oldestWaitingMs - SCAN_MARGIN_MS);
    return waiting;
  }

  /** Writes a trace's finished observations now, without waiting for it to go quiet (a score names it). */
  writeNow(projectId: string, traceId: string): Promise<boolean> {
    return this.writeTrace(projectId, traceId, Date.now());
  }

  /** Writes the trace's entities that are ready; whether none is left waiting. */
  private async writeTrace(projectId: string, traceId: string, now: number): Promise<boolean> {
    const [events, emitted] = await Promise.all([
      readRows<{ EntityId: string; EventType: string; Body: string; ReceivedMs: string }>(
        this.store,
        `SELECT EntityId, EventType, Body, toString(toUnixTimestamp64Milli(ReceivedAt)) AS ReceivedMs
         FROM ${this.store.table(LANGFUSE_EVENTS_TABLE)} WHERE ProjectId = {projectId:String} AND TraceId = {traceId:String}
         ORDER BY EventTime, EventType, ReceivedAt`,
        { projectId, traceId },
      ),
      readRows<{ EntityId: string; EmittedMs: string }>(
        this.store,
        `SELECT EntityId, toString(toUnixTimestamp64Milli(max(EmittedAt))) AS EmittedMs FROM ${this.store.table(LANGFUSE_EMITTED_TABLE)}
         WHERE ProjectId = {projectId:String} AND TraceId = {traceId:String} GROUP BY EntityId`,
        { projectId, traceId },
      ),
    ]);
    const emittedMs = new Map(emitted.map((e) => [e.EntityId, Number(e.EmittedMs)]));
    const done = new Set(emittedMs.keys());
    const stored: StoredEvent[] = events.map((e) => ({ entityId: e.EntityId, type: e.EventType, body: JSON.parse(e.Body) as Record<string, unknown>, receivedMs: Number(e.ReceivedMs) }));
    const entities = mergeEntities(stored);
    this.reportLate(traceId, [...entities.values()].filter((e) => e.lastReceivedMs > (emittedMs.get(e.id) ?? Infinity)));
    const overdue = (e: LangfuseEntity) => now - e.lastReceivedMs >= this.openMaxMs;
    const open = [...entities.values()].filter((e) => !done.has(e.id) && e.kind !== 'trace' && !isComplete(e) && !overdue(e));
    // The trace's own span spans its observations: it waits until none is still open.
    const ready = [...entities.values()].filter((e) => !done.has(e.id) && !open.includes(e) && (e.kind !== 'trace' || open.length === 0));
    if (ready.length > 0) await this.write(projectId, traceId, entities, ready, now);
    return ready.length === [...entities.values()].filter((e) => !done.has(e.id)).length;
  }

  /**
   * Events for an observation (or the trace) that was already written: a span is written once, so they are not
   * applied. Said once per event, so an operator learns to raise the quiet time (`WATCHLLM_LANGFUSE_QUIET_MS`).
   */
  private reportLate(traceId: string, late: LangfuseEntity[]): void {
    const unreported = late.filter((e) => !this.reportedLate.has(`${traceId}\u0000${e.id}\u0000${e.lastReceivedMs}`));
    if (unreported.length === 0) return;
    if (this.reportedLate.size > 10_000) this.reportedLate.clear();
    for (const e of unreported) this.reportedLate.add(`${traceId}\u0000${e.id}\u0000${e.lastReceivedMs}`);
    this.options.log?.(
      `Langfuse trace ${traceId.slice(0, 64)}: events for ${unreported.map((e) => e.id.slice(0, 64)).join(', ')} came after ${unreported.length === 1 ? 'it was' : 'they were'} written as spans and are not applied (spans are written once a trace is quiet for WATCHLLM_LANGFUSE_QUIET_MS)`,
    );
  }

  private async write(projectId: string, traceId: string, all: Map<string, LangfuseEntity>, ready: LangfuseEntity[], now: number): Promise<void> {
    const batch = this.spansOf(projectId, traceId, all, ready);
    // The same entities always make the same insert: a replay after a crash is dropped by the store.
    const token = createHash('sha256').update(`${projectId}\u0000${traceId}\u0000${ready.map((e) => e.id).sort().join('\u0000')}`).digest('hex');
    // A store error throws (the run is tried again later); spans that cannot be made were logged and are not tried again.
    if (batch) await insertRows(this.store, TABLES.traces, traceRows(batch), token);
    await insertRows(this.store, LANGFUSE_EMITTED_TABLE, ready.map((e) => ({ ProjectId: projectId, TraceId: traceId, EntityId: e.id, EmittedAt: (now / 1000).toFixed(3) })));
  }

  /** The entities as spans, normalized and priced; undefined (logged) when they cannot be decoded as OTLP. */
  private spansOf(projectId: string, traceId: string, all: Map<string, LangfuseEntity>, ready: LangfuseEntity[]) {
    try {
      const batch = this.genai.processTraces(readTraces(Buffer.from(JSON.stringify(otlpRequest(traceId, all, ready))), 'json', projectId));
      if (batch.rejectedSpans > 0) this.options.log?.(`Langfuse trace ${traceId.slice(0, 64)}: ${batch.rejectionReasons.join('; ')}`);
      return batch;
    } catch (err) {
      this.options.log?.(`Langfuse trace ${traceId.slice(0, 64)} cannot be written as spans (${(err as Error).message}); its events are set aside`);
      return undefined;
    }
  }
}
