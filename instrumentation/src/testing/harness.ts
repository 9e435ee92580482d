// In-memory OTel pipeline for tests: spans into an InMemorySpanExporter, metrics into a manual reader.
import { context } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { InMemorySpanExporter, SimpleSpanProcessor, BasicTracerProvider, type ReadableSpan, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { validateGenAiSpan } from './validate.js';
import { AggregationTemporality, InMemoryMetricExporter, MeterProvider, PeriodicExportingMetricReader, type MetricData } from '@opentelemetry/sdk-metrics';

export interface TestTelemetry {
  tracerProvider: BasicTracerProvider;
  meterProvider: MeterProvider;
  spans(): ReadableSpan[];
  /** The one span recorded, checked against the GenAI conventions; throws saying what is wrong otherwise. */
  onlySpan(): ReadableSpan;
  /** Collects and returns every metric recorded so far. */
  metrics(): Promise<MetricData[]>;
  reset(): void;
  shutdown(): Promise<void>;
}

export function createTestTelemetry(extraProcessors: SpanProcessor[] = []): TestTelemetry {
  // Parent/child links across awaits need a real context manager (the API default is a no-op).
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  const exporter = new InMemorySpanExporter();
  const tracerProvider = new BasicTracerProvider({ spanProcessors: [...extraProcessors, new SimpleSpanProcessor(exporter)] });
  const metricExporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
  const reader = new PeriodicExportingMetricReader({ exporter: metricExporter, exportIntervalMillis: 3_600_000 });
  const meterProvider = new MeterProvider({ readers: [reader] });
  return {
    tracerProvider,
    meterProvider,
    spans: () => exporter.getFinishedSpans(),
    onlySpan() {
      const spans = exporter.getFinishedSpans();
      if (spans.length !== 1) throw new Error(`expected one span, got ${spans.length}: ${spans.map((s) => s.name).join(', ')}`);
      const problems = validateGenAiSpan(spans[0]!);
      if (problems.length) throw new Error(`span "${spans[0]!.name}" breaks the GenAI conventions: ${problems.join('; ')}`);
      return spans[0]!;
    },
    async metrics() {
      const { resourceMetrics } = await reader.collect();
      return resourceMetrics.scopeMetrics.flatMap((s) => s.metrics);
    },
    reset: () => exporter.reset(),
    async shutdown() {
      await tracerProvider.shutdown();
      await meterProvider.shutdown();
    },
  };
}
