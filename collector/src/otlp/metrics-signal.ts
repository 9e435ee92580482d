import { decodeMessage } from './codec.js';
import { countDataPoints, type MetricsConsumer } from '../model/metrics.js';
import { readMetricsRequest } from './metrics.js';
import { deliverWithPartialSuccess } from './partial-success.js';
import { ExportMetricsServiceRequest, ExportMetricsServiceResponse } from './proto.js';
import type { SignalHandler } from './signals.js';

/** Serves OTLP metrics (HTTP `/v1/metrics`, gRPC MetricsService/Export) into `next`. */
export function metricsHandler(next: MetricsConsumer, onRejected?: (items: number) => void): SignalHandler {
  return {
    signal: 'metrics',
    httpPath: '/v1/metrics',
    responseType: ExportMetricsServiceResponse,
    copiesBody: false,
    async export(body, encoding, ctx) {
      const { message, reader } = decodeMessage(body, encoding, ExportMetricsServiceRequest);
      const batch = readMetricsRequest(message, reader, ctx.projectId);
      const counts = { accepted: countDataPoints(batch), rejected: batch.rejectedDataPoints, reasons: batch.rejectionReasons };
      return deliverWithPartialSuccess(counts, 'data points', 'rejectedDataPoints', () => next.consumeMetrics(batch), onRejected);
    },
  };
}
