import { describe, expect, it } from 'vitest';
import { normalizeSpan } from '../normalize.js';
import { makeSpan } from '../testing.js';
import type { GenAiRecord } from '../types.js';

// Attribute sets as @arizeai/openinference-instrumentation-openai 4.x emits them.
const chatSpan = makeSpan({
  'openinference.span.kind': 'LLM',
  'llm.system': 'openai',
  'llm.model_name': 'gpt-4o-mini-2024-07-18',
  'llm.invocation_parameters': JSON.stringify({ model: 'gpt-4o-mini', temperature: 0.3, max_tokens: 100, stream: false }),
  'llm.input_messages.0.message.role': 'system',
  'llm.input_messages.0.message.content': 'Be terse.',
  'llm.input_messages.1.message.role': 'user',
  'llm.input_messages.1.message.contents.0.message_content.type': 'text',
  'llm.input_messages.1.message.contents.0.message_content.text': 'Weather in Paris?',
  'llm.input_messages.2.message.role': 'tool',
  'llm.input_messages.2.message.tool_call_id': 'call_0',
  'llm.input_messages.2.message.content': '{"temp":20}',
  'llm.output_messages.0.message.role': 'assistant',
  'llm.output_messages.0.message.tool_calls.0.tool_call.id': 'call_1',
  'llm.output_messages.0.message.tool_calls.0.tool_call.function.name': 'get_weather',
  'llm.output_messages.0.message.tool_calls.0.tool_call.function.arguments': '{"city":"Paris"}',
  'llm.tools.0.tool.json_schema': JSON.stringify({ type: 'function', function: { name: 'get_weather' } }),
  'llm.token_count.prompt': 90,
  'llm.token_count.completion': 12,
  'llm.token_count.total': 102,
  'llm.token_count.prompt_details.cache_read': 64,
  'llm.token_count.completion_details.reasoning': 4,
  'input.value': '{"messages":[]}',
  'input.mime_type': 'application/json',
  'output.value': '{"choices":[]}',
  'output.mime_type': 'application/json',
  'session.id': 'sess-9',
  'user.id': 'user-7',
  'metadata': '{"team":"x"}',
}, { name: 'OpenAI Chat Completions', kind: 'SPAN_KIND_INTERNAL', scopeName: '@arizeai/openinference-instrumentation-openai' });

const cases: { name: string; span: ReturnType<typeof makeSpan>; expected: Partial<GenAiRecord> }[] = [
  {
    name: 'LLM span with flattened messages, tool calls, tokens and session',
    span: chatSpan,
    expected: {
      operation: 'chat', provider: 'openai', requestModel: 'gpt-4o-mini-2024-07-18', responseModel: 'gpt-4o-mini-2024-07-18',
      inputTokens: 90, outputTokens: 12, cacheReadTokens: 64, reasoningTokens: 4, conversationId: 'sess-9', userId: 'user-7',
      stream: false, requestParameters: { temperature: 0.3, max_tokens: 100 }, stepType: 'llm',
      inputMessages: [
        { role: 'system', parts: [{ type: 'text', content: 'Be terse.' }] },
        { role: 'user', parts: [{ type: 'text', content: 'Weather in Paris?' }] },
        { role: 'tool', parts: [{ type: 'tool_call_response', id: 'call_0', response: '{"temp":20}' }] },
      ],
      outputMessages: [{ role: 'assistant', parts: [{ type: 'tool_call', id: 'call_1', name: 'get_weather', arguments: { city: 'Paris' } }] }],
      toolDefinitions: [{ type: 'function', function: { name: 'get_weather' } }],
    },
  },
  {
    name: 'TOOL span: input.value/output.value are arguments/result',
    span: makeSpan({
      'openinference.span.kind': 'TOOL', 'tool.name': 'get_weather', 'input.value': '{"city":"Paris"}', 'output.value': 'sunny',
      'tool_call.id': 'call_1',
    }),
    expected: { operation: 'execute_tool', toolName: 'get_weather', toolCallId: 'call_1', toolArguments: { city: 'Paris' }, toolResult: 'sunny', stepType: 'tool' },
  },
  { name: 'CHAIN span', span: makeSpan({ 'openinference.span.kind': 'CHAIN', 'input.value': 'x' }), expected: { operation: null, stepType: 'chain' } },
  { name: 'AGENT span', span: makeSpan({ 'openinference.span.kind': 'AGENT', 'agent.name': 'planner' }), expected: { operation: 'invoke_agent', agentName: 'planner', stepType: 'agent' } },
  { name: 'AGENT span naming its agent as the graph node (OpenAI Agents SDK)', span: makeSpan({ 'openinference.span.kind': 'AGENT', 'graph.node.id': 'Weather agent' }, { name: 'Weather agent' }), expected: { agentName: 'Weather agent', stepType: 'agent' } },
  { name: 'AGENT span with only its name', span: makeSpan({ 'openinference.span.kind': 'AGENT' }, { name: 'triage' }), expected: { agentName: 'triage' } },
  { name: 'RETRIEVER span', span: makeSpan({ 'openinference.span.kind': 'RETRIEVER', 'retrieval.documents.0.document.id': 'd1' }), expected: { stepType: 'retrieval' } },
  {
    name: 'EMBEDDING span',
    span: makeSpan({ 'openinference.span.kind': 'EMBEDDING', 'embedding.model_name': 'text-embedding-3-small', 'llm.token_count.prompt': 5 }),
    expected: { operation: 'embeddings', requestModel: 'text-embedding-3-small', inputTokens: 5, stepType: 'embedding' },
  },
  { name: 'RERANKER and GUARDRAIL keep custom operations', span: makeSpan({ 'openinference.span.kind': 'GUARDRAIL' }), expected: { operation: 'guardrail', stepType: 'other' } },
  { name: 'provider: azure + openai', span: makeSpan({ 'openinference.span.kind': 'LLM', 'llm.provider': 'azure', 'llm.system': 'openai' }), expected: { provider: 'azure.ai.openai' } },
  { name: 'provider: google + vertexai', span: makeSpan({ 'openinference.span.kind': 'LLM', 'llm.provider': 'google', 'llm.system': 'vertexai' }), expected: { provider: 'gcp.vertex_ai' } },
  { name: 'provider: aws', span: makeSpan({ 'openinference.span.kind': 'LLM', 'llm.provider': 'aws', 'llm.system': 'anthropic' }), expected: { provider: 'aws.bedrock' } },
  { name: 'provider: mistralai', span: makeSpan({ 'openinference.span.kind': 'LLM', 'llm.provider': 'mistralai' }), expected: { provider: 'mistral_ai' } },
  {
    name: 'LangChain LLM span: provider and model from its ls_* metadata, thread and user ids from the run metadata',
    span: makeSpan({
      'openinference.span.kind': 'LLM',
      'llm.token_count.prompt': 89,
      metadata: JSON.stringify({ thread_id: 'thread-7', user_id: 'ana', ls_provider: 'google_genai', ls_model_name: 'gemini-2.0-flash', ls_model_type: 'chat' }),
    }),
    expected: { operation: 'chat', provider: 'gcp.gemini', requestModel: 'gemini-2.0-flash', conversationId: 'thread-7', userId: 'ana', inputTokens: 89 },
  },
  {
    name: "LangChain LLM span: cache reads and writes from the run's usage_metadata when no count says them",
    span: makeSpan({
      'openinference.span.kind': 'LLM', 'llm.provider': 'anthropic', 'llm.model_name': 'claude-3-5-haiku-20241022',
      'llm.token_count.prompt': 351, 'llm.token_count.completion': 44,
      'output.value': JSON.stringify({ generations: [[{ text: 'x', message: { lc: 1, type: 'constructor', id: ['langchain_core', 'messages', 'AIMessage'], kwargs: { content: 'x', usage_metadata: { input_tokens: 351, output_tokens: 44, input_token_details: { cache_creation: 333, cache_read: 0 } } } } }]] }),
    }),
    expected: { inputTokens: 351, outputTokens: 44, cacheWriteTokens: 333, cacheReadTokens: 0 },
  },
  {
    name: "a LangGraph graph's run is the agent (its nodes' runs stay chains)",
    span: makeSpan({ 'openinference.span.kind': 'CHAIN', metadata: JSON.stringify({ ls_integration: 'langgraph', thread_id: 'g-1' }) }, { name: 'weather_agent' }),
    expected: { operation: 'invoke_agent', agentName: 'weather_agent', stepType: 'agent', conversationId: 'g-1' },
  },
  {
    name: 'a LangGraph node run',
    span: makeSpan({ 'openinference.span.kind': 'CHAIN', metadata: JSON.stringify({ ls_integration: 'langgraph', langgraph_node: 'tools', langgraph_step: 2 }) }, { name: 'tools' }),
    expected: { operation: null, agentName: null, stepType: 'chain' },
  },
  {
    name: "run metadata never overrides the span's own attributes",
    span: makeSpan({ 'openinference.span.kind': 'LLM', 'llm.provider': 'anthropic', 'llm.model_name': 'claude-3-5-haiku', 'session.id': 's-1', metadata: JSON.stringify({ ls_provider: 'amazon_bedrock', ls_model_name: 'x', thread_id: 't' }) }),
    expected: { provider: 'anthropic', requestModel: 'claude-3-5-haiku', conversationId: 's-1' },
  },
  { name: 'reported cost', span: makeSpan({ 'openinference.span.kind': 'LLM', 'llm.cost.total': 0.0042, 'llm.cost.prompt': 0.002 }), expected: { reportedCostUsd: 0.0042 } },
  {
    name: 'LLM span without flattened messages falls back to the raw request/response JSON',
    span: makeSpan({
      'openinference.span.kind': 'LLM', 'llm.model_name': 'gpt-4o-mini',
      'input.value': JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hi' }] }),
      'output.value': JSON.stringify({ choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content: 'Hello' } }] }),
    }),
    expected: {
      inputMessages: [{ role: 'user', parts: [{ type: 'text', content: 'Hi' }] }],
      outputMessages: [{ role: 'assistant', parts: [{ type: 'text', content: 'Hello' }], finish_reason: 'stop' }],
    },
  },
];

describe('OpenInference', () => {
  it.each(cases)('$name', ({ span, expected }) => {
    expect(normalizeSpan(span)).toMatchObject(expected);
  });

  it('understands every attribute of a realistic LLM span', () => {
    const record = normalizeSpan(chatSpan)!;
    expect(record.diagnostics.conventions).toContain('openinference');
    expect(record.diagnostics.unmapped).toEqual([]);
  });
});
