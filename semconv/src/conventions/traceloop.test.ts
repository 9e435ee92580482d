import { describe, expect, it } from 'vitest';
import { normalizeSpan } from '../normalize.js';
import { makeSpan } from '../testing.js';

describe('OpenLLMetry / Traceloop', () => {
  it('maps an instrumented chat span (older gen_ai.* + llm.* form)', () => {
    const record = normalizeSpan(makeSpan({
      'llm.request.type': 'chat',
      'gen_ai.system': 'OpenAI',
      'gen_ai.request.model': 'gpt-4o-mini',
      'gen_ai.response.model': 'gpt-4o-mini-2024-07-18',
      'gen_ai.usage.prompt_tokens': 30,
      'gen_ai.usage.completion_tokens': 8,
      'llm.usage.total_tokens': 38,
      'gen_ai.usage.cache_read_input_tokens': 10,
      'llm.is_streaming': true,
      'llm.response.finish_reason': 'stop',
      'llm.user': 'u-1',
      'llm.frequency_penalty': 0.5,
      'llm.request.functions.0.name': 'get_weather',
      'llm.request.functions.0.description': 'Weather',
      'llm.request.functions.0.parameters': '{"type":"object"}',
      'traceloop.association.properties.session_id': 's-1',
      'traceloop.workflow.name': 'support',
    }, { name: 'openai.chat' }))!;
    expect(record).toMatchObject({
      operation: 'chat', provider: 'openai', inputTokens: 30, outputTokens: 8, cacheReadTokens: 10, stream: true,
      finishReasons: ['stop'], userId: 'u-1', conversationId: 's-1', workflowName: 'support', stepType: 'llm',
      requestParameters: { frequency_penalty: 0.5 },
      toolDefinitions: [{ type: 'function', name: 'get_weather', description: 'Weather', parameters: { type: 'object' } }],
    });
    expect(record.diagnostics.conventions).toEqual(['otel-genai', 'otel-genai-legacy', 'traceloop']);
    expect(record.diagnostics.unmapped).toEqual([]);
  });

  it.each([
    ['workflow', { operation: 'invoke_workflow', stepType: 'chain', workflowName: 'triage' }],
    ['task', { operation: null, stepType: 'chain' }],
    ['agent', { operation: 'invoke_agent', stepType: 'agent', agentName: 'triage' }],
    ['tool', { operation: 'execute_tool', stepType: 'tool', toolName: 'triage', toolArguments: { city: 'Paris' }, toolResult: { temp: 20 } }],
  ])('decorator span kind %s', (kind, expected) => {
    const record = normalizeSpan(makeSpan({
      'traceloop.span.kind': kind,
      'traceloop.entity.name': 'triage',
      'traceloop.entity.path': 'a.b',
      'traceloop.entity.input': JSON.stringify({ args: [{ city: 'Paris' }], kwargs: {} }),
      'traceloop.entity.output': '{"temp":20}',
    }, { name: `triage.${kind}`, kind: 'SPAN_KIND_INTERNAL' }));
    expect(record).toMatchObject(expected);
  });

  it("reads a LangChain tool's name, call id, arguments and result from the ToolMessage it returns", () => {
    const record = normalizeSpan(makeSpan({
      'gen_ai.operation.name': 'execute_tool',
      'gen_ai.provider.name': 'langchain',
      'traceloop.span.kind': 'task',
      'traceloop.entity.name': 'DynamicStructuredTool',
      'traceloop.entity.input': JSON.stringify({ args: [JSON.stringify({ city: 'Lisbon' })] }),
      'traceloop.entity.output': JSON.stringify({
        lc: 1, type: 'constructor', id: ['langchain_core', 'messages', 'ToolMessage'],
        kwargs: { status: 'success', content: 'Sunny, 24°C', tool_call_id: 'call_9', name: 'get_weather' },
      }),
    }, { name: 'execute_tool DynamicStructuredTool' }))!;
    expect(record).toMatchObject({ operation: 'execute_tool', stepType: 'tool', toolName: 'get_weather', toolCallId: 'call_9', toolArguments: { city: 'Lisbon' }, toolResult: 'Sunny, 24°C' });
    const plain = normalizeSpan(makeSpan({ 'traceloop.span.kind': 'tool', 'traceloop.entity.name': 'lookup', 'traceloop.entity.output': '{"rows":2}' }))!;
    expect(plain).toMatchObject({ toolName: 'lookup', toolResult: { rows: 2 } });
  });

  it('reads an MCP tool call (its arguments unwrapped from the call) as a tool step', () => {
    const record = normalizeSpan(makeSpan({
      'traceloop.span.kind': 'tool', 'traceloop.entity.name': 'get_weather',
      'traceloop.entity.input': JSON.stringify({ tool_name: 'get_weather', arguments: { city: 'Lisbon' } }),
      'traceloop.entity.output': JSON.stringify({ result: 'Sunny in Lisbon' }),
    }, { name: 'get_weather.tool' }))!;
    expect(record).toMatchObject({ operation: 'execute_tool', stepType: 'tool', toolName: 'get_weather', toolArguments: { city: 'Lisbon' }, toolResult: { result: 'Sunny in Lisbon' } });
  });

  it('maps llm.request.type embedding and completion', () => {
    expect(normalizeSpan(makeSpan({ 'llm.request.type': 'embedding' }))!.stepType).toBe('embedding');
    expect(normalizeSpan(makeSpan({ 'llm.request.type': 'completion' }))!.operation).toBe('text_completion');
  });
});
