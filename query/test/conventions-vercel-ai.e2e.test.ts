/**
 * Issue 4 acceptance: the Vercel `ai` SDK with `experimental_telemetry` and `@ai-sdk/openai` against the stub,
 * exported over OTLP/protobuf to the collector. The SDK emits `ai.*` spans: an outer `ai.generateText` /
 * `ai.streamText` / `ai.embed` span (a chain step) around `ai.*.doGenerate` / `.doStream` / `.doEmbed` spans
 * (the model calls) and `ai.toolCall` spans.
 */
import { createOpenAI } from '@ai-sdk/openai';
import { startStubLlmServer, STUB_TRIGGERS, type StubLlmServer } from '@watchllm/instrumentation';
import { embed, generateText, jsonSchema, stepCountIs, streamText, tool, type LanguageModelUsage } from 'ai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getJson, startTestStack, type TestStack } from './helpers.js';
import {
  catalogPrice, inRootSpan, messageText, modelSpans, onlyModelSpan, otelToStack, readSteps, readTrace, toolCallParts, type OtelToStack,
  type StoredSpan,
} from './llm-e2e.js';

const SERVICE = 'vercel-ai-app';
const TELEMETRY = { isEnabled: true, functionId: 'support-bot', metadata: { sessionId: 'session-42', userId: 'user-7' } };

let stack: TestStack;
let stub: StubLlmServer;
let otel: OtelToStack;
const ids: Record<'chat' | 'stream' | 'tool' | 'embedding' | 'error', string> = { chat: '', stream: '', tool: '', embedding: '', error: '' };
const sdk: { chat?: LanguageModelUsage; chatText?: string; stream?: LanguageModelUsage; streamText?: string; toolSteps?: LanguageModelUsage[]; toolCallId?: string; embedTokens?: number } = {};

beforeAll(async () => {
  stack = await startTestStack();
  stub = await startStubLlmServer();
  otel = otelToStack(stack.otlpHttp, SERVICE);
  const openai = createOpenAI({ baseURL: stub.openaiBaseURL, apiKey: 'test-key' });
  const common = { experimental_telemetry: TELEMETRY, maxRetries: 0 };

  ids.chat = await inRootSpan(otel.tracer, 'case chat', async () => {
    const r = await generateText({ model: openai.chat('gpt-4o-mini'), system: 'Be brief.', prompt: 'What is OTLP?', ...common });
    sdk.chat = r.usage;
    sdk.chatText = r.text;
  });
  ids.stream = await inRootSpan(otel.tracer, 'case stream', async () => {
    const r = streamText({ model: openai.chat('gpt-4o-mini'), prompt: 'Stream a short answer', ...common });
    sdk.streamText = '';
    for await (const piece of r.textStream) sdk.streamText += piece;
    sdk.stream = await r.usage;
  });
  ids.tool = await inRootSpan(otel.tracer, 'case tool', async () => {
    const getWeather = tool({
      description: 'Forecast for a city',
      inputSchema: jsonSchema<{ city: string }>({ type: 'object', properties: { city: { type: 'string' } }, required: ['city'] }),
      execute: async ({ city }) => ({ city, forecast: 'sunny' }),
    });
    const r = await generateText({ model: openai.chat('gpt-4o'), prompt: 'Weather in Lisbon?', tools: { get_weather: getWeather }, stopWhen: stepCountIs(2), ...common });
    sdk.toolSteps = r.steps.map((s) => s.usage);
    sdk.toolCallId = r.steps[0]?.toolCalls[0]?.toolCallId;
  });
  ids.embedding = await inRootSpan(otel.tracer, 'case embedding', async () => {
    const r = await embed({ model: openai.embedding('text-embedding-3-small'), value: 'hello embeddings', ...common });
    sdk.embedTokens = r.usage.tokens;
  });
  ids.error = await inRootSpan(otel.tracer, 'case error', () =>
    generateText({ model: openai.chat('gpt-4o-mini'), prompt: `please ${STUB_TRIGGERS.serverError}`, ...common }),
  );
  await otel.flush();
});

afterAll(async () => {
  await otel?.shutdown();
  await stub?.close();
  await stack?.running.shutdown();
});

const named = (spans: StoredSpan[], name: string) => spans.filter((s) => s.name === name) as (StoredSpan & { genAi: Record<string, any> })[];
const priceOf = (model: string, u: LanguageModelUsage) =>
  catalogPrice('openai', model, { input_tokens: u.inputTokens!, output_tokens: u.outputTokens!, cache_read_tokens: u.inputTokenDetails?.cacheReadTokens ?? 0 });

describe('Vercel AI SDK (ai.* spans) → collector → canonical record', () => {
  it('generateText: the doGenerate span is the LLM call (model, provider, tokens, catalog cost, messages)', async () => {
    const spans = await readTrace(stack.api, ids.chat);
    const call = onlyModelSpan(spans);
    expect(call.name).toBe('ai.generateText.doGenerate');
    expect(call.genAi).toMatchObject({
      operation: 'chat', provider: 'openai', requestModel: 'gpt-4o-mini', responseModel: 'gpt-4o-mini', stepType: 'llm', stream: false,
      inputTokens: sdk.chat!.inputTokens, outputTokens: sdk.chat!.outputTokens, costSource: 'catalog',
      conversationId: 'session-42', userId: 'user-7',
    });
    expect(call.genAi.costUsd).toBeCloseTo(priceOf('gpt-4o-mini', sdk.chat!), 12);
    expect(call.genAi.inputMessages).toEqual([
      { role: 'system', parts: [{ type: 'text', content: 'Be brief.' }] },
      { role: 'user', parts: [{ type: 'text', content: 'What is OTLP?' }] },
    ]);
    expect(messageText(call.genAi.outputMessages)).toBe(sdk.chatText);
    expect(call.genAi.outputMessages[0].finish_reason).toBe('stop');

    const [outer] = named(spans, 'ai.generateText');
    expect(outer.genAi).toMatchObject({ stepType: 'chain', workflowName: 'support-bot', requestModel: 'gpt-4o-mini' });
    expect(outer.genAi.systemInstructions).toEqual([{ type: 'text', content: 'Be brief.' }]);
  });

  it('the trace total counts the model call once (the outer ai.generateText span repeats its usage)', async () => {
    const call = onlyModelSpan(await readTrace(stack.api, ids.chat));
    const { body } = await getJson<{ traces: { traceId: string; costUsd: number | null; inputTokens: number }[] }>(
      `${stack.api}/api/v1/traces?service=${SERVICE}&limit=50`,
    );
    const summary = body.traces.find((t) => t.traceId === ids.chat)!;
    expect(summary.inputTokens).toBe(sdk.chat!.inputTokens);
    expect(summary.costUsd).toBeCloseTo(call.genAi.costUsd, 12);
  });

  it('streamText: doStream carries usage, time to first chunk and the streamed text', async () => {
    const call = onlyModelSpan(await readTrace(stack.api, ids.stream));
    expect(call.name).toBe('ai.streamText.doStream');
    expect(call.genAi).toMatchObject({
      operation: 'chat', provider: 'openai', requestModel: 'gpt-4o-mini', stream: true,
      inputTokens: sdk.stream!.inputTokens, outputTokens: sdk.stream!.outputTokens,
    });
    expect(call.genAi.timeToFirstChunkMs).toBeGreaterThan(0);
    expect(call.genAi.costUsd).toBeCloseTo(priceOf('gpt-4o-mini', sdk.stream!), 12);
    expect(messageText(call.genAi.outputMessages)).toBe(sdk.streamText);
  });

  it('tool call: LLM step requests the tool, ai.toolCall is the tool step (linked by call id), second step priced with cached input', async () => {
    const spans = await readTrace(stack.api, ids.tool, (s) => modelSpans(s).length === 2 && s.some((x) => x.name === 'ai.toolCall'));
    const [first, second] = named(spans, 'ai.generateText.doGenerate');
    const [toolSpan] = named(spans, 'ai.toolCall');
    expect(sdk.toolCallId).toBeTruthy();
    expect(toolCallParts(first.genAi.outputMessages)).toEqual([{ type: 'tool_call', id: sdk.toolCallId, name: 'get_weather', arguments: { city: expect.any(String) } }]);
    expect(first.genAi.finishReasons).toEqual(['tool_call']);
    expect(toolSpan.genAi).toMatchObject({ operation: 'execute_tool', stepType: 'tool', toolName: 'get_weather', toolCallId: sdk.toolCallId, costUsd: null });
    expect(toolSpan.genAi.toolResult).toMatchObject({ forecast: 'sunny' });

    const [u1, u2] = sdk.toolSteps!;
    expect(u2.inputTokenDetails.cacheReadTokens).toBeGreaterThan(0); // the stub reports a cached prefix on follow-ups
    expect(first.genAi).toMatchObject({ inputTokens: u1.inputTokens, outputTokens: u1.outputTokens });
    expect(second.genAi).toMatchObject({ inputTokens: u2.inputTokens, cacheReadTokens: u2.inputTokenDetails.cacheReadTokens, outputTokens: u2.outputTokens });
    expect(first.genAi.costUsd).toBeCloseTo(priceOf('gpt-4o', u1), 12);
    expect(second.genAi.costUsd).toBeCloseTo(priceOf('gpt-4o', u2), 12);

    const { edges } = await readSteps(stack.api, ids.tool);
    expect(edges).toContainEqual({ from: first.spanId, to: toolSpan.spanId, kind: 'tool_call' });
  });

  it('embed: doEmbed is an embeddings call with input tokens and catalog cost', async () => {
    const call = onlyModelSpan(await readTrace(stack.api, ids.embedding));
    expect(call.name).toBe('ai.embed.doEmbed');
    expect(call.genAi).toMatchObject({ operation: 'embeddings', stepType: 'embedding', provider: 'openai', requestModel: 'text-embedding-3-small', inputTokens: sdk.embedTokens });
    expect(call.genAi.costUsd).toBeCloseTo(catalogPrice('openai', 'text-embedding-3-small', { input_tokens: sdk.embedTokens! }), 12);
  });

  it('API error: error status and type on the call, no cost', async () => {
    const call = onlyModelSpan(await readTrace(stack.api, ids.error));
    expect(call.status.code).toBe('ERROR');
    expect(call.genAi).toMatchObject({ operation: 'chat', requestModel: 'gpt-4o-mini', errorType: 'AI_APICallError', costUsd: null });
  });
});
