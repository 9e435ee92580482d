// One-call SDK setup: OTLP/HTTP protobuf export of traces, metrics and logs to any OTLP backend, with the
// GenAI instrumentations registered. Endpoint, headers, service name and resource attributes come
// from the standard OTEL_* variables unless passed here.
import { diag } from '@opentelemetry/api';
import type { Instrumentation } from '@opentelemetry/instrumentation';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-proto';
import { OTLPLogExporter } from '@opentelemetry/exporter-logs-otlp-proto';
import { BatchLogRecordProcessor } from '@opentelemetry/sdk-logs';
import { PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { BatchSpanProcessor, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { defaultAnthropicInstrumentation } from './anthropic/instrumentation.js';
import { setAgentContentCapture } from './core/capture.js';
import { WatchLLMContextSpanProcessor } from './context-processor.js';
import { defaultOpenAIInstrumentation } from './openai/instrumentation.js';
import { defaultGeminiInstrumentation } from './gemini/instrumentation.js';
import { defaultBedrockInstrumentation } from './bedrock/instrumentation.js';

export interface RegisterOptions {
  /** Overrides OTEL_SERVICE_NAME. */
  serviceName?: string;
  /** OTLP/HTTP base URL (`/v1/traces`, `/v1/metrics`, `/v1/logs` are appended). Overrides OTEL_EXPORTER_OTLP_ENDPOINT. */
  endpoint?: string;
  /** Extra export headers (e.g. an API key); merged over OTEL_EXPORTER_OTLP_HEADERS by the exporter. */
  headers?: Record<string, string>;
  /** Record message content on spans; defaults to OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT. */
  captureMessageContent?: boolean;
  /** Export `gen_ai.client.*` metrics (default true). */
  metrics?: boolean;
  /** Export log records (default true): `recordEvaluation` results and the app's own OTel logs. */
  logs?: boolean;
  /** Metric export interval in ms (default OTEL_METRIC_EXPORT_INTERVAL or 60000). */
  metricExportIntervalMillis?: number;
  /** Added to the resource (on top of OTEL_RESOURCE_ATTRIBUTES). */
  resourceAttributes?: Record<string, string>;
  /** More instrumentations to register alongside ours (HTTP, DB, …). */
  instrumentations?: Instrumentation[];
  /** More span processors, run before the batch exporter. */
  spanProcessors?: SpanProcessor[];
}

export interface Registration {
  /** Flushes pending spans, metrics and log records, then stops the SDK. Safe to call twice. */
  shutdown(): Promise<void>;
}

let active: Registration | undefined;

export function register(opts: RegisterOptions = {}): Registration {
  if (active) return active;
  const base = opts.endpoint?.replace(/\/+$/, '');
  const exporterConfig = (signal: string) => ({
    ...(base ? { url: `${base}/v1/${signal}` } : {}),
    ...(opts.headers ? { headers: opts.headers } : {}),
  });
  const openai = defaultOpenAIInstrumentation();
  const anthropic = defaultAnthropicInstrumentation();
  const gemini = defaultGeminiInstrumentation();
  const bedrock = defaultBedrockInstrumentation();
  if (opts.captureMessageContent !== undefined) {
    for (const i of [openai, anthropic, gemini, bedrock]) i.setConfig({ ...i.getConfig(), captureMessageContent: opts.captureMessageContent });
  }
  setAgentContentCapture(opts.captureMessageContent);

  const metricReaders =
    opts.metrics === false
      ? []
      : [
          new PeriodicExportingMetricReader({
            exporter: new OTLPMetricExporter(exporterConfig('metrics')),
            exportIntervalMillis: opts.metricExportIntervalMillis ?? envNumber('OTEL_METRIC_EXPORT_INTERVAL') ?? 60_000,
          }),
        ];
  const sdk = new NodeSDK({
    serviceName: opts.serviceName,
    resource: opts.resourceAttributes ? resourceFromAttributes(opts.resourceAttributes) : undefined,
    spanProcessors: [
      new WatchLLMContextSpanProcessor(),
      ...(opts.spanProcessors ?? []),
      // The exporter retries retryable failures (429/502/503/504, honouring Retry-After) with backoff.
      new BatchSpanProcessor(new OTLPTraceExporter(exporterConfig('traces'))),
    ],
    metricReaders,
    logRecordProcessors: opts.logs === false ? [] : [new BatchLogRecordProcessor({ exporter: new OTLPLogExporter(exporterConfig('logs')) })],
    instrumentations: [openai, anthropic, gemini, bedrock, ...(opts.instrumentations ?? [])],
  });
  sdk.start();
  let stopped: Promise<void> | undefined;
  const registration: Registration = {
    shutdown() {
      // A backend that is down must not crash the app on exit: report it and resolve.
      stopped ??= sdk
        .shutdown()
        .catch((error: unknown) => diag.warn(`@watchllm/instrumentation: final export failed: ${String(error)}`))
        .finally(() => {
          if (active === registration) active = undefined;
        });
      return stopped;
    },
  };
  active = registration;
  return registration;
}

function envNumber(name: string): number | undefined {
  const n = Number(process.env[name]);
  return Number.isFinite(n) && n > 0 ? n : undefined;
}
