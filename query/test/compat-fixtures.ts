import { context, trace, SpanKind, SpanStatusCode, type Span, type Tracer } from '@opentelemetry/api';
import { BasicTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';

/** Traces for the Tempo and Jaeger API tests, sent over OTLP/HTTP protobuf by the OTel SDK. */
export interface AgentTraces {
  /** agent-svc: invoke_agent planner → chat gpt-4o → tool-svc: execute_tool search (error). */
  agentTraceId: string;
  /** agent-svc: invoke_agent summarizer (3 s) → chat claude-sonnet-4. */
  slowTraceId: string;
  /** Span ids by name, for assertions. */
  spanIds: Record<string, string>;
}

function provider(otlpHttp: string, service: string) {
  return new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': service, 'deployment.environment': 'test', 'host.cores': 2 }),
    spanProcessors: [new SimpleSpanProcessor(new OTLPTraceExporter({ url: `${otlpHttp}/v1/traces` }))],
  });
}

// Parents are passed explicitly: no global context manager is registered in tests.
const under = (parent: Span) => trace.setSpan(context.active(), parent);

export async function emitAgentTraces(otlpHttp: string): Promise<AgentTraces> {
  const agentProvider = provider(otlpHttp, 'agent-svc');
  const toolProvider = provider(otlpHttp, 'tool-svc');
  const agent: Tracer = agentProvider.getTracer('watchllm-test', '1.0.0');
  const tool: Tracer = toolProvider.getTracer('tool-lib', '0.3.0');
  const spanIds: Record<string, string> = {};
  const now = Date.now();

  const root = agent.startSpan('invoke_agent planner', { kind: SpanKind.SERVER, startTime: now - 900 }, context.active());
  root.setAttributes({ 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.agent.name': 'planner' });
  const chat = agent.startSpan('chat gpt-4o', { kind: SpanKind.CLIENT, startTime: now - 850 }, under(root));
  chat.setAttributes({
    'gen_ai.operation.name': 'chat',
    'gen_ai.provider.name': 'openai',
    'gen_ai.request.model': 'gpt-4o',
    'gen_ai.request.temperature': 0.25,
    'gen_ai.request.stream': false,
    'gen_ai.usage.input_tokens': 120,
    'gen_ai.usage.output_tokens': 30,
    'gen_ai.response.finish_reasons': ['tool_call'],
  });
  chat.addEvent('gen_ai.choice', { index: 0 }, now - 700);
  chat.end(now - 600);
  const search = tool.startSpan('execute_tool search', { kind: SpanKind.INTERNAL, startTime: now - 550 }, under(root));
  search.setAttributes({ 'gen_ai.operation.name': 'execute_tool', 'gen_ai.tool.name': 'search', 'note': `it's a "quoted" \\ value` });
  search.setStatus({ code: SpanStatusCode.ERROR, message: 'search backend timed out' });
  search.end(now - 300);
  root.end(now - 200);

  const slow = agent.startSpan('invoke_agent summarizer', { kind: SpanKind.SERVER, startTime: now - 5000 }, context.active());
  const claude = agent.startSpan('chat claude-sonnet-4', { kind: SpanKind.CLIENT, startTime: now - 4900 }, under(slow));
  claude.setAttributes({ 'gen_ai.operation.name': 'chat', 'gen_ai.provider.name': 'anthropic', 'gen_ai.request.model': 'claude-sonnet-4' });
  claude.end(now - 2500);
  slow.end(now - 2000);

  for (const [name, s] of Object.entries({ root, chat, search, slow, claude })) spanIds[name] = s.spanContext().spanId;
  for (const p of [agentProvider, toolProvider]) {
    await p.forceFlush();
    await p.shutdown();
  }
  return { agentTraceId: root.spanContext().traceId, slowTraceId: slow.spanContext().traceId, spanIds };
}
