import type protobuf from 'protobufjs';
import { countSpans } from '../model/types.js';
import type { TracesConsumer } from '../pipeline/consumer.js';
import { OtlpDecodeError } from './errors.js';
import type { LeafReader } from './leaf-readers.js';
import { ExportTraceServiceRequest, ExportTraceServiceResponse } from './proto.js';
import { readTracesRequest } from './traces.js';

export interface ExportContext {
  projectId: string;
}

/** What a receiver needs to serve one OTLP signal over any transport. */
export interface SignalHandler {
  readonly signal: 'traces' | 'logs' | 'metrics';
  readonly httpPath: string;
  readonly requestType: protobuf.Type;
  readonly responseType: protobuf.Type;
  /** Consumes a decoded request; resolves to the response message (partial success when items were rejected). */
  export(message: unknown, reader: LeafReader, ctx: ExportContext): Promise<Record<string, unknown>>;
}

export function tracesHandler(next: TracesConsumer): SignalHandler {
  return {
    signal: 'traces',
    httpPath: '/v1/traces',
    requestType: ExportTraceServiceRequest,
    responseType: ExportTraceServiceResponse,
    async export(message, reader, ctx) {
      const batch = readTracesRequest(message, reader, ctx.projectId);
      const accepted = countSpans(batch);
      if (accepted === 0 && batch.rejectedSpans > 0) {
        throw new OtlpDecodeError(`all ${batch.rejectedSpans} spans rejected: ${batch.rejectionReasons.join('; ')}`);
      }
      if (accepted > 0) await next.consumeTraces(batch);
      if (batch.rejectedSpans === 0) return {};
      return {
        partialSuccess: {
          rejectedSpans: batch.rejectedSpans,
          errorMessage: `${batch.rejectedSpans} spans rejected: ${batch.rejectionReasons.join('; ')}`,
        },
      };
    },
  };
}
