/**
 * The real `@google/genai` and `@aws-sdk/client-bedrock-runtime` clients instrumented with
 * @watchllm/instrumentation, run against the stub's Gemini and Bedrock Converse APIs, exported with the
 * real OTLP/protobuf exporter to the collector; the stored canonical records are read back from the query API.
 */
import { GoogleGenAI, Type, type GenerateContentResponseUsageMetadata } from '@google/genai';
import { ConverseCommand, ConverseStreamCommand, type TokenUsage } from '@aws-sdk/client-bedrock-runtime';
import { BedrockInstrumentation, GeminiInstrumentation, startStubLlmServer, type StubLlmServer } from '@watchllm/instrumentation';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, type TestStack } from './helpers.js';
import { catalogPrice, inRootSpan, messageText, onlyModelSpan, otelToStack, readTrace, toolCallParts, type OtelToStack } from './llm-e2e.js';
import { stubBedrockClient } from '@watchllm/instrumentation/stub-clients';

let stack: TestStack;
let stub: StubLlmServer;
let otel: OtelToStack;
const gemini = new GeminiInstrumentation({ captureMessageContent: true });
const bedrock = new BedrockInstrumentation({ captureMessageContent: true });
const BEDROCK_MODEL = 'anthropic.claude-3-5-sonnet-20241022-v2:0';
const bedrockRuns: Record<'tool' | 'stream', { traceId: string; usage?: TokenUsage; text?: string }> = {} as never;
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

  bedrock.setTracerProvider(otel.tracerProvider);
  const client = bedrock.instrumentClient(
    stubBedrockClient(stub.bedrockEndpoint),
  );
  bedrockRuns.tool = { traceId: '' };
  bedrockRuns.tool.traceId = await inRootSpan(otel.tracer, 'bedrock tool', async () => {
    const res = await client.send(
      new ConverseCommand({
        modelId: BEDROCK_MODEL,
        system: [{ text: 'You are a travel assistant.' }],
        messages: [{ role: 'user', content: [{ text: 'Weather in Lisbon?' }] }],
        toolConfig: { tools: [{ toolSpec: { name: 'get_weather', inputSchema: { json: { type: 'object', properties: { city: { type: 'string' } } } } } }] },
      }),
    );
    bedrockRuns.tool.usage = res.usage;
  });
  bedrockRuns.stream = { traceId: '', text: '' };
  bedrockRuns.stream.traceId = await inRootSpan(otel.tracer, 'bedrock stream', async () => {
    const res = await client.send(new ConverseStreamCommand({ modelId: BEDROCK_MODEL, messages: [{ role: 'user', content: [{ text: 'A haiku, please' }] }] }));
    for await (const event of res.stream!) {
      bedrockRuns.stream.text += event.contentBlockDelta?.delta?.text ?? '';
      bedrockRuns.stream.usage ??= event.metadata?.usage;
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

describe('@watchllm/instrumentation (Bedrock Converse) → collector → canonical record', () => {
  it('a tool call: provider, model, tokens incl. the cache write, catalog cost, system instructions, tool_call part', async () => {
    const span = onlyModelSpan(await readTrace(stack.api, bedrockRuns.tool.traceId));
    const u = bedrockRuns.tool.usage!;
    expect(u.cacheWriteInputTokens).toBeGreaterThan(0);
    const input = u.inputTokens! + u.cacheReadInputTokens! + u.cacheWriteInputTokens!;
    expect(span.genAi).toMatchObject({ operation: 'chat', provider: 'aws.bedrock', requestModel: BEDROCK_MODEL, inputTokens: input, outputTokens: u.outputTokens, cacheWriteTokens: u.cacheWriteInputTokens, costSource: 'catalog' });
    expect(span.genAi.costUsd).toBeCloseTo(catalogPrice('aws', BEDROCK_MODEL, { input_tokens: input, output_tokens: u.outputTokens!, cache_write_tokens: u.cacheWriteInputTokens! }), 12);
    expect(span.genAi.systemInstructions).toEqual([{ type: 'text', content: 'You are a travel assistant.' }]);
    expect(toolCallParts(span.genAi.outputMessages)).toEqual([expect.objectContaining({ type: 'tool_call', name: 'get_weather' })]);
    expect(span.genAi.finishReasons).toEqual(['tool_call']);
  });

  it('ConverseStream: the streamed text, usage from the metadata event, time to first chunk', async () => {
    const span = onlyModelSpan(await readTrace(stack.api, bedrockRuns.stream.traceId));
    expect(span.genAi).toMatchObject({ provider: 'aws.bedrock', stream: true, outputTokens: bedrockRuns.stream.usage!.outputTokens });
    expect(span.genAi.timeToFirstChunkMs).toBeGreaterThan(0);
    expect(messageText(span.genAi.outputMessages)).toBe(bedrockRuns.stream.text);
  });
});
