import { decodeMessage } from './codec.js';
import { countLogRecords, type LogsConsumer } from '../model/logs.js';
import { readLogsRequest } from './logs.js';
import { deliverWithPartialSuccess } from './partial-success.js';
import { ExportLogsServiceRequest, ExportLogsServiceResponse } from './proto.js';
import type { SignalHandler } from './signals.js';

/** Serves OTLP logs (HTTP `/v1/logs`, gRPC LogsService/Export) into `next`. */
export function logsHandler(next: LogsConsumer, onRejected?: (items: number) => void): SignalHandler {
  return {
    signal: 'logs',
    httpPath: '/v1/logs',
    responseType: ExportLogsServiceResponse,
    copiesBody: false,
    async export(body, encoding, ctx) {
      const { message, reader } = decodeMessage(body, encoding, ExportLogsServiceRequest);
      const batch = readLogsRequest(message, reader, ctx.projectId);
      const counts = { accepted: countLogRecords(batch), rejected: batch.rejectedLogRecords, reasons: batch.rejectionReasons };
      return deliverWithPartialSuccess(counts, 'log records', 'rejectedLogRecords', () => next.consumeLogs(batch), onRejected);
    },
  };
}
