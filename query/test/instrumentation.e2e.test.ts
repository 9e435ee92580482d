/**
 * Issue 7 acceptance: the real `openai` and `@anthropic-ai/sdk` clients instrumented with @watchllm/instrumentation
 * (instrumentClient), run against the stub server, exported with the real OTLP/protobuf exporter to the collector;
 * the stored canonical records and the agent step tree are read back from the query API.
 */
import Anthropic from '@anthropic-ai/sdk';
import { AnthropicInstrumentation, OpenAIInstrumentation, startStubLlmServer, STUB_TRIGGERS, traceAgent, traceTool, type StubLlmServer } from '@watchllm/instrumentation';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, type TestStack } from './helpers.js';
import { catalogPrice, inRootSpan, messageText, onlyModelSpan, otelToStack, readSteps, readTrace, toolCallParts, type OtelToStack, type StoredSpan } from './llm-e2e.js';
import { WEATHER_TOOL, expectOpenAiCall, type Usage } from './openai-cases.js';

const CLAUDE = 'claude-3-5-sonnet-20241022';
const WEATHER_TOOL_ANTHROPIC = { name: 'get_weather', description: 'Forecast for a city', input_schema: { type: 'object' as const, properties: { city: { type: 'string' } } } };

let stack: TestStack;
let stub: StubLlmServer;
let otel: OtelToStack;
const openaiInst = new OpenAIInstrumentation({ captureMessageContent: true });
const anthropicInst = new AnthropicInstrumentation({ captureMessageContent: true });

type AnthropicUsage = { input_tokens: number; output_tokens: number; cache_creation_input_tokens?: number | null; cache_read_input_tokens?: number | null };
interface Run { traceId: string; usage?: Usage; responsesUsage?: { input_tokens: number; output_tokens: number; input_tokens_details?: { cached_tokens?: number } }; anthropicUsage?: AnthropicUsage; text?: string; toolUseId?: string }
const captured: Record<'openaiChat' | 'openaiResponses' | 'openaiStream' | 'openaiError' | 'anthropicTool' | 'anthropicStream' | 'agent', Run> = {} as never;
const uncaptured: Record<'openaiChat' | 'anthropicChat', Run> = {} as never;
const agentIds: { toolCallId?: string } = {};

async function runCapturedCalls(openai: OpenAI, anthropic: Anthropic) {
  const run = async (fn: (r: Run) => Promise<unknown>): Promise<Run> => {
    const r: Run = { traceId: '' };
    r.traceId = await inRootSpan(otel.tracer, 'case', () => fn(r));
    return r;
  };
  captured.openaiChat = await run(async (r) => {
    const res = await openai.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'What is OTLP?' }] });
    r.usage = res.usage;
    r.text = res.choices[0]!.message.content ?? '';
  });
  captured.openaiResponses = await run(async (r) => {
    const res = await openai.responses.create({ model: 'gpt-4o-mini', instructions: 'Answer in one line.', input: 'What is a span?' });
    r.responsesUsage = res.usage ?? undefined;
    r.text = res.output_text;
  });
  captured.openaiStream = await run(async (r) => {
    const s = await openai.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Stream please' }], stream: true, stream_options: { include_usage: true } });
    r.text = '';
    for await (const chunk of s) {
      r.text += chunk.choices[0]?.delta?.content ?? '';
      if (chunk.usage) r.usage = chunk.usage;
    }
  });
  captured.openaiError = await run(() => openai.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: STUB_TRIGGERS.rateLimit }] }));
  captured.anthropicTool = await run(async (r) => {
    const res = await anthropic.messages.create({
      model: CLAUDE, max_tokens: 256, system: 'You are a travel assistant.', tools: [WEATHER_TOOL_ANTHROPIC],
      messages: [{ role: 'user', content: 'Weather in Lisbon?' }],
    });
    r.anthropicUsage = res.usage;
    r.toolUseId = res.content.find((b) => b.type === 'tool_use')?.id;
  });
  captured.anthropicStream = await run(async (r) => {
    const s = await anthropic.messages.create({ model: CLAUDE, max_tokens: 256, messages: [{ role: 'user', content: 'Stream a haiku' }], stream: true });
    r.text = '';
    for await (const event of s) {
      if (event.type === 'content_block_delta' && event.delta.type === 'text_delta') r.text += event.delta.text;
      if (event.type === 'message_start') r.anthropicUsage = { ...event.message.usage };
      if (event.type === 'message_delta') r.anthropicUsage!.output_tokens = event.usage.output_tokens;
    }
  });
  // An agent: LLM asks for a tool → the tool runs (traceTool with the call id) → LLM answers with the result.
  captured.agent = await run(() =>
    traceAgent('trip-planner', async () => {
      const question = { role: 'user' as const, content: 'Weather in Porto?' };
      const first = await openai.chat.completions.create({ model: 'gpt-4o-mini', messages: [question], tools: [WEATHER_TOOL] });
      const call = first.choices[0]!.message.tool_calls![0]!;
      agentIds.toolCallId = call.id;
      const result = await traceTool('get_weather', async () => ({ forecast: 'sunny' }), { callId: call.id });
      await openai.chat.completions.create({
        model: 'gpt-4o-mini',
        tools: [WEATHER_TOOL],
        messages: [question, first.choices[0]!.message, { role: 'tool', tool_call_id: call.id, content: JSON.stringify(result) }],
      });
    }),
  );
}

beforeAll(async () => {
  stack = await startTestStack();
  stub = await startStubLlmServer();
  otel = otelToStack(stack.otlpHttp, 'watchllm-instrumented-app');
  openaiInst.setTracerProvider(otel.tracerProvider);
  anthropicInst.setTracerProvider(otel.tracerProvider);
  const openai = openaiInst.instrumentClient(new OpenAI({ baseURL: stub.openaiBaseURL, apiKey: 'test-key', maxRetries: 0 }));
  const anthropic = anthropicInst.instrumentClient(new Anthropic({ baseURL: stub.anthropicBaseURL, apiKey: 'test-key', maxRetries: 0 }));
  await runCapturedCalls(openai, anthropic);

  openaiInst.setConfig({ captureMessageContent: false });
  anthropicInst.setConfig({ captureMessageContent: false });
  uncaptured.openaiChat = { traceId: await inRootSpan(otel.tracer, 'off', () => openai.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'secret prompt' }] })) };
  uncaptured.anthropicChat = {
    traceId: await inRootSpan(otel.tracer, 'off', () => anthropic.messages.create({ model: CLAUDE, max_tokens: 64, messages: [{ role: 'user', content: 'secret prompt' }] })),
  };
  await otel.flush();
});

afterAll(async () => {
  await otel?.shutdown();
  await stub?.close();
  await stack?.running.shutdown();
});

/** Anthropic reports input_tokens without the cached ones; the canonical record (spec semantics) includes them. */
function anthropicTotals(u: AnthropicUsage) {
  const cacheRead = u.cache_read_input_tokens ?? 0;
  const cacheWrite = u.cache_creation_input_tokens ?? 0;
  return { input_tokens: u.input_tokens + cacheRead + cacheWrite, cache_read_tokens: cacheRead, cache_write_tokens: cacheWrite, output_tokens: u.output_tokens };
}

describe('@watchllm/instrumentation → collector → canonical record (capture on)', () => {
  it('OpenAI chat: model, tokens, cost and messages', async () => {
    const span = onlyModelSpan(await readTrace(stack.api, captured.openaiChat.traceId));
    expect(span.name).toBe('chat gpt-4o-mini');
    expectOpenAiCall(span.genAi, { operation: 'chat', model: 'gpt-4o-mini', usage: captured.openaiChat.usage });
    expect(span.genAi.inputMessages).toEqual([
      { role: 'system', parts: [{ type: 'text', content: 'Be brief.' }] },
      { role: 'user', parts: [{ type: 'text', content: 'What is OTLP?' }] },
    ]);
    expect(messageText(span.genAi.outputMessages)).toBe(captured.openaiChat.text);
    expect(span.genAi.diagnostics.unmapped).toEqual([]);
  });

  it('OpenAI Responses API: model, tokens, cost, instructions as system instructions, output text', async () => {
    const span = onlyModelSpan(await readTrace(stack.api, captured.openaiResponses.traceId));
    const u = captured.openaiResponses.responsesUsage!;
    expectOpenAiCall(span.genAi, {
      operation: 'chat', model: 'gpt-4o-mini',
      usage: { prompt_tokens: u.input_tokens, completion_tokens: u.output_tokens, prompt_tokens_details: { cached_tokens: u.input_tokens_details?.cached_tokens ?? 0 } },
    });
    expect(span.genAi.systemInstructions).toEqual([{ type: 'text', content: 'Answer in one line.' }]);
    expect(messageText(span.genAi.inputMessages)).toBe('What is a span?');
    expect(messageText(span.genAi.outputMessages)).toBe(captured.openaiResponses.text);
  });

  it('OpenAI streaming: usage from the final chunk, time to first chunk, streamed text', async () => {
    const span = onlyModelSpan(await readTrace(stack.api, captured.openaiStream.traceId));
    expectOpenAiCall(span.genAi, { operation: 'chat', model: 'gpt-4o-mini', usage: captured.openaiStream.usage });
    expect(span.genAi.stream).toBe(true);
    expect(span.genAi.timeToFirstChunkMs).toBeGreaterThan(0);
    expect(messageText(span.genAi.outputMessages)).toBe(captured.openaiStream.text);
  });

  it('OpenAI API error: error status and type, no cost', async () => {
    const span = onlyModelSpan(await readTrace(stack.api, captured.openaiError.traceId));
    expect(span.status.code).toBe('ERROR');
    expect(span.genAi.errorType).toMatch(/429|RateLimit/i);
    expect(span.genAi.costUsd).toBeNull();
  });

  it('Anthropic messages with a tool: tool_call part, system instructions, tokens incl. cache writes, catalog cost', async () => {
    const span = onlyModelSpan(await readTrace(stack.api, captured.anthropicTool.traceId));
    const u = anthropicTotals(captured.anthropicTool.anthropicUsage!);
    expect(u.cache_write_tokens).toBeGreaterThan(0); // the stub writes the system prompt to its cache on the first turn
    expect(span.genAi).toMatchObject({
      operation: 'chat', provider: 'anthropic', requestModel: CLAUDE, inputTokens: u.input_tokens, outputTokens: u.output_tokens,
      cacheWriteTokens: u.cache_write_tokens, costSource: 'catalog',
    });
    expect(span.genAi.costUsd).toBeCloseTo(catalogPrice('anthropic', CLAUDE, u), 12);
    expect(span.genAi.systemInstructions).toEqual([{ type: 'text', content: 'You are a travel assistant.' }]);
    expect(toolCallParts(span.genAi.outputMessages)).toEqual([expect.objectContaining({ type: 'tool_call', id: captured.anthropicTool.toolUseId, name: 'get_weather' })]);
    expect(span.genAi.finishReasons).toEqual(['tool_call']);
  });

  it('Anthropic streaming: time to first chunk, usage, streamed text', async () => {
    const span = onlyModelSpan(await readTrace(stack.api, captured.anthropicStream.traceId));
    const u = anthropicTotals(captured.anthropicStream.anthropicUsage!);
    expect(span.genAi).toMatchObject({ provider: 'anthropic', stream: true, inputTokens: u.input_tokens, outputTokens: u.output_tokens });
    expect(span.genAi.timeToFirstChunkMs).toBeGreaterThan(0);
    expect(messageText(span.genAi.outputMessages)).toBe(captured.anthropicStream.text);
  });

  it('agent step tree: invoke_agent → LLM → execute_tool (linked by tool call id) → LLM', async () => {
    const agentReady = (s: StoredSpan[]) => s.filter((x) => x.genAi).length >= 4;
    const spans = await readTrace(stack.api, captured.agent.traceId, agentReady);
    const { steps, edges } = await readSteps(stack.api, captured.agent.traceId);
    expect(steps.map((s) => s.type)).toEqual(['agent', 'llm', 'tool', 'llm']);
    const [agent, llm1, toolStep, llm2] = steps;
    expect(agent).toMatchObject({ agentName: 'trip-planner', name: 'invoke_agent trip-planner' });
    expect(llm1.requestedToolCalls).toEqual([expect.objectContaining({ id: agentIds.toolCallId, name: 'get_weather' })]);
    expect(toolStep).toMatchObject({ toolName: 'get_weather', toolCallId: agentIds.toolCallId });
    expect(edges).toEqual(expect.arrayContaining([
      { from: agent.spanId, to: llm1.spanId, kind: 'child' },
      { from: agent.spanId, to: toolStep.spanId, kind: 'child' },
      { from: agent.spanId, to: llm2.spanId, kind: 'child' },
      { from: llm1.spanId, to: toolStep.spanId, kind: 'tool_call' },
    ]));
    // The second LLM call saw the tool result in its input.
    const second = spans.find((s) => s.spanId === llm2.spanId)!;
    const toolResponses = (second.genAi!.inputMessages as any[]).flatMap((m) => m.parts).filter((p: any) => p.type === 'tool_call_response');
    expect(toolResponses).toEqual([expect.objectContaining({ id: agentIds.toolCallId })]);
  });
});

describe('capture off', () => {
  it('OpenAI and Anthropic records keep model and tokens but no messages', async () => {
    for (const run of [uncaptured.openaiChat, uncaptured.anthropicChat]) {
      const span = onlyModelSpan(await readTrace(stack.api, run.traceId));
      expect(span.genAi.requestModel).toBeTruthy();
      expect(span.genAi.inputTokens).toBeGreaterThan(0);
      expect(span.genAi.costUsd).toBeGreaterThan(0);
      expect(span.genAi.inputMessages).toBeNull();
      expect(span.genAi.outputMessages).toBeNull();
      expect(JSON.stringify(span)).not.toContain('secret prompt');
    }
  });
});
