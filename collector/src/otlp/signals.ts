import type protobuf from 'protobufjs';
import { countSpans, type TracesBatch } from '../model/types.js';
import type { TracesConsumer } from '../pipeline/consumer.js';
import { decodeMessage, type OtlpEncoding } from './codec.js';
import { deliverWithPartialSuccess, type DecodedCounts } from './partial-success.js';
import { ExportTraceServiceRequest, ExportTraceServiceResponse } from './proto.js';
import { readTracesRequest } from './traces.js';
import { decodeTracesProtobuf } from './traces-wire.js';
import type { BufferPool } from '../storage/buffer-pool.js';

export interface ExportContext {
  projectId: string;
}

/** What a receiver needs to serve one OTLP signal over any transport. */
export interface SignalHandler {
  readonly signal: 'traces' | 'logs' | 'metrics';
  readonly httpPath: string;
  readonly responseType: protobuf.Type;
  /**
   * Decoding copies every value out of the body before `export` returns (its promise may still be
   * pending), so the caller may reuse the body's memory then. Decoders that keep views into the
   * body (protobufjs `bytes` fields) say false.
   */
  readonly copiesBody: boolean;
  /**
   * Where the HTTP receiver takes this handler's request bodies from, when the handler keeps them
   * for itself (hands them to the traces worker and back into this pool): the receiver then
   * leaves giving them back to it.
   */
  readonly bodies?: BufferPool;
  /** Decodes a request body and consumes it; resolves to the response message (partial success when items were rejected). */
  export(body: Uint8Array, encoding: OtlpEncoding, ctx: ExportContext): Promise<Record<string, unknown>>;
}

/** What both trace handlers serve: the path, the response, and bodies copied out before `export` returns. */
const TRACES = { signal: 'traces', httpPath: '/v1/traces', responseType: ExportTraceServiceResponse, copiesBody: true } as const;

export function tracesHandler(next: TracesConsumer, onRejected?: (items: number) => void): SignalHandler {
  return {
    ...TRACES,
    // Decodes before anything else (no await first): `copiesBody` relies on it.
    async export(body, encoding, ctx) {
      const batch = readTraces(body, encoding, ctx.projectId);
      // Counts are taken before delivery: nothing after it may hold the batch (it would outlive the young generation).
      const counts = { accepted: countSpans(batch), rejected: batch.rejectedSpans, reasons: batch.rejectionReasons };
      return deliverWithPartialSuccess(counts, 'spans', 'rejectedSpans', () => next.consumeTraces(batch), onRejected);
    },
  };
}

/** A request decoded elsewhere (the traces worker): its counts, and how to deliver what was made of its valid spans. */
export interface ConsumedTracesRequest {
  counts: DecodedCounts;
  deliver(): Promise<void>;
}

/** Takes whole trace requests (the traces worker's side of the pipeline). */
export interface TracesRequestConsumer {
  /** A body from `bodies` becomes the consumer's; any other is copied before this returns, so the caller may reuse it at once. */
  consume(body: Uint8Array, encoding: OtlpEncoding, projectId: string): Promise<ConsumedTracesRequest>;
  /** Where receivers should take request bodies from. */
  bodies: BufferPool;
}

/** The traces handler when decoding and processing run elsewhere: the same answers, partial success included. */
export function tracesRequestHandler(requests: TracesRequestConsumer, onRejected?: (items: number) => void): SignalHandler {
  return {
    ...TRACES,
    bodies: requests.bodies,
    export: (body, encoding, ctx) =>
      requests.consume(body, encoding, ctx.projectId).then((r) => deliverWithPartialSuccess(r.counts, 'spans', 'rejectedSpans', r.deliver, onRejected)),
  };
}

/** Trace requests: protobuf through the purpose-written reader (the hot path), JSON through the shared walker. */
export function readTraces(body: Uint8Array, encoding: OtlpEncoding, projectId: string): TracesBatch {
  if (encoding === 'protobuf') return decodeTracesProtobuf(body, projectId);
  const { message, reader } = decodeMessage(body, encoding, ExportTraceServiceRequest);
  return readTracesRequest(message, reader, projectId);
}
