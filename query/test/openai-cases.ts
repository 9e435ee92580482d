/**
 * The acceptance calls every OpenAI-SDK instrumentation test makes with the real `openai` client against
 * the stub server: chat with usage, a streamed chat with include_usage, a tool call, an embedding and an
 * API error. Each call runs under its own root span so its trace id is known; the SDK's own response
 * (usage, tool calls) is kept as the ground truth the stored record must match.
 */
import type { Tracer } from '@opentelemetry/api';
import OpenAI from 'openai';
import { STUB_TRIGGERS } from '@watchllm/instrumentation';
import { expect } from 'vitest';
import type { TestStack } from './helpers.js';
import { catalogPrice, inRootSpan, messageText, onlyModelSpan, readSteps, readTrace, toolCallParts, withLlmTestBed, type OtelToStack, type StoredSpan } from './llm-e2e.js';

export const CHAT_MODEL = 'gpt-4o-mini';
export const TOOL_MODEL = 'gpt-4o';
export const EMBEDDING_MODEL = 'text-embedding-3-small';
export const SYSTEM_PROMPT = 'Be brief.';
export const CHAT_PROMPT = 'What is OTLP?';
export const STREAM_PROMPT = 'Stream a short answer about spans';
export const TOOL_PROMPT = 'Weather in Lisbon tomorrow?';
export const EMBEDDING_INPUT = 'hello embeddings';

export const WEATHER_TOOL = {
  type: 'function' as const,
  function: {
    name: 'get_weather',
    description: 'Forecast for a city',
    parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
  },
};

export interface Usage {
  prompt_tokens: number;
  completion_tokens?: number;
  prompt_tokens_details?: { cached_tokens?: number } | null;
}

export interface CaseResult {
  traceId: string;
  usage?: Usage;
  text?: string;
  toolCall?: { id: string; name: string; arguments: string };
}

export type CaseName = 'chat' | 'stream' | 'tool' | 'embedding' | 'error';

/** Runs the five calls one after another (each in its own trace) and returns what the SDK saw. */
export async function runOpenAiCases(client: OpenAI, tracer: Tracer): Promise<Record<CaseName, CaseResult>> {
  const chat: CaseResult = { traceId: '' };
  chat.traceId = await inRootSpan(tracer, 'case chat', async () => {
    const r = await client.chat.completions.create({
      model: CHAT_MODEL,
      messages: [{ role: 'system', content: SYSTEM_PROMPT }, { role: 'user', content: CHAT_PROMPT }],
      temperature: 0.2,
    });
    chat.usage = r.usage;
    chat.text = r.choices[0]?.message.content ?? '';
  });

  const stream: CaseResult = { traceId: '', text: '' };
  stream.traceId = await inRootSpan(tracer, 'case stream', async () => {
    const s = await client.chat.completions.create({
      model: CHAT_MODEL,
      messages: [{ role: 'user', content: STREAM_PROMPT }],
      stream: true,
      stream_options: { include_usage: true },
    });
    for await (const chunk of s) {
      stream.text += chunk.choices[0]?.delta?.content ?? '';
      if (chunk.usage) stream.usage = chunk.usage;
    }
  });

  const tool: CaseResult = { traceId: '' };
  tool.traceId = await inRootSpan(tracer, 'case tool', async () => {
    const r = await client.chat.completions.create({ model: TOOL_MODEL, messages: [{ role: 'user', content: TOOL_PROMPT }], tools: [WEATHER_TOOL] });
    tool.usage = r.usage;
    const call = r.choices[0]?.message.tool_calls?.[0];
    if (call && call.type === 'function') tool.toolCall = { id: call.id, name: call.function.name, arguments: call.function.arguments };
  });

  const embedding: CaseResult = { traceId: '' };
  embedding.traceId = await inRootSpan(tracer, 'case embedding', async () => {
    const r = await client.embeddings.create({ model: EMBEDDING_MODEL, input: EMBEDDING_INPUT });
    embedding.usage = r.usage;
  });

  const error: CaseResult = { traceId: '' };
  error.traceId = await inRootSpan(tracer, 'case error', () =>
    client.chat.completions.create({ model: CHAT_MODEL, messages: [{ role: 'user', content: `please ${STUB_TRIGGERS.serverError}` }] }),
  );
  return { chat, stream, tool, embedding, error };
}

/** The tokens of an OpenAI usage block in the catalog's terms (cached tokens are part of prompt tokens). */
export function catalogUsage(u: Usage) {
  return {
    input_tokens: u.prompt_tokens,
    output_tokens: u.completion_tokens ?? 0,
    cache_read_tokens: u.prompt_tokens_details?.cached_tokens ?? 0,
  };
}

export interface ExpectedCall {
  operation: string;
  model: string;
  /** What the SDK reported; omitted when the instrumentation records no usage for this call. */
  usage?: Usage;
}

/**
 * The canonical fields every instrumentation must get right for a successful OpenAI call: operation, provider,
 * model, token counts from the SDK's own usage block, and a catalog cost equal to the catalog's price for them.
 */
export function expectOpenAiCall(g: Record<string, any>, e: ExpectedCall): void {
  expect(g).toMatchObject({ operation: e.operation, provider: 'openai', requestModel: e.model, stepType: e.operation === 'embeddings' ? 'embedding' : 'llm' });
  expect(g.responseModel ?? e.model).toBe(e.model);
  if (!e.usage) return;
  const u = catalogUsage(e.usage);
  expect(g.inputTokens).toBe(u.input_tokens);
  if (e.operation !== 'embeddings') expect(g.outputTokens).toBe(u.output_tokens);
  expect(g.costSource).toBe('catalog');
  expect(g.priceVersion).toMatch(/^genai-prices@/);
  expect(g.costUsd).toBeCloseTo(catalogPrice('openai', e.model, u), 12);
}

export interface InstrumentedOpenAiRun {
  stack: TestStack;
  cases: Record<CaseName, CaseResult>;
  /** Flushes and stops the providers, the stub and the stack. */
  close(): Promise<void>;
}

/**
 * A conventions test's setup: the stack and the stub LLM server, the `openai` module instrumented by
 * the library under test (`instrument` wires it to the providers), every case run and exported.
 */
export async function runInstrumentedOpenAi(service: string, instrument: (otel: OtelToStack) => void): Promise<InstrumentedOpenAiRun> {
  return withLlmTestBed(service, async ({ stack, stub, otel, close }) => {
    instrument(otel);
    const client = new OpenAI({ baseURL: stub.openaiBaseURL, apiKey: 'test-key', maxRetries: 0 });
    const cases = await runOpenAiCases(client, otel.tracer);
    await otel.flush();
    return { stack, cases, close };
  });
}

/**
 * The tool-call case as every library must record it: the SDK's tool call as a tool_call part (id,
 * name, parsed arguments), finish reason tool_call, and the step view showing the requested call.
 * `ready` waits for what the library sends apart from the span (e.g. content as log records).
 */
export async function expectToolCallCase(api: string, tool: CaseResult, ready?: (spans: StoredSpan[]) => boolean) {
  const span = onlyModelSpan(await readTrace(api, tool.traceId, ready));
  expectOpenAiCall(span.genAi, { operation: 'chat', model: TOOL_MODEL, usage: tool.usage });
  expect(messageText(span.genAi.inputMessages)).toBe(TOOL_PROMPT);
  const call = tool.toolCall!;
  expect(toolCallParts(span.genAi.outputMessages)).toEqual([{ type: 'tool_call', id: call.id, name: call.name, arguments: JSON.parse(call.arguments) }]);
  expect(span.genAi.finishReasons).toEqual(['tool_call']);
  const { steps } = await readSteps(api, tool.traceId);
  expect(steps.find((s) => s.spanId === span.spanId)).toMatchObject({ type: 'llm', model: TOOL_MODEL, requestedToolCalls: [{ id: call.id, name: call.name }] });
  return span;
}
