/**
 * Shared plumbing for the end-to-end tests that drive real LLM SDKs and instrumentations:
 * a global OTel SDK exporting OTLP/protobuf spans (and logs) to the test stack, and readers that wait
 * for the stored trace to appear in the query API.
 */
import { context, trace, type Span, type Tracer } from '@opentelemetry/api';
import { logs } from '@opentelemetry/api-logs';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { OTLPLogExporter } from '@opentelemetry/exporter-logs-otlp-proto';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { LoggerProvider, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import { BasicTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { calcPrice } from '@pydantic/genai-prices';
import { startStubLlmServer } from '@watchllm/instrumentation';
import { getJson, startTestStack, type TestStack } from './helpers.js';

export interface OtelToStack {
  tracerProvider: BasicTracerProvider;
  loggerProvider: LoggerProvider;
  tracer: Tracer;
  /** Sends everything ended so far to the collector. */
  flush(): Promise<void>;
  shutdown(): Promise<void>;
}

/**
 * Registers a global tracer + logger provider that export to the collector over OTLP/HTTP protobuf,
 * with an AsyncLocalStorage context manager (instrumentations parent their spans on the active context).
 */
export function otelToStack(otlpHttp: string, service: string): OtelToStack {
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  const resource = resourceFromAttributes({ 'service.name': service });
  const tracerProvider = new BasicTracerProvider({
    resource,
    spanProcessors: [new SimpleSpanProcessor(new OTLPTraceExporter({ url: `${otlpHttp}/v1/traces` }))],
  });
  const loggerProvider = new LoggerProvider({
    resource,
    processors: [new SimpleLogRecordProcessor({ exporter: new OTLPLogExporter({ url: `${otlpHttp}/v1/logs` }) })],
  });
  trace.setGlobalTracerProvider(tracerProvider);
  logs.setGlobalLoggerProvider(loggerProvider);
  return {
    tracerProvider,
    loggerProvider,
    tracer: tracerProvider.getTracer('watchllm-e2e'),
    async flush() {
      await tracerProvider.forceFlush();
      await loggerProvider.forceFlush();
    },
    async shutdown() {
      await tracerProvider.shutdown();
      await loggerProvider.shutdown();
    },
  };
}

export interface LlmTestBed {
  stack: TestStack;
  stub: Awaited<ReturnType<typeof startStubLlmServer>>;
  otel: OtelToStack;
  /** Flushes and stops the providers, the stub and the stack. */
  close(): Promise<void>;
}

/** The stack, the stub LLM server and OTel providers exporting to the stack, for tests that drive real SDKs; `use` runs with them and gets them closed if it throws. */
export async function withLlmTestBed<T>(service: string, use: (bed: LlmTestBed) => Promise<T>): Promise<T> {
  const stack = await startTestStack();
  const stub = await startStubLlmServer().catch(async (err) => {
    await stack.running.shutdown();
    throw err;
  });
  const otel = otelToStack(stack.otlpHttp, service);
  const close = async () => {
    await otel.shutdown();
    await stub.close();
    await stack.running.shutdown();
  };
  try {
    return await use({ stack, stub, otel, close });
  } catch (err) {
    await close();
    throw err;
  }
}

/** A model without thoughts and a thinking one (the stub reports thoughts for 2.5 models). */
export const GEMINI_MODELS = ['gemini-2.0-flash', 'gemini-2.5-pro'];

export interface CallUnderRoot<T, U> {
  item: T;
  traceId: string;
  usage: U;
}

/** `call` for each item, one after another, each under its own root span (its own trace); what each returned. */
export async function eachInRootSpan<T, U>(tracer: Tracer, items: T[], call: (item: T) => Promise<U>): Promise<CallUnderRoot<T, U>[]> {
  const out: CallUnderRoot<T, U>[] = [];
  for (const item of items) {
    const entry = { item, traceId: '', usage: undefined as U };
    entry.traceId = await inRootSpan(tracer, `call ${String(item).slice(0, 40)}`, async () => {
      entry.usage = await call(item);
    });
    out.push(entry);
  }
  return out;
}

/** Runs `fn` under a fresh root span so the spans an instrumentation makes land in a trace we know. */
export async function inRootSpan(tracer: Tracer, name: string, fn: (root: Span) => Promise<unknown>): Promise<string> {
  return tracer.startActiveSpan(name, async (root) => {
    try {
      await fn(root);
    } catch {
      // API errors are part of the cases: the span records them.
    } finally {
      root.end();
    }
    return root.spanContext().traceId;
  });
}

export interface StoredSpan {
  spanId: string;
  parentSpanId: string;
  name: string;
  status: { code: string; message: string };
  attributes: Record<string, unknown>;
  genAi: Record<string, any> | null;
}

/**
 * Polls `/api/v1/traces/:id` until `ready` holds (writes are batched; log records may land after their span),
 * then returns the spans; after the timeout it returns whatever is stored so the assertions say what is missing.
 */
export async function readTrace(api: string, traceId: string, ready: (spans: StoredSpan[]) => boolean = (s) => modelSpans(s).length > 0): Promise<StoredSpan[]> {
  const until = Date.now() + 8_000;
  for (;;) {
    const { status, body } = await getJson<{ spans: StoredSpan[] }>(`${api}/api/v1/traces/${traceId}`);
    const spans = status === 200 ? body.spans : [];
    if ((status === 200 && ready(spans)) || Date.now() > until) return spans;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The single model-call span of a trace (fails the test when there is not exactly one). */
export function onlyModelSpan(spans: StoredSpan[]): StoredSpan & { genAi: Record<string, any> } {
  const found = modelSpans(spans);
  if (found.length !== 1) throw new Error(`expected one LLM/embedding span, got ${found.length}: ${spans.map((s) => s.name).join(', ')}`);
  return found[0] as StoredSpan & { genAi: Record<string, any> };
}

export async function readSteps(api: string, traceId: string): Promise<{ steps: any[]; edges: { from: string; to: string; kind: string }[] }> {
  const { status, body } = await getJson(`${api}/api/v1/traces/${traceId}/steps`);
  if (status !== 200) throw new Error(`steps of ${traceId}: HTTP ${status}`);
  return body;
}

/** The trace's spans that carry a GenAI record for a model call (LLM or embedding). */
export function modelSpans(spans: StoredSpan[]): StoredSpan[] {
  return spans.filter((s) => s.genAi && (s.genAi.stepType === 'llm' || s.genAi.stepType === 'embedding'));
}

/** Text of every `text` part of canonical messages, joined. */
export function messageText(messages: unknown): string {
  if (!Array.isArray(messages)) return '';
  return messages
    .flatMap((m: any) => (Array.isArray(m?.parts) ? m.parts : []))
    .filter((p: any) => p?.type === 'text')
    .map((p: any) => String(p.content ?? ''))
    .join(' ');
}

/** `tool_call` parts of canonical messages. */
export function toolCallParts(messages: unknown): { id?: string; name?: string; arguments?: unknown }[] {
  if (!Array.isArray(messages)) return [];
  return messages.flatMap((m: any) => (Array.isArray(m?.parts) ? m.parts : [])).filter((p: any) => p?.type === 'tool_call');
}

export interface CatalogUsage {
  input_tokens: number;
  output_tokens?: number;
  cache_read_tokens?: number;
  cache_write_tokens?: number;
}

/** The catalog's own price for these tokens (independent of our price book), in USD. */
export function catalogPrice(providerId: string, model: string, usage: CatalogUsage, at = new Date()): number {
  const usageForCatalog: Record<string, number> = { input_tokens: usage.input_tokens, output_tokens: usage.output_tokens ?? 0 };
  if (usage.cache_read_tokens) usageForCatalog.cache_read_tokens = usage.cache_read_tokens;
  if (usage.cache_write_tokens) usageForCatalog.cache_write_tokens = usage.cache_write_tokens;
  const price = calcPrice(usageForCatalog, model, { providerId, timestamp: at });
  if (!price) throw new Error(`catalog has no price for ${providerId}/${model}`);
  return price.total_price;
}
