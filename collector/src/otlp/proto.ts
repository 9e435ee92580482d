import protobuf from 'protobufjs';
import { fileURLToPath } from 'node:url';

// The .proto files live beside the package, written from the OTLP spec's field numbers.
const PROTO_DIR = fileURLToPath(new URL('../../proto/', import.meta.url));

const SERVICES = [
  'opentelemetry/proto/collector/trace/v1/trace_service.proto',
  'opentelemetry/proto/collector/logs/v1/logs_service.proto',
  'opentelemetry/proto/collector/metrics/v1/metrics_service.proto',
  'google/rpc/status.proto',
];

function loadRoot(): protobuf.Root {
  const root = new protobuf.Root();
  root.resolvePath = (_origin, target) => PROTO_DIR + target;
  root.loadSync(SERVICES, { keepCase: false });
  root.resolveAll();
  return root;
}

export const otlpRoot = loadRoot();

const type = (name: string) => otlpRoot.lookupType(name);

export const ExportTraceServiceRequest = type('opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest');
export const ExportTraceServiceResponse = type('opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse');
export const ExportLogsServiceRequest = type('opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest');
export const ExportLogsServiceResponse = type('opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse');
export const ExportMetricsServiceRequest = type('opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest');
export const ExportMetricsServiceResponse = type('opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse');
export const TracesData = type('opentelemetry.proto.trace.v1.TracesData');
export const RpcStatus = type('google.rpc.Status');
export const RpcRetryInfo = type('google.rpc.RetryInfo');
