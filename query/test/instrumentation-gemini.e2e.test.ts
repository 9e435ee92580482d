/**
 * The real `@google/genai` client instrumented with @watchllm/instrumentation (instrumentGemini), run
 * against the stub's Gemini API, exported with the real OTLP/protobuf exporter to the collector; the
 * stored canonical records are read back from the query API.
 */
import { GoogleGenAI, Type, type GenerateContentResponseUsageMetadata } from '@google/genai';
import { GeminiInstrumentation, startStubLlmServer, type StubLlmServer } from '@watchllm/instrumentation';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, type TestStack } from './helpers.js';
import { catalogPrice, inRootSpan, messageText, onlyModelSpan, otelToStack, readTrace, toolCallParts, type OtelToStack } from './llm-e2e.js';

let stack: TestStack;
let stub: StubLlmServer;
let otel: OtelToStack;
const gemini = new GeminiInstrumentation({ captureMessageContent: true });
const runs: Record<'tool' | 'thinking' | 'stream', { traceId: string; usage?: GenerateContentResponseUsageMetadata; text?: string }> = {} as never;

beforeAll(async () => {
  stack = await startTestStack();
  stub = await startStubLlmServer();
  otel = otelToStack(stack.otlpHttp, 'gemini-app');
  gemini.setTracerProvider(otel.tracerProvider);
  const ai = gemini.instrumentClient(new GoogleGenAI({ apiKey: 'test-key', httpOptions: { baseUrl: stub.geminiBaseURL } }));
  const tools = [{ functionDeclarations: [{ name: 'get_weather', description: 'Forecast for a city', parameters: { type: Type.OBJECT, properties: { city: { type: Type.STRING } } } }] }];
  runs.tool = { traceId: '' };
  runs.tool.traceId = await inRootSpan(otel.tracer, 'tool', async () => {
    const res = await ai.models.generateContent({ model: 'gemini-2.0-flash', contents: 'Weather in Lisbon?', config: { systemInstruction: 'You are a travel assistant.', tools } });
    runs.tool.usage = res.usageMetadata;
  });
  runs.thinking = { traceId: '' };
  runs.thinking.traceId = await inRootSpan(otel.tracer, 'thinking', async () => {
    const res = await ai.models.generateContent({
      model: 'gemini-2.5-pro',
      contents: [{ role: 'user', parts: [{ text: 'Hi' }] }, { role: 'model', parts: [{ text: 'Hello!' }] }, { role: 'user', parts: [{ text: 'Plan my week' }] }],
      config: { systemInstruction: 'Be concise.' },
    });
    runs.thinking.usage = res.usageMetadata;
  });
  runs.stream = { traceId: '', text: '' };
  runs.stream.traceId = await inRootSpan(otel.tracer, 'stream', async () => {
    for await (const chunk of await ai.models.generateContentStream({ model: 'gemini-2.0-flash', contents: 'Stream a haiku' })) {
      runs.stream.text += chunk.text ?? '';
      if (chunk.usageMetadata?.candidatesTokenCount) runs.stream.usage = chunk.usageMetadata;
    }
  });
  await otel.flush();
});

afterAll(async () => {
  await otel?.shutdown();
  await stub?.close();
  await stack?.running.shutdown();
});

describe('@watchllm/instrumentation (Gemini) → collector → canonical record', () => {
  it('a function call: model, provider, tokens, catalog cost, system instructions and the tool_call part', async () => {
    const span = onlyModelSpan(await readTrace(stack.api, runs.tool.traceId));
    const u = runs.tool.usage!;
    expect(span.genAi).toMatchObject({
      operation: 'generate_content', provider: 'gcp.gemini', requestModel: 'gemini-2.0-flash', responseModel: 'gemini-2.0-flash-001',
      inputTokens: u.promptTokenCount, outputTokens: u.candidatesTokenCount, costSource: 'catalog', stepType: 'llm',
    });
    expect(span.genAi.costUsd).toBeCloseTo(catalogPrice('google', 'gemini-2.0-flash', { input_tokens: u.promptTokenCount!, output_tokens: u.candidatesTokenCount! }), 12);
    expect(span.genAi.systemInstructions).toEqual([{ type: 'text', content: 'You are a travel assistant.' }]);
    expect(toolCallParts(span.genAi.outputMessages)).toEqual([expect.objectContaining({ type: 'tool_call', name: 'get_weather' })]);
    expect(span.genAi.finishReasons).toEqual(['tool_call']);
  });

  it('cached input and thoughts counted as the spec counts them, priced with the cache discount', async () => {
    const span = onlyModelSpan(await readTrace(stack.api, runs.thinking.traceId));
    const u = runs.thinking.usage!;
    expect(u.cachedContentTokenCount).toBeGreaterThan(0);
    expect(u.thoughtsTokenCount).toBeGreaterThan(0);
    const output = u.candidatesTokenCount! + u.thoughtsTokenCount!;
    expect(span.genAi).toMatchObject({ provider: 'gcp.gemini', inputTokens: u.promptTokenCount, outputTokens: output, cacheReadTokens: u.cachedContentTokenCount, reasoningTokens: u.thoughtsTokenCount });
    expect(span.genAi.costUsd).toBeCloseTo(catalogPrice('google', 'gemini-2.5-pro', { input_tokens: u.promptTokenCount!, output_tokens: output, cache_read_tokens: u.cachedContentTokenCount! }), 12);
    expect(span.genAi.inputMessages.map((m: { role: string }) => m.role)).toEqual(['user', 'assistant', 'user']);
  });

  it('streaming: the streamed text, usage from the last chunk, time to first chunk', async () => {
    const span = onlyModelSpan(await readTrace(stack.api, runs.stream.traceId));
    expect(span.genAi).toMatchObject({ provider: 'gcp.gemini', stream: true, outputTokens: runs.stream.usage!.candidatesTokenCount });
    expect(span.genAi.timeToFirstChunkMs).toBeGreaterThan(0);
    expect(messageText(span.genAi.outputMessages)).toBe(runs.stream.text);
  });
});
