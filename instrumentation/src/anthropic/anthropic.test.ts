import Anthropic from '@anthropic-ai/sdk';
import { trace, SpanStatusCode } from '@opentelemetry/api';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startStubLlmServer, STUB_TRIGGERS, type StubLlmServer } from '../demo/stub-server.js';
import { createTestTelemetry } from '../testing/harness.js';
import { AnthropicInstrumentation, instrumentAnthropic } from './instrumentation.js';

const telemetry = createTestTelemetry();
// Global too, so a span the SDK made itself would show up here.
trace.setGlobalTracerProvider(telemetry.tracerProvider);
const instrumentation = new AnthropicInstrumentation({ enabled: false, captureMessageContent: true });
instrumentation.setTracerProvider(telemetry.tracerProvider);
instrumentation.setMeterProvider(telemetry.meterProvider);
let stub: StubLlmServer;
let client: Anthropic;

const searchTool = {
  name: 'search_docs',
  description: 'Search the documentation',
  input_schema: { type: 'object' as const, properties: { query: { type: 'string' } }, required: ['query'] },
};

beforeAll(async () => {
  stub = await startStubLlmServer();
  client = instrumentAnthropic(new Anthropic({ baseURL: stub.anthropicBaseURL, apiKey: 'test', maxRetries: 0 }), instrumentation);
});
afterAll(async () => {
  await stub.close();
  await telemetry.shutdown();
});
beforeEach(() => telemetry.reset());

const onlySpan = () => telemetry.onlySpan();

describe('messages.create', () => {
  it('records spec usage (input includes cache) and the cache counts', async () => {
    const msg = await client.messages.create({
      model: 'claude-3-5-sonnet-20241022',
      max_tokens: 256,
      temperature: 0.5,
      top_k: 40,
      system: 'You are a helpful assistant.',
      messages: [
        { role: 'user', content: 'Hello' },
        { role: 'assistant', content: 'Hi! How can I help?' },
        { role: 'user', content: 'Explain tracing' },
      ],
    });
    const u = msg.usage;
    expect(u.cache_read_input_tokens).toBeGreaterThan(0);
    const span = onlySpan();
    expect(span.name).toBe('chat claude-3-5-sonnet-20241022');
    expect(span.attributes).toMatchObject({
      'gen_ai.provider.name': 'anthropic',
      'gen_ai.operation.name': 'chat',
      'gen_ai.request.max_tokens': 256,
      'gen_ai.request.top_k': 40,
      'gen_ai.response.id': msg.id,
      'gen_ai.response.finish_reasons': ['end_turn'],
      'gen_ai.usage.input_tokens': u.input_tokens + (u.cache_read_input_tokens ?? 0) + (u.cache_creation_input_tokens ?? 0),
      'gen_ai.usage.output_tokens': u.output_tokens,
      'gen_ai.usage.cache_read.input_tokens': u.cache_read_input_tokens,
      'gen_ai.usage.cache_creation.input_tokens': 0,
    });
    expect(JSON.parse(span.attributes['gen_ai.system_instructions'] as string)).toEqual([{ type: 'text', content: 'You are a helpful assistant.' }]);
    const input = JSON.parse(span.attributes['gen_ai.input.messages'] as string);
    expect(input).toHaveLength(3);
    expect(input[1]).toEqual({ role: 'assistant', parts: [{ type: 'text', content: 'Hi! How can I help?' }] });
  });

  it('records tool_use and tool_result blocks as tool parts', async () => {
    const first = await client.messages.create({
      model: 'claude-3-5-haiku-20241022', max_tokens: 200, tools: [searchTool],
      messages: [{ role: 'user', content: 'How do I configure sampling?' }],
    });
    const toolUse = first.content.find((b) => b.type === 'tool_use')!;
    const span = onlySpan();
    expect(span.attributes['gen_ai.response.finish_reasons']).toEqual(['tool_use']);
    const [out] = JSON.parse(span.attributes['gen_ai.output.messages'] as string);
    expect(out.finish_reason).toBe('tool_call');
    expect(out.parts[1]).toEqual({ type: 'tool_call', id: toolUse.id, name: 'search_docs', arguments: toolUse.input });
    expect(JSON.parse(span.attributes['gen_ai.tool.definitions'] as string)[0]).toMatchObject({ type: 'function', name: 'search_docs' });

    telemetry.reset();
    await client.messages.create({
      model: 'claude-3-5-haiku-20241022', max_tokens: 200, tools: [searchTool],
      messages: [
        { role: 'user', content: 'How do I configure sampling?' },
        { role: 'assistant', content: first.content },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: toolUse.id, content: 'Use OTEL_TRACES_SAMPLER.' }] },
      ],
    });
    const input = JSON.parse(onlySpan().attributes['gen_ai.input.messages'] as string);
    expect(input[2].parts).toEqual([{ type: 'tool_call_response', id: toolUse.id, response: 'Use OTEL_TRACES_SAMPLER.' }]);
  });

  it('records a stream with TTFT, usage from message_start/message_delta and the rebuilt message', async () => {
    const stream = await client.messages.create({
      model: 'claude-3-5-sonnet-20241022', max_tokens: 100, stream: true, tools: [searchTool], system: 'sys',
      messages: [{ role: 'user', content: 'stream please' }],
    });
    const events: Anthropic.RawMessageStreamEvent[] = [];
    for await (const e of stream) events.push(e);
    const start = events.find((e) => e.type === 'message_start')!.message.usage;
    const delta = events.find((e) => e.type === 'message_delta')!.usage;
    const span = onlySpan();
    expect(span.attributes['gen_ai.response.time_to_first_chunk']).toBeGreaterThan(0);
    expect(span.attributes['gen_ai.usage.input_tokens']).toBe(start.input_tokens + (start.cache_creation_input_tokens ?? 0));
    expect(span.attributes['gen_ai.usage.cache_creation.input_tokens']).toBeGreaterThan(0);
    expect(span.attributes['gen_ai.usage.output_tokens']).toBe(delta.output_tokens);
    const [out] = JSON.parse(span.attributes['gen_ai.output.messages'] as string);
    expect(out.parts.map((p: { type: string }) => p.type)).toEqual(['text', 'tool_call']);
    expect(out.parts[1].arguments).toEqual({ query: 'stream' });
  });

  it('instruments the messages.stream() helper and emits no SDK span of its own', async () => {
    const final = await client.messages
      .stream({ model: 'claude-3-5-haiku-20241022', max_tokens: 50, messages: [{ role: 'user', content: 'helper' }] })
      .finalMessage();
    const span = onlySpan();
    expect(span.attributes['gen_ai.response.id']).toBe(final.id);
    const [out] = JSON.parse(span.attributes['gen_ai.output.messages'] as string);
    expect(out.parts).toEqual([{ type: 'text', content: (final.content[0] as { text: string }).text }]);
  });

  it('ends an abandoned stream and records errors', async () => {
    const stream = await client.messages.create({
      model: 'claude-3-5-haiku-20241022', max_tokens: 50, stream: true, messages: [{ role: 'user', content: 'long' }],
    });
    for await (const _ of stream) break;
    expect(onlySpan().status.code).not.toBe(SpanStatusCode.ERROR);

    telemetry.reset();
    await expect(
      client.messages.create({ model: 'claude-3-5-haiku-20241022', max_tokens: 50, messages: [{ role: 'user', content: STUB_TRIGGERS.serverError }] }),
    ).rejects.toBeInstanceOf(Anthropic.InternalServerError);
    const span = onlySpan();
    expect(span.status.code).toBe(SpanStatusCode.ERROR);
    expect(span.attributes['error.type']).toBe('InternalServerError');
  });
});
