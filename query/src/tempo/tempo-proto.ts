import protobuf from 'protobufjs';
import { loadOtlpRoot } from '@watchllm/collector';

// Tempo's wrapper messages (field numbers from tempopb), defined beside a copy of the OTLP
// types so the collector's root stays untouched. Trace is wire-identical to OTLP TracesData.
const root = loadOtlpRoot();
protobuf.parse(
  `syntax = "proto3";
   package tempopb;
   message Trace { repeated .opentelemetry.proto.trace.v1.ResourceSpans resourceSpans = 1; }
   message TraceByIDMetrics { uint32 failedBlocks = 1; }
   message TraceByIDResponse { Trace trace = 1; TraceByIDMetrics metrics = 2; }`,
  root,
  { keepCase: true },
);
root.resolveAll();

export const TempoTrace = root.lookupType('tempopb.Trace');
export const TraceByIDResponse = root.lookupType('tempopb.TraceByIDResponse');

export function encodeMessage(type: protobuf.Type, object: Record<string, unknown>): Uint8Array {
  return type.encode(type.fromObject(object)).finish();
}
