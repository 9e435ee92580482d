import { describe, expect, it } from 'vitest';
import { normalizeSpan } from '../normalize.js';
import { makeSpan } from '../testing.js';

const scope = { scopeName: 'ai', kind: 'SPAN_KIND_INTERNAL' };

describe('Vercel AI SDK', () => {
  it('maps a v6 doGenerate span with inclusive usage details and content', () => {
    const record = normalizeSpan(makeSpan({
      'ai.operationId': 'ai.generateText.doGenerate',
      'operation.name': 'ai.generateText.doGenerate chat-fn',
      'ai.model.provider': 'openai.chat',
      'ai.model.id': 'gpt-4o-mini',
      'ai.settings.maxRetries': 2,
      'ai.settings.temperature': 0.1,
      'ai.settings.maxOutputTokens': 50,
      'ai.telemetry.functionId': 'chat-fn',
      'ai.telemetry.metadata.userId': 'u-1',
      'ai.telemetry.metadata.sessionId': 's-1',
      'ai.prompt.messages': JSON.stringify([
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: [{ type: 'text', text: 'Weather?' }] },
        { role: 'assistant', content: [{ type: 'tool-call', toolCallId: 'c0', toolName: 'weather', input: { city: 'Paris' } }] },
        { role: 'tool', content: [{ type: 'tool-result', toolCallId: 'c0', toolName: 'weather', output: { type: 'json', value: { t: 20 } } }] },
      ]),
      'ai.prompt.tools': [JSON.stringify({ type: 'function', name: 'weather', inputSchema: {} })],
      'ai.response.finishReason': 'tool-calls',
      'ai.response.text': 'Checking.',
      'ai.response.toolCalls': JSON.stringify([{ toolCallId: 'c1', toolName: 'weather', input: '{"city":"Lyon"}' }]),
      'ai.response.id': 'resp-1',
      'ai.response.model': 'gpt-4o-mini-2024-07-18',
      'ai.response.timestamp': '2025-01-01T00:00:00.000Z',
      'ai.response.providerMetadata': '{}',
      'ai.usage.inputTokens': 100,
      'ai.usage.inputTokenDetails.noCacheTokens': 60,
      'ai.usage.inputTokenDetails.cacheReadTokens': 40,
      'ai.usage.outputTokens': 20,
      'ai.usage.outputTokenDetails.textTokens': 20,
      'ai.usage.totalTokens': 120,
      'ai.usage.cachedInputTokens': 40,
      'gen_ai.system': 'openai.chat',
      'gen_ai.request.model': 'gpt-4o-mini',
      'gen_ai.request.temperature': 0.1,
      'gen_ai.response.finish_reasons': ['tool-calls'],
      'gen_ai.response.id': 'resp-1',
      'gen_ai.response.model': 'gpt-4o-mini-2024-07-18',
      'gen_ai.usage.input_tokens': 100,
      'gen_ai.usage.output_tokens': 20,
    }, { name: 'ai.generateText.doGenerate', ...scope }))!;
    expect(record).toMatchObject({
      operation: 'chat', provider: 'openai', requestModel: 'gpt-4o-mini', responseModel: 'gpt-4o-mini-2024-07-18', stepType: 'llm',
      inputTokens: 100, outputTokens: 20, cacheReadTokens: 40, stream: false, userId: 'u-1', conversationId: 's-1',
      finishReasons: ['tool_call'], requestParameters: { temperature: 0.1, max_tokens: 50 },
      inputMessages: [
        { role: 'system', parts: [{ type: 'text', content: 'Be brief.' }] },
        { role: 'user', parts: [{ type: 'text', content: 'Weather?' }] },
        { role: 'assistant', parts: [{ type: 'tool_call', id: 'c0', name: 'weather', arguments: { city: 'Paris' } }] },
        { role: 'tool', parts: [{ type: 'tool_call_response', id: 'c0', response: { type: 'json', value: { t: 20 } } }] },
      ],
      outputMessages: [{
        role: 'assistant', finish_reason: 'tool_call',
        parts: [{ type: 'text', content: 'Checking.' }, { type: 'tool_call', id: 'c1', name: 'weather', arguments: { city: 'Lyon' } }],
      }],
      toolDefinitions: [{ type: 'function', name: 'weather', inputSchema: {} }],
    });
    expect(record.diagnostics.unmapped).toEqual([]);
    expect(record.diagnostics.notes).toEqual([]);
  });

  it('maps the outer generateText span as a chain named by functionId', () => {
    const record = normalizeSpan(makeSpan({
      'ai.operationId': 'ai.generateText', 'ai.model.provider': 'openai.chat', 'ai.model.id': 'gpt-4o-mini',
      'ai.telemetry.functionId': 'support-bot', 'ai.prompt': JSON.stringify({ system: 'Be kind.', prompt: 'Hello' }),
      'ai.usage.promptTokens': 10, 'ai.usage.completionTokens': 3,
    }, { name: 'ai.generateText', ...scope }))!;
    expect(record).toMatchObject({
      stepType: 'chain', workflowName: 'support-bot', operation: null, inputTokens: 10, outputTokens: 3,
      systemInstructions: [{ type: 'text', content: 'Be kind.' }],
      inputMessages: [{ role: 'user', parts: [{ type: 'text', content: 'Hello' }] }],
    });
  });

  it('maps doStream, toolCall and embed spans', () => {
    const stream = normalizeSpan(makeSpan({ 'ai.operationId': 'ai.streamText.doStream', 'ai.response.msToFirstChunk': 120.5 }, { name: 'ai.streamText.doStream' }))!;
    expect(stream).toMatchObject({ operation: 'chat', stream: true, timeToFirstChunkMs: 120.5 });
    const tool = normalizeSpan(makeSpan({
      'ai.operationId': 'ai.toolCall', 'ai.toolCall.name': 'weather', 'ai.toolCall.id': 'c1', 'ai.toolCall.args': '{"city":"Paris"}',
      'ai.toolCall.result': '{"t":20}',
    }, { name: 'ai.toolCall' }))!;
    expect(tool).toMatchObject({ stepType: 'tool', toolName: 'weather', toolCallId: 'c1', toolArguments: { city: 'Paris' }, toolResult: { t: 20 } });
    const embed = normalizeSpan(makeSpan({ 'ai.operationId': 'ai.embed.doEmbed', 'ai.usage.tokens': 7, 'ai.model.id': 'text-embedding-3-small' }, { name: 'ai.embed.doEmbed' }))!;
    expect(embed).toMatchObject({ operation: 'embeddings', stepType: 'embedding', inputTokens: 7 });
  });

  it('reads the time to first chunk from the ai.stream.firstChunk event', () => {
    const record = normalizeSpan(makeSpan({ 'ai.operationId': 'ai.streamText.doStream' }, {
      events: [{ name: 'ai.stream.firstChunk', timeUnixNano: '1', attributes: { 'ai.response.msToFirstChunk': 80 } }],
    }))!;
    expect(record.timeToFirstChunkMs).toBe(80);
  });

  it.each([
    ['openai.chat', 'openai'], ['openai.responses', 'openai'], ['anthropic.messages', 'anthropic'], ['google.generative-ai', 'gcp.gemini'],
    ['google.vertex.chat', 'gcp.vertex_ai'], ['amazon-bedrock', 'aws.bedrock'], ['azure-openai.chat', 'azure.ai.openai'],
    ['mistral.chat', 'mistral_ai'], ['xai.chat', 'x_ai'],
  ])('provider %s → %s', (raw, expected) => {
    expect(normalizeSpan(makeSpan({ 'ai.model.provider': raw }))!.provider).toBe(expected);
  });
});
