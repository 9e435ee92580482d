import OpenAI from 'openai';
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startStubLlmServer, STUB_TRIGGERS, type StubLlmServer } from '../demo/stub-server.js';
import { createTestTelemetry } from '../testing/harness.js';
import { OpenAIInstrumentation, instrumentOpenAI } from './instrumentation.js';

const telemetry = createTestTelemetry();
let stub: StubLlmServer;
let client: OpenAI;
const instrumentation = new OpenAIInstrumentation({ enabled: false, captureMessageContent: true });
instrumentation.setTracerProvider(telemetry.tracerProvider);
instrumentation.setMeterProvider(telemetry.meterProvider);

const weatherTool = {
  type: 'function' as const,
  function: {
    name: 'get_weather',
    description: 'Current weather for a city',
    parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
  },
};

beforeAll(async () => {
  stub = await startStubLlmServer();
  client = instrumentOpenAI(new OpenAI({ baseURL: stub.openaiBaseURL, apiKey: 'test', maxRetries: 0 }), instrumentation);
});
afterAll(async () => {
  await stub.close();
  await telemetry.shutdown();
});
beforeEach(() => {
  instrumentation.setConfig({ enabled: false, captureMessageContent: true });
  telemetry.reset();
});

const onlySpan = () => telemetry.onlySpan();

describe('chat.completions.create', () => {
  it('records a non-streaming call with the spec attributes and content', async () => {
    const res = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'What is OpenTelemetry?' },
      ],
      temperature: 0.2,
      max_tokens: 100,
      stop: 'END',
      seed: 7,
    });
    const span = onlySpan();
    expect(span.name).toBe('chat gpt-4o-mini');
    expect(span.kind).toBe(SpanKind.CLIENT);
    expect(span.attributes).toMatchObject({
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'openai',
      'gen_ai.request.model': 'gpt-4o-mini',
      'gen_ai.request.temperature': 0.2,
      'gen_ai.request.max_tokens': 100,
      'gen_ai.request.stop_sequences': ['END'],
      'gen_ai.request.seed': 7,
      'gen_ai.response.id': res.id,
      'gen_ai.response.model': 'gpt-4o-mini',
      'gen_ai.response.finish_reasons': ['stop'],
      'gen_ai.usage.input_tokens': res.usage!.prompt_tokens,
      'gen_ai.usage.output_tokens': res.usage!.completion_tokens,
      'server.address': '127.0.0.1',
      'server.port': Number(new URL(stub.url).port),
    });
    const input = JSON.parse(span.attributes['gen_ai.input.messages'] as string);
    expect(input).toEqual([
      { role: 'system', parts: [{ type: 'text', content: 'Be brief.' }] },
      { role: 'user', parts: [{ type: 'text', content: 'What is OpenTelemetry?' }] },
    ]);
    const output = JSON.parse(span.attributes['gen_ai.output.messages'] as string);
    expect(output).toEqual([{ role: 'assistant', parts: [{ type: 'text', content: res.choices[0]!.message.content }], finish_reason: 'stop' }]);
  });

  it('omits message content unless capture is on', async () => {
    instrumentation.setConfig({ enabled: false, captureMessageContent: false });
    await client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'secret prompt' }], tools: [weatherTool] });
    const span = onlySpan();
    for (const key of ['gen_ai.input.messages', 'gen_ai.output.messages', 'gen_ai.tool.definitions', 'gen_ai.system_instructions']) {
      expect(span.attributes[key]).toBeUndefined();
    }
    expect(JSON.stringify(span.attributes)).not.toContain('secret prompt');
    expect(span.attributes['gen_ai.usage.input_tokens']).toBeGreaterThan(0);
  });

  it('records tool calls, tool definitions and tool results as parts', async () => {
    const first = await client.chat.completions.create({
      model: 'gpt-4o',
      messages: [{ role: 'user', content: 'Weather in Paris?' }],
      tools: [weatherTool],
    });
    const call = first.choices[0]!.message.tool_calls![0]!;
    expect(call.type).toBe('function');
    const span = onlySpan();
    expect(span.attributes['gen_ai.response.finish_reasons']).toEqual(['tool_calls']);
    expect(JSON.parse(span.attributes['gen_ai.tool.definitions'] as string)).toEqual([
      { type: 'function', name: 'get_weather', description: 'Current weather for a city', parameters: weatherTool.function.parameters },
    ]);
    const [out] = JSON.parse(span.attributes['gen_ai.output.messages'] as string);
    expect(out.finish_reason).toBe('tool_call');
    expect(out.parts).toEqual([{ type: 'tool_call', id: call.id, name: 'get_weather', arguments: JSON.parse((call as { function: { arguments: string } }).function.arguments) }]);

    telemetry.reset();
    await client.chat.completions.create({
      model: 'gpt-4o',
      messages: [
        { role: 'user', content: 'Weather in Paris?' },
        first.choices[0]!.message,
        { role: 'tool', tool_call_id: call.id, content: 'sunny, 21C' },
      ],
      tools: [weatherTool],
    });
    const second = onlySpan();
    expect(second.attributes['gen_ai.response.finish_reasons']).toEqual(['stop']);
    const input = JSON.parse(second.attributes['gen_ai.input.messages'] as string);
    expect(input[1].parts[0]).toMatchObject({ type: 'tool_call', id: call.id, name: 'get_weather' });
    expect(input[2]).toEqual({ role: 'tool', parts: [{ type: 'tool_call_response', id: call.id, response: 'sunny, 21C' }] });
    expect(second.attributes['gen_ai.usage.cache_read.input_tokens']).toBeGreaterThan(0);
  });

  it('records a stream: TTFT, usage from the final chunk, accumulated output', async () => {
    const stream = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'Stream me a story' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = '';
    let usage: OpenAI.CompletionUsage | undefined | null;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? '';
      if (chunk.usage) usage = chunk.usage;
    }
    const span = onlySpan();
    expect(span.attributes['gen_ai.request.stream']).toBe(true);
    expect(span.attributes['gen_ai.response.time_to_first_chunk']).toBeGreaterThan(0);
    expect(span.attributes['gen_ai.response.time_to_first_chunk']).toBeLessThan(5);
    expect(span.attributes['gen_ai.usage.input_tokens']).toBe(usage!.prompt_tokens);
    expect(span.attributes['gen_ai.usage.output_tokens']).toBe(usage!.completion_tokens);
    expect(span.attributes['gen_ai.response.finish_reasons']).toEqual(['stop']);
    const [out] = JSON.parse(span.attributes['gen_ai.output.messages'] as string);
    expect(out.parts).toEqual([{ type: 'text', content: text }]);
  });

  it('accumulates streamed tool-call arguments', async () => {
    const stream = await client.chat.completions.create({
      model: 'gpt-4o', messages: [{ role: 'user', content: 'Weather in Oslo?' }], tools: [weatherTool], stream: true,
    });
    for await (const _ of stream) void _;
    const [out] = JSON.parse(onlySpan().attributes['gen_ai.output.messages'] as string);
    expect(out.finish_reason).toBe('tool_call');
    expect(out.parts[0]).toMatchObject({ type: 'tool_call', name: 'get_weather', arguments: { city: 'Weather' } });
  });

  it('ends the span when the consumer abandons the stream', async () => {
    const stream = await client.chat.completions.create({
      model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'a long answer please' }], stream: true,
    });
    for await (const _ of stream) break;
    const span = onlySpan();
    expect(span.status.code).not.toBe(SpanStatusCode.ERROR);
    expect(span.attributes['gen_ai.response.time_to_first_chunk']).toBeGreaterThanOrEqual(0);
    expect(span.attributes['gen_ai.response.model']).toBe('gpt-4o-mini');
  });

  it('records errors with error.type and ERROR status, and rethrows them unchanged', async () => {
    const error = await client.chat.completions
      .create({ model: 'gpt-4o', messages: [{ role: 'user', content: `please ${STUB_TRIGGERS.rateLimit}` }] })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.RateLimitError);
    const span = onlySpan();
    expect(span.status.code).toBe(SpanStatusCode.ERROR);
    expect(span.attributes['error.type']).toBe('RateLimitError');
    expect(span.events.some((e) => e.name === 'exception')).toBe(true);
  });

  it('keeps withResponse() and asResponse() working', async () => {
    const { data, response } = await client.chat.completions
      .create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] })
      .withResponse();
    expect(response.status).toBe(200);
    expect(onlySpan().attributes['gen_ai.response.id']).toBe(data.id);
    telemetry.reset();
    const raw = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] }).asResponse();
    expect((await raw.json()).object).toBe('chat.completion');
    expect(onlySpan().name).toBe('chat gpt-4o-mini');
  });

  it('nests spans of the chat.completions.stream() helper', async () => {
    const runner = client.chat.completions.stream({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'helper' }] });
    const final = await runner.finalChatCompletion();
    expect(onlySpan().attributes['gen_ai.response.id']).toBe(final.id);
  });
});

describe('responses.create', () => {
  it('records instructions, input, output and usage', async () => {
    const res = await client.responses.create({ model: 'gpt-4o', instructions: 'You are terse.', input: 'Summarize OTLP', max_output_tokens: 50 });
    const span = onlySpan();
    expect(span.name).toBe('chat gpt-4o');
    expect(span.attributes).toMatchObject({
      'gen_ai.response.id': res.id,
      'gen_ai.request.max_tokens': 50,
      'gen_ai.usage.input_tokens': res.usage!.input_tokens,
      'gen_ai.usage.output_tokens': res.usage!.output_tokens,
      'gen_ai.response.finish_reasons': ['stop'],
    });
    expect(JSON.parse(span.attributes['gen_ai.system_instructions'] as string)).toEqual([{ type: 'text', content: 'You are terse.' }]);
    const [out] = JSON.parse(span.attributes['gen_ai.output.messages'] as string);
    expect(out.parts).toEqual([{ type: 'text', content: res.output_text }]);
  });

  it('records a streamed response from its completed event', async () => {
    const stream = await client.responses.create({ model: 'gpt-4o-mini', input: 'stream it', stream: true });
    for await (const _ of stream) void _;
    const span = onlySpan();
    expect(span.attributes['gen_ai.usage.output_tokens']).toBeGreaterThan(0);
    expect(span.attributes['gen_ai.response.time_to_first_chunk']).toBeGreaterThan(0);
  });
});

describe('embeddings.create', () => {
  it('records model and input tokens, keeps the decoded vectors', async () => {
    const res = await client.embeddings.create({ model: 'text-embedding-3-small', input: ['alpha', 'beta'] });
    expect(res.data).toHaveLength(2);
    expect(res.data[0]!.embedding).toHaveLength(16);
    const span = onlySpan();
    expect(span.name).toBe('embeddings text-embedding-3-small');
    expect(span.attributes['gen_ai.operation.name']).toBe('embeddings');
    expect(span.attributes['gen_ai.usage.input_tokens']).toBe(res.usage.prompt_tokens);
  });
});

describe('metrics', () => {
  it('records token usage and duration histograms with the spec buckets', async () => {
    await client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'metrics' }] });
    await client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: STUB_TRIGGERS.serverError }] }).catch(() => {});
    const metrics = await telemetry.metrics();
    const usage = metrics.find((m) => m.descriptor.name === 'gen_ai.client.token.usage')!;
    const duration = metrics.find((m) => m.descriptor.name === 'gen_ai.client.operation.duration')!;
    expect(usage.descriptor.unit).toBe('{token}');
    expect(duration.descriptor.unit).toBe('s');
    const types = usage.dataPoints.map((p) => p.attributes['gen_ai.token.type']);
    expect(types).toEqual(expect.arrayContaining(['input', 'output']));
    const point = usage.dataPoints[0]! as { value: { buckets: { boundaries: number[] } } };
    expect(point.value.buckets.boundaries).toEqual([1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216, 67108864]);
    const durPoint = duration.dataPoints[0]! as { value: { buckets: { boundaries: number[] } } };
    expect(durPoint.value.buckets.boundaries[0]).toBe(0.01);
    expect(durPoint.value.buckets.boundaries.at(-1)).toBe(81.92);
    expect(duration.dataPoints.some((p) => p.attributes['error.type'] === 'InternalServerError')).toBe(true);
    expect(duration.dataPoints.every((p) => p.attributes['gen_ai.provider.name'] === 'openai')).toBe(true);
  });
});
