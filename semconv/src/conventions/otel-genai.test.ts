import { describe, expect, it } from 'vitest';
import { normalizeSpan } from '../normalize.js';
import { makeSpan } from '../testing.js';
import type { GenAiRecord } from '../types.js';

type Case = { name: string; span: Parameters<typeof normalizeSpan>[0]; expected: Partial<GenAiRecord> };

const cases: Case[] = [
  {
    name: 'current semconv chat span with content (OpenLLMetry JS 0.27 style)',
    span: makeSpan({
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'openai',
      'gen_ai.request.model': 'gpt-4o-mini',
      'gen_ai.response.model': 'gpt-4o-mini-2024-07-18',
      'gen_ai.response.id': 'chatcmpl-123',
      'gen_ai.request.temperature': 0.2,
      'gen_ai.request.max_tokens': 256,
      'gen_ai.request.stream': true,
      'gen_ai.response.finish_reasons': ['tool_calls'],
      'gen_ai.usage.input_tokens': 120,
      'gen_ai.usage.output_tokens': 30,
      'gen_ai.usage.cache_read.input_tokens': 64,
      'gen_ai.usage.reasoning.output_tokens': 10,
      'gen_ai.response.time_to_first_chunk': 0.25,
      'gen_ai.conversation.id': 'conv-1',
      'gen_ai.input.messages': JSON.stringify([{ role: 'user', parts: [{ type: 'text', content: 'Weather in Paris?' }] }]),
      'gen_ai.output.messages': JSON.stringify([{
        role: 'assistant', finish_reason: 'tool_call',
        parts: [{ type: 'tool_call', id: 'call_1', name: 'get_weather', arguments: { city: 'Paris' } }],
      }]),
      'gen_ai.system_instructions': JSON.stringify([{ type: 'text', content: 'Be brief.' }]),
      'gen_ai.tool.definitions': JSON.stringify([{ type: 'function', name: 'get_weather' }]),
    }, { name: 'chat gpt-4o-mini' }),
    expected: {
      operation: 'chat', provider: 'openai', requestModel: 'gpt-4o-mini', responseModel: 'gpt-4o-mini-2024-07-18',
      responseId: 'chatcmpl-123', inputTokens: 120, outputTokens: 30, cacheReadTokens: 64, reasoningTokens: 10,
      finishReasons: ['tool_call'], stream: true, timeToFirstChunkMs: 250, conversationId: 'conv-1', stepType: 'llm',
      requestParameters: { temperature: 0.2, max_tokens: 256 },
      inputMessages: [{ role: 'user', parts: [{ type: 'text', content: 'Weather in Paris?' }] }],
      outputMessages: [{
        role: 'assistant', finish_reason: 'tool_call',
        parts: [{ type: 'tool_call', id: 'call_1', name: 'get_weather', arguments: { city: 'Paris' } }],
      }],
      systemInstructions: [{ type: 'text', content: 'Be brief.' }],
      toolDefinitions: [{ type: 'function', name: 'get_weather' }],
    },
  },
  {
    name: 'contrib instrumentation-openai chat span (deprecated gen_ai.system, no content)',
    span: makeSpan({
      'gen_ai.operation.name': 'chat',
      'gen_ai.system': 'openai',
      'gen_ai.request.model': 'gpt-4o-mini',
      'gen_ai.response.model': 'gpt-4o-mini-2024-07-18',
      'gen_ai.response.finish_reasons': ['stop'],
      'gen_ai.usage.input_tokens': 12,
      'gen_ai.usage.output_tokens': 5,
      'server.address': 'localhost',
    }, { name: 'chat gpt-4o-mini' }),
    expected: { operation: 'chat', provider: 'openai', inputTokens: 12, outputTokens: 5, finishReasons: ['stop'], inputMessages: null, stepType: 'llm' },
  },
  {
    name: 'explicit gen_ai.provider.name wins over deprecated gen_ai.system',
    span: makeSpan({ 'gen_ai.provider.name': 'azure.ai.openai', 'gen_ai.system': 'openai', 'gen_ai.operation.name': 'chat' }),
    expected: { provider: 'azure.ai.openai' },
  },
  {
    name: 'cache_write spelling and cache_creation spelling both accepted',
    span: makeSpan({ 'gen_ai.operation.name': 'chat', 'gen_ai.usage.input_tokens': 100, 'gen_ai.usage.cache_write.input_tokens': 40 }),
    expected: { cacheWriteTokens: 40, inputTokens: 100 },
  },
  {
    name: 'execute_tool span',
    span: makeSpan({
      'gen_ai.operation.name': 'execute_tool', 'gen_ai.tool.name': 'get_weather', 'gen_ai.tool.call.id': 'call_1',
      'gen_ai.tool.call.arguments': '{"city":"Paris"}', 'gen_ai.tool.call.result': 'sunny', 'gen_ai.tool.type': 'function',
    }, { name: 'execute_tool get_weather', kind: 'SPAN_KIND_INTERNAL' }),
    expected: { operation: 'execute_tool', toolName: 'get_weather', toolCallId: 'call_1', toolArguments: { city: 'Paris' }, toolResult: 'sunny', stepType: 'tool' },
  },
  {
    name: 'invoke_agent span',
    span: makeSpan({ 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.agent.name': 'planner', 'gen_ai.agent.id': 'agt_1', 'gen_ai.provider.name': 'openai' }),
    expected: { operation: 'invoke_agent', agentName: 'planner', agentId: 'agt_1', stepType: 'agent' },
  },
  {
    name: 'embeddings, retrieval, workflow and create_agent step types',
    span: makeSpan({ 'gen_ai.operation.name': 'embeddings', 'gen_ai.request.model': 'text-embedding-3-small', 'gen_ai.usage.input_tokens': 8 }),
    expected: { stepType: 'embedding', inputTokens: 8 },
  },
  { name: 'retrieval', span: makeSpan({ 'gen_ai.operation.name': 'retrieval', 'gen_ai.data_source.id': 'kb' }), expected: { stepType: 'retrieval' } },
  { name: 'workflow', span: makeSpan({ 'gen_ai.operation.name': 'invoke_workflow', 'gen_ai.workflow.name': 'triage' }), expected: { stepType: 'chain', workflowName: 'triage' } },
  { name: 'create_agent', span: makeSpan({ 'gen_ai.operation.name': 'create_agent', 'gen_ai.agent.name': 'a' }), expected: { stepType: 'agent' } },
  {
    name: 'operation taken from the span name when the attribute is missing',
    span: makeSpan({ 'gen_ai.system': 'anthropic', 'gen_ai.request.model': 'claude-3-5-sonnet-20241022' }, { name: 'chat claude-3-5-sonnet-20241022' }),
    expected: { operation: 'chat', provider: 'anthropic', stepType: 'llm' },
  },
  {
    name: 'legacy OpenLLMetry indexed prompts and completions with tool calls',
    span: makeSpan({
      'gen_ai.system': 'OpenAI',
      'llm.request.type': 'chat',
      'gen_ai.request.model': 'gpt-4o',
      'gen_ai.usage.prompt_tokens': 50,
      'gen_ai.usage.completion_tokens': 20,
      'gen_ai.prompt.0.role': 'system',
      'gen_ai.prompt.0.content': 'You are helpful.',
      'gen_ai.prompt.1.role': 'user',
      'gen_ai.prompt.1.content': 'Weather?',
      'gen_ai.prompt.2.role': 'tool',
      'gen_ai.prompt.2.content': '{"temp":20}',
      'gen_ai.prompt.2.tool_call_id': 'call_0',
      'gen_ai.completion.0.role': 'assistant',
      'gen_ai.completion.0.finish_reason': 'tool_calls',
      'gen_ai.completion.0.tool_calls.0.id': 'call_1',
      'gen_ai.completion.0.tool_calls.0.name': 'get_weather',
      'gen_ai.completion.0.tool_calls.0.arguments': '{"city":"Paris"}',
    }, { name: 'openai.chat' }),
    expected: {
      provider: 'openai', operation: 'chat', inputTokens: 50, outputTokens: 20, stepType: 'llm',
      inputMessages: [
        { role: 'system', parts: [{ type: 'text', content: 'You are helpful.' }] },
        { role: 'user', parts: [{ type: 'text', content: 'Weather?' }] },
        { role: 'tool', parts: [{ type: 'tool_call_response', id: 'call_0', response: '{"temp":20}' }] },
      ],
      outputMessages: [{
        role: 'assistant', finish_reason: 'tool_call',
        parts: [{ type: 'tool_call', id: 'call_1', name: 'get_weather', arguments: { city: 'Paris' } }],
      }],
    },
  },
  {
    name: 'OpenLLMetry anthropic completion content as stringified content blocks',
    span: makeSpan({
      'gen_ai.system': 'Anthropic', 'llm.request.type': 'chat', 'gen_ai.request.model': 'claude-3-5-haiku-20241022',
      'gen_ai.completion.0.role': 'assistant',
      'gen_ai.completion.0.content': JSON.stringify([{ type: 'text', text: 'Hi' }, { type: 'tool_use', id: 'tu_1', name: 'f', input: { a: 1 } }]),
    }, { name: 'anthropic.chat' }),
    expected: {
      provider: 'anthropic',
      outputMessages: [{ role: 'assistant', parts: [{ type: 'text', content: 'Hi' }, { type: 'tool_call', id: 'tu_1', name: 'f', arguments: { a: 1 } }] }],
    },
  },
];

describe('OTel GenAI semconv (current and deprecated)', () => {
  it.each(cases)('$name', ({ span, expected }) => {
    const record = normalizeSpan(span);
    expect(record).not.toBeNull();
    expect(record).toMatchObject(expected);
  });

  it('lists the conventions that contributed and the keys it understood', () => {
    const record = normalizeSpan(cases[0].span)!;
    expect(record.diagnostics.conventions).toEqual(['otel-genai']);
    expect(record.diagnostics.mapped).toContain('gen_ai.input.messages');
    expect(record.diagnostics.unmapped).toEqual([]);
  });

  it('reports gen_ai.* keys it does not understand', () => {
    const record = normalizeSpan(makeSpan({ 'gen_ai.operation.name': 'chat', 'gen_ai.future.thing': 1, 'http.method': 'GET' }))!;
    expect(record.diagnostics.unmapped).toEqual(['gen_ai.future.thing']);
  });

  it('maps old provider spellings to semconv values', () => {
    const provider = (v: string) => normalizeSpan(makeSpan({ 'gen_ai.system': v }))!.provider;
    expect(provider('az.ai.openai')).toBe('azure.ai.openai');
    expect(provider('MistralAI')).toBe('mistral_ai');
    expect(provider('vertex_ai')).toBe('gcp.vertex_ai');
    expect(provider('gemini')).toBe('gcp.gemini');
    expect(provider('xai')).toBe('x_ai');
    expect(provider('bedrock')).toBe('aws.bedrock');
    expect(provider('some-proxy')).toBe('some-proxy');
  });
});
