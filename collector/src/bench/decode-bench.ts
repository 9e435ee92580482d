import { FACTORIES } from '../components/registry.js';
import { createGenAiProcessor } from '../processors/genai.js';
import { decodeMessage } from '../otlp/codec.js';
import { ExportTraceServiceRequest } from '../otlp/proto.js';
import { readTracesRequest } from '../otlp/traces.js';
import { traceRows } from '../storage/trace-rows.js';
import { TRACES_NATIVE } from '../storage/row-encoding.js';
import { encodeGenAiRequest } from './genai-request.js';

export interface StageRates {
  spansPerRequest: number;
  bytesPerSpan: number;
  decodeSpansPerSec: number;
  decodeToModelSpansPerSec: number;
  genaiSpansPerSec: number;
  /** Rows as the exporter encodes otel_traces (Native). */
  rowsAndEncodeSpansPerSec: number;
}

function rate(spans: number, fn: () => void, minMs = 1500): number {
  fn(); // warm up
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
  const bytesPerSpan = bodies[0].length / spansPerRequest;
  let k = 0;
  const next = () => bodies[k++ % bodies.length];
  const genai = createGenAiProcessor({ customPrices: [] });
  const decodeOnly = rate(spansPerRequest, () => ExportTraceServiceRequest.decode(next()));
  const toModel = rate(spansPerRequest, () => {
    const { message, reader } = decodeMessage(next(), 'protobuf', ExportTraceServiceRequest);
    readTracesRequest(message, reader, 'default');
  });
  const batches = bodies.map((b) => {
    const { message, reader } = decodeMessage(b, 'protobuf', ExportTraceServiceRequest);
    return () => readTracesRequest(message, reader, 'default');
  });
  const genaiRate = rate(spansPerRequest, () => genai.processTraces(batches[k++ % batches.length]()));
  const rowsRate = rate(spansPerRequest, () => TRACES_NATIVE.encode(traceRows(batches[k++ % batches.length]())));
  return {
    spansPerRequest,
    bytesPerSpan: Math.round(bytesPerSpan),
    decodeSpansPerSec: Math.round(decodeOnly),
    decodeToModelSpansPerSec: Math.round(toModel),
    // genai and rows rates include re-walking the decoded message (the model is rebuilt each time).
    genaiSpansPerSec: Math.round(genaiRate),
    rowsAndEncodeSpansPerSec: Math.round(rowsRate),
  };
}
