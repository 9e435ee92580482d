/**
 * The traces worker: decodes each request, runs the traces pipeline's processors and encodes the
 * batch as insert bodies, so the event loop keeps only HTTP, admission, the spool and inserts.
 * Processors are rebuilt here from their factories and configs; their metrics live in this
 * thread's Telemetry, merged into the process's at every scrape (traces-worker.ts).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { Counter } from 'prom-client';
import { FACTORIES } from '../components/registry.js';
import type { ComponentSettings, Process, ProcessorFactory } from '../components/types.js';
import { BATCH_ENCODERS } from '../components/exporters/clickhouse.js';
import { countSpans, type TracesBatch } from '../model/types.js';
import type { DecodedCounts } from '../otlp/partial-success.js';
import { readTraces } from '../otlp/signals.js';
import { projectPriceTable } from '../prices/project-prices.js';
import { BufferPool } from '../storage/buffer-pool.js';
import { Telemetry } from '../telemetry.js';
import { runProcessors } from './run-processors.js';
import { callingThreadCpuSeconds } from './thread-cpu.js';
import { serializeError, type FromWorker, type ToWorker, type TracesWorkerInit, type WorkerEncoded } from './traces-worker-protocol.js';

const port = parentPort!;
const init = workerData as TracesWorkerInit;
const telemetry = new Telemetry({ processMetrics: false });
// This thread's CPU, for telling it from the event loop's and V8's helper threads in the process's.
let cpuCounted = 0;
const cpuSeconds: Counter = new Counter({
  name: 'watchllm_traces_worker_cpu_seconds_total',
  help: 'CPU time of the traces worker thread (decoding, processors and encoding of trace requests); Linux only.',
  registers: [telemetry.registry],
  collect: () => {
    const now = callingThreadCpuSeconds();
    if (now === undefined || now <= cpuCounted) return;
    cpuSeconds.inc(now - cpuCounted);
    cpuCounted = now;
  },
});
const prices = projectPriceTable();
const blocks = new BufferPool();

const notHere = (what: string) => () => {
  throw new Error(`${what} is not available in the traces worker`);
};
const settings: ComponentSettings = {
  store: undefined as never,
  telemetry,
  dataDir: init.dataDir,
  authenticate: notHere('authenticate'),
  admit: notHere('admit'),
  trafficStopped: () => false,
  projectPrices: init.projectPrices ? prices : undefined,
};

const processors: Process[] = init.processors.map(({ type, config }) => {
  const factory = FACTORIES.find((f): f is ProcessorFactory => f.kind === 'processor' && f.type === type);
  if (!factory) throw new Error(`traces worker: no processor factory of type ${type}`);
  return factory.create(settings, config).traces!;
});

/** Batches decoded and counted, waiting for the event loop's rate-limit answer. */
const waiting = new Map<number, { batch: TracesBatch; counts: DecodedCounts }>();

const post = (message: FromWorker, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer);
/** Sends a reply, handing the request body's buffer back with it when this is the first reply about the request. */
const reply = (message: Exclude<FromWorker, { type: 'ready' | 'metrics' }>, spent: ArrayBuffer | undefined, transfer: ArrayBuffer[] = []) => {
  if (spent) {
    message.spent = spent;
    transfer.push(spent);
  }
  post(message, transfer);
};
const fail = (id: number, err: unknown, spent?: ArrayBuffer) => reply({ type: 'failed', id, error: serializeError(err) }, spent);

function decode(message: Extract<ToWorker, { type: 'export' }>): void {
  // The decoder copies every value out: the body's buffer goes back with the first reply.
  const spent = message.body.buffer as ArrayBuffer;
  let batch: TracesBatch;
  try {
    batch = readTraces(message.body, message.encoding, message.projectId);
  } catch (err) {
    return fail(message.id, err, spent);
  }
  const accepted = countSpans(batch);
  const counts = { accepted, rejected: batch.rejectedSpans, reasons: batch.rejectionReasons };
  // Nothing to process: the event loop answers from the counts alone.
  if (accepted === 0) return reply({ type: 'done', id: message.id, counts, encoded: [] }, spent);
  if (!init.admitBeforeProcessing) return processAndEncode(message.id, batch, counts, spent);
  waiting.set(message.id, { batch, counts });
  reply({ type: 'count', id: message.id, accepted }, spent);
}

function processAndEncode(id: number, batch: TracesBatch, counts: DecodedCounts, spent?: ArrayBuffer): void {
  let out: unknown;
  try {
    out = runProcessors(processors, batch);
  } catch (err) {
    return fail(id, err, spent);
  }
  if (out instanceof Promise) out.then((b) => encode(id, counts, b, spent), (err) => fail(id, err, spent));
  else encode(id, counts, out, spent);
}

function encode(id: number, counts: DecodedCounts, batch: unknown, spent: ArrayBuffer | undefined): void {
  const encoded: WorkerEncoded[] = [];
  const transfer: ArrayBuffer[] = [];
  try {
    for (const e of BATCH_ENCODERS.traces(batch, blocks)) {
      // A whole buffer of its own is handed over; a small one may be a slice of Node's shared pool: copied.
      if (e.release && e.body instanceof Uint8Array && e.body.byteOffset === 0 && e.body.buffer.byteLength > Buffer.poolSize) {
        const block = e.body.buffer as ArrayBuffer;
        encoded.push({ table: e.table, rows: e.rows, block, length: e.body.length });
        transfer.push(block);
      } else {
        encoded.push({ table: e.table, rows: e.rows, body: e.body });
      }
    }
  } catch (err) {
    return fail(id, err, spent);
  }
  reply({ type: 'done', id, counts, encoded }, spent, transfer);
}

port.on('message', (message: ToWorker) => {
  switch (message.type) {
    case 'export':
      return decode(message);
    case 'admitted':
      const decoded = waiting.get(message.id);
      waiting.delete(message.id);
      if (decoded && message.ok) processAndEncode(message.id, decoded.batch, decoded.counts);
      return;
    case 'give':
      for (const b of message.buffers) blocks.give(new Uint8Array(b));
      return;
    case 'models':
      return prices.set(message.models);
    case 'metrics': {
      // Only the registry scraped: /metrics is polled often, and the span-derived one can be large.
      return void telemetry
        .registryOf(message.which)
        .getMetricsAsJSON().then((metrics) => post({ type: 'metrics', id: message.id, metrics }));
    }
  }
});

post({ type: 'ready' });
