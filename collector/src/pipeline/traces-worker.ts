/**
 * The event loop's side of the traces worker (traces-worker-thread.ts): hands it each request's
 * body, takes rate-limit tokens when it has counted the spans, and gets back the insert bodies.
 * One event loop doing HTTP, decoding, processors and encoding left the second core mostly idle;
 * this puts the per-span work there.
 */
import { Worker } from 'node:worker_threads';
import type { OtlpEncoding } from '../otlp/codec.js';
import { RefusedError } from '../otlp/errors.js';
import type { DecodedCounts } from '../otlp/partial-success.js';
import type { ProjectModels } from '../prices/project-prices.js';
import { BufferPool } from '../storage/buffer-pool.js';
import type { EncodedRows } from '../storage/row-encoding.js';
import type { MetricsJson, MetricsKind } from '../telemetry.js';
import { reviveError, type FromWorker, type ToWorker, type TracesWorkerInit, type WorkerEncoded } from './traces-worker-protocol.js';

export interface TracesWorkerResult {
  counts: DecodedCounts;
  /** Insert bodies of what the processors left (none when no span was valid). */
  encoded: EncodedRows[];
}

interface Pending {
  projectId: string;
  /** Tokens taken already (the worker asked before processing). */
  admitted: boolean;
  resolve(result: TracesWorkerResult): void;
  reject(err: Error): void;
}

// Run from sources (vitest), the worker is the build's: Node runs JavaScript in a worker thread.
const THREAD_URL = new URL(import.meta.url.endsWith('.ts') ? '../../dist/pipeline/traces-worker-thread.js' : './traces-worker-thread.js', import.meta.url);

const RESTART_DELAY_MS = 1000;

export interface TracesWorkerOptions {
  /** Called once a request's spans are counted, before the worker processes them: throw (a RefusedError) to refuse the request. */
  admit(projectId: string, spans: number): void;
  /** Whether insert bodies go back to the worker's pool once written (the embedded store's inserts; a server's stream them). */
  reuseBlocks: boolean;
  log?: (message: string) => void;
}

export class TracesWorker {
  private worker?: Worker;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly metricsWaiting = new Map<number, (m: MetricsJson) => void>();
  private returned: ArrayBuffer[] = [];
  private models?: ProjectModels;
  private stopped = false;

  constructor(
    private readonly init: TracesWorkerInit,
    private readonly options: TracesWorkerOptions,
  ) {}

  /** Resolves once the worker has built the pipeline's processors; rejects if it cannot. */
  start(): Promise<void> {
    return new Promise((resolve, reject) => {
      // V8's default young generation: 48, 192 and 384 MiB ran alike (each request's batch dies before the next is decoded).
      const worker = new Worker(THREAD_URL, { workerData: this.init });
      this.worker = worker;
      let ready = false;
      worker.on('message', (m: FromWorker) => {
        if (m.type !== 'ready') return this.receive(m);
        ready = true;
        if (this.models) this.post({ type: 'models', models: this.models });
        resolve();
      });
      worker.on('error', (err) => {
        if (!ready) return reject(new Error(`traces worker: ${err.message}`));
        this.lost(`failed: ${err.message}`);
      });
      worker.on('exit', (code) => {
        if (!ready) return reject(new Error(`traces worker exited with code ${code} while starting`));
        if (this.worker === worker) this.lost(`exited with code ${code}`);
      });
    });
  }

  /**
   * Request bodies: the HTTP receiver reads into these, the worker gets them (transferred, not
   * copied) and sends them back once decoded. A fresh 1 MB buffer per request, copied into, was
   * the event loop's largest cost after the worker took the per-span work.
   */
  readonly bodies = new BufferPool();

  /** Decodes, processes and encodes one request in the worker. A body not from `bodies` is copied: the caller may reuse it at once. */
  export(body: Uint8Array, encoding: OtlpEncoding, projectId: string): Promise<TracesWorkerResult> {
    if (!this.worker) return Promise.reject(new RefusedError('overloaded', 'the traces worker is not running; retry', 1));
    const id = this.nextId++;
    // A body from this pool is handed over as it is; any other (gRPC's) is copied into one from it.
    let sent = body;
    if (!this.bodies.tookHere(body)) {
      sent = this.bodies.take(body.length).subarray(0, body.length);
      sent.set(body);
    }
    this.post({ type: 'export', id, body: sent, encoding, projectId }, [sent.buffer as ArrayBuffer]);
    return new Promise((resolve, reject) => this.pending.set(id, { projectId, admitted: false, resolve, reject }));
  }

  /** One of the worker's registries as JSON, for Telemetry.addRemote. */
  metrics(which: MetricsKind): Promise<MetricsJson> {
    if (!this.worker) return Promise.resolve([]);
    const id = this.nextId++;
    this.post({ type: 'metrics', id, which });
    return new Promise((resolve) => this.metricsWaiting.set(id, resolve));
  }

  /** Project model prices for the genai processor in the worker (sent again to a restarted worker). */
  setModels(models: ProjectModels): void {
    this.models = models;
    if (this.worker) this.post({ type: 'models', models });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    const worker = this.worker;
    this.worker = undefined;
    await worker?.terminate();
    this.failAll('the collector is shutting down');
  }

  private post(message: ToWorker, transfer: ArrayBuffer[] = []): void {
    this.worker!.postMessage(message, transfer);
  }

  private receive(m: Exclude<FromWorker, { type: 'ready' }>): void {
    if (m.type === 'metrics') {
      this.metricsWaiting.get(m.id)?.(m.metrics as MetricsJson);
      return void this.metricsWaiting.delete(m.id);
    }
    if (m.spent) this.bodies.give(new Uint8Array(m.spent));
    const p = this.pending.get(m.id);
    if (!p) return;
    if (m.type === 'count') {
      const ok = this.admit(p, m.id, m.accepted);
      return this.post({ type: 'admitted', id: m.id, ok });
    }
    this.pending.delete(m.id);
    if (m.type === 'failed') return p.reject(reviveError(m.error));
    const encoded = m.encoded.map((e) => this.encodedRows(e));
    if (m.counts.accepted > 0 && !p.admitted && !this.admit(p, m.id, m.counts.accepted)) {
      for (const e of encoded) e.release?.();
      return;
    }
    p.resolve({ counts: m.counts, encoded });
  }

  /** Takes the request's tokens; a refusal rejects it (false). */
  private admit(p: Pending, id: number, spans: number): boolean {
    try {
      this.options.admit(p.projectId, spans);
      p.admitted = true;
      return true;
    } catch (err) {
      this.pending.delete(id);
      p.reject(err as Error);
      return false;
    }
  }

  private encodedRows(e: WorkerEncoded): EncodedRows {
    if (!('block' in e)) return { table: e.table, rows: e.rows, body: e.body };
    const block = e.block;
    return { table: e.table, rows: e.rows, body: Buffer.from(block, 0, e.length), release: this.options.reuseBlocks ? () => this.giveBack(block) : undefined };
  }

  /** Written blocks go back to the worker's pool, several to a message. */
  private giveBack(block: ArrayBuffer): void {
    if (this.returned.push(block) > 1) return;
    setImmediate(() => {
      const buffers = this.returned;
      this.returned = [];
      if (this.worker) this.post({ type: 'give', buffers }, buffers);
    });
  }

  /** The worker died: what it held was not acknowledged, so its requests are refused as retryable, and a new worker starts. */
  private lost(why: string): void {
    this.worker = undefined;
    this.failAll(`the traces worker ${why}; retry`);
    if (this.stopped) return;
    this.options.log?.(`traces worker ${why}; starting a new one`);
    this.restart();
  }

  /** Starts a new worker, trying again every second while it cannot (trace requests are refused as retryable meanwhile). */
  private restart(): void {
    this.start().catch((err) => {
      this.worker = undefined;
      this.failAll(`the traces worker is restarting; retry`);
      if (this.stopped) return;
      this.options.log?.(`traces worker could not be restarted (${(err as Error).message}); trying again in 1 s`);
      setTimeout(() => this.restart(), RESTART_DELAY_MS).unref();
    });
  }

  private failAll(message: string): void {
    for (const p of this.pending.values()) p.reject(new RefusedError('overloaded', message, 1));
    this.pending.clear();
    for (const resolve of this.metricsWaiting.values()) resolve([]);
    this.metricsWaiting.clear();
  }
}
