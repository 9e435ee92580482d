/**
 * Messages between the event loop and the traces worker (traces-worker.ts, traces-worker-thread.ts).
 * Plain data only: what structured clone carries, with block buffers transferred, not copied.
 */
import type { ProjectModels } from '../prices/project-prices.js';
import type { OtlpEncoding } from '../otlp/codec.js';
import { OtlpDecodeError, RefusedError, type RefusalReason } from '../otlp/errors.js';
import type { DecodedCounts } from '../otlp/partial-success.js';
import type { SpoolBody } from '../spool/spool.js';
import type { MetricsKind } from '../telemetry.js';

/** One processor of the traces pipeline, rebuilt in the worker from the same factory and merged config. */
export interface ProcessorSpec {
  id: string;
  type: string;
  config: unknown;
}

export interface TracesWorkerInit {
  processors: ProcessorSpec[];
  dataDir: string;
  /** Whether project model prices apply (the spans go to the store that keeps them). */
  projectPrices: boolean;
  /**
   * Ask the event loop (`count`) before processing a decoded request: with rate limits on, refused
   * spans must not reach span metrics. Off, each request is processed straight after decoding,
   * so its batch dies young instead of waiting (and being promoted) in this thread's heap.
   */
  admitBeforeProcessing: boolean;
}

/** An insert body made in the worker; a Native block travels as its whole (transferred) buffer. */
export type WorkerEncoded =
  | { table: string; rows: number; block: ArrayBuffer; length: number }
  | { table: string; rows: number; body: SpoolBody };

export type ToWorker =
  | { type: 'export'; id: number; body: Uint8Array; encoding: OtlpEncoding; projectId: string }
  /** The answer to `count`: whether the request's spans may go on (rate-limit tokens taken). */
  | { type: 'admitted'; id: number; ok: boolean }
  /** Block buffers the writer is done with, for the worker's pool. */
  | { type: 'give'; buffers: ArrayBuffer[] }
  | { type: 'models'; models: ProjectModels }
  | { type: 'metrics'; id: number; which: MetricsKind };

/** Replies carry the request's body buffer back (`spent`, once decoded) with the first answer about it, for the event loop's body pool. */
export type FromWorker =
  | { type: 'ready' }
  /** Decoded: how many spans the request holds; the worker waits for `admitted` before processing them. */
  | { type: 'count'; id: number; accepted: number; spent?: ArrayBuffer }
  | { type: 'done'; id: number; counts: DecodedCounts; encoded: WorkerEncoded[]; spent?: ArrayBuffer }
  | { type: 'failed'; id: number; error: SerializedError; spent?: ArrayBuffer }
  | { type: 'metrics'; id: number; metrics: unknown[] };

export interface SerializedError {
  name: string;
  message: string;
  reason?: RefusalReason;
  retryAfterSeconds?: number;
}

export function serializeError(err: unknown): SerializedError {
  if (err instanceof RefusedError) return { name: err.name, message: err.message, reason: err.reason, retryAfterSeconds: err.retryAfterSeconds };
  if (err instanceof Error) return { name: err.name, message: err.message };
  return { name: 'Error', message: String(err) };
}

/** The error as the receivers map it: refusals and decode errors keep their class, so their HTTP / gRPC status. */
export function reviveError(e: SerializedError): Error {
  if (e.name === 'RefusedError' && e.reason) return new RefusedError(e.reason, e.message, e.retryAfterSeconds);
  if (e.name === 'OtlpDecodeError') return new OtlpDecodeError(e.message);
  const err = new Error(e.message);
  err.name = e.name;
  return err;
}
