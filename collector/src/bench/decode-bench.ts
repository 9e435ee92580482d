import { FACTORIES } from '../components/registry.js';
import { createGenAiProcessor } from '../processors/genai.js';
import { createMediaProcessor } from '../processors/media.js';
import { ExportTraceServiceRequest } from '../otlp/proto.js';
import { decodeTracesProtobuf } from '../otlp/traces-wire.js';
import { encodeTraceBlock } from '../storage/trace-block.js';
import { encodeGenAiRequest } from './genai-request.js';

export interface StageRates {
  spansPerRequest: number;
  bytesPerSpan: number;
  /** protobufjs's decode alone, for reference: trace requests no longer take this path. */
  protobufjsDecodeSpansPerSec: number;
  /** Bytes → span model with the purpose-written wire reader (traces-wire.ts). */
  decodeToModelSpansPerSec: number;
  /** … → media processor (every span's string values measured; none here is long enough to scan). */
  mediaSpansPerSec: number;
  /** … → genai processor (normalize + cost). */
  genaiSpansPerSec: number;
  /** … → the Native block the exporter inserts: the collector's whole per-span work in one process. */
  pipelineSpansPerSec: number;
}

function rate(spans: number, fn: () => void, minMs = 1500): number {
  for (let i = 0; i < 20; i++) fn(); // warm up (JIT)
  let n = 0;
  const start = performance.now();
  while (performance.now() - start < minMs) {
    fn();
    n += spans;
  }
  return n / ((performance.now() - start) / 1000);
}

/** In-process cost of each ingest stage, per span, on one core. */
export function benchStages(spansPerRequest = 500): StageRates {
  void FACTORIES;
  const bodies = Array.from({ length: 8 }, (_, i) => encodeGenAiRequest(spansPerRequest, i));
  let k = 0;
  const next = () => bodies[k++ % bodies.length];
  const genai = createGenAiProcessor({ customPrices: [] });
  // The shipped defaults (otel-config.yaml).
  const media = createMediaProcessor({ minValueLength: 4096, minMediaBytes: 1024, maxMediaBytes: 32 * 2 ** 20 });
  return {
    spansPerRequest,
    bytesPerSpan: Math.round(bodies[0].length / spansPerRequest),
    protobufjsDecodeSpansPerSec: Math.round(rate(spansPerRequest, () => ExportTraceServiceRequest.decode(next()))),
    decodeToModelSpansPerSec: Math.round(rate(spansPerRequest, () => decodeTracesProtobuf(next(), 'default'))),
    mediaSpansPerSec: Math.round(rate(spansPerRequest, () => media.processTraces(decodeTracesProtobuf(next(), 'default')))),
    genaiSpansPerSec: Math.round(rate(spansPerRequest, () => genai.processTraces(decodeTracesProtobuf(next(), 'default')))),
    pipelineSpansPerSec: Math.round(rate(spansPerRequest, () => encodeTraceBlock(genai.processTraces(decodeTracesProtobuf(next(), 'default'))))),
  };
}
