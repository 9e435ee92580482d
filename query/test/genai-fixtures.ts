/** GenAI traces produced with the real OTel JS SDK and OTLP/protobuf exporters, for the API e2e tests. */
import { context, ROOT_CONTEXT, trace, SpanKind, SpanStatusCode, type Context, type Span } from '@opentelemetry/api';
import { SeverityNumber } from '@opentelemetry/api-logs';
import { OTLPLogExporter } from '@opentelemetry/exporter-logs-otlp-proto';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { LoggerProvider, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import { BasicTracerProvider, BatchSpanProcessor, type Tracer } from '@opentelemetry/sdk-trace-base';

export interface Emitter {
  tracer: Tracer;
  flush(): Promise<void>;
}

/** A tracer whose spans leave in big OTLP/protobuf requests (up to `batch` spans each) on flush. */
export function emitter(otlpHttp: string, service: string, batch = 512, resource: Record<string, string> = {}): Emitter {
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': service, ...resource }),
    spanProcessors: [
      new BatchSpanProcessor(new OTLPTraceExporter({ url: `${otlpHttp}/v1/traces` }), {
        maxExportBatchSize: batch,
        maxQueueSize: 100_000,
        scheduledDelayMillis: 60_000,
      }),
    ],
  });
  return {
    tracer: provider.getTracer('watchllm-e2e', '1.0.0'),
    flush: async () => {
      await provider.forceFlush();
      await provider.shutdown();
    },
  };
}

const under = (parent: Span): Context => trace.setSpan(context.active(), parent);
const json = (v: unknown) => JSON.stringify(v);

export interface AgentRun {
  traceId: string;
  agent: string;
  chat1: string;
  toolWeather: string;
  toolHotels: string;
  chat2: string;
}

export interface AgentRunOptions {
  sessionId: string;
  userId: string;
  model: string;
  provider?: string;
  /** Unix ms the run starts at. */
  startMs?: number;
  failSecondTool?: boolean;
}

/** invoke_agent → chat (requests two tools) → two execute_tool spans → chat, per the GenAI semconv. */
export function agentRun(tracer: Tracer, o: AgentRunOptions): AgentRun {
  const t0 = o.startMs ?? Date.now() - 5_000;
  const at = (ms: number) => new Date(t0 + ms);
  const provider = o.provider ?? 'openai';
  const agent = tracer.startSpan('invoke_agent trip-planner', {
    kind: SpanKind.INTERNAL,
    startTime: at(0),
    attributes: {
      'gen_ai.operation.name': 'invoke_agent',
      'gen_ai.provider.name': provider,
      'gen_ai.agent.name': 'trip-planner',
      'gen_ai.conversation.id': o.sessionId,
      'traceloop.association.properties.user_id': o.userId,
    },
  });
  const llmAttrs = (inputTokens: number, outputTokens: number) => ({
    'gen_ai.operation.name': 'chat',
    'gen_ai.provider.name': provider,
    'gen_ai.request.model': o.model,
    'gen_ai.response.model': o.model,
    'gen_ai.usage.input_tokens': inputTokens,
    'gen_ai.usage.output_tokens': outputTokens,
    'gen_ai.conversation.id': o.sessionId,
  });
  const question = { role: 'user', parts: [{ type: 'text', content: 'Plan a weekend in Lisbon' }] };
  const chat1 = tracer.startSpan(`chat ${o.model}`, { kind: SpanKind.CLIENT, startTime: at(10) }, under(agent));
  chat1.setAttributes({
    ...llmAttrs(120, 30),
    'gen_ai.input.messages': json([question]),
    'gen_ai.output.messages': json([
      {
        role: 'assistant',
        parts: [
          { type: 'tool_call', id: 'call_weather', name: 'get_weather', arguments: { city: 'Lisbon' } },
          { type: 'tool_call', id: 'call_hotels', name: 'search_hotels', arguments: { city: 'Lisbon', nights: 2 } },
        ],
        finish_reason: 'tool_call',
      },
    ]),
    'gen_ai.response.finish_reasons': ['tool_call'],
  });
  chat1.end(at(400));
  const tool = (name: string, id: string, args: unknown, result: unknown, start: number, end: number, fail = false) => {
    const s = tracer.startSpan(`execute_tool ${name}`, { kind: SpanKind.INTERNAL, startTime: at(start) }, under(agent));
    s.setAttributes({
      'gen_ai.operation.name': 'execute_tool',
      'gen_ai.tool.name': name,
      'gen_ai.tool.call.id': id,
      'gen_ai.tool.call.arguments': json(args),
      'gen_ai.tool.call.result': json(result),
    });
    if (fail) s.setStatus({ code: SpanStatusCode.ERROR, message: 'tool failed' });
    s.end(at(end));
    return s;
  };
  // The hotel search runs first: linking must follow call ids, not order.
  const hotels = tool('search_hotels', 'call_hotels', { city: 'Lisbon', nights: 2 }, { hotels: ['Alfama Inn'] }, 410, 700, o.failSecondTool);
  const weather = tool('get_weather', 'call_weather', { city: 'Lisbon' }, { forecast: 'sunny' }, 420, 650);
  const chat2 = tracer.startSpan(`chat ${o.model}`, { kind: SpanKind.CLIENT, startTime: at(710) }, under(agent));
  chat2.setAttributes({
    ...llmAttrs(260, 80),
    'gen_ai.input.messages': json([
      question,
      { role: 'tool', parts: [{ type: 'tool_call_response', id: 'call_weather', response: { forecast: 'sunny' } }] },
      { role: 'tool', parts: [{ type: 'tool_call_response', id: 'call_hotels', response: { hotels: ['Alfama Inn'] } }] },
    ]),
    'gen_ai.output.messages': json([
      { role: 'assistant', parts: [{ type: 'text', content: 'Sunny weekend; stay at Alfama Inn.' }], finish_reason: 'stop' },
    ]),
  });
  chat2.end(at(1500));
  agent.end(at(1600));
  return {
    traceId: agent.spanContext().traceId,
    agent: agent.spanContext().spanId,
    chat1: chat1.spanContext().spanId,
    toolWeather: weather.spanContext().spanId,
    toolHotels: hotels.spanContext().spanId,
    chat2: chat2.spanContext().spanId,
  };
}

/**
 * A chat span as `@opentelemetry/instrumentation-openai` emits it: no content on the span,
 * the messages in OTLP log records tied to it.
 */
export async function chatWithLogRecords(otlpHttp: string, model: string): Promise<{ traceId: string; spanId: string }> {
  const e = emitter(otlpHttp, 'openai-logs-app');
  const span = e.tracer.startSpan(`chat ${model}`, {
    kind: SpanKind.CLIENT,
    attributes: {
      'gen_ai.operation.name': 'chat',
      'gen_ai.system': 'openai',
      'gen_ai.request.model': model,
      'gen_ai.usage.input_tokens': 12,
      'gen_ai.usage.output_tokens': 7,
    },
  });
  span.end();
  await e.flush();
  const logs = new LoggerProvider({
    resource: resourceFromAttributes({ 'service.name': 'openai-logs-app' }),
    processors: [new SimpleLogRecordProcessor({ exporter: new OTLPLogExporter({ url: `${otlpHttp}/v1/logs` }) })],
  });
  const logger = logs.getLogger('@opentelemetry/instrumentation-openai', '0.21.0');
  const ctx = trace.setSpanContext(ROOT_CONTEXT, span.spanContext());
  logger.emit({
    context: ctx,
    severityNumber: SeverityNumber.INFO,
    attributes: { 'event.name': 'gen_ai.user.message', 'gen_ai.system': 'openai' },
    body: { content: 'What is OTLP?' },
  });
  logger.emit({
    context: ctx,
    severityNumber: SeverityNumber.INFO,
    attributes: { 'event.name': 'gen_ai.choice', 'gen_ai.system': 'openai' },
    body: { index: 0, finish_reason: 'stop', message: { content: 'A protocol for telemetry.' } },
  });
  await logs.forceFlush();
  await logs.shutdown();
  return { traceId: span.spanContext().traceId, spanId: span.spanContext().spanId };
}
