import { BedrockRuntimeClient, ConverseCommand, ConverseStreamCommand, CountTokensCommand, InvokeModelCommand, InvokeModelWithResponseStreamCommand } from '@aws-sdk/client-bedrock-runtime';
import { SpanStatusCode } from '@opentelemetry/api';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startStubLlmServer, STUB_TRIGGERS, type StubLlmServer } from '../demo/stub-server.js';
import { createTestTelemetry } from '../testing/harness.js';
import { BedrockInstrumentation, instrumentBedrock } from './instrumentation.js';
import { stubBedrockClient } from '../demo/stub-bedrock-client.js';

const telemetry = createTestTelemetry();
const instrumentation = new BedrockInstrumentation({ enabled: false, captureMessageContent: true });
instrumentation.setTracerProvider(telemetry.tracerProvider);
instrumentation.setMeterProvider(telemetry.meterProvider);
let stub: StubLlmServer;
let client: BedrockRuntimeClient;
const MODEL = 'anthropic.claude-3-5-sonnet-20241022-v2:0';
const weatherTool = { toolSpec: { name: 'get_weather', description: 'Weather for a city', inputSchema: { json: { type: 'object', properties: { city: { type: 'string' } } } } } };

beforeAll(async () => {
  stub = await startStubLlmServer();
  // The stub speaks HTTP/1.1; the SDK's default handler for this service is HTTP/2.
  client = instrumentBedrock(
    stubBedrockClient(stub.bedrockEndpoint),
    instrumentation,
  );
  await new Promise((r) => setTimeout(r, 50)); // the client's endpoint resolves asynchronously
});
afterAll(async () => {
  await stub.close();
  await telemetry.shutdown();
});
beforeEach(() => telemetry.reset());

const json = (v: unknown) => JSON.parse(String(v));

describe('@aws-sdk/client-bedrock-runtime Converse', () => {
  it('records the request, spec usage (input includes cache reads and writes) and the conversation', async () => {
    const res = await client.send(
      new ConverseCommand({
        modelId: MODEL,
        system: [{ text: 'You are a helpful assistant.' }],
        messages: [
          { role: 'user', content: [{ text: 'Hello' }] },
          { role: 'assistant', content: [{ text: 'Hi! How can I help?' }] },
          { role: 'user', content: [{ text: 'Explain tracing' }] },
        ],
        inferenceConfig: { maxTokens: 512, temperature: 0.3, topP: 0.9, stopSequences: ['END'] },
      }),
    );
    const u = res.usage!;
    expect(u.cacheReadInputTokens).toBeGreaterThan(0);
    const span = telemetry.onlySpan();
    expect(span.name).toBe(`chat ${MODEL}`);
    expect(span.attributes).toMatchObject({
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'aws.bedrock',
      'gen_ai.request.model': MODEL,
      'gen_ai.request.max_tokens': 512,
      'gen_ai.request.temperature': 0.3,
      'gen_ai.request.top_p': 0.9,
      'gen_ai.request.stop_sequences': ['END'],
      'gen_ai.response.finish_reasons': ['end_turn'],
      'gen_ai.usage.input_tokens': u.inputTokens! + u.cacheReadInputTokens! + u.cacheWriteInputTokens!,
      'gen_ai.usage.output_tokens': u.outputTokens,
      'gen_ai.usage.cache_read.input_tokens': u.cacheReadInputTokens,
      'server.address': '127.0.0.1',
      'server.port': Number(new URL(stub.url).port),
    });
    expect(json(span.attributes['gen_ai.input.messages']).map((m: { role: string }) => m.role)).toEqual(['user', 'assistant', 'user']);
    expect(json(span.attributes['gen_ai.system_instructions'])).toEqual([{ type: 'text', content: 'You are a helpful assistant.' }]);
    expect(json(span.attributes['gen_ai.output.messages'])[0]).toMatchObject({ role: 'assistant', finish_reason: 'stop' });
  });

  it('records a tool call and the tool definitions', async () => {
    const res = await client.send(new ConverseCommand({ modelId: MODEL, messages: [{ role: 'user', content: [{ text: 'Weather in Lisbon?' }] }], toolConfig: { tools: [weatherTool] } }));
    const use = res.output!.message!.content!.find((b) => b.toolUse)!.toolUse!;
    const span = telemetry.onlySpan();
    expect(span.attributes['gen_ai.response.finish_reasons']).toEqual(['tool_use']);
    expect(json(span.attributes['gen_ai.tool.definitions'])).toEqual([{ type: 'function', name: 'get_weather', description: 'Weather for a city', parameters: weatherTool.toolSpec.inputSchema.json }]);
    const [out] = json(span.attributes['gen_ai.output.messages']);
    expect(out.finish_reason).toBe('tool_call');
    expect(out.parts).toContainEqual({ type: 'tool_call', id: use.toolUseId, name: 'get_weather', arguments: use.input });
  });

  it('ends the span with ConverseStream: text and tool input rebuilt from deltas, usage from the metadata event', async () => {
    const res = await client.send(new ConverseStreamCommand({ modelId: MODEL, messages: [{ role: 'user', content: [{ text: 'Weather in Porto?' }] }], toolConfig: { tools: [weatherTool] } }));
    let text = '';
    let usage: { inputTokens?: number; outputTokens?: number } | undefined;
    for await (const event of res.stream!) {
      text += event.contentBlockDelta?.delta?.text ?? '';
      usage ??= event.metadata?.usage;
    }
    const span = telemetry.onlySpan();
    expect(span.attributes).toMatchObject({ 'gen_ai.request.stream': true, 'gen_ai.response.finish_reasons': ['tool_use'], 'gen_ai.usage.output_tokens': usage!.outputTokens });
    expect(span.attributes['gen_ai.response.time_to_first_chunk']).toBeGreaterThan(0);
    const [out] = json(span.attributes['gen_ai.output.messages']);
    expect(out.parts[0]).toEqual({ type: 'text', content: text });
    expect(out.parts[1]).toMatchObject({ type: 'tool_call', name: 'get_weather', arguments: { city: expect.any(String) } });
  });

  it('marks a throttled call as an error, and leaves other commands untraced', async () => {
    await expect(client.send(new ConverseCommand({ modelId: MODEL, messages: [{ role: 'user', content: [{ text: STUB_TRIGGERS.rateLimit }] }] }))).rejects.toThrow();
    const span = telemetry.onlySpan();
    expect(span.status.code).toBe(SpanStatusCode.ERROR);
    expect(span.attributes['error.type']).toBe('ThrottlingException');
    telemetry.reset();
    await client.send(new CountTokensCommand({ modelId: MODEL, input: { converse: { messages: [{ role: 'user', content: [{ text: 'x' }] }] } } })).catch(() => undefined);
    expect(telemetry.spans()).toEqual([]);
  });
});

describe('@aws-sdk/client-bedrock-runtime InvokeModel with Claude (Anthropic Messages bodies)', () => {
  const body = (extra: object = {}) =>
    JSON.stringify({ anthropic_version: 'bedrock-2023-05-31', max_tokens: 256, temperature: 0.2, system: 'Be brief.', messages: [{ role: 'user', content: 'Explain spans' }, { role: 'assistant', content: 'Sure.' }, { role: 'user', content: 'More' }], ...extra });

  it('reads the request and the reply as Anthropic messages: model id, usage incl. cache, content', async () => {
    const res = await client.send(new InvokeModelCommand({ modelId: `us.${MODEL}`, contentType: 'application/json', body: body() }));
    const reply = JSON.parse(new TextDecoder().decode(res.body));
    const span = telemetry.onlySpan();
    const u = reply.usage;
    expect(span.attributes).toMatchObject({
      'gen_ai.provider.name': 'aws.bedrock',
      'gen_ai.request.model': `us.${MODEL}`,
      'gen_ai.request.max_tokens': 256,
      'gen_ai.request.temperature': 0.2,
      'gen_ai.response.id': reply.id,
      'gen_ai.usage.input_tokens': u.input_tokens + u.cache_read_input_tokens + u.cache_creation_input_tokens,
      'gen_ai.usage.output_tokens': u.output_tokens,
    });
    expect(json(span.attributes['gen_ai.system_instructions'])).toEqual([{ type: 'text', content: 'Be brief.' }]);
    expect(json(span.attributes['gen_ai.output.messages'])[0].parts[0]).toEqual({ type: 'text', content: reply.content[0].text });
  });

  it('ends the span with InvokeModelWithResponseStream, rebuilding the message from the chunks', async () => {
    const res = await client.send(new InvokeModelWithResponseStreamCommand({ modelId: MODEL, contentType: 'application/json', body: body() }));
    let text = '';
    for await (const event of res.body!) {
      const e = JSON.parse(new TextDecoder().decode(event.chunk!.bytes!));
      if (e.type === 'content_block_delta') text += e.delta.text ?? '';
    }
    const span = telemetry.onlySpan();
    expect(span.attributes).toMatchObject({ 'gen_ai.provider.name': 'aws.bedrock', 'gen_ai.request.stream': true, 'gen_ai.response.finish_reasons': ['end_turn'] });
    expect(span.attributes['gen_ai.usage.output_tokens']).toBeGreaterThan(0);
    expect(json(span.attributes['gen_ai.output.messages'])[0].parts).toEqual([{ type: 'text', content: text }]);
  });

  it('leaves other models’ bodies untraced', async () => {
    await client.send(new InvokeModelCommand({ modelId: 'amazon.titan-text-express-v1', contentType: 'application/json', body: JSON.stringify({ inputText: 'hi' }) })).catch(() => undefined);
    expect(telemetry.spans()).toEqual([]);
  });
});
