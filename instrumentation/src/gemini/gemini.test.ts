import { GoogleGenAI, Type } from '@google/genai';
import { SpanStatusCode } from '@opentelemetry/api';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startStubLlmServer, STUB_TRIGGERS, type StubLlmServer } from '../demo/stub-server.js';
import { createTestTelemetry } from '../testing/harness.js';
import { GeminiInstrumentation, instrumentGemini } from './instrumentation.js';

const telemetry = createTestTelemetry();
const instrumentation = new GeminiInstrumentation({ enabled: false, captureMessageContent: true });
instrumentation.setTracerProvider(telemetry.tracerProvider);
instrumentation.setMeterProvider(telemetry.meterProvider);
let stub: StubLlmServer;
let ai: GoogleGenAI;

const weatherTool = {
  functionDeclarations: [{ name: 'get_weather', description: 'Weather for a city', parameters: { type: Type.OBJECT, properties: { city: { type: Type.STRING } }, required: ['city'] } }],
};

beforeAll(async () => {
  stub = await startStubLlmServer();
  ai = instrumentGemini(new GoogleGenAI({ apiKey: 'test', httpOptions: { baseUrl: stub.geminiBaseURL } }), instrumentation);
});
afterAll(async () => {
  await stub.close();
  await telemetry.shutdown();
});
beforeEach(() => telemetry.reset());

const onlySpan = () => telemetry.onlySpan();

const json = (v: unknown) => JSON.parse(String(v));

describe('@google/genai models.generateContent', () => {
  it('records the request, usage (cached input and thoughts included as the spec counts them) and the conversation', async () => {
    const res = await ai.models.generateContent({
      model: 'gemini-2.5-pro',
      contents: [
        { role: 'user', parts: [{ text: 'Hello' }] },
        { role: 'model', parts: [{ text: 'Hi! How can I help?' }] },
        { role: 'user', parts: [{ text: 'Explain tracing' }] },
      ],
      config: { systemInstruction: 'You are a helpful assistant.', temperature: 0.4, topP: 0.9, topK: 32, maxOutputTokens: 512, stopSequences: ['END'], seed: 7 },
    });
    const usage = res.usageMetadata!;
    expect(usage.cachedContentTokenCount).toBeGreaterThan(0);
    const span = onlySpan();
    expect(span.name).toBe('generate_content gemini-2.5-pro');
    expect(span.attributes).toMatchObject({
      'gen_ai.operation.name': 'generate_content',
      'gen_ai.provider.name': 'gcp.gemini',
      'gen_ai.request.model': 'gemini-2.5-pro',
      'gen_ai.request.temperature': 0.4,
      'gen_ai.request.top_p': 0.9,
      'gen_ai.request.top_k': 32,
      'gen_ai.request.max_tokens': 512,
      'gen_ai.request.stop_sequences': ['END'],
      'gen_ai.request.seed': 7,
      'gen_ai.response.model': 'gemini-2.5-pro-001',
      'gen_ai.response.id': res.responseId,
      'gen_ai.response.finish_reasons': ['stop'],
      'gen_ai.usage.input_tokens': usage.promptTokenCount,
      'gen_ai.usage.output_tokens': usage.candidatesTokenCount! + usage.thoughtsTokenCount!,
      'gen_ai.usage.cache_read.input_tokens': usage.cachedContentTokenCount,
      'gen_ai.usage.reasoning.output_tokens': usage.thoughtsTokenCount,
      'server.address': '127.0.0.1',
      'server.port': Number(new URL(stub.url).port),
    });
    expect(json(span.attributes['gen_ai.input.messages']).map((m: { role: string }) => m.role)).toEqual(['user', 'assistant', 'user']);
    expect(json(span.attributes['gen_ai.system_instructions'])).toEqual([{ type: 'text', content: 'You are a helpful assistant.' }]);
    expect(json(span.attributes['gen_ai.output.messages'])).toEqual([{ role: 'assistant', parts: [{ type: 'text', content: res.text }], finish_reason: 'stop' }]);
  });

  it('takes a plain string prompt, and records a function call and its definition', async () => {
    const res = await ai.models.generateContent({ model: 'gemini-2.0-flash', contents: 'What is the weather in Lisbon?', config: { tools: [weatherTool] } });
    expect(res.functionCalls?.[0]?.name).toBe('get_weather');
    const span = onlySpan();
    expect(json(span.attributes['gen_ai.input.messages'])).toEqual([{ role: 'user', parts: [{ type: 'text', content: 'What is the weather in Lisbon?' }] }]);
    expect(json(span.attributes['gen_ai.tool.definitions'])).toEqual([{ type: 'function', name: 'get_weather', description: 'Weather for a city', parameters: weatherTool.functionDeclarations[0]!.parameters }]);
    const [out] = json(span.attributes['gen_ai.output.messages']);
    expect(out).toEqual({ role: 'assistant', parts: [{ type: 'tool_call', name: 'get_weather', arguments: res.functionCalls![0]!.args }], finish_reason: 'tool_call' });
    expect(span.attributes['gen_ai.response.finish_reasons']).toEqual(['tool_call']);
  });

  it('ends the span with the stream: text pieces joined, usage and reasons from the last chunk, time to first chunk', async () => {
    const stream = await ai.models.generateContentStream({ model: 'gemini-2.0-flash', contents: 'Tell me about OpenTelemetry' });
    let text = '';
    for await (const chunk of stream) text += chunk.text ?? '';
    const span = onlySpan();
    expect(span.attributes).toMatchObject({ 'gen_ai.request.stream': true, 'gen_ai.response.finish_reasons': ['stop'], 'gen_ai.response.model': 'gemini-2.0-flash-001' });
    expect(span.attributes['gen_ai.usage.output_tokens']).toBeGreaterThan(0);
    expect(span.attributes['gen_ai.response.time_to_first_chunk']).toBeGreaterThan(0);
    expect(json(span.attributes['gen_ai.output.messages'])[0].parts).toEqual([{ type: 'text', content: text }]);
    // The metrics saw it too.
    const metrics = await telemetry.metrics();
    expect(metrics.map((m) => m.descriptor.name).sort()).toEqual(['gen_ai.client.operation.duration', 'gen_ai.client.token.usage']);
  });

  it('marks a failed call as an error and rethrows it to the caller', async () => {
    await expect(ai.models.generateContent({ model: 'gemini-2.0-flash', contents: `fail ${STUB_TRIGGERS.rateLimit}` })).rejects.toThrow();
    const span = onlySpan();
    expect(span.status.code).toBe(SpanStatusCode.ERROR);
    expect(span.attributes['error.type']).toBeDefined();
  });

  it('records embeddings with their dimension count', async () => {
    const res = await ai.models.embedContent({ model: 'text-embedding-004', contents: ['first text', 'second text'], config: { outputDimensionality: 8 } });
    expect(res.embeddings).toHaveLength(2);
    const span = onlySpan();
    expect(span.name).toBe('embeddings text-embedding-004');
    expect(span.attributes).toMatchObject({ 'gen_ai.operation.name': 'embeddings', 'gen_ai.provider.name': 'gcp.gemini', 'gen_ai.embeddings.dimension.count': 8 });
  });

  it('keeps content off the span unless capture is on', async () => {
    const quiet = new GeminiInstrumentation({ enabled: false, captureMessageContent: false });
    quiet.setTracerProvider(telemetry.tracerProvider);
    const client = instrumentGemini(new GoogleGenAI({ apiKey: 'test', httpOptions: { baseUrl: stub.geminiBaseURL } }), quiet);
    await client.models.generateContent({ model: 'gemini-2.0-flash', contents: 'secret prompt' });
    const span = onlySpan();
    expect(Object.keys(span.attributes).filter((k) => k.includes('messages') || k.includes('instructions'))).toEqual([]);
  });
});
