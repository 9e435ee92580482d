/**
 * Scores new spans with each enabled evaluator, in the query service (the runtime starts and stops
 * it, as the Langfuse legacy assembler): every few seconds one round at a time, per evaluator a
 * bounded batch of the spans it has yet to score, the earliest first. A score is written as an
 * evaluation of its span with an id and insert token derived from (evaluator, span), so a retry or
 * another query service scoring the same span at the same moment stores it once; spans already
 * scored are not asked for again. How far each evaluator got is kept in the store, so a restart
 * resumes there (looking back a margin for spans that arrived late). Of several query services, one
 * scores in each period (six rounds, 30 s by default: a lease claimed per period), so the judge is not asked twice.
 */
import type { Store } from '@watchllm/collector';
import { writeEvaluation } from '../evaluation-writer.js';
import { evaluate } from './evaluate.js';
import { evaluatorAuthor, EvaluatorSpans, type CandidateSpan } from './evaluator-spans.js';
import type { EvaluatorStore, ProjectEvaluator } from './evaluator-store.js';
import type { JudgeAccess } from './judge-access.js';
import type { Judge } from './judge-client.js';
import { WorkerLease } from './worker-lease.js';

export interface EvaluatorWorkerOptions {
  intervalMs?: number;
  /** Spans per evaluator per round. */
  batch?: number;
  log?: (msg: string) => void;
}

/** An evaluator created now scores the spans of the hour before too: what was just sent is there to try it on. */
export const LOOKBACK_MS = 3_600_000;
/** Spans that arrive this much later than their start are still scored (a batch exported late, a slow insert). */
const LATE_MARGIN_NS = 10n * 60n * 1_000_000_000n;
/** A span whose answers cannot be read this many times is passed over. */
const SPAN_ATTEMPTS = 3;
/** After a failure every span would share (no key, the judge down), the evaluator waits this long. */
const EVALUATOR_PAUSE_MS = 30_000;
const LOG_EVERY_MS = 60_000;
const MAX_EXPLANATION = 4096;

interface EvaluatorState {
  /** Unix ns before which every span was scored or passed over; undefined until read from the store. */
  doneNs?: bigint;
  attempts: Map<string, number>;
  /** Spans passed over (`${traceId}/${spanId}` → start ns), left out of later scans. */
  givenUp: Map<string, bigint>;
  pausedUntilMs: number;
  errors: number;
  unloggedErrors: number;
  loggedAtMs: number;
  lastError?: string;
}

type SpanResult = 'scored' | 'gone' | { failed: 'span' | 'evaluator'; error: string };

export interface EvaluatorHealth {
  errors: number;
  lastError: string | null;
}

export class EvaluatorWorker {
  private readonly spans: EvaluatorSpans;
  private readonly states = new Map<string, EvaluatorState>();
  private readonly intervalMs: number;
  private readonly batch: number;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;
  private stopped = false;
  /** One query service scores in each period: replicas would otherwise each pay the judge for the same spans. */
  private readonly lease: WorkerLease;
  private heldLastRound = false;

  constructor(
    private readonly store: Store,
    private readonly evaluators: EvaluatorStore,
    private readonly judge: Judge,
    private readonly access: JudgeAccess,
    private readonly options: EvaluatorWorkerOptions = {},
  ) {
    this.spans = new EvaluatorSpans(store);
    this.intervalMs = options.intervalMs ?? 5_000;
    this.batch = options.batch ?? 20;
    // A handful of rounds per period: a service that stops leaves that long without scoring.
    this.lease = new WorkerLease(store, 'evaluators', Math.max(5_000, this.intervalMs * 6));
  }

  start(): void {
    this.schedule(0);
  }

  /** Stops the timer and waits for a round under way. Idempotent. */
  stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    return (this.running ?? Promise.resolve()).then(() => {});
  }

  /** Errors this service met running an evaluator since it started (undefined: none). */
  health(projectId: string, name: string): EvaluatorHealth | undefined {
    const st = this.states.get(key(projectId, name));
    return st && st.errors > 0 ? { errors: st.errors, lastError: st.lastError ?? null } : undefined;
  }

  /** One round over every enabled evaluator; how many scores it wrote. */
  async runOnce(nowMs = Date.now()): Promise<number> {
    if (!(await this.lease.holds(nowMs))) {
      this.heldLastRound = false;
      return 0;
    }
    // Taken over from another service: its progress since is in the store, not in this one's memory.
    if (!this.heldLastRound) for (const st of this.states.values()) st.doneNs = undefined;
    this.heldLastRound = true;
    const evaluators = await this.evaluators.enabledEverywhere();
    let written = 0;
    for (const ev of evaluators) {
      written += await this.runEvaluator(ev, nowMs).catch((err: unknown) => {
        this.failed(ev, (err as Error).message, nowMs);
        return 0;
      });
    }
    return written;
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.runOnce()
        .catch((err: unknown) => this.options.log?.(`online evaluators: reading their definitions failed (${(err as Error).message}); trying again`))
        .finally(() => {
          this.running = undefined;
          this.schedule(this.intervalMs);
        });
    }, delayMs);
    // The worker never keeps the process alive on its own.
    this.timer.unref();
  }

  private async runEvaluator(ev: ProjectEvaluator, nowMs: number): Promise<number> {
    const st = this.stateOf(ev);
    if (nowMs < st.pausedUntilMs) return 0;
    st.doneNs ??= BigInt(await this.spans.progress(ev.projectId, ev.name));
    const floorNs = BigInt(ev.createdAtMs - LOOKBACK_MS) * 1_000_000n;
    const fromNs = max(floorNs, st.doneNs - LATE_MARGIN_NS);
    for (const [k, startNs] of st.givenUp) if (startNs < fromNs) st.givenUp.delete(k);
    const batch = await this.spans.candidates(ev.projectId, ev, fromNs.toString(), this.batch, [...st.givenUp.keys()]);
    // The judge client caps calls in flight across evaluators.
    const results = await Promise.all(batch.map((c) => this.scoreSpan(ev, c)));
    let written = 0;
    let unresolvedNs: bigint | undefined;
    results.forEach((r, i) => {
      const c = batch[i];
      if (r === 'scored') written++;
      if (typeof r !== 'object') return;
      this.failed(ev, `span ${c.traceId}/${c.spanId}: ${r.error}`, nowMs, r.failed === 'evaluator');
      const id = `${c.traceId}/${c.spanId}`;
      const attempts = (st.attempts.get(id) ?? 0) + 1;
      st.attempts.set(id, attempts);
      if (r.failed === 'span' && attempts >= SPAN_ATTEMPTS) {
        st.givenUp.set(id, BigInt(c.startNs));
        st.attempts.delete(id);
      } else unresolvedNs ??= BigInt(c.startNs);
    });
    await this.advance(ev, st, batch, unresolvedNs, nowMs);
    return written;
  }

  /** Moves the evaluator's progress to its first unresolved span, else past the batch (to now when the batch was not full). */
  private async advance(ev: ProjectEvaluator, st: EvaluatorState, batch: CandidateSpan[], unresolvedNs: bigint | undefined, nowMs: number): Promise<void> {
    const lastNs = batch.length > 0 ? BigInt(batch[batch.length - 1].startNs) : 0n;
    // A batch short of full was every span due: later scans need look back only the late margin from now.
    const doneNs = unresolvedNs ?? (batch.length < this.batch ? max(lastNs, BigInt(nowMs) * 1_000_000n - LATE_MARGIN_NS) : lastNs);
    if (doneNs <= st.doneNs!) return;
    await this.spans.saveProgress(ev.projectId, ev.name, doneNs.toString());
    st.doneNs = doneNs;
  }

  private async scoreSpan(ev: ProjectEvaluator, c: CandidateSpan): Promise<SpanResult> {
    try {
      const subject = await this.spans.subject(ev.projectId, ev.target, c.traceId, c.spanId);
      if (!subject) return 'gone';
      const outcome = await evaluate(ev, subject, this.judge, this.access);
      if (!outcome.ok) return { failed: outcome.scope, error: outcome.error };
      const { score, label, reasoning } = outcome.verdict;
      await writeEvaluation(
        this.store,
        ev.projectId,
        { traceId: subject.traceId, spanId: subject.spanId, serviceName: subject.serviceName },
        { traceId: subject.traceId, spanId: subject.spanId, name: ev.name, score, label, explanation: reasoning ? reasoning.slice(0, MAX_EXPLANATION) : undefined, author: evaluatorAuthor(ev.name) },
        Date.now(),
        evaluationSourceId(ev.name, subject.traceId, subject.spanId),
      );
      return 'scored';
    } catch (err) {
      return { failed: 'evaluator', error: (err as Error).message };
    }
  }

  /** Counts an error; logs once a minute per evaluator at most, with how many came since. */
  private failed(ev: ProjectEvaluator, error: string, nowMs: number, pause = true): void {
    const st = this.stateOf(ev);
    st.errors++;
    st.unloggedErrors++;
    st.lastError = error;
    if (pause) st.pausedUntilMs = nowMs + EVALUATOR_PAUSE_MS;
    if (nowMs - st.loggedAtMs < LOG_EVERY_MS) return;
    this.options.log?.(`online evaluator "${ev.name}" (project ${ev.projectId}): ${st.unloggedErrors} error(s) since last said; latest: ${error}`);
    st.loggedAtMs = nowMs;
    st.unloggedErrors = 0;
  }

  private stateOf(ev: ProjectEvaluator): EvaluatorState {
    const k = key(ev.projectId, ev.name);
    let st = this.states.get(k);
    if (!st) this.states.set(k, (st = { attempts: new Map(), givenUp: new Map(), pausedUntilMs: 0, errors: 0, unloggedErrors: 0, loggedAtMs: 0 }));
    return st;
  }
}

/** What makes an evaluator's score of a span one score however often it is written: its id and insert token derive from it. */
export const evaluationSourceId = (evaluator: string, traceId: string, spanId: string) => `evaluator\u0000${evaluator}\u0000${traceId}\u0000${spanId}`;

const key = (projectId: string, name: string) => `${projectId}\u0000${name}`;
const max = (a: bigint, b: bigint) => (a > b ? a : b);
